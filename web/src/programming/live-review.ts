/**
 * The programming page's LIVE check: the same pure review the server's titration plan runs
 * (src/programmer/titrate.ts `planTitration`) — the rules and the titration step (worst weekday) from the
 * dose the patient received, and the programmer's own checks of the pump as the page knows it — on every
 * keystroke. It reads what the page has: no link, and none of the chain's history the server adds (the
 * increases this week, the lowest recent dose, a suspected under-delivery, the device's labelling); the
 * Finish screen is the server's plan. Pure; throws ItbError for a prescription it cannot review.
 */
import { rulesAgeOf } from '../../../src/clinic/patient-age.ts';
import type { NotDeliveringRow } from '../../../src/clinic/not-delivering.ts';
import { doseReceived } from '../../../src/programmer/not-running.ts';
import { planVerdict } from '../../../src/programmer/plan-verdict.ts';
import { consistencyReasons } from '../../../src/programmer/pump-consistency.ts';
import { reviewPrescriptionChange } from '../../../src/therapy/prescription-change.ts';
import { prescriptionFromJson, type PrescriptionJson } from '../../../src/therapy/prescription-json.ts';
import { MS_PER_HOUR } from '../../../src/therapy/quantities.ts';
import type { TitrationPhase } from '../../../src/therapy/titration.ts';
import type { Patient, PrescriptionRecord } from '../api.ts';
import { interruptedSinceOfRow, pumpAsKnown } from './pump-as-known.ts';

export interface LiveInput {
  readonly proposed: PrescriptionJson;
  readonly patient: Pick<Patient, 'birthDate' | 'etiology' | 'opioidStatus'>;
  readonly head: Pick<PrescriptionRecord, 'prescription' | 'createdAt'>;
  /** The server's clock when the head was read. */
  readonly asOf: number;
  /** When the chain's dose last changed, by the server (null: the head's record time). */
  readonly lastDoseChangeAt: number | null;
  readonly phase: TitrationPhase;
  readonly cnsDepressantsReviewed: boolean;
  /** The page's own interrogation (the API's snapshot), null when it made none. */
  readonly snapshot: Record<string, unknown> | null;
  /** The board's row for the patient, null when not read (or none). */
  readonly row: NotDeliveringRow | null;
}

/** See the module comment. */
export function liveReview(input: LiveInput) {
  const { head, asOf, patient } = input;
  const after = prescriptionFromJson(input.proposed);
  const pump = pumpAsKnown(input.snapshot, input.row, head);
  const since = interruptedSinceOfRow(input.row);
  const received =
    pump === null
      ? { before: prescriptionFromJson(head.prescription), reason: null }
      : doseReceived({
          snapshot: pump,
          head,
          now: asOf,
          ...(since === undefined ? {} : { interruptedSince: since }),
        });
  const opioidStatus = patient.opioidStatus ?? undefined;
  const review = reviewPrescriptionChange({
    before: received.before,
    after,
    origin: patient.etiology,
    // The age on the server's day, from the birth date, as the server's gate takes it.
    ageYears: rulesAgeOf(patient, asOf),
    // From the server's "dose last changed" (a new strength alone is no change), as its gate counts.
    hoursSinceLastChange: Math.max(0, (asOf - (input.lastDoseChangeAt ?? head.createdAt)) / MS_PER_HOUR),
    phase: input.phase,
    cnsDepressantsReviewed: input.cnsDepressantsReviewed,
    ...(opioidStatus === undefined ? {} : { opioidStatus }),
  });
  const pumpReasons =
    pump === null ? [] : consistencyReasons({ snapshot: pump, head }, after, received.reason);
  // A refused change shows its refusal only, as the plan will (programmer/plan-verdict.ts).
  return { ...review, guardrail: planVerdict([...pumpReasons, ...review.guardrail.reasons]) };
}
