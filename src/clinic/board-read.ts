/**
 * The risk board's bulk read (`ClinicStore.boardRecords`): everything clinic/risk-board.ts needs for every
 * patient in ONE transaction with set-based queries — patients, implants, every prescription (the head is
 * found by walking each chain, so a forked or broken chain is still ITB_E_CLINIC_CORRUPT_RECORD), the last
 * three refills per patient, the programming sessions that can matter, and the open alerts — and ONE audit
 * entry naming every record shown ("who saw what", docs/clinic-store.md).
 *
 * Why: the per-patient path made four audited transactions per patient (31 s for 1,000 patients on
 * SQLite). The board only looks at the last refill, the last three refills' reconciliation verdicts, the
 * last session (battery), each implant's last session that reads the battery (the ERI/EOS projection,
 * pathway/battery-projection.ts) and the latest interrogation reporting a reservoir volume that is later
 * than the last refill (pump-contents.ts `lastPumpState`), so those are the rows read:
 * - refills: the last three per patient by (at, created_at, id) — the per-patient list's order;
 * - sessions: the last one per patient, plus every session known (pump-contents.ts `knownAt`) no earlier
 *   than all of the patient's refills (all of them when there is no refill; one at the same instant as the
 *   last refill may be the status read back after it, pump-contents.ts `rank`), plus each implant's last
 *   session that reads the battery — without it, a refill and a later session that reads no battery put
 *   the board's ERI/EOS projection on the implant's age while the pathway page projected from the reading.
 *   Any session the basis could pick is in that set, in the same order, so the board rows are the same as
 *   from the full lists (tested in board-read.int.test.ts).
 */
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { ClinicDatabase, EventTable, PrescriptionsTable } from './db-schema.ts';
import { appointmentFrom, refillFrom, sessionFrom } from './event-rows.ts';
import type { Appointment } from './clinical-records.ts';
import { alertFrom } from './alerts-audit-repo.ts';
import { implantFrom, patientFrom } from './people-repo.ts';
import { orderChain, prescriptionRecordFrom } from './prescription-chain.ts';
import { actorSchema, type ActorContext } from './records.ts';
import { isBoardFailure } from './board-row-failure.ts';
import { countPathwayDue, readBoardPage, type BoardPageQuery, type BoardPageRead } from './board-page.ts';
import type { PathwayTableRecords } from './pathway/board-items.ts';
import { readPathwayBoardRecords } from './pathway/pathway-repo.ts';
import type { BoardPatientRecords } from './risk-board.ts';
import { parseInput, readOnly, type StoreCore } from './store-core.ts';

/** How many of each patient's latest refills the board reads (risk-board.ts: the reconciliation trend). */
export const BOARD_REFILLS_PER_PATIENT = 3;

/** pump-contents.ts `knownAt` in SQL: a record's time, never later than when it was written. */
const KNOWN_AT = (t: string) =>
  sql.raw(`(case when ${t}.at < ${t}.created_at then ${t}.at else ${t}.created_at end)`);

const EVENT_COLUMNS = sql.raw('id, patient_id, implant_id, at, body, created_at, created_by');

/**
 * A session whose body may carry the battery reading (`interrogation.batteryEri`, the key the care pathway's
 * battery projection reads: pathway/pathway-view.ts `lastReading`), in SQL both databases run: the body is
 * canonical JSON text, so the key is written `"batteryEri":`. A superset (the key nested deeper also
 * matches; SQLite's LIKE ignores case): the projection itself decides from the records which one counts.
 */
const MAY_READ_BATTERY = (t: string) => sql.raw(`${t}.body like '%"batteryEri":%'`);

/**
 * A session that may say the battery is at ERI (`"batteryEri":true`, or `"eri"` among the pump status's
 * alarms: pathway-view.ts `lastReading`; a superset as above): the first one of each implant is read too,
 * as the 90 days to EOS count from the first report (battery-projection.ts).
 */
const SAYS_ERI = (t: string) => sql.raw(`(${t}.body like '%"batteryEri":true%' or ${t}.body like '%"eri"%')`);

/** Appends `v` to the list under `k`. */
function push<V>(m: Map<string, V[]>, k: string, v: V): void {
  const list = m.get(k);
  if (list === undefined) m.set(k, [v]);
  else list.push(v);
}

/** How {@link readBoardRecords} reads: `explants: false` only in migration 0005's backfill (see there). */
export interface BoardReadOptions {
  readonly explants?: boolean;
}

/** What {@link readBoardRecords} returns: the records, and the ids of every record in them (for the audit). */
export interface BoardRecordsRead {
  readonly records: BoardPatientRecords[];
  readonly shown: BoardShown;
}

/** A page of the board and the care pathway's records of the patients on it. */
export interface BoardView extends BoardPageRead {
  readonly pathway: PathwayTableRecords[];
  /** Patients with a care pathway item due now, on every page (the board header's count). */
  readonly pathwayDue: number;
}

