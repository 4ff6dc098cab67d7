/**
 * A pump removed and not replaced stops intrathecal delivery at once. For a drug whose abrupt stop is itself
 * a hazard (the drug library's `withdrawalRisk`: baclofen's boxed warning, opioids, clonidine), recording the
 * removal raises a critical withdrawal-risk alert naming what the stop risks, with its source
 * (`titration.reduction.abruptHarm`) and what the clinic does while the drug is stopped (the emergency words'
 * `whileStopped`: baclofen, an oral bridge), so the team plans how the patient is covered now — nothing else in the
 * record would say that the patient has just had their drug stopped. A person resolves it with the plan
 * (no recorded action closes it). docs/hazards.md H72.
 */
import type { PrescriptionJson } from '../../therapy/prescription-json.ts';
import { getDrug } from '../../therapy/drug-library.ts';
import { drugEmergency } from '../../therapy/drug-emergency.ts';
import type { AlertInput } from '../clinical-records.ts';
import { clinicDayText } from '../time-zone.ts';

export function removalWithdrawalAlert(input: {
  readonly patientId: string;
  readonly implantId: string;
  readonly removedAt: number;
  /** The prescription in force when the pump came out (null: none recorded). */
  readonly prescription: PrescriptionJson | null;
}): AlertInput | null {
  const rx = input.prescription;
  if (rx === null || rx.mode === 'stopped') return null;
  const drug = getDrug(rx.drug);
  const harm = drug.titration.reduction?.abruptHarm;
  if (!drug.withdrawalRisk || harm === undefined) return null;
  return {
    patientId: input.patientId,
    implantId: input.implantId,
    kind: 'withdrawal-risk',
    severity: 'critical',
    since: input.removedAt,
    message:
      `Pump removed on ${clinicDayText(input.removedAt)} with no replacement: intrathecal ${drug.id} ` +
      `has stopped. An abrupt stop risks ${harm.value}. Until intrathecal delivery is restored: ` +
      `${drugEmergency(drug.id).whileStopped}. Resolve this alert with the plan.`,
    source: harm.source,
  };
}
