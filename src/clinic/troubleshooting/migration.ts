/**
 * Migration 0006_trouble_episodes: recorded troubleshooting episodes (docs/troubleshooting.md "Recorded
 * episodes"), one append-only table of entries (open, step, close) with the event tables' columns. An
 * episode is never edited: a step or closing is a new row, so the path taken stays as it was recorded.
 */
import type { Migration } from 'kysely';
import type { DialectName } from '../migrations.ts';
import { appendOnlyEventTablesMigration } from '../append-only-tables.ts';

/** The table this migration creates. */
export const TROUBLE_TABLES = ['troubleshooting_entries'] as const;

export function troubleMigration(dialect: DialectName): Migration {
  return appendOnlyEventTablesMigration(dialect, TROUBLE_TABLES);
}
