/**
 * What differs between the two databases, behind one small interface: how to connect, how to back up, how
 * to close. Everything else (records, audit, migrations) is written once against Kysely.
 */
import type { Kysely } from 'kysely';
import type { ClinicDatabase } from './db-schema.ts';
import type { DialectName } from './migrations.ts';
import type { BackupReport } from './store.ts';

/**
 * SQLite's `synchronous` level for every commit that writes a record: FULL, so a committed transaction
 * survives power loss (in WAL mode NORMAL may lose the last commits). store-core.ts lowers it for one
 * commit only, for a transaction that appends nothing but the audit entry of a read.
 */
export const SQLITE_SYNCHRONOUS = 'FULL';

export interface Backend {
  readonly dialect: DialectName;
  readonly db: Kysely<ClinicDatabase>;
  /**
   * Where read-only snapshots run when not on `db` (store-core.ts `readOnly`). SQLite: a second, read-only
   * connection, so a write never waits for a board read to hand back the single writing connection (issue
   * 14); in WAL mode a reader's snapshot blocks no writer. PostgreSQL's pool already gives each its own.
   */
  readonly reads?: Kysely<ClinicDatabase>;
  /** Where a generated key file goes when ITB_SECRET_KEY is unset. */
  readonly dataDir: string;
  /** The database, for messages: a path, or a URL with the password removed. */
  readonly description: string;
  backup(toPath: string): Promise<BackupReport>;
  destroy(): Promise<void>;
}