/** One page of the refills due (the board's order) and the booked appointments in the window. */
export interface RemindersRead extends BoardPageRead {
  readonly appointments: Appointment[];
}

/** What `GET /reminders` asks: refills due before `until` (or overdue) and visits in [now, until). */
export interface RemindersQuery {
  readonly page: number;
  readonly limit: number;
  readonly until: number;
}

/** The ids of every record a board view showed ("who saw what"). */
export interface BoardShown {
  readonly patients: string[];
  readonly implants: string[];
  readonly prescriptions: string[];
  readonly refills: string[];
  readonly sessions: string[];
  readonly alerts: string[];
}

/** The ids of every record in `records` (the details of a board view's audit entry). */
export function shownIn(records: readonly BoardPatientRecords[]): BoardShown {
  return {
    patients: records.map((r) => r.patient.id),
    implants: records.flatMap((r) => r.implants.map((i) => i.id)),
    prescriptions: records.flatMap((r) => (r.current === null ? [] : [r.current.id])),
    refills: records.flatMap((r) => r.refills.map((x) => x.id)),
    sessions: records.flatMap((r) => r.sessions.map((x) => x.id)),
    alerts: records.flatMap((r) => r.openAlerts.map((x) => x.id)),
  };
}

/**
 * The board's records for every patient, or only for `only` (the stored board rows, board-rows.ts, are
 * refreshed from this same read, so the cache and the full read cannot select differently). Not audited:
 * the caller audits what it shows.
 */
