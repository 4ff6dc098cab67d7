/**
 * Migration 0005_pathway_records: the care pathway's records (docs/workflows.md "Care pathway") —
 * candidacy evaluations with the team's decision, post-operative checks, and explants. Both have the event tables'
 * columns (db-schema.ts EventTable) and are append-only with their own triggers, because 0002 (released)
 * names only the tables that existed then. On PostgreSQL they reuse 0002's `itb_refuse_change()`.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../migrations.ts';

/** The tables this migration creates. */
export const PATHWAY_TABLES = ['candidacy_evaluations', 'postop_checks', 'explants'] as const;

const GUARD_MESSAGE = 'ITB_E_CLINIC_APPEND_ONLY';

export function pathwayMigration(dialect: DialectName): Migration {
  return appendOnlyEventTablesMigration(dialect, PATHWAY_TABLES);
}

/**
 * A migration creating `tables` with the event tables' columns, each append-only by its own triggers
 * (later migrations reuse it: 0006_trouble_episodes).
 */
export function appendOnlyEventTablesMigration(dialect: DialectName, tables: readonly string[]): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const t of tables) {
        await db.schema
          .createTable(t)
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
          .addColumn('implant_id', 'text')
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addForeignKeyConstraint(`${t}_implant`, ['patient_id', 'implant_id'], 'implants', [
            'patient_id',
            'id',
          ])
          .execute();
        await db.schema.createIndex(`${t}_patient_at`).on(t).columns(['patient_id', 'at']).execute();
        if (dialect === 'sqlite') {
          for (const op of ['update', 'delete'] as const) {
            await sql
              .raw(
                `create trigger ${t}_no_${op} before ${op} on ${t} begin ` +
                  `select raise(abort, '${GUARD_MESSAGE}: ${t} is append-only'); end`,
              )
              .execute(db);
          }
          continue;
        }
        await sql
          .raw(
            `create trigger ${t}_append_only before update or delete on ${t} ` +
              `for each row execute function itb_refuse_change()`,
          )
          .execute(db);
        await sql
          .raw(
            `create trigger ${t}_no_truncate before truncate on ${t} ` +
              `for each statement execute function itb_refuse_change()`,
          )
          .execute(db);
      }
    },
  };
}
