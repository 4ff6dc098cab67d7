/**
 * The findings the clinic's records settle, whatever the caller typed: whether the patient's infusion holds
 * an intrathecal opioid — the drug of the prescription in force, else the implant's initial fill
 * (patient-drug.ts) — which points the troubleshooting guide at a catheter-tip granuloma when the effect is
 * lost or new neurological signs appear (docs/clinical-reference.md §2; docs/hazards.md H41). Read by the
 * episode routes and `itb troubleshoot`, so a morphine patient's episode is never ranked as baclofen's; and
 * the drug itself, so a loss of delivery is answered with that drug's remedy (causes.ts `remediesOf`).
 */
import { getDrug } from '../../therapy/drug-library.ts';
import type { DrugId } from '../../therapy/drug.ts';
import { patientDrug } from '../patient-drug.ts';
import type { ActorContext } from '../records.ts';
import type { ClinicStore } from '../store.ts';

export interface RecordFindings {
  readonly intrathecalOpioid: boolean;
  /** The drug in the pump: the guide's remedies for a loss of delivery are that drug's. */
  readonly drug: DrugId | null;
}

export async function recordFindings(
  store: Pick<ClinicStore, 'currentPrescription' | 'listImplants'>,
  patientId: string,
  ctx: ActorContext,
): Promise<RecordFindings> {
  const current = await store.currentPrescription(patientId, ctx);
  const implants = await store.listImplants(patientId, ctx);
  const drug = patientDrug(current, implants);
  return {
    intrathecalOpioid: drug !== null && getDrug(drug.drug).opioid === true,
    drug: drug?.drug ?? null,
  };
}
