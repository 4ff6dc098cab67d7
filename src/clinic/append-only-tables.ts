/**
 * The one builder of the append-only guards' SQL and of the event tables that carry them, shared by the
 * migrations that create such tables (0002, 0003, 0005_pathway_records, 0006_trouble_episodes). Released
 * migrations never change (migrations.ts): every migration built here sends, statement for statement, the
 * text it sent when released — migrations-frozen.int.test.ts hashes it. Change nothing here that an old
 * migration sends; a new kind of guard is a new function.
 *
 * Why triggers: history is never edited (docs/architecture.md principle 8); the store never updates these
 * tables, and the triggers refuse it from anyone else with database access (defence in depth).
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from './migrations.ts';

/** The code in every refusal, mapped back to ITB_E_CLINIC_APPEND_ONLY (store-core.ts `toItbError`). */
export const GUARD_MESSAGE = 'ITB_E_CLINIC_APPEND_ONLY';

/** PostgreSQL: the statement trigger refusing TRUNCATE on `table` (row triggers do not fire on it). */
export const noTruncateSql = (table: string): string =>
  `create trigger ${table}_no_truncate before truncate on ${table} ` +
  `for each statement execute function itb_refuse_change()`;

/**
 * The statements that make `table` append-only: SQLite, a trigger refusing UPDATE and one refusing DELETE;
 * PostgreSQL, a row trigger refusing both and the TRUNCATE trigger, through 0002's `itb_refuse_change()`.
 */
export function appendOnlyTriggerSql(dialect: DialectName, table: string): string[] {
  if (dialect === 'sqlite') {
    return (['update', 'delete'] as const).map(
      (op) =>
        `create trigger ${table}_no_${op} before ${op} on ${table} begin ` +
        `select raise(abort, '${GUARD_MESSAGE}: ${table} is append-only'); end`,
    );
  }
  return [
    `create trigger ${table}_append_only before update or delete on ${table} ` +
      `for each row execute function itb_refuse_change()`,
    noTruncateSql(table),
  ];
}

/** Runs `statements` one by one, in order. */
export async function runAll(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/**
 * A migration creating `tables` with the event tables' columns (db-schema.ts EventTable), each with its
 * patient/implant key, its (patient_id, at) index and its append-only triggers.
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
        await runAll(db, appendOnlyTriggerSql(dialect, t));
      }
    },
  };
}
