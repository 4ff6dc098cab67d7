/**
 * Codes of the clinician programmer's workflows (docs/workflows.md): why a workflow refused to go on, and
 * the reasons its own checks add to the therapy guardrails (pump vs record, refill checklist, screening).
 */
import { defineCodes } from '../therapy/codes.ts';
import { reasonFor } from '../therapy/verdict.ts';

export const PROGRAMMER_CODES = defineCodes({
  ITB_E_PROG_NOT_CONFIRMED: {
    kind: 'error',
    summary: 'A write was asked for without the explicit confirmation of the pending-vs-current review.',
  },
  ITB_E_PROG_BLOCKED: {
    kind: 'error',
    summary: 'The guardrails blocked the change: it is never sent to the pump.',
  },
  ITB_E_PROG_JUSTIFICATION_REQUIRED: {
    kind: 'error',
    summary: 'A guardrail warned and no justification for the override was recorded.',
  },
  ITB_E_PROG_NO_CHANGE: { kind: 'error', summary: 'The pending prescription equals the current one.' },
  ITB_E_PROG_INTERROGATION: {
    kind: 'error',
    summary: 'The pump did not answer an interrogation with what was asked; nothing was written.',
  },
  ITB_E_PROG_STEP_INCOMPLETE: {
    kind: 'error',
    summary: 'A workflow was applied before every step in its order was completed and confirmed.',
  },
  ITB_E_PROG_REFILL_CONTENTS_MISMATCH: {
    kind: 'error',
    summary:
      'The refill syringe’s drug or concentration differs from the pump’s and no prescription in force names it.',
  },
  ITB_E_PROG_PLAN_STALE: {
    kind: 'error',
    summary:
      'A refill was recorded for the pump after the plan’s interrogation (another tab, programmer or colleague): nothing was sent or recorded; interrogate again.',
  },
  ITB_E_PROG_SCREENING: {
    kind: 'error',
    summary: 'A screening-trial dose or decision does not follow the protocol (scores, order, spacing).',
  },
  ITB_R_PROG_DELIVERY_STOPPED: {
    kind: 'reason',
    summary:
      'Delivery is stopped: the change is written to the pump but runs only once delivery is resumed with the restart plan.',
  },
  ITB_R_PROG_PUMP_CHAIN_MISMATCH: {
    kind: 'reason',
    summary: 'The prescription the pump runs differs from the head of the clinic record chain.',
  },
  ITB_R_PROG_CONCENTRATION_MISMATCH: {
    kind: 'reason',
    summary: 'A dose change names a drug or concentration other than what the pump holds.',
  },
  ITB_R_PROG_PUMP_STATE: {
    kind: 'reason',
    summary:
      'The pump reports a state in which the workflow must not go on (bolus running, memory error, already stopped or already delivering).',
  },
  ITB_R_PROG_STEP_PENDING: {
    kind: 'reason',
    summary: 'A refill critical action has not been confirmed yet; the workflow waits at it.',
  },
  ITB_R_PROG_PORT_NOT_CONFIRMED: {
    kind: 'reason',
    summary: 'Injection into the reservoir port (not the catheter access port) was not confirmed.',
  },
  ITB_R_PROG_LEAK_FOUND: { kind: 'reason', summary: 'A leak was found at the refill: do not refill.' },
  ITB_R_PROG_DISCREPANCY_UNEXPLAINED: {
    kind: 'reason',
    summary: 'The residual discrepancy warned and no explanation was recorded: if unsure, do not refill.',
  },
  ITB_R_PROG_DISCREPANCY_EXPLAINED: {
    kind: 'reason',
    summary: 'The residual discrepancy warned and the clinician recorded an explanation to go on.',
  },
  ITB_R_PROG_OVERFILL: {
    kind: 'reason',
    summary: 'The volume to add exceeds the reservoir: do not overfill.',
  },
  ITB_R_PROG_DRUG_CHANGE: {
    kind: 'reason',
    summary: 'A refill with a different drug: a new prescription is needed, not a refill.',
  },
  ITB_R_PROG_CONCENTRATION_NOT_ALLOWED: {
    kind: 'reason',
    summary: 'The refill concentration is not one the drug library allows.',
  },
  ITB_R_PROG_WITHDRAWAL_WARNING: {
    kind: 'reason',
    summary:
      "Stopping a drug with a withdrawal risk (its harm is the drug's own: baclofen withdrawal, opioid withdrawal, clonidine rebound) can start within hours: a justification and a restart plan are needed.",
  },
  ITB_R_PROG_NO_WITHDRAWAL: {
    kind: 'reason',
    summary:
      'Stopping a drug with no withdrawal risk (ziconotide, bupivacaine, saline) says so in the drug’s words; no justification is needed.',
  },
  ITB_R_PROG_BOLUS_ABOVE_CAP: {
    kind: 'reason',
    summary: 'A clinician bolus is above the drug library’s single-bolus cap: it is never sent.',
  },
  ITB_R_PROG_BOLUS_OBSERVE: {
    kind: 'reason',
    summary: 'Every clinician bolus can cause overdose: the justification names who observes the patient.',
  },
  ITB_R_PROG_ALARM_SETTING_OUT_OF_RANGE: {
    kind: 'reason',
    summary:
      'An alarm setting is outside the range the pump’s device profile allows, or the pump has no such alarm: it is never sent.',
  },
  ITB_R_PROG_LOW_RESERVOIR_LOWERED: {
    kind: 'reason',
    summary:
      'A low-reservoir threshold below the profile default leaves less time between the alarm and an empty pump (withdrawal risk): a justification is needed.',
  },
  ITB_R_PROG_PATIENT_BOLUS_MORE_DRUG: {
    kind: 'reason',
    summary:
      'A patient-controlled bolus setting lets the patient take more drug a day (or sooner) than before: overdose risk, a justification is needed.',
  },
  ITB_R_PROG_RESTART_AFTER_INTERRUPTION: {
    kind: 'reason',
    summary:
      'Delivery stopped longer than the drug’s restart threshold: do not restart at the prior full dose (re-titrate).',
  },
  ITB_R_PROG_PUMP_AT_ERI: {
    kind: 'reason',
    summary:
      'The pump reports its elective replacement indicator: it stops within about 90 days. Plan the replacement before a refill is booked past it (justification needed).',
  },
  ITB_R_PROG_PUMP_AT_EOS: {
    kind: 'reason',
    summary:
      'The pump reports end of service: it may stop delivering at any time (withdrawal). Replace it now; a refill does not make it safe (justification needed).',
  },
  ITB_R_PROG_NEXT_REFILL: {
    kind: 'reason',
    summary: 'When the next refill is due and when it is booked.',
  },
  ITB_R_PROG_FILL_DOES_NOT_LAST: {
    kind: 'reason',
    summary:
      'The fill leaves the pump due for its next refill at once (at or below its low-reservoir alarm margin): check the volume to add — a slip such as 2 mL for 20 — or name why a fill this small is meant (justification needed).',
  },
  ITB_R_PROG_NO_REFILL_DATE: {
    kind: 'reason',
    summary: 'No refill-by date could be projected (nothing delivered): book the next visit by hand.',
  },
  ITB_R_PROG_ALARM_NOT_HEARD: {
    kind: 'reason',
    summary: 'The patient could not hear or feel the alarm test: the clinic must not rely on pump alarms.',
  },
  ITB_R_PROG_ALARM_HEARD: { kind: 'reason', summary: 'The patient heard or felt the alarm test.' },
  ITB_R_PROG_SCREENING_DECISION: {
    kind: 'reason',
    summary: 'The screening decision (candidate, not a candidate, next dose) and why.',
  },
} as const);

export type ProgrammerCode = keyof typeof PROGRAMMER_CODES;

/** A reason with one of this module's codes. */
export const progReason = reasonFor<ProgrammerCode>();
