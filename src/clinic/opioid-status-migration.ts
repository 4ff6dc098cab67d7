/**
 * Migration 0007_model_opioid_status: patients gain an `opioid_status` column (naive, tolerant; null until a
 * clinician records it), so the guardrails can apply an opioid's starting range by status
 * (docs/clinical-reference.md §2 [C: Infumorph label, section 2]). Existing patients stay unknown: nothing
 * in the old records says whether they take opioids. The CHECK is a column constraint, which both SQLite's
 * and PostgreSQL's ALTER TABLE … ADD COLUMN accept; the values are written out (not imported) so a later
 * edit of the status list cannot change what this released migration created.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const opioidStatusMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('patients')
      .addColumn('opioid_status', 'text', (c) => c.check(sql`opioid_status in ('naive', 'tolerant')`))
      .execute();
  },
};
