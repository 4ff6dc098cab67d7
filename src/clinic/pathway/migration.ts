/**
 * Migration 0005_pathway_records: the care pathway's records (docs/workflows.md "Care pathway") —
 * candidacy evaluations with the team's decision, post-operative checks, and explants. Each has the event
 * tables' columns (db-schema.ts EventTable) and is append-only with its own triggers, because 0002
 * (released) names only the tables that existed then; the tables and triggers come from the one builder
 * (append-only-tables.ts), which on PostgreSQL reuses 0002's `itb_refuse_change()`.
 */
import type { Migration } from 'kysely';
import { appendOnlyEventTablesMigration } from '../append-only-tables.ts';
import type { DialectName } from '../migrations.ts';

/** The tables this migration creates. */
export const PATHWAY_TABLES = ['candidacy_evaluations', 'postop_checks', 'explants'] as const;

export function pathwayMigration(dialect: DialectName): Migration {
  return appendOnlyEventTablesMigration(dialect, PATHWAY_TABLES);
}
