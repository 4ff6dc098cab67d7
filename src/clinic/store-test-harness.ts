/**
 * Test support for the clinic store suite: the same tests run against SQLite (a temp file) and against a
 * real PostgreSQL server (a fresh database per test on the server named by ITB_TEST_PG_URL — start one
 * with scripts/pg-test-server.sh). Each fresh database comes with a raw SQL handle that bypasses the store,
 * so tests can read columns as stored and tamper with rows the way an attacker with database access could.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DialectName } from './migrations.ts';
import { openStore, type OpenedStore, type OpenStoreOptions } from './open-store.ts';

/** The PostgreSQL server the suite may use; unset → the PostgreSQL half is skipped. */
export const PG_URL = process.env['ITB_TEST_PG_URL'] ?? '';

export const PG_SKIP_MESSAGE =
  'PostgreSQL store tests SKIPPED: ITB_TEST_PG_URL is unset — run `url=$(scripts/pg-test-server.sh)` ' +
  'and `ITB_TEST_PG_URL=$url npx vitest run src/clinic`';

// Say so out loud: a skipped suite is easy to miss in a green run.
if (PG_URL === '') console.warn(PG_SKIP_MESSAGE);

/** A fixed 32-byte key for tests (never a real one). */
export const TEST_KEY = '11'.repeat(32);

/** Raw SQL beside the store: rows come back as plain objects. */
export interface RawSql {
  exec(sql: string): Promise<void>;
  all(sql: string): Promise<Record<string, unknown>[]>;
}

export interface FreshDb {
  readonly dialect: DialectName;
  readonly url: string;
  readonly dir: string;
  readonly raw: RawSql;
  /** Opens a store on this database with a test key and a deterministic clock. */
  open(options?: OpenStoreOptions): Promise<OpenedStore>;
  dispose(): Promise<void>;
}

/**
 * A clock that starts at 2025-01-01T00:00:00Z and moves one second per reading: a year after the records the
 * suites write (from 2024-01-01), since a clinical time may not be in the future (clinical-time.ts).
 */
export function testClock(start = Date.UTC(2025, 0, 1)): () => number {
  let t = start - 1000;
  return () => (t += 1000);
}

function opener(url: string, dir: string) {
  return (options: OpenStoreOptions = {}) =>
    openStore(url, { secretKey: TEST_KEY, dataDir: dir, clock: testClock(), ...options });
}

function freshSqlite(): Promise<FreshDb> {
  const dir = mkdtempSync(join(tmpdir(), 'itb-clinic-'));
  const url = join(dir, 'itb.sqlite');
  let conn: Database.Database | undefined;
  const db = () => (conn ??= new Database(url, { fileMustExist: true, timeout: 5000 }));
  return Promise.resolve({
    dialect: 'sqlite',
    url,
    dir,
    raw: {
      // A failing statement becomes a rejection, as with pg.
      exec: (sql) => attempt(() => void db().exec(sql)),
      all: (sql) => attempt(() => db().prepare(sql).all() as Record<string, unknown>[]),
    },
    open: opener(url, dir),
    dispose() {
      conn?.close();
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
}

/** Runs a synchronous call, turning a throw into a rejected promise. */
function attempt<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

async function freshPostgres(): Promise<FreshDb> {
  const name = `itb_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const dir = mkdtempSync(join(tmpdir(), 'itb-clinic-pg-'));
  return {
    dialect: 'postgres',
    url,
    dir,
    raw: {
      exec: async (sql) => void (await client.query(sql)),
      all: async (sql) => (await client.query(sql)).rows as Record<string, unknown>[],
    },
    open: opener(url, dir),
    async dispose() {
      await client.end();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface BackendCase {
  readonly name: DialectName;
  /** Why the case is skipped, if it is. */
  readonly skip?: string;
  fresh(): Promise<FreshDb>;
}

/** The backends the suite runs against. */
export const BACKENDS: readonly BackendCase[] = [
  { name: 'sqlite', fresh: freshSqlite },
  PG_URL === ''
    ? { name: 'postgres', skip: PG_SKIP_MESSAGE, fresh: freshPostgres }
    : { name: 'postgres', fresh: freshPostgres },
];

/** SQL that lets a test tamper with append-only tables (as an attacker with database access would). */
export function disableGuards(dialect: DialectName, table: string): string {
  return dialect === 'sqlite'
    ? `drop trigger ${table}_no_update; drop trigger ${table}_no_delete;`
    : `alter table ${table} disable trigger user;`;
}

/** SQL installing a trigger that makes audit inserts for `entity` fail: a failure half-way through a write. */
export function injectAuditFailure(dialect: DialectName, entity: string): string {
  return dialect === 'sqlite'
    ? `create trigger test_fail before insert on audit_log when new.entity = '${entity}' ` +
        `begin select raise(abort, 'injected failure'); end;`
    : `create function test_fail() returns trigger language plpgsql as $$ begin ` +
        `raise exception 'injected failure'; end $$; ` +
        `create trigger test_fail before insert on audit_log for each row ` +
        `when (new.entity = '${entity}') execute function test_fail();`;
}

export function removeAuditFailure(dialect: DialectName): string {
  return dialect === 'sqlite'
    ? 'drop trigger test_fail;'
    : 'drop trigger test_fail on audit_log; drop function test_fail();';
}
