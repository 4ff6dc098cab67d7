/**
 * Migration 0010_mri_preparation: recorded MRI scans (docs/workflows.md "MRI preparation and follow-up"),
 * one append-only table of entries (plan, acceptance, ready, done) with the event tables' columns. A scan is
 * never edited: each step is a new row.
 */
import type { Migration } from 'kysely';
import type { DialectName } from '../migrations.ts';
import { appendOnlyEventTablesMigration } from '../append-only-tables.ts';

/** The table this migration creates. */
export const MRI_TABLES = ['mri_entries'] as const;

export function mriMigration(dialect: DialectName): Migration {
  return appendOnlyEventTablesMigration(dialect, MRI_TABLES);
}
