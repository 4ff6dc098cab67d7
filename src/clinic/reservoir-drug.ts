/**
 * The drug in an implant's reservoir as the records have it: the drug its last refill put in, else its
 * initial fill's, else the drug of the prescription in force (which a fill must match:
 * prescribed-contents.ts). A refill's residual held this drug, so the reconciliation of that residual names
 * this drug's signs of too much and too little (therapy/reconcile.ts), not those of the drug going in.
 */
import type { DrugId } from '../therapy/drug.ts';
import { refillFrom } from './event-rows.ts';
import { initialFillSchema } from './initial-fill.ts';
import { headPrescription } from './prescription-chain.ts';
import { parseStored, type Trx } from './store-core.ts';

/** See the module comment; null when nothing on record names a drug. */
export async function drugInReservoir(
  trx: Trx,
  patientId: string,
  implantId: string,
): Promise<DrugId | null> {
  const last = await trx
    .selectFrom('refills')
    .selectAll()
    .where('implant_id', '=', implantId)
    .orderBy('at', 'desc')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (last !== undefined) return refillFrom(last).drug;
  const implant = await trx
    .selectFrom('implants')
    .select('initial_fill')
    .where('id', '=', implantId)
    .executeTakeFirst();
  if (implant !== undefined && implant.initial_fill !== null) {
    return parseStored(initialFillSchema, implant.initial_fill, `implant ${implantId}`).drug;
  }
  const rx = (await headPrescription(trx, patientId))?.prescription;
  return rx === undefined || rx.mode === 'stopped' ? null : rx.drug;
}
