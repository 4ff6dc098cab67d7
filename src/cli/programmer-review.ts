/**
 * What the programmer shows before it changes anything: the pump's state as interrogated, and the pending
 * change beside the current one, with the guardrails' verdict and reasons (docs/architecture.md principle 4; the
 * pending-vs-current screen of real programmers). Also the gate that decides whether a change may be sent:
 * a block never passes, a warn needs a written justification, and nothing goes without --yes. Pure.
 */
import { dailyDose } from '../therapy/dose-math.ts';
import { ItbError } from '../therapy/codes.ts';
import type { Prescription } from '../therapy/prescription.ts';
import { NG_PER_MCG, NL_PER_ML } from '../therapy/quantities.ts';
import { formatNumber } from '../therapy/units.ts';
import { concentrationText, doseText, massText } from '../therapy/drug-display.ts';
import { verdictOf, type GuardrailResult, type Reason } from '../therapy/verdict.ts';
import type { AlarmRecord, LogEntry, PumpStatus } from '../link/status-codec.ts';
import { instantText, reasonLine } from './reason-line.ts';

export const mcgOf = (ng: number): number => Number(formatNumber(ng / NG_PER_MCG, 3));
/**
 * A dose in the drug's label unit, written by the one dose formatter (drug-display.ts) so a review row
 * reads as the reasons beside it: (3_000_000, 'morphine', '/day') → "3 mg/day", (1_000_000, 'baclofen',
 * '/day') → "1,000 mcg/day".
 */
export const labelOf = (
  ng: number,
  drug: string | null | undefined,
  per: '' | '/day' | '/mL' = '',
): string =>
  per === '/day' ? doseText(ng, drug) : per === '/mL' ? concentrationText(ng, drug) : massText(ng, drug);
export const mlOf = (nl: number): number => Number(formatNumber(nl / NL_PER_ML, 4));
const iso = (t: number): string => new Date(t).toISOString();

/** A prescription in clinicians' units. */
export interface PrescriptionView {
  readonly mode: Prescription['mode'];
  readonly drug: string | null;
  readonly concentrationMcgPerMl: number | null;
  /** The programmed daily dose (for flex: the every-day mean incl. periodic boluses). */
  readonly dailyDoseMcg: number;
}

export function prescriptionView(p: Prescription): PrescriptionView {
  if (p.mode === 'stopped') return { mode: p.mode, drug: null, concentrationMcgPerMl: null, dailyDoseMcg: 0 };
  return {
    mode: p.mode,
    drug: p.drug.drug,
    concentrationMcgPerMl: mcgOf(p.drug.concentration),
    dailyDoseMcg: mcgOf(dailyDose(p)),
  };
}

/** What `itb programmer interrogate --json` prints. */
export interface InterrogationView {
  /** The pump's serial, as paired in the keys file. */
  readonly serial: string;
  /** State version: increases with every applied change; changes are compare-and-set against it. */
  readonly version: number;
  readonly role: 'clinician' | 'patient';
  readonly pumpTime: string;
  readonly drug: string | null;
  readonly concentrationMcgPerMl: number;
  /** Calculated, not sensed (docs/clinical-reference.md §3). */
  readonly reservoirMl: number;
  readonly lowReservoirAlarmMl: number;
  /** The programmed prescription; null for the patient role (its controller may not read it). */
  readonly prescription: PrescriptionView | null;
  readonly doseRateMcgPerDay: number;
  readonly flowMlPerDay: number;
  readonly suspended: boolean;
  readonly motorStalled: boolean;
  readonly bolus: { readonly kind: string; readonly remainingMl: number } | null;
  readonly alarms: readonly {
    readonly kind: string;
    readonly since: string | null;
    readonly acknowledged: boolean | null;
  }[];
  readonly battery: { readonly percent: number } | null;
  /** The newest event-log entries (clinician only) and the next sequence number. */
  readonly log: {
    readonly nextSeq: number;
    readonly entries: readonly { seq: number; at: string; type: string; message: string }[];
  } | null;
}

export function interrogationView(i: {
  readonly serial: string;
  readonly role: 'clinician' | 'patient';
  readonly status: PumpStatus;
  readonly prescription: Prescription | undefined;
  readonly alarms: readonly AlarmRecord[] | undefined;
  readonly log: { readonly nextSeq: number; readonly entries: readonly LogEntry[] } | undefined;
}): InterrogationView {
  const s = i.status;
  return {
    serial: i.serial,
    version: s.stateVersion,
    role: i.role,
    pumpTime: iso(s.pumpTime),
    drug: s.drug ?? null,
    concentrationMcgPerMl: mcgOf(s.concentration),
    reservoirMl: mlOf(s.reservoir),
    lowReservoirAlarmMl: mlOf(s.lowReservoirThreshold),
    prescription: i.prescription === undefined ? null : prescriptionView(i.prescription),
    doseRateMcgPerDay: mcgOf(s.doseRate),
    flowMlPerDay: mlOf(s.flow),
    suspended: s.suspended,
    motorStalled: s.motorStalled,
    bolus: s.bolus === undefined ? null : { kind: s.bolus, remainingMl: mlOf(s.bolusRemaining) },
    alarms:
      i.alarms?.map((a) => ({ kind: a.kind, since: iso(a.since), acknowledged: a.acknowledged })) ??
      s.alarms.map((kind) => ({ kind, since: null, acknowledged: null })),
    battery: s.batteryPercent === undefined ? null : { percent: s.batteryPercent },
    log:
      i.log === undefined
        ? null
        : {
            nextSeq: i.log.nextSeq,
            entries: i.log.entries.map((e) => ({
              seq: e.seq,
              at: iso(e.at),
              type: e.type,
              message: e.message,
            })),
          },
  };
}

