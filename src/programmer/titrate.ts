/**
 * Titration (docs/clinical-reference.md §1.4, §3 "dose change"): interrogate → guardrails → pending vs current → explicit
 * confirmation (a recorded justification to override a warning) → write with compare-and-set on the
 * interrogated state version → read-back → record. No dose reaches the pump without passing the guardrails
 * and a side-by-side review: {@link planTitration} is pure and builds both; {@link applyTitration} refuses a
 * plan that is blocked, unconfirmed or unjustified before anything is sent.
 */
import type { RecordedInstant } from '../clinic/clinical-time.ts';
import { rulesAgeOf } from '../clinic/patient-age.ts';
import type { Patient } from '../clinic/records.ts';
import type { Alert, PrescriptionRecord, ProgrammingSession } from '../clinic/clinical-records.ts';
import { deviceReasons } from '../pump/device-labelling.ts';
import type { PumpProfile } from '../pump/profile.ts';
import { ItbError } from '../therapy/codes.ts';
import {
  prescriptionFromJson,
  prescriptionToJson,
  type PrescriptionJson,
} from '../therapy/prescription-json.ts';
import { reviewPrescriptionChange } from '../therapy/prescription-change.ts';
import type { Prescription } from '../therapy/prescription.ts';
import { MS_PER_HOUR, type NanogramsPerDay, type NanolitresPerDay } from '../therapy/quantities.ts';
import type { TitrationPhase } from '../therapy/titration.ts';
import type { GuardrailResult } from '../therapy/verdict.ts';
import { doseReceived } from './not-running.ts';
import { consistencyReasons } from './pump-consistency.ts';
import { planVerdict } from './plan-verdict.ts';
import { diffJson, toJson, type DiffEntry } from './diff.ts';
import { snapshotJson, type Snapshot } from './interrogate.ts';
import {
  tookEffect,
  type Confirmation,
  type WorkflowDeps,
  type WorkflowTarget,
  type WriteStatus,
} from './session.ts';
import { alertForWrite, readBackJson, writeAndVerify, writeRecord, type WriteResult } from './write.ts';
import { recordIntent } from './write-intent.ts';

export interface TitrationPlanInput {
  readonly snapshot: Snapshot;
  /** The clinician-facing JSON prescription (therapy/prescription-json.ts). */
  readonly proposed: unknown;
  /** The patient's recorded opioid status (absent or null: unknown) judges an opioid start. */
  readonly patient: Pick<Patient, 'etiology' | 'birthDate' | 'opioidStatus'>;
  /** The head of the patient's prescription chain, as read from the store (null: none). */
  readonly head: PrescriptionRecord | null;
  /**
   * When the chain's dose last changed (server/titration-gate.ts `chainLastDoseChangeAt`): the titration
   * wait runs from it; without it, from the head's creation.
   */
  readonly lastDoseChangeAt?: number;
  readonly phase: TitrationPhase;
  readonly now: number;
  /** The device's minimum-rate flow (to dose minimum-rate mode). */
  readonly minimumRateFlow?: NanolitresPerDay;
  /** The implanted device: its labelling (drugs, strengths, ages) judges the proposal too. */
  readonly profile?: PumpProfile;
  /** Increases in the 7 days before this one (drugs whose label counts them, e.g. ziconotide). */
  readonly increasesInPastWeek?: number;
  /** The last refill found more residual than calculated (suspected under-delivery, docs/hazards.md H48). */
  readonly underDeliverySuspected?: boolean;
  /** The lowest daily dose in force over the drug's escalation window (opioids, docs/hazards.md H41). */
  readonly lowestRecentDose?: NanogramsPerDay;
  /** The prescriber confirmed the systemic CNS depressants were reviewed (opioids, ziconotide: H49). */
  readonly cnsDepressantsReviewed?: boolean;
  /**
   * Since when no drug has reached the patient as the clinic's records have it (the not-delivering since),
   * for a pump that runs no programme (not-running.ts), with whether its time of day is on record.
   */
  readonly interruptedSince?: RecordedInstant;
}

/** The side-by-side review of the Finish screen. */
export interface Review {
  readonly current: PrescriptionJson;
  readonly pending: PrescriptionJson;
  readonly diff: readonly DiffEntry[];
  /** Daily-dose change in % (worst weekday); null when not a dose change from a running dose. */
  readonly changePercent: number | null;
}

