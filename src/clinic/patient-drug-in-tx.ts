/**
 * The drug a patient receives (patient-drug.ts), read inside a write's transaction: the prescription in
 * force, else the latest implant's initial fill; an unknown patient is refused. No audit entry of its own — the write it serves is audited.
 */
import type { DrugId } from '../therapy/drug.ts';
import { implantFrom, requirePatient } from './people-repo.ts';
import { patientDrug } from './patient-drug.ts';
import { headPrescription } from './prescription-chain.ts';
import type { Trx } from './store-core.ts';

export async function patientDrugInTx(trx: Trx, patientId: string): Promise<DrugId | null> {
  await requirePatient(trx, patientId);
  const current = await headPrescription(trx, patientId);
  const implants = await trx.selectFrom('implants').selectAll().where('patient_id', '=', patientId).execute();
  return patientDrug(current, implants.map(implantFrom))?.drug ?? null;
}
