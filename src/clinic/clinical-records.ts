/**
 * Clinical events: screening trials, prescriptions, programming sessions, refills, assessments,
 * complications, appointments and alerts (docs/clinical-reference.md §1, §3, §4 "scales", §6). Each input schema validates
 * what a caller gives; the part of it stored as the row's JSON body is re-validated on every read.
 */
import { z } from 'zod';
import { ItbError } from '../therapy/codes.ts';
import { DRUG_IDS, checkConcentration, getDrug } from '../therapy/drug-library.ts';
import type { DrugId } from '../therapy/drug.ts';
import type { PrescriptionJson } from '../therapy/prescription-rules.ts';
import { reasonSchema, verdictSchema } from '../therapy/reason-schema.ts';
import type { Reason, Verdict } from '../therapy/verdict.ts';
import { appointmentChangeSchema, type AppointmentStatus } from './appointment-lifecycle.ts';
import { epochMsSchema, jsonValueSchema, type RecordMeta } from './records.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.string().min(1);
const optionalText = (max: number) => z.string().trim().max(max).optional();
const minutesInWeek = 7 * 24 * 60;

/** Modified Ashworth Scale grades: "1+" is a grade, not a number (docs/clinical-reference.md §4), so they are text. */
export const MAS_GRADES = ['0', '1', '1+', '2', '3', '4'] as const;
export type MasGrade = (typeof MAS_GRADES)[number];

export const masScoreSchema = z.strictObject({
  muscleGroup: text(100),
  side: z.enum(['left', 'right', 'bilateral']),
  grade: z.enum(MAS_GRADES),
});
export type MasScore = z.output<typeof masScoreSchema>;

/** Penn Spasm Frequency Score, 0–4 (docs/clinical-reference.md §4). */
export const pennSpasmSchema = z.int().min(0).max(4);

/** Pain on the 0–10 numeric rating scale: whole numbers, 0 no pain, 10 worst imaginable (§4). */
export const painNrsSchema = z.int().min(0).max(10);

/**
 * One goal of therapy scored on Goal Attainment Scaling: −2 (much less than expected) … 0 (the expected
 * outcome) … +2 (much more than expected) (docs/clinical-reference.md §4). The goal is named in words so
 * the same goal can be followed over time.
 */
export const goalScoreSchema = z.strictObject({
  goal: text(200),
  score: z.int().min(-2).max(2),
});
export type GoalScore = z.output<typeof goalScoreSchema>;

/** A guardrail result as produced by src/therapy (verdict.ts). */
export const guardrailSchema = z.strictObject({
  verdict: verdictSchema,
  reasons: z.array(reasonSchema),
});

/**
 * Causes only a person may close, with a note of what they checked (docs/invariants.md I11): a write the pump
 * applied but reads back differently (`readback-mismatch`), and a stop, resume, bolus or other write whose
 * outcome the link could not learn (`outcome-unknown`). No later action proves what the pump did with that
 * command or that the patient came to no harm, so nothing closes them automatically.
 */
export const PERSON_ONLY_CAUSES = ['readback-mismatch', 'outcome-unknown'] as const;
export type PersonOnlyCause = (typeof PERSON_ONLY_CAUSES)[number];

// ——— Screening trial (docs/clinical-reference.md §1.1: bolus by lumbar puncture, tone scored at least twice within 4 h).
export const timedAssessmentSchema = z.strictObject({
  minutesAfterDose: z.int().min(0).max(minutesInWeek),
  mas: z.array(masScoreSchema),
  pennSpasm: pennSpasmSchema.nullable().default(null),
  notes: optionalText(2000),
});
export const trialBodySchema = z.strictObject({
  doseNg: z.int().positive(),
  concentrationNgPerMl: z.int().positive(),
  volumeNl: z.int().positive(),
  method: z.enum(['lumbar-puncture', 'catheter-bolus', 'continuous-infusion']),
  assessments: z.array(timedAssessmentSchema),
  /** null while the observation is still running. */
  responded: z.boolean().nullable(),
  /** How long the effect lasted (> 8 h halves the start dose: docs/clinical-reference.md §1.3). */
  effectHours: z.number().nonnegative().max(72).nullable().default(null),
  notes: optionalText(4000),
});
export const trialInputSchema = trialBodySchema.extend({ patientId: id, at: epochMsSchema });

