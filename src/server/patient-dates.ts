/**
 * One patient's dates — refill-by, low alarm, empty (and since when), battery, the pump's open conditions —
 * from the ONE projection of the facts (clinic/risk-board.ts `boardRow`: recorded refills, the prescription
 * in force, the pump's latest interrogation, open alerts). The board, the refill wizard, the reports and
 * the patient page read their dates here, so no two of them can disagree.
 */
import { boardRow, type BoardRow } from '../clinic/risk-board.ts';
import type { ActorContext } from '../clinic/records.ts';
import type { ClinicStore } from '../clinic/store.ts';

/** The board row of one patient at `now`. */
export async function patientDates(
  store: ClinicStore,
  patientId: string,
  ctx: ActorContext,
  now: number,
): Promise<BoardRow> {
  const patient = await store.getPatient(patientId, ctx);
  return boardRow(
    {
      patient,
      implants: await store.listImplants(patientId, ctx),
      current: await store.currentPrescription(patientId, ctx),
      refills: await store.listRefills(patientId, ctx),
      sessions: await store.listProgrammingSessions(patientId, ctx),
      openAlerts: await store.listAlerts({ patientId, openOnly: true }, ctx),
    },
    now,
  );
}
