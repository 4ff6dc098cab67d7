/**
 * A day of a flex schedule as a picture: the pump's total dose rate (schedule-rates.ts) across 24 hours, the current programme dashed and
 * the proposed one solid. The numbers are in the tables beside it; the picture shows the shape.
 */
import { doseText } from '../../src/therapy/drug-display.ts';
import { inputUnit } from '../../src/therapy/dose-input.ts';
import { NG_PER_MCG } from '../../src/therapy/quantities.ts';
import {
  MINUTES_PER_DAY as MINUTES,
  ratePieces,
  type DaySchedule,
  type RatePiece as Piece,
} from './schedule-rates.ts';

export type { DaySchedule };

const W = 600;
const H = 130;
const LEFT = 46;
const RIGHT = 22;
const TOP = 8;
const PLOT_W = W - LEFT - RIGHT;
const PLOT_H = H - TOP - 22;

function path(pieces: readonly Piece[], yMax: number): string {
  const x = (m: number) => LEFT + (m / MINUTES) * PLOT_W;
  const y = (v: number) => TOP + PLOT_H - (v / yMax) * PLOT_H;
  return pieces
    .map(
      (p, i) =>
        `${i === 0 ? 'M' : 'L'}${x(p.from).toFixed(1)},${y(p.mcgPerDay).toFixed(1)} H${x(p.to).toFixed(1)}`,
    )
    .join(' ');
}

export function ScheduleChart({
  name,
  current,
  proposed,
  drug,
}: {
  readonly name: string;
  readonly current: DaySchedule | null;
  readonly proposed: DaySchedule | null;
  /** The drug: the axis and its caption in its label unit (mg/day for morphine). */
  readonly drug: string;
}) {
  const now = current === null ? [] : ratePieces(current);
  const next = proposed === null ? [] : ratePieces(proposed);
  const peak = Math.max(1, ...now.map((p) => p.mcgPerDay), ...next.map((p) => p.mcgPerDay));
  const yMax = peak * 1.15;
  return (
    <figure className="schedule-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${name}: dose rate over 24 hours, current programme dashed, proposed solid (the tables give the numbers)`}
      >
        <line x1={LEFT} y1={TOP + PLOT_H} x2={LEFT + PLOT_W} y2={TOP + PLOT_H} className="axis" />
        <line x1={LEFT} y1={TOP} x2={LEFT} y2={TOP + PLOT_H} className="axis" />
        {[0, 6, 12, 18, 24].map((h) => (
          <text key={h} x={LEFT + (h / 24) * PLOT_W} y={H - 6} textAnchor="middle" className="tick">
            {`${String(h).padStart(2, '0')}:00`}
          </text>
        ))}
        <text x={LEFT - 4} y={TOP + 10} textAnchor="end" className="tick">
          {doseText(Math.round(peak) * NG_PER_MCG, drug).replace(/ \S+$/, '')}
        </text>
        <text x={LEFT - 4} y={TOP + PLOT_H} textAnchor="end" className="tick">
          0
        </text>
        {now.length > 0 && <path d={path(now, yMax)} className="rate-current" />}
        {next.length > 0 && <path d={path(next, yMax)} className="rate-proposed" />}
      </svg>
      <figcaption className="muted">
        {inputUnit('dose-rate', drug)} over the day — <span className="key-current">current (dashed)</span>,{' '}
        <span className="key-proposed">proposed (solid)</span>
      </figcaption>
    </figure>
  );
}