/**
 * Whether a trial's timed scores show a response: some score after the bolus below the baseline at 0 h, in
 * MAS (the highest grade scored) or in Penn spasm frequency. Null when there is nothing to compare (no
 * baseline, or no score after the bolus).
 */
export function scoresShowResponse(
  assessments: readonly {
    readonly minutesAfterDose: number;
    readonly mas: readonly { readonly grade: MasGrade }[];
    readonly pennSpasm?: number | null;
  }[],
): boolean | null {
  const mas = (a: (typeof assessments)[number]): number | null =>
    a.mas.length === 0 ? null : Math.max(...a.mas.map((m) => MAS_GRADES.indexOf(m.grade)));
  const highest = (xs: readonly (number | null | undefined)[]): number | null => {
    const known = xs.filter((x): x is number => x !== null && x !== undefined);
    return known.length === 0 ? null : Math.max(...known);
  };
  const base = assessments.filter((a) => a.minutesAfterDose === 0);
  const after = assessments.filter((a) => a.minutesAfterDose > 0);
  if (base.length === 0 || after.length === 0) return null;
  const baseMas = highest(base.map(mas));
  const basePenn = highest(base.map((a) => a.pennSpasm));
  return after.some((a) => {
    const m = mas(a);
    const p = a.pennSpasm ?? null;
    return (
      (m !== null && baseMas !== null && m < baseMas) || (p !== null && basePenn !== null && p < basePenn)
    );
  });
}

/** Why a trial recorded as a response its scores do not show cannot be saved without a note. */
export const RESPONSE_NOT_SHOWN =
  'recorded as a response, but no score after the bolus is below the baseline (MAS or Penn): say in the notes what responded, or record no response';

/**
 * A trial recorded "responded" whose scores show none (every MAS after the bolus at or above the baseline,
 * no Penn fall) and says nothing of what responded is refused: the pathway then read "ready for implant" and
 * a start dose was computed from a response nobody recorded. Throws ITB_E_INVALID_INPUT.
 */
export function checkTrialResponse(body: {
  readonly responded: boolean | null;
  readonly notes?: string | null | undefined;
  readonly assessments: Parameters<typeof scoresShowResponse>[0];
}): void {
  const noted = (body.notes ?? '').trim() !== '';
  if (body.responded === true && !noted && scoresShowResponse(body.assessments) === false) {
    throw new ItbError('ITB_E_INVALID_INPUT', `the screening trial is ${RESPONSE_NOT_SHOWN}`);
  }
}

/** The drug a screening trial gives (the protocol's doses are baclofen's: docs/clinical-reference.md §1.1). */
export const TRIAL_DRUG = 'baclofen';

/**
 * The trial bolus's strength judged by the drug library, as a refill's and an initial fill's are: a syringe
 * typed as "50 mg/mL" for the 50 mcg/mL screening ampoule (a mg/mcg slip) was recorded as a 0.001 mL bolus.
 * Throws ITB_E_CONCENTRATION_NOT_IN_LIBRARY naming the allowed strengths; the store and the trial page both
 * ask it.
 */
export const checkTrialConcentration = (concentrationNgPerMl: number): number =>
  checkConcentration(getDrug(TRIAL_DRUG), concentrationNgPerMl);
export type TrialInput = z.input<typeof trialInputSchema>;
export type Trial = z.output<typeof trialInputSchema> & RecordMeta;

// ——— Prescriptions: the clinician-facing JSON (prescription-json.ts) in an append-only chain.
export interface PrescriptionRecord extends RecordMeta {
  readonly patientId: string;
  /** The prescription this one replaced; null for the first. */
  readonly priorId: string | null;
  readonly implantId: string | null;
  readonly prescription: PrescriptionJson;
  /** The store's own validation when it was appended (never `block`: blocked ones are refused). */
  readonly verdict: Exclude<Verdict, 'block'>;
  readonly reasons: readonly Reason[];
  /** Why a warning was overridden. */
  readonly justification: string | null;
}

