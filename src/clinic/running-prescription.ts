/**
 * Which prescription on record the pump runs, and which waits for the refill that brings its contents in:
 * the records of the pump's therapy (pump-contents.ts `pumpTherapy`) in the patient's prescription chain.
 * Who prescribed what is in the pump, and when, is read from `runs` — never from the chain's head, which may
 * be a physician's new concentration recorded for the next refill (finding: the emergency card and the
 * patient's own view said "Prescribed by" the pending prescription's physician while the pump still ran the
 * prescription before it).
 */
import type { PrescriptionRecord } from './clinical-records.ts';
import type { PumpTherapy } from './pump-contents.ts';

/** The records of what the pump runs and of what is pending (null: none, or none on record). */
export interface TherapyRecords<R> {
  readonly runs: R | null;
  readonly pending: R | null;
}

/** JSON with its object keys in one order, so two records of one programme compare equal. */
const canonical = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

/**
 * The records of the pump's therapy in `chain` (oldest first, the head last). With nothing pending the pump
 * runs the head. With a prescription pending (the head: `pumpTherapy` only ever makes the prescription in
 * force pending), what the pump runs is the latest earlier record of exactly that programme; else the
 * latest earlier record of the contents the pump holds (its dose then came from the pump's own report or
 * from the head); else none on record.
 */
export function therapyRecords<R extends Pick<PrescriptionRecord, 'prescription'>>(
  chain: readonly R[],
  therapy: PumpTherapy | null,
): TherapyRecords<R> {
  const head = chain.at(-1) ?? null;
  if (therapy === null || therapy.pending === null || head === null) return { runs: head, pending: null };
  const runs = therapy.runs;
  const before = chain.slice(0, -1);
  const same = before.findLast((r) => canonical(r.prescription) === canonical(runs));
  const holds = before.findLast(
    (r) =>
      r.prescription.mode !== 'stopped' &&
      runs.mode !== 'stopped' &&
      r.prescription.drug === runs.drug &&
      r.prescription.concentrationMcgPerMl === runs.concentrationMcgPerMl,
  );
  return { runs: same ?? holds ?? null, pending: head };
}
