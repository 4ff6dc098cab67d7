/**
 * Shared plumbing of the clinical-event tables (screening trials, programming sessions,
 * refills, assessments, complications, appointments): each row keeps its patient, implant and clinical time
 * as columns and the rest as a canonical JSON body, re-validated on every read; inserting checks the
 * references and writes the audit entry in the same transaction.
 */
import { z } from 'zod';
import { checkClinicalTime } from './clinical-time.ts';
import { ItbError } from '../therapy/codes.ts';
import type { EpochMs } from '../therapy/quantities.ts';
import { APPOINTMENT_STATUSES } from './appointment-lifecycle.ts';
import {
  appointmentBodySchema,
  assessmentBodySchema,
  complicationBodySchema,
  refillStoredSchema,
  sessionBodySchema,
  trialBodySchema,
  type Appointment,
  type Assessment,
  type Complication,
  type ProgrammingSession,
  type Refill,
  type Trial,
} from './clinical-records.ts';
import type { EventTable, EventTableName } from './db-schema.ts';
import { requireImplant, requirePatient } from './people-repo.ts';
import type { ActorContext, RecordMeta } from './records.ts';
import { toJsonText, parseStored, type StoreCore, type Tx } from './store-core.ts';

const appointmentStatusSchema = z.enum(APPOINTMENT_STATUSES);

const meta = (r: EventTable): RecordMeta => ({
  id: r.id,
  createdAt: r.created_at as EpochMs,
  createdBy: r.created_by,
});

/** Sessions and refills always name their implant; a null means the row was altered. */
function implantOf(r: EventTable, what: string): string {
  if (r.implant_id === null)
    throw new ItbError('ITB_E_CLINIC_CORRUPT_RECORD', `${what} ${r.id} lost its implant`);
  return r.implant_id;
}

export const trialFrom = (r: EventTable): Trial => ({
  ...parseStored(trialBodySchema, r.body, `trial ${r.id}`),
  patientId: r.patient_id,
  at: r.at,
  ...meta(r),
});
export const sessionFrom = (r: EventTable): ProgrammingSession => ({
  ...parseStored(sessionBodySchema, r.body, `programming session ${r.id}`),
  patientId: r.patient_id,
  implantId: implantOf(r, 'programming session'),
  at: r.at,
  ...meta(r),
});
export const refillFrom = (r: EventTable): Refill => ({
  ...parseStored(refillStoredSchema, r.body, `refill ${r.id}`),
  patientId: r.patient_id,
  implantId: implantOf(r, 'refill'),
  at: r.at,
  ...meta(r),
});
export const assessmentFrom = (r: EventTable): Assessment => ({
  ...parseStored(assessmentBodySchema, r.body, `assessment ${r.id}`),
  patientId: r.patient_id,
  at: r.at,
  ...meta(r),
});
export const complicationFrom = (r: EventTable): Complication => ({
  ...parseStored(complicationBodySchema, r.body, `complication ${r.id}`),
  patientId: r.patient_id,
  implantId: r.implant_id,
  at: r.at,
  ...meta(r),
});
/** An appointment row; `status` is absent only on a row just built for insertion (then it is booked). */
export const appointmentFrom = (r: EventTable & { readonly status?: string }): Appointment => ({
  ...parseStored(appointmentBodySchema, r.body, `appointment ${r.id}`),
  status: parseStored(appointmentStatusSchema, JSON.stringify(r.status ?? 'booked'), `appointment ${r.id}`),
  patientId: r.patient_id,
  implantId: r.implant_id,
  at: r.at,
  ...meta(r),
});

export interface EventHead {
  readonly patientId: string;
  readonly implantId: string | null;
  readonly at: number;
}

/** Checks references, inserts the row and audits it; `body` is everything but the head columns. */
export async function insertEvent<R>(
  core: StoreCore,
  t: Tx,
  ctx: ActorContext,
  table: EventTableName,
  entity: string,
  head: EventHead,
  body: object,
  from: (r: EventTable) => R,
  verdict?: string,
): Promise<R> {
  const patient = await requirePatient(t.trx, head.patientId);
  const implant =
    head.implantId === null ? null : await requireImplant(t.trx, head.implantId, head.patientId);
  if (table !== 'appointments') {
    checkClinicalTime(
      head.at,
      t.now,
      implant === null
        ? { date: patient.birth_date, what: 'patient’s birth date' }
        : { date: implant.implant_date, what: 'implant date' },
    );
  }
  const row: EventTable = {
    id: core.newId(),
    patient_id: head.patientId,
    implant_id: head.implantId,
    at: head.at,
    body: toJsonText(body),
    created_at: t.now,
    created_by: ctx.actor,
  };
  if (table === 'refills') {
    await t.trx
      .insertInto('refills')
      .values({ ...row, verdict: verdict ?? 'ok' })
      .execute();
  } else {
    await t.trx.insertInto(table).values(row).execute();
  }
  const record = from(row);
  await t.audit(ctx, 'create', entity, row.id, record);
  return record;
}

/** A patient's events of one kind, by clinical time (one audited `list` entry). */
export function listEvents<R>(
  core: StoreCore,
  table: EventTableName,
  entity: string,
  patientId: string,
  ctx: ActorContext,
  from: (r: EventTable) => R,
): Promise<R[]> {
  return core.tx(ctx, async (t) => {
    await requirePatient(t.trx, patientId);
    const rows: EventTable[] = await t.trx
      .selectFrom(table)
      .select(['id', 'patient_id', 'implant_id', 'at', 'body', 'created_at', 'created_by'])
      .where('patient_id', '=', patientId)
      .orderBy('at')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    await t.audit(ctx, 'list', entity, patientId, { ids: rows.map((r) => r.id) });
    return rows.map(from);
  });
}

/**
 * The one record with `id` among those `fold` builds from a patient's append-only entries of one table
 * (an MRI scan, a troubleshooting episode), read oldest first inside the write's own transaction `t`;
 * refused as not found with `missing` when the patient has none with that id.
 */
export async function foldedRecordIn<E, R extends { readonly id: string }>(
  t: Tx,
  log: {
    readonly table: EventTableName;
    readonly from: (r: EventTable) => E;
    readonly fold: (entries: E[]) => readonly R[];
  },
  patientId: string,
  id: string,
  missing: string,
): Promise<R> {
  const rows = await t.trx
    .selectFrom(log.table)
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('at')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const record = log.fold(rows.map(log.from)).find((x) => x.id === id);
  if (record === undefined) throw new ItbError('ITB_E_CLINIC_NOT_FOUND', missing);
  return record;
}
