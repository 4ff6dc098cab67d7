/**
 * Migration 0007_pathway_initial_fill: the implant record keeps the initial fill put into the new pump at
 * surgery (clinic/initial-fill.ts), as JSON text. Nullable: implants recorded before it carry none, and
 * their first refill on record stays their first known contents.
 */
import type { Kysely, Migration } from 'kysely';

export const initialFillMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('implants').addColumn('initial_fill', 'text').execute();
  },
};
