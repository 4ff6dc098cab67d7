/**
 * When a pump delivered no drug although a prescription ran on it: from its projected empty instant to the
 * refill that filled it again (the board's own dates as the records stood just before that refill:
 * patient-dates.ts `datesAsOf`), still empty now; while an alert said it reported a condition that stops
 * delivery (a motor stall, EOS, no programme running, a valve closed by an MRI: pump-condition-table.ts),
 * from the condition's start to the alert's close; or from its explant on. The clinic's own stop is read
 * from the sessions (delivery-stop.ts). FHIR's delivered periods ran on through an EMPTY reservoir and past an
 * explant: the record said the drug was administered while the patient had none (withdrawal,
 * docs/clinical-reference.md §2). Pure.
 */
import { implantInUse } from './implant-in-use.ts';
import { datesAsOf, type DatedRecords } from './patient-dates.ts';
import { stopsDelivery } from './pump-condition-table.ts';
import { pumpStates } from './pump-contents.ts';

export interface NoDrugSpan {
  readonly implantId: string;
  readonly from: number;
  /** When drug reached the patient again (the refill), or null while it has not. */
  readonly to: number | null;
  readonly why: 'empty' | 'explanted' | 'pump-stopped';
}

export function noDrugSpans(r: DatedRecords, now: number): NoDrugSpan[] {
  const spans: NoDrugSpan[] = (r.explants ?? []).map((x) => ({
    implantId: x.implantId,
    from: x.at,
    to: null,
    why: 'explanted',
  }));
  for (const a of r.alerts) {
    // The pump's own EMPTY report is the empty reservoir, dated by the board above.
    if (a.implantId === null || a.condition === undefined || a.condition === 'empty-reservoir') continue;
    if (!stopsDelivery(a.condition)) continue;
    spans.push({ implantId: a.implantId, from: a.since, to: a.resolved?.at ?? null, why: 'pump-stopped' });
  }
  for (const fill of pumpStates(r).filter((s) => s.kind === 'refill' && s.at <= now)) {
    const before = datesAsOf(r, fill.at - 1);
    if (before.status === 'empty' && before.emptySince !== null && before.emptySince < fill.at)
      spans.push({ implantId: fill.implantId, from: before.emptySince, to: fill.at, why: 'empty' });
  }
  const inUse = implantInUse(r.implants, r.explants ?? []);
  const row = datesAsOf(r, now);
  if (inUse !== undefined && row.status === 'empty' && row.emptySince !== null)
    spans.push({ implantId: inUse.id, from: row.emptySince, to: null, why: 'empty' });
  return spans.sort((a, b) => a.from - b.from);
}
