/**
 * The findings the clinic's records settle, whatever the caller typed:
 * - whether the patient's infusion holds an intrathecal opioid — the drug of the prescription in force,
 *   else the implant's initial fill (patient-drug.ts) — which points the troubleshooting guide at a
 *   catheter-tip granuloma when the effect is lost or new neurological signs appear (docs/clinical-reference.md
 *   §2; docs/hazards.md H41); and the drug itself, so a loss of delivery is answered with that drug's remedy
 *   (causes.ts `remediesOf`);
 * - whether the clinic stopped the pump in place (a verified stop with no confirmed resume since:
 *   delivery-stop.ts). Before, the guide ranked catheter faults first for a patient whose pump the clinic
 *   had stopped, and never named the stop.
 * Read by the episode routes and `itb troubleshoot`, so a morphine patient's episode is never ranked as
 * baclofen's.
 */
import { getDrug } from '../../therapy/drug-library.ts';
import type { DrugId } from '../../therapy/drug.ts';
import { stoppedSinceFrom } from '../delivery-stop.ts';
import { implantInUse } from '../implant-in-use.ts';
import { patientDrug } from '../patient-drug.ts';
import type { ActorContext } from '../records.ts';
import type { ClinicStore } from '../store.ts';

export interface RecordFindings {
  readonly intrathecalOpioid: boolean;
  /** The drug in the pump: the guide's remedies for a loss of delivery are that drug's. */
  readonly drug: DrugId | null;
  /** Present (true) when the clinic's stop stands; absent otherwise, so a pump's own report typed in stays. */
  readonly deliveryStopped?: true;
}

export async function recordFindings(
  store: Pick<
    ClinicStore,
    'currentPrescription' | 'listImplants' | 'listExplants' | 'listProgrammingSessions'
  >,
  patientId: string,
  ctx: ActorContext,
): Promise<RecordFindings> {
  const current = await store.currentPrescription(patientId, ctx);
  const implants = await store.listImplants(patientId, ctx);
  const drug = patientDrug(current, implants);
  const inUse = implantInUse(implants, await store.listExplants(patientId, ctx));
  const stopped =
    inUse !== undefined &&
    stoppedSinceFrom(await store.listProgrammingSessions(patientId, ctx), inUse.id) !== undefined;
  return {
    intrathecalOpioid: drug !== null && getDrug(drug.drug).opioid === true,
    drug: drug?.drug ?? null,
    ...(stopped ? { deliveryStopped: true as const } : {}),
  };
}
