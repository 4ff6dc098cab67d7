/**
 * Who may use the programmer routes (`/api/v1/patients/:patientId/pump/…`, pump-routes.ts and the modules it
 * mounts): the pump extension's part of the one authorization table (authz-table.ts). Kept apart from the
 * routes so the command line applies the same rules to the same actions without loading the HTTP server
 * (src/cli/acting-user.ts).
 *
 * Physicians titrate, stop and resume, give a bolus or a priming bolus, change alarm settings and
 * patient-controlled bolus settings and change a catheter; nurses refill, interrogate, test the alarm and
 * read the event log (authz-table.ts role split).
 */
import type { AuthorizationTable } from './authz-table.ts';

/** The programmer routes' prefix. */
export const PUMP_PREFIX = '/api/v1/patients/:patientId/pump';
const P = PUMP_PREFIX;

const PHYSICIAN = { roles: ['physician'] } as const;
const CLINICIANS = { roles: ['physician', 'nurse'] } as const;

export const PUMP_RULES: AuthorizationTable = {
  [`POST ${P}/interrogate`]: CLINICIANS,
  [`POST ${P}/titration/plan`]: PHYSICIAN,
  [`POST ${P}/titration/apply`]: PHYSICIAN,
  [`POST ${P}/refill/plan`]: CLINICIANS,
  [`POST ${P}/refill/apply`]: CLINICIANS,
  [`POST ${P}/alarm-test`]: CLINICIANS,
  // A catheter change re-programs the pump and primes the catheter: a physician's change.
  [`POST ${P}/catheter/plan`]: PHYSICIAN,
  [`POST ${P}/catheter/apply`]: PHYSICIAN,
  // Stopping or resuming delivery, a bolus and a priming bolus change the therapy: a physician's decision.
  [`POST ${P}/stop/plan`]: PHYSICIAN,
  [`POST ${P}/stop/apply`]: PHYSICIAN,
  [`POST ${P}/resume/plan`]: PHYSICIAN,
  [`POST ${P}/resume/apply`]: PHYSICIAN,
  [`POST ${P}/bolus/plan`]: PHYSICIAN,
  [`POST ${P}/bolus/apply`]: PHYSICIAN,
  [`POST ${P}/priming/plan`]: PHYSICIAN,
  [`POST ${P}/priming/apply`]: PHYSICIAN,
  // A lowered low-reservoir threshold leaves less time before an empty pump: a therapy-safety decision
  // (docs/workflows.md "Alarm settings").
  [`POST ${P}/alarm-settings/plan`]: PHYSICIAN,
  [`POST ${P}/alarm-settings/apply`]: PHYSICIAN,
  // Patient-controlled boluses let the patient add drug (overdose risk, docs/hazards.md): a physician's change.
  [`POST ${P}/patient-bolus/plan`]: PHYSICIAN,
  [`POST ${P}/patient-bolus/apply`]: PHYSICIAN,
  // A stand-alone read of the pump (nothing on it changes).
  [`POST ${P}/event-log`]: CLINICIANS,
};