// ——— Programming session: what the pump said, what was changed, by whom and why.
export const diffEntrySchema = z.strictObject({
  path: text(200),
  before: jsonValueSchema,
  after: jsonValueSchema,
});
export const sessionBodySchema = z.strictObject({
  /** The interrogation snapshot as read from the pump. */
  interrogation: z.record(z.string(), jsonValueSchema),
  /** The changes written to the pump (empty for an interrogation only). */
  diff: z.array(diffEntrySchema),
  /** The chain entry the session programmed, if it changed the prescription. */
  prescriptionId: id.nullable().default(null),
  guardrail: guardrailSchema.nullable().default(null),
  /** Required when the guardrail warned (an override). */
  justification: text(4000).nullable().default(null),
});
export const sessionInputSchema = sessionBodySchema.extend({
  patientId: id,
  implantId: id,
  at: epochMsSchema,
});
export type ProgrammingSessionInput = z.input<typeof sessionInputSchema>;
export type ProgrammingSession = z.output<typeof sessionInputSchema> & RecordMeta;

// ——— Refill (docs/clinical-reference.md §3 refill procedure and reconciliation).
export const refillBodySchema = z.strictObject({
  /** The residual the pump calculated. */
  expectedResidualNl: z.int().min(0),
  /** The residual drained completely and measured. */
  measuredResidualNl: z.int().min(0),
  drug: z.enum(DRUG_IDS as [DrugId, ...DrugId[]]),
  concentrationNgPerMl: z.int().positive(),
  lot: text(64),
  volumeAddedNl: z.int().min(0),
  /** Required when reconciliation warned and drug was added anyway (an override). */
  justification: text(4000).nullable().default(null),
});
export const refillInputSchema = refillBodySchema.extend({ patientId: id, implantId: id, at: epochMsSchema });
export type RefillInput = z.input<typeof refillInputSchema>;
/** A stored refill with the store's reconciliation of its residuals (src/therapy/reconcile.ts). */
export type Refill = z.output<typeof refillInputSchema> &
  RecordMeta & {
    readonly reconciliation: {
      readonly verdict: Verdict;
      readonly reasons: readonly Reason[];
      /** measured − expected; negative = less left than calculated. */
      readonly discrepancyNl: number;
      readonly reservoirNl: number;
    };
  };
export const refillStoredSchema = refillBodySchema.extend({
  reconciliation: z.strictObject({
    verdict: verdictSchema,
    reasons: z.array(reasonSchema),
    discrepancyNl: z.int(),
    reservoirNl: z.int().positive(),
  }),
});

// ——— Assessment of tone, spasms, pain, goals and side effects (follow-up outside the trial too).
export const assessmentBodySchema = z.strictObject({
  /** MAS by muscle group and side. */
  mas: z.array(masScoreSchema),
  pennSpasm: pennSpasmSchema.nullable().default(null),
  painNrs: painNrsSchema.nullable().default(null),
  goals: z.array(goalScoreSchema).max(20).default([]),
  sideEffects: z.array(text(200)).default([]),
  notes: optionalText(4000),
});
export const assessmentInputSchema = assessmentBodySchema.extend({ patientId: id, at: epochMsSchema });
export type AssessmentInput = z.input<typeof assessmentInputSchema>;
export type Assessment = z.output<typeof assessmentInputSchema> & RecordMeta;

// ——— Complications (docs/clinical-reference.md §2, §3, §4 event rates).
export const COMPLICATION_KINDS = [
  'catheter-occlusion',
  'catheter-leak',
  'catheter-dislodgement',
  'catheter-fracture',
  'infection',
  'csf-leak',
  'pocket-fill',
  'pump-failure',
  'withdrawal',
  'overdose',
  'other',
] as const;
export const complicationBodySchema = z.strictObject({
  kind: z.enum(COMPLICATION_KINDS),
  severity: z.enum(['mild', 'moderate', 'severe', 'life-threatening']),
  description: text(4000),
});
export const complicationInputSchema = complicationBodySchema.extend({
  patientId: id,
  implantId: id.nullable().default(null),
  at: epochMsSchema,
});
export type ComplicationInput = z.input<typeof complicationInputSchema>;
export type Complication = z.output<typeof complicationInputSchema> & RecordMeta;

