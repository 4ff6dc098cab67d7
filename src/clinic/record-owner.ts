/**
 * Which patient a record belongs to, from its id alone: what a FHIR read of `/fhir/<type>/<id>` needs to
 * find the record's patient before the (audited) load of that patient's record. Reads only ids.
 */
import type { Kysely } from 'kysely';
import type { ClinicDatabase } from './db-schema.ts';

/** The tables whose rows belong to one patient, looked up in this order. */
export const OWNED_TABLES = [
  'implants',
  'prescriptions',
  'refills',
  'screening_trials',
  'programming_sessions',
  'assessments',
  'complications',
  'appointments',
  'candidacy_evaluations',
  'postop_checks',
  'explants',
  'troubleshooting_entries',
  'mri_entries',
  'alerts',
] as const;

/** The patient id owning the record `id` (a patient id owns itself), or undefined when no record has it. */
export async function patientOfRecord(db: Kysely<ClinicDatabase>, id: string): Promise<string | undefined> {
  const patient = await db.selectFrom('patients').select('id').where('id', '=', id).executeTakeFirst();
  if (patient !== undefined) return patient.id;
  for (const table of OWNED_TABLES) {
    const row = await db.selectFrom(table).select('patient_id').where('id', '=', id).executeTakeFirst();
    if (row !== undefined) return row.patient_id;
  }
  return undefined;
}
