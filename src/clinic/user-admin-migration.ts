/**
 * Migration 0005 (controls): an account can be disabled — who disabled it and when — instead of deleted, so
 * the audit trail's actors keep naming an account that exists. Nullable: an account in use.
 */
import type { Kysely, Migration } from 'kysely';

export const userAdminMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('users').addColumn('disabled_at', 'bigint').execute();
    await db.schema.alterTable('users').addColumn('disabled_by', 'text').execute();
  },
};
