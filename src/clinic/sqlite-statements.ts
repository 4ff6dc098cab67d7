/**
 * SQLite's prepared statements kept by their SQL text, for Kysely's SQLite dialect. Kysely asks the database
 * to prepare every query it runs, and better-sqlite3 compiles each one anew: a board page (a few queries,
 * each the same text every time) spent more of its CPU compiling SQL than running it (docs/performance.md,
 * "Board"). A statement is reused only when idle (`busy` is false: not in the middle of an iteration);
 * SQLite recompiles a kept statement itself when the schema changes under it (a migration).
 */
import type Database from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Distinct statements kept (least recently used dropped first): Kysely's texts vary only with list lengths. */
export const KEPT_STATEMENTS = 500;

export function keepingStatements(db: Database.Database, kept = KEPT_STATEMENTS): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      const known = statements.get(sql);
      if (known !== undefined && !known.busy) {
        // Most recently used last, so the first key is the one to drop.
        statements.delete(sql);
        statements.set(sql, known);
        return known;
      }
      const fresh = db.prepare(sql);
      statements.set(sql, fresh);
      if (statements.size > kept) statements.delete(statements.keys().next().value as string);
      return fresh;
    },
  };
}
