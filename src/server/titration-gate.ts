/**
 * The titration guardrail at the API (docs/architecture.md principle 4): the store validates a prescription on its own
 * (dose ranges, flex rules), but only the API knows it is a *change* from the prescription in force, so it
 * checks the step with therapy/titration.ts before the store is asked. A `block` is refused with its
 * reasons (ITB_E_INVALID_PRESCRIPTION, 422); a `warn` needs a justification
 * (ITB_E_CLINIC_JUSTIFICATION_REQUIRED, 422). Weekday variants are checked day by day and the worst day
 * answers. A first prescription (no chain head) is a start, not a titration: the drug's start rules judge it
 * (the largest start dose, the age floor, an opioid's start range by the patient's recorded opioid status).
 */
import { rulesAgeOf } from '../clinic/patient-age.ts';
import type { Patient } from '../clinic/records.ts';
import type { PrescriptionRecord, Refill } from '../clinic/clinical-records.ts';
import { ItbError } from '../therapy/codes.ts';
import { prescriptionFromJson, type PrescriptionJson } from '../therapy/prescription-json.ts';
import { checkPrescriptionStep, checkStartPrescription } from '../therapy/prescription-change.ts';
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  type NanogramsPerDay,
  type NanolitresPerDay,
} from '../therapy/quantities.ts';
import { getDrug } from '../therapy/drug-library.ts';
import type { Prescription } from '../therapy/prescription.ts';
import { increasesInPastWeek, lastDoseChangeAt, lowestDoseSince } from '../therapy/titration-history.ts';
import type { TitrationPhase } from '../therapy/titration.ts';
import type { Reason, Verdict } from '../therapy/verdict.ts';

export interface TitrationGateInput {
  readonly patient: Patient;
  readonly head: PrescriptionRecord | null;
  readonly proposed: PrescriptionJson;
  readonly phase: TitrationPhase;
  readonly now: number;
  /** The device's minimum-rate flow, when an implant is named (minimum-rate dose). */
  readonly minimumRateFlow?: NanolitresPerDay;
  /** The patient's prescription chain, oldest first: the weekly count of increases is taken from it. */
  readonly chain: readonly PrescriptionRecord[];
  /** The patient's refills: whether the last one suspects under-delivery is taken from them. */
  readonly refills: readonly Refill[];
  /** The prescriber confirmed the systemic CNS depressants were reviewed (opioids, ziconotide: H49). */
  readonly cnsDepressantsReviewed: boolean;
}

/**
 * Whether the patient's last refill found more residual than the pump calculated, beyond what its
 * reconciliation accepts (therapy/reconcile.ts: under-delivery, a catheter occlusion or kink): an increase
 * is then raised into a catheter that may reopen (docs/hazards.md H48). A later refill that reconciles
 * clears it.
 */
export function underDeliveryInDoubt(refills: readonly Refill[]): boolean {
  const last = refills.reduce<Refill | null>((a, r) => (a === null || r.at >= a.at ? r : a), null);
  return last !== null && last.reconciliation.discrepancyNl > 0 && last.reconciliation.verdict !== 'ok';
}

/**
 * Increases in the 7 days before `now`, from the chain (therapy/titration-history.ts): the drug rules that
 * limit increases per week read it from the record, not from a number the clinician types.
 */
export function chainIncreasesInPastWeek(
  chain: readonly PrescriptionRecord[],
  now: number,
  minimumRateFlow?: NanolitresPerDay,
): number {
  return increasesInPastWeek(
    chain.map((r) => ({ at: r.createdAt, prescription: prescriptionFromJson(r.prescription) })),
    now,
    minimumRateFlow === undefined ? undefined : { minimumRateFlow },
  );
}

/**
 * When the chain's dose last changed (therapy/titration-history.ts `lastDoseChangeAt`): the titration wait
 * runs from it, not from the last record (a concentration-only prescription is not a dose change).
 */
export function chainLastDoseChangeAt(
  chain: readonly PrescriptionRecord[],
  minimumRateFlow?: NanolitresPerDay,
): number | undefined {
  return lastDoseChangeAt(
    chain.map((r) => ({ at: r.createdAt, prescription: prescriptionFromJson(r.prescription) })),
    minimumRateFlow === undefined ? undefined : { minimumRateFlow },
  );
}

/**
 * The lowest daily dose of the proposal's drug in force over that drug's escalation window, from the chain
 * (therapy/titration-history.ts): an opioid increase beyond its watch warns (docs/hazards.md H41). Undefined
 * for a drug without the watch, a stop, or no baseline in the chain.
 */
