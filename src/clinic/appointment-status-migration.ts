/**
 * Migration 0006_followup_appointment_status: appointments gain a `status` column (booked, attended,
 * cancelled — appointment-lifecycle.ts), so the diary and the one-open-refill-booking rule can leave out
 * closed visits. Existing rows are booked, as they were. The CHECK is a column constraint, which both
 * SQLite's and PostgreSQL's ALTER TABLE … ADD COLUMN accept; the values are written out (not imported) so a
 * later edit of the status list cannot change what this released migration created.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const appointmentStatusMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('appointments')
      .addColumn('status', 'text', (c) =>
        c
          .notNull()
          .defaultTo('booked')
          .check(sql`status in ('booked', 'attended', 'cancelled')`),
      )
      .execute();
    await db.schema
      .createIndex('appointments_patient_status')
      .on('appointments')
      .columns(['patient_id', 'status'])
      .execute();
  },
};