// ——— Appointments (appointment-lifecycle.ts: booked → rescheduled → attended or cancelled).
/** `dose-change` is the titration visit; `replacement` the replacement surgery. */
export const APPOINTMENT_KINDS = [
  'refill',
  'dose-change',
  'follow-up',
  'post-op-check',
  'screening-trial',
  'implant',
  'replacement',
  'other',
] as const;
export const appointmentBodySchema = z.strictObject({
  kind: z.enum(APPOINTMENT_KINDS),
  durationMinutes: z
    .int()
    .positive()
    .max(24 * 60),
  notes: optionalText(2000),
  /** Reschedules, the cancellation or the attendance, oldest first; empty while untouched. */
  changes: z.array(appointmentChangeSchema).default([]),
});
/** What booking takes: the body without its changes (a new appointment has none). */
export const appointmentBookingSchema = appointmentBodySchema.omit({ changes: true });
export const appointmentInputSchema = appointmentBookingSchema.extend({
  patientId: id,
  implantId: id.nullable().default(null),
  /** Start of the appointment. */
  at: epochMsSchema,
});
export type AppointmentInput = z.input<typeof appointmentInputSchema>;
export type Appointment = z.output<typeof appointmentInputSchema> &
  RecordMeta & {
    readonly status: AppointmentStatus;
    readonly changes: z.output<typeof appointmentChangeSchema>[];
  };

// ——— Alerts (docs/clinical-reference.md §3: the clinic must never rely on the pump's alarm alone).
export const ALERT_KINDS = [
  'low-reservoir',
  'refill-due',
  'residual-discrepancy',
  'battery-eri',
  'withdrawal-risk',
  'overdose-risk',
  'pump-alarm',
  /** A post-operative check found a concern (pathway/postop-alert.ts). */
  'postop-concern',
  /** An MRI was recorded done and the pump has not been interrogated since (mri/mri-rule.ts, hazard H44). */
  'mri-follow-up',
  'other',
] as const;
/**
 * Causes a later recorded action undoes (clinic/alert-closing.ts `actionsOfSession` says which action closes
 * each): delivery stopped, a bridge bolus not delivered, a refill the pump was not updated with, a write whose
 * outcome was not known or not read back, an alarm test the patient did not hear. The person-only causes
 * ({@link PERSON_ONLY_CAUSES}) are closed by no recorded action.
 */
export const ALERT_CAUSES = [
  ...PERSON_ONLY_CAUSES,
  'delivery-stopped',
  'bridge-not-delivered',
  'pump-not-updated',
  'write-unconfirmed',
  'alarm-not-heard',
  'booking-after-refill-by',
  /** The board calls the pump empty (alert-board-state.ts); a confirmed refill or the board closes it. */
  'board-empty',
  /** An MRI was recorded done (mri/mri-repo.ts); an interrogation after the scan closes it. */
  'mri-not-interrogated',
] as const;
export type AlertCause = (typeof ALERT_CAUSES)[number];
export const alertBodySchema = z.strictObject({
  /** What a clinician reads: words only, never a source tag. */
  message: text(2000),
  reasons: z.array(reasonSchema).default([]),
  /** When the condition began (defaults to when the alert was raised). */
  since: epochMsSchema.optional(),
  /**
   * False when only the day of `since` is on record, `since` then that day's first instant (a replacement
   * recorded without its time: clinical-time.ts `RecordedInstant`); absent when the time is known.
   */
  sinceTimeKnown: z.literal(false).optional(),
  /** A condition the pump reported (clinic/pump-conditions.ts), kept until an interrogation clears it. */
  condition: z.string().min(1).max(40).optional(),
  /** Where the rule or number comes from (label section, paper), kept apart from the message. */
  source: text(500).optional(),
  /**
   * What caused the alert, when a later recorded action can undo it (clinic/alert-closing.ts): the alert
   * closes with that action. `ref` names the one command it concerns, when it concerns one.
   */
  cause: z
    .strictObject({ kind: z.enum(ALERT_CAUSES), ref: z.string().min(1).max(100).optional() })
    .optional(),
});
export const alertInputSchema = alertBodySchema.extend({
  patientId: id,
  implantId: id.nullable().default(null),
  kind: z.enum(ALERT_KINDS),
  severity: z.enum(['info', 'warning', 'critical']),
});
export type AlertInput = z.input<typeof alertInputSchema>;
/** Open → acknowledged (seen, being handled) → resolved; an open alert may also be resolved directly. */
export type AlertState = 'open' | 'acknowledged' | 'resolved';
export type Alert = z.output<typeof alertInputSchema> &
  RecordMeta & {
    /** When the condition began: the body's `since`, else when the alert was raised. */
    readonly since: number;
    readonly state: AlertState;
    readonly acknowledged: null | { readonly at: number; readonly by: string; readonly note: string };
    readonly resolved: null | { readonly at: number; readonly by: string; readonly resolution: string };
  };
