/**
 * The patient page's reservoir gauge: the calculated volume now against the pump's capacity, saying where
 * the calculation starts (the last refill or interrogation).
 */
import type { BoardRow } from './api.ts';
import { date, mL } from './format.ts';

/**
 * The calculated reservoir now. The board's projection is linear from its basis (last refill or
 * interrogation) to `emptyAt` at the prescribed rate, so the volume in between is proportional; it is an
 * estimate — the pump's own interrogation is the reading that counts.
 */
export function calculatedReservoirNl(row: BoardRow, now: number): number | null {
  if (row.basis === null || row.emptyAt === null) return null;
  const span = row.emptyAt - row.basis.at;
  if (span <= 0) return 0;
  const left = Math.min(1, Math.max(0, (row.emptyAt - now) / span));
  return Math.round(row.basis.reservoirNl * left);
}

/** The calculated volume against the reservoir's capacity, saying where the calculation starts. */
export function Gauge({
  valueNl,
  capacityNl,
  basis,
}: {
  readonly valueNl: number;
  readonly capacityNl: number;
  readonly basis: NonNullable<BoardRow['basis']>;
}) {
  const pct = capacityNl > 0 ? Math.round((valueNl / capacityNl) * 100) : 0;
  const from = `from the ${basis.kind} of ${date(basis.at)}: ${mL(basis.reservoirNl)}`;
  return (
    <div className="gauge-wrap">
      <div
        className="gauge"
        role="meter"
        aria-label="Calculated reservoir volume"
        aria-valuemin={0}
        aria-valuemax={Number((capacityNl / 1e6).toFixed(2))}
        aria-valuenow={Number((valueNl / 1e6).toFixed(2))}
        aria-valuetext={`${mL(valueNl)} calculated of a ${mL(capacityNl)} reservoir`}
      >
        <div className={`gauge-fill ${pct < 20 ? 'gauge-low' : ''}`} style={{ width: `${pct}%` }} />
      </div>
      <span>
        <strong>{mL(valueNl)}</strong> calculated now, of a {mL(capacityNl)} reservoir ({pct} %)
        <span className="muted"> — {from}</span>
      </span>
    </div>
  );
}
