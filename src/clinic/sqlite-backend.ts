/**
 * The SQLite backend (the default: a file under ./data, nothing to install). WAL so readers never block
 * the writer; `foreign_keys = ON` (SQLite's default is off); `synchronous = FULL` so a committed transaction
 * survives power loss (in WAL mode NORMAL may lose the last commits — "nothing committed may ever be
 * lost"); a busy timeout so a second process waits for the write lock instead of failing at once.
 *
 * Every write transaction begins IMMEDIATE: it takes the write lock before reading the audit head, so two
 * processes can never both extend the chain from the same head. Inside one process Kysely's single
 * connection already runs one transaction at a time. Do not open two stores on the same file in ONE
 * process: better-sqlite3 is synchronous, so the second would wait for a lock the first can never release
 * while the thread is blocked, and fail with ITB_E_CLINIC_BUSY after the timeout.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type TransactionSettings,
} from 'kysely';
import type { SqliteDialectConfig } from 'kysely';
import { ItbError } from '../therapy/codes.ts';
import { SQLITE_SYNCHRONOUS, type Backend } from './backend.ts';
import type { ClinicDatabase } from './db-schema.ts';
import { keepingStatements } from './sqlite-statements.ts';

/** How long a writer waits for another process's write lock. */
export const BUSY_TIMEOUT_MS = 5_000;

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(
    connection: DatabaseConnection,
    settings?: TransactionSettings,
  ): Promise<void> {
    // Read-only transactions (verifyAudit, backups) stay deferred: a WAL snapshot that blocks no writer.
    const begin = settings?.accessMode === 'read only' ? 'begin' : 'begin immediate';
    await connection.executeQuery(CompiledQuery.raw(begin));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/** Opens (and, unless `mustExist`, creates with mode 0600) the database file. */
export function openSqlite(path: string, opts: { readonly mustExist?: boolean } = {}): Backend {
  const memory = path === ':memory:';
  const file = memory ? path : resolve(path);
  if (!memory && !existsSync(file)) {
    if (opts.mustExist) throw new ItbError('ITB_E_CLINIC_DB_MISSING', `no database at ${file}`);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // Patient records: readable by the owner only. SQLite gives the -wal and -shm files the same mode.
    try {
      closeSync(openSync(file, 'wx', 0o600));
    } catch (error) {
      // Another process created it between the check and here: fine, open theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new ItbError('ITB_E_CLINIC_STORAGE', `cannot create ${file}: ${(error as Error).message}`);
      }
    }
  }
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { fileMustExist: !memory, timeout: BUSY_TIMEOUT_MS });
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`synchronous = ${SQLITE_SYNCHRONOUS}`);
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (error) {
    throw new ItbError('ITB_E_CLINIC_STORAGE', `cannot open ${file}: ${(error as Error).message}`);
  }
  const db = new Kysely<ClinicDatabase>({
    dialect: new ImmediateSqliteDialect({ database: keepingStatements(sqlite) }),
  });
  // Read-only snapshots on their own connection (Backend.reads); an in-memory database has only one.
  let reads: Kysely<ClinicDatabase> | undefined;
  if (!memory) {
    try {
      const reader = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
      reader.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      reads = new Kysely<ClinicDatabase>({
        dialect: new ImmediateSqliteDialect({ database: keepingStatements(reader) }),
      });
    } catch (error) {
      sqlite.close();
      throw new ItbError('ITB_E_CLINIC_STORAGE', `cannot open ${file}: ${(error as Error).message}`);
    }
  }

  return {
    dialect: 'sqlite',
    db,
    ...(reads === undefined ? {} : { reads }),
    dataDir: memory ? resolve('data') : dirname(file),
    description: memory ? 'sqlite::memory:' : `sqlite:${file}`,
    async backup(toPath: string) {
      const target = resolve(toPath);
      try {
        closeSync(openSync(target, 'wx', 0o600));
      } catch (error) {
        throw new ItbError(
          'ITB_E_CLINIC_BACKUP_TARGET',
          `cannot create ${target}: ${(error as Error).message}`,
        );
      }
      try {
        // Hold Kysely's single connection so no transaction of ours is half-way while pages are copied.
        await db.connection().execute(() => sqlite.backup(target));
      } catch (error) {
        unlinkSync(target);
        throw new ItbError('ITB_E_CLINIC_STORAGE', `backup failed: ${(error as Error).message}`);
      }
      const copy = new Database(target, { readonly: true, fileMustExist: true });
      try {
        const check = copy.pragma('integrity_check', { simple: true });
        if (check !== 'ok')
          throw new ItbError(
            'ITB_E_CLINIC_STORAGE',
            `the backup fails its integrity check: ${String(check)}`,
          );
        const head = copy.prepare('select seq, hash from audit_head where id = 1').get() as
          { seq: number; hash: string } | undefined;
        return {
          path: target,
          format: 'sqlite',
          bytes: statSync(target).size,
          auditHeadSeq: head?.seq ?? 0,
          auditHeadHash: head?.hash ?? '',
        };
      } finally {
        copy.close();
      }
    },
    async destroy() {
      await reads?.destroy();
      await db.destroy();
    },
  };
}