export async function readBoardRecords(
  trx: Kysely<ClinicDatabase>,
  only?: readonly string[],
  opts: BoardReadOptions = {},
): Promise<BoardPatientRecords[]> {
  if (only !== undefined && only.length === 0) return [];
  const inOnly = (column: string) =>
    only === undefined ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.ref(column)} in (${sql.join(only)})`;
  const patients = await trx
    .selectFrom('patients')
    .selectAll()
    .where(inOnly('id'))
    .orderBy('name')
    .orderBy('id')
    .execute();
  const implants = await trx
    .selectFrom('implants')
    .selectAll()
    .where(inOnly('patient_id'))
    .orderBy('patient_id')
    .orderBy('implant_date')
    .orderBy('id')
    .execute();
  const prescriptions = await trx
    .selectFrom('prescriptions')
    .selectAll()
    .where(inOnly('patient_id'))
    .execute();
  const refills = await sql<EventTable>`
    select ${EVENT_COLUMNS} from (
      select r.*, row_number() over (
        partition by patient_id order by at desc, created_at desc, id desc) as rn
      from refills r where ${inOnly('r.patient_id')}) x
    where x.rn <= ${BOARD_REFILLS_PER_PATIENT}
    order by patient_id, at, created_at, id`.execute(trx);
  const sessions = await sql<EventTable>`
    select ${EVENT_COLUMNS} from (
      select s.*, row_number() over (
        partition by patient_id order by at desc, created_at desc, id desc) as rn,
        case when ${MAY_READ_BATTERY('s')} then row_number() over (
          partition by patient_id, implant_id, case when ${MAY_READ_BATTERY('s')} then 1 else 0 end
          order by at desc, created_at desc, id desc) end as battery_rn,
        case when ${SAYS_ERI('s')} then row_number() over (
          partition by patient_id, implant_id, case when ${SAYS_ERI('s')} then 1 else 0 end
          order by at, created_at, id) end as first_eri_rn
      from programming_sessions s where ${inOnly('s.patient_id')}) x
    where x.rn = 1
       or x.battery_rn = 1
       or x.first_eri_rn = 1
       or not exists (select 1 from refills r where r.patient_id = x.patient_id
         and ${KNOWN_AT('r')} > ${KNOWN_AT('x')})
    order by patient_id, at, created_at, id`.execute(trx);
  // The appointments made since the last refill (refill-booking.ts: a refill closes every booking made
  // before it), for the board's late-booking reason; the booked ones are kept below. `a.*`, not the status
  // column by name: migration 0005's backfill runs this read before 0006 adds that column (every
  // appointment was booked then, as appointmentFrom reads a row without one).
  const bookings = await sql<EventTable & { status?: string }>`
    select a.* from appointments a
    where ${inOnly('a.patient_id')}
      and not exists (select 1 from refills r where r.patient_id = a.patient_id
        and ${KNOWN_AT('r')} > a.created_at)
    order by patient_id, at, created_at, id`.execute(trx);
  // The explants (a pump removed and not replaced is no pump to refill): not before the table exists, in
  // migration 0005's backfill, which runs before 0005_pathway_records creates it (no explant exists then).
  const explants =
    opts.explants === false
      ? []
      : await trx
          .selectFrom('explants')
          .select(['patient_id', 'implant_id', 'at'])
          .where(inOnly('patient_id'))
          .orderBy('patient_id')
          .orderBy('at')
          .orderBy('id')
          .execute();
  const alerts = await trx
    .selectFrom('alerts')
    .selectAll()
    .where('resolved_at', 'is', null)
    .where(inOnly('patient_id'))
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
  const bookingsOf = new Map<string, (EventTable & { status?: string })[]>();
  for (const r of bookings.rows) if ((r.status ?? 'booked') === 'booked') push(bookingsOf, r.patient_id, r);
  const explantsOf = new Map<string, { implantId: string; at: number }[]>();
  for (const r of explants) push(explantsOf, r.patient_id, { implantId: r.implant_id, at: Number(r.at) });
  const alertsOf = new Map<string, typeof alerts>();
  for (const r of alerts) push(alertsOf, r.patient_id, r);

  return patients.map((p): BoardPatientRecords => ({
    patient: patientFrom(p),
    implants: (implantsOf.get(p.id) ?? []).map(implantFrom),
    current: ((head) => (head === undefined ? null : prescriptionRecordFrom(head)))(
      orderChain(rxOf.get(p.id) ?? [], p.id).at(-1),
    ),
    refills: (refillsOf.get(p.id) ?? []).map(refillFrom),
    sessions: (sessionsOf.get(p.id) ?? []).map(sessionFrom),
    openAlerts: (alertsOf.get(p.id) ?? []).map(alertFrom),
    bookings: (bookingsOf.get(p.id) ?? []).map(appointmentFrom),
    explants: explantsOf.get(p.id) ?? [],
  }));
}

export class BoardRead {
  constructor(private readonly core: StoreCore) {}

  /** See the module comment. Lists in each record are oldest first, as the per-patient reads return them. */
  boardRecords(ctx: ActorContext): Promise<BoardPatientRecords[]> {
    return this.core.tx(ctx, async (t) => {
      const records = await readBoardRecords(t.trx);
      // One entry for the whole board, naming every record it showed (not four per patient).
      await t.audit(ctx, 'view', 'board', '*', shownIn(records));
      return records;
    });
  }

  /**
   * One page of the board from the stored rows (board-page.ts), the care pathway's records of the patients
   * on it (pathway/board-items.ts) and the count of patients with a pathway item due on every page (the
   * stored columns, pathway/board-pathway.ts), all from ONE read-only snapshot without the write lock; then
   * ONE audit entry naming only the records shown and the query (one insert: the read holds no lock).
   */
  async boardPage(q: BoardPageQuery, now: number, ctx: ActorContext): Promise<BoardView> {
    parseInput(actorSchema, ctx.actor, 'actor');
    const { read, pathway, pathwayDue } = await readOnly(this.core, async (db) => {
      const page = await readBoardPage(db, this.core.deps.dialect, q, now);
      const ids = page.records.filter((e) => !isBoardFailure(e)).map((e) => e.patient.id);
      return {
        read: page,
        pathway: await readPathwayBoardRecords(db, ids),
        pathwayDue: await countPathwayDue(db, now),
      };
    });
    await this.core.tx(ctx, (t) =>
      t.audit(ctx, 'view', 'board', '*', {
        ...shownIn(read.records.filter((e): e is BoardPatientRecords => !isBoardFailure(e))),
        // The rows that could not be computed are shown too (board-row-failure.ts).
        notComputed: read.records.filter(isBoardFailure).map((e) => e.patient.id),
        pathway: pathway.ids,
        query: q,
        total: read.total,
        pathwayDue,
      }),
    );
    return { ...read, pathway: pathway.records, pathwayDue };
  }

  /**
   * One page of the refills due by `q.until` (or overdue) from the stored board rows, in the board's order,
   * and the booked appointments starting in [now, until), from ONE read-only snapshot; ONE read entry
   * naming only the records shown (as {@link boardPage}). Before, every patient's records were read and
   * audited on each call.
   */
  async reminders(q: RemindersQuery, now: number, ctx: ActorContext): Promise<RemindersRead> {
    parseInput(actorSchema, ctx.actor, 'actor');
    const page = { page: q.page, limit: q.limit, sort: 'risk', filters: [], dueBefore: q.until } as const;
    const read = await readOnly(this.core, async (db) => {
      const due = await readBoardPage(db, this.core.deps.dialect, page, now);
      // Only visits still booked are reminders: a cancelled or attended one needs no call.
      const visits = await db
        .selectFrom('appointments')
        .select(['id', 'patient_id', 'implant_id', 'at', 'body', 'created_at', 'created_by', 'status'])
        .where('at', '>=', now)
        .where('at', '<', q.until)
        .where('status', '=', 'booked')
        .orderBy('at')
        .orderBy('id')
        .execute();
      return { ...due, appointments: visits.map(appointmentFrom) };
    });
    await this.core.tx(ctx, (t) =>
      t.audit(ctx, 'view', 'reminders', '*', {
        ...shownIn(read.records.filter((e): e is BoardPatientRecords => !isBoardFailure(e))),
        notComputed: read.records.filter(isBoardFailure).map((e) => e.patient.id),
        appointments: read.appointments.map((a) => a.id),
        query: q,
        total: read.total,
      }),
    );
    return read;
  }
}
