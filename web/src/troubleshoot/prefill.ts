/**
 * The findings a troubleshooting episode starts from, taken from what the clinic already holds: the latest
 * interrogation (calculated reservoir, active alarms), the latest refill's reconciliation (measured minus
 * expected residual), the time since that refill, and the patient's diary of the last week (the symptom to
 * start from — more spasms or more pain, or a severe score, is a loss of effect; fever or wound redness as infection signs; fever with headache as possible meningism). Each pre-filled value says where it came from so the
 * clinician can see how old it is; the guide's ranking rules stay in src/therapy/troubleshoot.
 */
import type { Refill, Session } from '../api.ts';
import { dateTime } from '../format.ts';

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

const snapshotOf = (s: Session): Record<string, unknown> | null => {
  const snap = s.interrogation['snapshot'];
  return typeof snap === 'object' && snap !== null ? (snap as Record<string, unknown>) : null;
};

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
  const latest = [...input.sessions].filter((s) => snapshotOf(s) !== null).sort((a, b) => b.at - a.at)[0];
  const status = latest === undefined ? null : (snapshotOf(latest)?.['status'] as Record<string, unknown>);
  if (latest !== undefined && status !== null && typeof status === 'object') {
    if (typeof status['reservoir'] === 'number') {
      findings['calculatedResidualMl'] = status['reservoir'] / NL_PER_ML;
    }
    if (Array.isArray(status['alarms'])) findings['activeAlarms'] = status['alarms'].map(String);
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