export interface TitrationPlan {
  readonly snapshot: Snapshot;
  readonly proposed: Prescription;
  readonly review: Review;
  readonly guardrail: GuardrailResult;
  /** The chain head the plan was made against (compare-and-set in the store). */
  readonly expectedHeadId: string | null;
}

/**
 * Builds the review and the guardrail verdict for a proposed prescription. Pure. Throws ItbError for a
 * malformed prescription (nothing to review).
 */
export function planTitration(input: TitrationPlanInput): TitrationPlan {
  const proposed = prescriptionFromJson(input.proposed);
  const current = prescriptionToJson(input.snapshot.prescription);
  const pending = prescriptionToJson(proposed);
  const ageYears = rulesAgeOf(input.patient, input.now);
  const opioidStatus = input.patient.opioidStatus ?? undefined;
  const received = doseReceived({
    snapshot: input.snapshot,
    head: input.head,
    now: input.now,
    ...(input.interruptedSince === undefined ? {} : { interruptedSince: input.interruptedSince }),
  });
  const change = reviewPrescriptionChange({
    before: received.before,
    after: proposed,
    origin: input.patient.etiology,
    ageYears,
    ...(input.head === null
      ? {}
      : {
          hoursSinceLastChange:
            Math.max(0, input.now - (input.lastDoseChangeAt ?? input.head.createdAt)) / MS_PER_HOUR,
        }),
    phase: input.phase,
    ...(input.minimumRateFlow === undefined ? {} : { minimumRateFlow: input.minimumRateFlow }),
    ...(input.increasesInPastWeek === undefined ? {} : { increasesInPastWeek: input.increasesInPastWeek }),
    ...(input.underDeliverySuspected === undefined
      ? {}
      : { underDeliverySuspected: input.underDeliverySuspected }),
    ...(input.lowestRecentDose === undefined ? {} : { lowestRecentDose: input.lowestRecentDose }),
    ...(input.cnsDepressantsReviewed === undefined
      ? {}
      : { cnsDepressantsReviewed: input.cnsDepressantsReviewed }),
    ...(opioidStatus === undefined ? {} : { opioidStatus }),
  });
  const device =
    input.profile === undefined || proposed.mode === 'stopped'
      ? []
      : deviceReasons(input.profile, {
          drug: proposed.drug.drug,
          concentration: proposed.drug.concentration,
          ageYears,
        });
  const guardrail = planVerdict([
    ...consistencyReasons(input, proposed, received.reason),
    ...device,
    ...change.guardrail.reasons,
  ]);
  return {
    snapshot: input.snapshot,
    proposed,
    review: {
      current,
      pending,
      diff: diffJson(current, pending),
      changePercent: change.step?.view.changePercent ?? null,
    },
    guardrail,
    expectedHeadId: input.head?.id ?? null,
  };
}

/**
 * Refuses what must never be written: unconfirmed, blocked or unjustified. Returns the justification. A
 * refill reads this rule alone: it always changes the pump (the drained drug is replaced by fresh drug),
 * even when the pump's numbers read the same after it ({@link assertWritable} adds "no change").
 */
export function assertConfirmed(guardrail: GuardrailResult, confirmation: Confirmation): string | null {
  if ((confirmation as { confirm: unknown }).confirm !== true) {
    throw new ItbError('ITB_E_PROG_NOT_CONFIRMED', 'confirm the pending-vs-current review before writing');
  }
  const list = (sev: string) =>
    guardrail.reasons
      .filter((r) => r.severity === sev)
      .map((r) => r.message)
      .join('; ');
  if (guardrail.verdict === 'block') {
    throw new ItbError('ITB_E_PROG_BLOCKED', `blocked, not sent to the pump: ${list('block')}`, {
      reasons: guardrail.reasons,
    });
  }
  const justification = confirmation.justification?.trim() || null;
  if (guardrail.verdict === 'warn' && justification === null) {
    throw new ItbError('ITB_E_PROG_JUSTIFICATION_REQUIRED', `record why you override: ${list('warn')}`, {
      reasons: guardrail.reasons,
    });
  }
  return justification;
}