export function interrogationText(v: InterrogationView): string {
  const p = v.prescription;
  const dose = (mcg: number): string => labelOf(Math.round(mcg * NG_PER_MCG), v.drug, '/day');
  return [
    `pump ${v.serial}  state version ${v.version}  pump time ${instantText(v.pumpTime)}  (${v.role})`,
    `reservoir   ${v.reservoirMl} mL calculated (low alarm at ${v.lowReservoirAlarmMl} mL)  ${v.drug ?? 'contents unknown'} ${labelOf(Math.round(v.concentrationMcgPerMl * NG_PER_MCG), v.drug, '/mL')}`,
    p === null
      ? `delivering  ${dose(v.doseRateMcgPerDay)}`
      : `programme   ${p.mode}${p.mode === 'stopped' ? '' : ` ${dose(p.dailyDoseMcg)}`}; delivering ${dose(v.doseRateMcgPerDay)} (${v.flowMlPerDay} mL/day)`,
    `state       ${v.suspended ? 'STOPPED' : 'running'}${v.motorStalled ? ', MOTOR STALLED' : ''}${v.bolus ? `, ${v.bolus.kind} running (${v.bolus.remainingMl} mL left)` : ''}`,
    `alarms      ${v.alarms.length === 0 ? 'none' : v.alarms.map((a) => a.kind).join(', ')}`,
    `battery     ${v.battery === null ? 'none' : `${v.battery.percent} %`}`,
    ...(v.log === null
      ? []
      : [
          `log         next seq ${v.log.nextSeq}`,
          ...v.log.entries.map((e) => `  #${e.seq} ${instantText(e.at)} ${e.type}: ${e.message}`),
        ]),
  ].join('\n');
}

/** One line of the review: a field, its current value and the pending one. */
export interface ReviewRow {
  readonly field: string;
  readonly current: string;
  readonly pending: string;
}

/** The side-by-side review, with the guardrails' verdict and reasons. */
export interface Review {
  readonly action: string;
  readonly rows: readonly ReviewRow[];
  readonly verdict: GuardrailResult['verdict'];
  readonly reasons: readonly Reason[];
}

/** Combines guardrail results, dropping a reason repeated by two checks. */
export function combine(...results: readonly GuardrailResult[]): GuardrailResult {
  const seen = new Set<string>();
  const reasons = results
    .flatMap((r) => r.reasons)
    .filter((r) => {
      const key = `${r.code}|${r.severity}|${r.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
  return verdictOf(reasons);
}

export function reviewText(r: Review): string {
  const w0 = Math.max(5, ...r.rows.map((x) => x.field.length));
  const w1 = Math.max(7, ...r.rows.map((x) => x.current.length));
  const line = (a: string, b: string, c: string, mark = '') =>
    `  ${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}${mark}`;
  return [
    `REVIEW ${r.action} — current vs pending`,
    line('field', 'current', 'pending'),
    ...r.rows.map((x) => line(x.field, x.current, x.pending, x.current === x.pending ? '' : '   ◀ changes')),
    `guardrails: ${r.verdict.toUpperCase()}`,
    ...r.reasons.map((x) => reasonLine(x)),
  ].join('\n');
}

/**
 * Whether the reviewed change may be sent: throws (with the review in the details) if a guardrail blocks,
 * if --yes is missing, or if a warning has no justification. Order: a block is final whatever the flags.
 */
export function gate(
  review: Review,
  o: { readonly yes: boolean; readonly justification: string | undefined },
): void {
  const details = { review };
  if (review.verdict === 'block') {
    const first = review.reasons.find((x) => x.severity === 'block');
    throw new ItbError(
      'ITB_E_PROGRAMMER_GUARDRAIL_BLOCKED',
      `${review.action} refused by a guardrail (${first?.code ?? 'block'}: ${first?.message ?? ''}); nothing was sent`,
      details,
    );
  }
  if (!o.yes) {
    throw new ItbError(
      'ITB_E_PROGRAMMER_NOT_CONFIRMED',
      `${review.action} not confirmed: review it, then repeat with --yes${review.verdict === 'warn' ? ' and --justification TEXT' : ''}; nothing was sent`,
      details,
    );
  }
  if (review.verdict === 'warn' && (o.justification === undefined || o.justification.trim() === '')) {
    const codes = review.reasons.filter((x) => x.severity === 'warn').map((x) => x.code);
    throw new ItbError(
      'ITB_E_PROGRAMMER_JUSTIFICATION_REQUIRED',
      `${review.action}: ${codes.join(', ')} — a warning needs --justification TEXT as well as --yes; nothing was sent`,
      details,
    );
  }
}
