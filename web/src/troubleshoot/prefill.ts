/**
 * The findings a troubleshooting episode starts from, taken from what the clinic already holds: the latest
 * interrogation (calculated reservoir, active alarms), the latest refill's reconciliation (measured minus
 * expected residual) and the time since that refill. Each pre-filled value says where it came from so the
 * clinician can see how old it is; the guide's ranking rules stay in src/therapy/troubleshoot.
 */
import type { Refill, Session } from '../api.ts';

const NL_PER_ML = 1_000_000;
const MS_PER_HOUR = 3_600_000;

export interface Prefill {
  readonly findings: Record<string, unknown>;
  /** Where each value came from, in the clinician's words. */
  readonly sources: readonly string[];
}

const snapshotOf = (s: Session): Record<string, unknown> | null => {
  const snap = s.interrogation['snapshot'];
  return typeof snap === 'object' && snap !== null ? (snap as Record<string, unknown>) : null;
};

/** Pre-fills findings from the newest interrogation and refill before `now`. */
export function prefillFindings(input: {
  readonly sessions: readonly Session[];
  readonly refills: readonly Refill[];
  readonly reservoirMl: number;
  readonly now: number;
}): Prefill {
  const findings: Record<string, unknown> = { reservoirMl: input.reservoirMl };
  const sources: string[] = [`reservoir size ${input.reservoirMl} mL from the implant’s pump model`];
  const latest = [...input.sessions].filter((s) => snapshotOf(s) !== null).sort((a, b) => b.at - a.at)[0];
  const status = latest === undefined ? null : (snapshotOf(latest)?.['status'] as Record<string, unknown>);
  if (latest !== undefined && status !== null && typeof status === 'object') {
    if (typeof status['reservoir'] === 'number') {
      findings['calculatedResidualMl'] = status['reservoir'] / NL_PER_ML;
    }
    if (Array.isArray(status['alarms'])) findings['activeAlarms'] = status['alarms'].map(String);
    sources.push(`interrogation of ${new Date(latest.at).toISOString().slice(0, 16)} UTC`);
  }
  const refill = [...input.refills].sort((a, b) => b.at - a.at)[0];
  if (refill !== undefined) {
    findings['residualDiscrepancyMl'] = refill.reconciliation.discrepancyNl / NL_PER_ML;
    findings['lastRefillHoursAgo'] = Math.max(0, (input.now - refill.at) / MS_PER_HOUR);
    sources.push(`reconciliation at the refill of ${new Date(refill.at).toISOString().slice(0, 16)} UTC`);
  }
  return { findings, sources };
}
