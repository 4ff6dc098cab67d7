/**
 * The count of dose increases in the last 7 days, from the prescription history: the input of the drugs
 * whose label limits increases per week (ziconotide: at most 2–3 a week, docs/clinical-reference.md §2
 * [C: Prialt label §2.2]). Counted from the record, never asked of the clinician, so the weekly rule cannot
 * be skipped by leaving it blank. Pure.
 */
import { dailyDose, type DoseMathOptions } from './dose-math.ts';
import type { DrugId } from './drug.ts';
import type { Prescription, Weekday } from './prescription.ts';
import { MS_PER_DAY, type NanogramsPerDay } from './quantities.ts';

/** One prescription of the history and when it took effect (epoch ms). */
export interface HistoryEntry {
  readonly at: number;
  readonly prescription: Prescription;
}

const WEEKDAYS: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];
/** The window the weekly limits count over. */
export const WEEK_MS = 7 * MS_PER_DAY;

/** True when `after` gives more of the same drug than `before` on any weekday. */
function isIncrease(before: Prescription, after: Prescription, device: DoseMathOptions | undefined): boolean {
  if (after.mode === 'stopped') return false;
  if (before.mode !== 'stopped' && before.drug.drug !== after.drug.drug) return false;
  try {
    return WEEKDAYS.some((d) => dailyDose(after, d, device) > dailyDose(before, d, device));
  } catch {
    // A dose that cannot be computed (minimum-rate mode without the device's flow) is not known to be
    // lower: it counts, so the weekly limit errs towards caution.
    return true;
  }
}

/**
 * The lowest daily dose of `drug` in force at any time in [since, now]: the prescription in force at `since`
 * and every later one up to `now`, each at its lowest weekday; stopped prescriptions, other drugs and doses
 * that cannot be computed are left out. Undefined when none remains (no baseline to compare with).
 */
export function lowestDoseSince(
  history: readonly HistoryEntry[],
  drug: DrugId,
  since: number,
  now: number,
  device?: DoseMathOptions,
): NanogramsPerDay | undefined {
  const startIndex = history.reduce((k, e, i) => (e.at <= since ? i : k), 0);
  let low: NanogramsPerDay | undefined;
  for (const { at, prescription: p } of history.slice(startIndex)) {
    if (at > now || p.mode === 'stopped' || p.drug.drug !== drug) continue;
    try {
      const dose = Math.min(...WEEKDAYS.map((d) => dailyDose(p, d, device)), low ?? Infinity);
      low = dose as NanogramsPerDay;
    } catch {
      // A dose that cannot be computed gives no baseline.
    }
  }
  return low;
}

/**
 * Increases among the changes that took effect in (now − 7 days, now], each compared with the prescription
 * before it. `history` is in the order the prescriptions took effect (a chain, oldest first).
 */
export function increasesInPastWeek(
  history: readonly HistoryEntry[],
  now: number,
  device?: DoseMathOptions,
): number {
  let n = 0;
  for (let i = 1; i < history.length; i++) {
    const prev = history[i - 1] as HistoryEntry;
    const cur = history[i] as HistoryEntry;
    if (cur.at <= now - WEEK_MS || cur.at > now) continue;
    if (isIncrease(prev.prescription, cur.prescription, device)) n++;
  }
  return n;
}

/** True when `after` gives another daily dose than `before` (a stop or start, another drug, any weekday). */
function isDoseChange(
  before: Prescription,
  after: Prescription,
  device: DoseMathOptions | undefined,
): boolean {
  if ((before.mode === 'stopped') !== (after.mode === 'stopped')) return true;
  if (before.mode === 'stopped' || after.mode === 'stopped') return false;
  if (before.drug.drug !== after.drug.drug) return true;
  try {
    return WEEKDAYS.some((d) => dailyDose(after, d, device) !== dailyDose(before, d, device));
  } catch {
    // A dose that cannot be computed is not known to be the same: it counts, so the wait errs to caution.
    return true;
  }
}

/**
 * When the dose last changed: the latest entry whose daily dose differs from the one before it, else the
 * first entry; undefined for an empty history. The labels' waits between titration steps run from a change
 * of DOSE (docs/clinical-reference.md §2): a new strength at the same dose (a refill's concentration change)
 * counted as a change restarted the 24 h wait, and a titration due that day was refused, while the
 * simulator (src/sim/programming.ts) counted from the dose. `history` is oldest first.
 */
export function lastDoseChangeAt(
  history: readonly HistoryEntry[],
  device?: DoseMathOptions,
): number | undefined {
  for (let i = history.length - 1; i >= 1; i--) {
    const prev = history[i - 1] as HistoryEntry;
    const cur = history[i] as HistoryEntry;
    if (isDoseChange(prev.prescription, cur.prescription, device)) return cur.at;
  }
  return history[0]?.at;
}
