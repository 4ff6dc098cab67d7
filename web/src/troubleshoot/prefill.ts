/**
 * The findings a troubleshooting episode starts from, taken from what the clinic already holds: the latest
 * interrogation (calculated reservoir, active alarms), the latest refill's reconciliation (measured minus
 * expected residual), the time since that refill, and the patient's diary of the last week (the symptom to
 * start from — more spasms or more pain, or a severe score, is a loss of effect; fever or wound redness as infection signs; fever with headache as possible meningism). Each pre-filled value says where it came from so the
 * clinician can see how old it is; the guide's ranking rules stay in src/therapy/troubleshoot.
 */
import type { Refill, Session } from '../api.ts';
import { dateTime } from '../format.ts';
import { reportedConditions, stopsDelivery } from '../../../src/clinic/pump-condition-table.ts';
import { REPORTED_ALARMS } from '../../../src/therapy/troubleshoot/findings.ts';

const NL_PER_ML = 1_000_000;
const MS_PER_HOUR = 3_600_000;

/** The diary fields read here (src/clinic/diary-records.ts). */
export interface DiaryNote {
  readonly at: number;
  readonly spasmSeverity?: number;
  readonly painScore?: number;
  readonly symptoms: readonly string[];
}

/** Diary entries this recent describe the presentation [A]: a week, the span of a refill visit's questions. */
const DIARY_WINDOW_MS = 7 * 24 * MS_PER_HOUR;
/** A patient's spasm rating at or above this counts as more spasticity [A] (0 none … 4 severe). */
const SEVERE_SPASMS = 3;
/** A pain rating at or above this (severe on the 0–10 scale) counts as a loss of effect [A]. */
const SEVERE_PAIN = 7;

export interface Prefill {
  /** The symptom the diary points at, or null when it says nothing of one. */
  readonly symptom: 'more-spasticity' | 'pump-site-swelling' | null;
  readonly findings: Record<string, unknown>;
  /** Where each value came from, in the clinician's words. */
  readonly sources: readonly string[];
}

/**
 * The pump's status a session read: the status read back after its change when there is one, else the one
 * read before (src/clinic/pump-condition-table.ts `reportedConditions` reads the same). Before, the prefill
 * read the status from before the change: a pump the clinic had just stopped read as running.
 */
const statusOf = (s: Session): Record<string, unknown> | null => {
  const read = s.interrogation['after'] ?? s.interrogation['snapshot'];
  const status =
    typeof read === 'object' && read !== null ? (read as Record<string, unknown>)['status'] : undefined;
  return typeof status === 'object' && status !== null ? (status as Record<string, unknown>) : null;
};

const REPORTED: ReadonlySet<string> = new Set(REPORTED_ALARMS);

/**
 * The reservoir assumed when no pump model is on record (none in place) [A]: the smaller common size, whose
 * discrepancy threshold is the stricter (src/therapy/troubleshoot/rank.ts).
 */
const ASSUMED_RESERVOIR_ML = 20;

/** Pre-fills findings from the newest interrogation and refill before `now`. */
export function prefillFindings(input: {
  readonly sessions: readonly Session[];
  readonly refills: readonly Refill[];
  /** The pump in place's reservoir, or null when no pump model is on record. */
  readonly reservoirMl: number | null;
  readonly now: number;
  readonly diary?: readonly DiaryNote[];
}): Prefill {
  const reservoirMl = input.reservoirMl ?? ASSUMED_RESERVOIR_ML;
  const findings: Record<string, unknown> = { reservoirMl };
  const sources: string[] = [
    input.reservoirMl === null
      ? `reservoir size ${reservoirMl} mL assumed: no pump model on record`
      : `reservoir size ${reservoirMl} mL from the pump model`,
  ];
  const latest = [...input.sessions].filter((s) => statusOf(s) !== null).sort((a, b) => b.at - a.at)[0];
  const status = latest === undefined ? null : statusOf(latest);
  if (latest !== undefined && status !== null) {
    if (typeof status['reservoir'] === 'number') {
      findings['calculatedResidualMl'] = status['reservoir'] / NL_PER_ML;
    }
    // What the pump reports, its stalled motor included (the clinic's one reading of a status).
    const reported = reportedConditions(latest.interrogation) ?? [];
    findings['activeAlarms'] = reported.filter((c) => REPORTED.has(c));
    // Every other report that stops delivery (suspended, the minimum rate, no programme running) is the
    // stop cause; an alarm the guide ranks by itself (a stalled motor, an empty reservoir) is not.
    if (status['suspended'] === true || reported.some((c) => stopsDelivery(c) && !REPORTED.has(c)))
      findings['deliveryStopped'] = true;
    sources.push(`interrogation of ${dateTime(latest.at)}`);
  }
  const refill = [...input.refills].sort((a, b) => b.at - a.at)[0];
  if (refill !== undefined) {
    findings['residualDiscrepancyMl'] = refill.reconciliation.discrepancyNl / NL_PER_ML;
    findings['lastRefillHoursAgo'] = Math.max(0, (input.now - refill.at) / MS_PER_HOUR);
    sources.push(`reconciliation at the refill of ${dateTime(refill.at)}`);
  }
  const recent = (input.diary ?? []).filter((d) => d.at <= input.now && input.now - d.at <= DIARY_WINDOW_MS);
  const has = (s: string) => recent.some((d) => d.symptoms.includes(s));
  const symptom = has('wound-redness')
    ? 'pump-site-swelling'
    : has('more-spasms') ||
        has('more-pain') ||
        recent.some((d) => (d.spasmSeverity ?? 0) >= SEVERE_SPASMS || (d.painScore ?? 0) >= SEVERE_PAIN)
      ? 'more-spasticity'
      : null;
  if (has('fever') || has('wound-redness')) findings['infectionSigns'] = true;
  if (has('fever')) findings['fever'] = true;
  if (has('fever') && has('headache')) findings['meningism'] = true;
  if (recent.length > 0) sources.push(`the patient’s diary of the last 7 days (${recent.length} entries)`);
  return { symptom, findings, sources };
}