/** Refuses what must never be written: unconfirmed, blocked, unjustified ({@link assertConfirmed}), or no change. */
export function assertWritable(
  guardrail: GuardrailResult,
  confirmation: Confirmation,
  diff: readonly DiffEntry[],
): string | null {
  const justification = assertConfirmed(guardrail, confirmation);
  if (diff.length === 0)
    throw new ItbError('ITB_E_PROG_NO_CHANGE', 'the pending prescription equals the current one');
  return justification;
}

export interface TitrationOutcome {
  readonly status: WriteStatus;
  readonly write: WriteResult;
  readonly session: ProgrammingSession;
  /** The chain entry appended (only when the pump applied the prescription and it did not read back wrong). */
  readonly prescription: PrescriptionRecord | null;
  /** Why the chain could not be appended although the pump applied the change. */
  readonly chainError: string | null;
  readonly alerts: readonly Alert[];
}

const APPLIED: ReadonlySet<WriteStatus> = new Set(['verified', 'applied-unverified', 'readback-mismatch']);

/**
 * Writes a confirmed plan to the pump and records what happened: the programming session (snapshot, diff,
 * verdict, justification, write and read-back), the prescription appended to the chain when the pump runs
 * it, and an alert for anything short of a verified or cleanly refused write. Never records an unknown
 * outcome as success.
 */
export async function applyTitration(
  plan: TitrationPlan,
  confirmation: Confirmation,
  target: WorkflowTarget,
  deps: WorkflowDeps,
): Promise<TitrationOutcome> {
  const justification = assertWritable(plan.guardrail, confirmation, plan.review.diff);
  const ctx = { actor: target.actor };
  const command = {
    op: 'program',
    commandId: deps.client.newCommandId(),
    expectedVersion: plan.snapshot.stateVersion,
    prescription: plan.proposed,
    patientBolus: undefined,
  } as const;
  // Recorded before it is sent: a crash after the pump's write must not leave the record behind the pump.
  await recordIntent(deps, target, command, plan.review.diff, {
    kind: 'titration',
    pending: plan.review.pending,
    expectedHeadId: plan.expectedHeadId,
    justification,
  });
  const write = await writeAndVerify(deps.client, command, {
    expected: plan.review.pending,
    actual: (s) => prescriptionToJson(s.prescription),
  });

  let prescription: PrescriptionRecord | null = null;
  let chainError: string | null = null;
  if (tookEffect(write.status)) {
    try {
      prescription = await deps.store.appendPrescription(target.patientId, plan.review.pending, {
        ...ctx,
        expectedHeadId: plan.expectedHeadId,
        implantId: target.implantId,
        ...(justification === null ? {} : { justification }),
      });
    } catch (e) {
      chainError = e instanceof ItbError ? `${e.code}: ${e.message}` : String(e);
    }
  }

  const applied = APPLIED.has(write.status);
  const session = await deps.store.recordProgrammingSession(
    {
      patientId: target.patientId,
      implantId: target.implantId,
      at: deps.now(),
      interrogation: {
        workflow: 'titrate',
        snapshot: toJson(snapshotJson(plan.snapshot)),
        after: readBackJson(write),
        write: writeRecord(write),
        // What was meant, kept even when the pump did not (or may not) have applied it.
        attemptedDiff: toJson(plan.review.diff),
        changePercent: plan.review.changePercent,
        chainError,
      },
      // The diff is what the pump applied: nothing unless it said it applied the command.
      diff: applied ? [...plan.review.diff] : [],
      prescriptionId: prescription?.id ?? null,
      guardrail: { verdict: plan.guardrail.verdict, reasons: [...plan.guardrail.reasons] },
      justification,
    },
    ctx,
  );

  const alerts: Alert[] = [];
  const writeAlert = alertForWrite(write, target, 'dose change');
  if (writeAlert !== null) alerts.push(await deps.store.raiseAlert(writeAlert, ctx));
  if (chainError !== null) {
    alerts.push(
      await deps.store.raiseAlert(
        {
          patientId: target.patientId,
          implantId: target.implantId,
          kind: 'other',
          severity: 'warning',
          message:
            `the pump now runs the new prescription but the record chain was not updated (${chainError}): ` +
            're-read the chain and record what the pump runs',
        },
        ctx,
      ),
    );
  }
  return { status: write.status, write, session, prescription, chainError, alerts };
}