export function chainLowestRecentDose(
  chain: readonly PrescriptionRecord[],
  proposed: Prescription,
  now: number,
  minimumRateFlow?: NanolitresPerDay,
): NanogramsPerDay | undefined {
  if (proposed.mode === 'stopped') return undefined;
  const watch = getDrug(proposed.drug.drug).titration.escalationWatch;
  if (watch === undefined) return undefined;
  return lowestDoseSince(
    chain.map((r) => ({ at: r.createdAt, prescription: prescriptionFromJson(r.prescription) })),
    proposed.drug.drug,
    now - watch.value.windowDays * MS_PER_DAY,
    now,
    minimumRateFlow === undefined ? undefined : { minimumRateFlow },
  );
}

export interface TitrationGateResult {
  readonly checked: boolean;
  readonly verdict: Verdict;
  readonly changePercent: number | null;
  readonly reasons: readonly Reason[];
}

/** Runs the titration check of `proposed` against the head; throws when it refuses. */
export function titrationGate(
  input: TitrationGateInput,
  justification: string | undefined,
): TitrationGateResult {
  const ageYears = rulesAgeOf(input.patient, input.now);
  const opioidStatus = input.patient.opioidStatus ?? undefined;
  if (input.head === null) {
    const start = checkStartPrescription({
      prescription: prescriptionFromJson(input.proposed),
      ageYears,
      ...(opioidStatus === undefined ? {} : { opioidStatus }),
      ...(input.minimumRateFlow === undefined ? {} : { minimumRateFlow: input.minimumRateFlow }),
      cnsDepressantsReviewed: input.cnsDepressantsReviewed,
    });
    enforce(start.verdict, start.reasons, justification);
    return { checked: true, verdict: start.verdict, changePercent: null, reasons: start.reasons };
  }
  const before = prescriptionFromJson(input.head.prescription);
  const after = prescriptionFromJson(input.proposed);
  const usesMinimumRate = before.mode === 'minimum-rate' || after.mode === 'minimum-rate';
  if (usesMinimumRate && input.minimumRateFlow === undefined) {
    // Without the device's minimum flow the dose of minimum-rate mode is unknown: the step cannot be
    // judged, so it is treated as an override that needs a justification (unknown state is not "ok").
    const reasons: Reason[] = [
      {
        code: 'ITB_R_TITRATION_STEP_UNKNOWN',
        severity: 'warn',
        message: 'minimum-rate mode without a named implant: the dose step cannot be checked',
      },
    ];
    enforce('warn', reasons, justification);
    return { checked: false, verdict: 'warn', changePercent: null, reasons };
  }
  const lowestRecentDose = chainLowestRecentDose(input.chain, after, input.now, input.minimumRateFlow);
  const result = checkPrescriptionStep({
    before,
    after,
    origin: input.patient.etiology,
    ageYears,
    hoursSinceLastChange:
      Math.max(
        0,
        input.now - (chainLastDoseChangeAt(input.chain, input.minimumRateFlow) ?? input.head.createdAt),
      ) / MS_PER_HOUR,
    increasesInPastWeek: chainIncreasesInPastWeek(input.chain, input.now, input.minimumRateFlow),
    underDeliverySuspected: underDeliveryInDoubt(input.refills),
    ...(lowestRecentDose === undefined ? {} : { lowestRecentDose }),
    cnsDepressantsReviewed: input.cnsDepressantsReviewed,
    ...(opioidStatus === undefined ? {} : { opioidStatus }),
    phase: input.phase,
    ...(input.minimumRateFlow === undefined ? {} : { minimumRateFlow: input.minimumRateFlow }),
  });
  enforce(result.verdict, result.reasons, justification);
  return {
    checked: true,
    verdict: result.verdict,
    changePercent: result.view.changePercent,
    reasons: result.reasons,
  };
}

/** Refuses a block, and a warning without a justification, with the reasons. */
export function enforce(
  verdict: Verdict,
  reasons: readonly Reason[],
  justification: string | undefined,
): void {
  const list = (severity: Verdict) =>
    reasons
      .filter((r) => r.severity === severity)
      .map((r) => r.message)
      .join('; ');
  if (verdict === 'block') {
    throw new ItbError('ITB_E_INVALID_PRESCRIPTION', `the dose change is blocked: ${list('block')}`, {
      reasons,
    });
  }
  if (verdict === 'warn' && !justification?.trim()) {
    throw new ItbError(
      'ITB_E_CLINIC_JUSTIFICATION_REQUIRED',
      `the dose change needs a justification to override: ${list('warn')}`,
      { reasons },
    );
  }
}
