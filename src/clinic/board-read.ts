/**
 * The risk board's bulk read (`ClinicStore.boardRecords`): everything clinic/risk-board.ts needs for every
 * patient in ONE transaction with set-based queries — patients, implants, every prescription (the head is
 * found by walking each chain, so a forked or broken chain is still ITB_E_CLINIC_CORRUPT_RECORD), the last
 * three refills per patient, the programming sessions that can matter, and the open alerts — and ONE audit
 * entry naming every record shown ("who saw what", docs/clinic-store.md).
 *
 * Why: the per-patient path made four audited transactions per patient (31 s for 1,000 patients on
 * SQLite). The board only looks at the last refill, the last three refills' reconciliation verdicts, the
 * last session (battery) and the latest interrogation reporting a reservoir volume that is later than the
 * last refill (pump-contents.ts `lastPumpState`), so those are the rows read:
 * - refills: the last three per patient by (at, created_at, id) — the per-patient list's order;
 * - sessions: the last one per patient, plus every session known (pump-contents.ts `knownAt`) no earlier
 *   than all of the patient's refills (all of them when there is no refill; one at the same instant as the
 *   last refill may be the status read back after it, pump-contents.ts `rank`). Any session the basis could pick is in that set, in the same order,
 *   so the board rows are the same as from the full lists (tested in board-read.int.test.ts).
 */
import { sql } from 'kysely';
import type { EventTable, PrescriptionsTable } from './db-schema.ts';
import { refillFrom, sessionFrom } from './event-rows.ts';
import { alertFrom } from './alerts-audit-repo.ts';
import { implantFrom, patientFrom } from './people-repo.ts';
import { orderChain, prescriptionRecordFrom } from './prescription-chain.ts';
import type { ActorContext } from './records.ts';
import type { BoardPatientRecords } from './risk-board.ts';
import type { StoreCore } from './store-core.ts';

/** How many of each patient's latest refills the board reads (risk-board.ts: the reconciliation trend). */
export const BOARD_REFILLS_PER_PATIENT = 3;

/** pump-contents.ts `knownAt` in SQL: a record's time, never later than when it was written. */
const KNOWN_AT = (t: string) =>
  sql.raw(`(case when ${t}.at < ${t}.created_at then ${t}.at else ${t}.created_at end)`);

const EVENT_COLUMNS = sql.raw('id, patient_id, implant_id, at, body, created_at, created_by');

/** Appends `v` to the list under `k`. */
function push<V>(m: Map<string, V[]>, k: string, v: V): void {
  const list = m.get(k);
  if (list === undefined) m.set(k, [v]);
  else list.push(v);
}

export class BoardRead {
  constructor(private readonly core: StoreCore) {}

  /** See the module comment. Lists in each record are oldest first, as the per-patient reads return them. */
  boardRecords(ctx: ActorContext): Promise<BoardPatientRecords[]> {
    return this.core.tx(ctx, async (t) => {
      const trx = t.trx;
      const patients = await trx.selectFrom('patients').selectAll().orderBy('name').orderBy('id').execute();
      const implants = await trx
        .selectFrom('implants')
        .selectAll()
        .orderBy('patient_id')
        .orderBy('implant_date')
        .orderBy('id')
        .execute();
      const prescriptions = await trx.selectFrom('prescriptions').selectAll().execute();
      const refills = await sql<EventTable>`
        select ${EVENT_COLUMNS} from (
          select r.*, row_number() over (
            partition by patient_id order by at desc, created_at desc, id desc) as rn
          from refills r) x
        where x.rn <= ${BOARD_REFILLS_PER_PATIENT}
        order by patient_id, at, created_at, id`.execute(trx);
      const sessions = await sql<EventTable>`
        select ${EVENT_COLUMNS} from (
          select s.*, row_number() over (
            partition by patient_id order by at desc, created_at desc, id desc) as rn
          from programming_sessions s) x
        where x.rn = 1
           or not exists (select 1 from refills r where r.patient_id = x.patient_id
             and ${KNOWN_AT('r')} > ${KNOWN_AT('x')})
        order by patient_id, at, created_at, id`.execute(trx);
      const alerts = await trx
        .selectFrom('alerts')
        .selectAll()
        .where('resolved_at', 'is', null)
        .orderBy('raised_at')
        .orderBy('id')
        .execute();

      const implantsOf = new Map<string, typeof implants>();
      for (const r of implants) push(implantsOf, r.patient_id, r);
      const rxOf = new Map<string, PrescriptionsTable[]>();
      for (const r of prescriptions) push(rxOf, r.patient_id, r);
      const refillsOf = new Map<string, EventTable[]>();
      for (const r of refills.rows) push(refillsOf, r.patient_id, r);
      const sessionsOf = new Map<string, EventTable[]>();
      for (const r of sessions.rows) push(sessionsOf, r.patient_id, r);
      const alertsOf = new Map<string, typeof alerts>();
      for (const r of alerts) push(alertsOf, r.patient_id, r);

      const shown = { implants: [] as string[], prescriptions: [] as string[] };
      const records = patients.map((p): BoardPatientRecords => {
        const head = orderChain(rxOf.get(p.id) ?? [], p.id).at(-1);
        const imps = implantsOf.get(p.id) ?? [];
        shown.implants.push(...imps.map((i) => i.id));
        if (head !== undefined) shown.prescriptions.push(head.id);
        return {
          patient: patientFrom(p),
          implants: imps.map(implantFrom),
          current: head === undefined ? null : prescriptionRecordFrom(head),
          refills: (refillsOf.get(p.id) ?? []).map(refillFrom),
          sessions: (sessionsOf.get(p.id) ?? []).map(sessionFrom),
          openAlerts: (alertsOf.get(p.id) ?? []).map(alertFrom),
        };
      });
      // One entry for the whole board, naming every record it showed (not four per patient).
      await t.audit(ctx, 'view', 'board', '*', {
        patients: patients.map((p) => p.id),
        implants: shown.implants,
        prescriptions: shown.prescriptions,
        refills: refills.rows.map((r) => r.id),
        sessions: sessions.rows.map((r) => r.id),
        alerts: alerts.map((r) => r.id),
      });
      return records;
    });
  }
}
