/**
 * The audit viewer's filters (issue 12, item 7) as one WHERE clause: who (actor), what (action, entity,
 * record), which patient, a time range, and seq bounds for paging either way. "Which patient" means the
 * entries about the patient itself and about every record that belongs to the patient (implants,
 * prescriptions, refills, sessions, events, diary entries, alerts), found by id in the owning tables.
 */
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { ClinicDatabase } from './db-schema.ts';
import { OWNED_TABLES } from './record-owner.ts';
import type { AuditFilter } from './store.ts';

type AuditQuery = SelectQueryBuilder<ClinicDatabase, 'audit_log', object>;

/** Entries whose record is the patient or one of the patient's records. */
function aboutPatient(eb: ExpressionBuilder<ClinicDatabase, 'audit_log'>, patientId: string) {
  return eb.or([
    eb('entity_id', '=', patientId),
    ...[...OWNED_TABLES, 'diary_entries' as const].map((table) =>
      eb('entity_id', 'in', eb.selectFrom(table).select('id').where('patient_id', '=', patientId)),
    ),
  ]);
}

/** Narrows an audit_log query to `filter` (each field optional; all given ones must hold). */
export function applyAuditFilter<Q extends AuditQuery>(q: Q, filter: AuditFilter): Q {
  let out = q as AuditQuery;
  if (filter.entity !== undefined) out = out.where('entity', '=', filter.entity);
  if (filter.entityId !== undefined) out = out.where('entity_id', '=', filter.entityId);
  if (filter.actor !== undefined) out = out.where('actor', '=', filter.actor);
  if (filter.action !== undefined) out = out.where('action', '=', filter.action);
  if (filter.fromSeq !== undefined) out = out.where('seq', '>=', filter.fromSeq);
  if (filter.beforeSeq !== undefined) out = out.where('seq', '<', filter.beforeSeq);
  if (filter.from !== undefined) out = out.where('at', '>=', filter.from);
  if (filter.to !== undefined) out = out.where('at', '<', filter.to);
  const { patientId } = filter;
  if (patientId !== undefined) out = out.where((eb) => aboutPatient(eb, patientId));
  return out as Q;
}
