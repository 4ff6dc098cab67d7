/**
 * The PostgreSQL backend (`postgres://` URL). INT8 columns are parsed to JS numbers with a safe-integer
 * check on this pool only (pg's default returns strings; the global parser is left alone). Writers are
 * serialised by locking the audit_head row FOR UPDATE (store-core.ts).
 *
 * Backup: there is no online-backup API to call from a client, so `backup()` writes a JSON Lines export
 * of every table, read in one REPEATABLE READ, READ ONLY snapshot (consistent across tables, blocks no
 * writer): a header line, one `{table,row}` line per row in primary-key order, and a footer with the row
 * counts so a truncated file is recognisable. For disaster recovery of a PostgreSQL deployment use
 * pg_dump / base backups as well; this export is what itb itself can guarantee.
 */
import { open as openFile, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ItbError } from '../therapy/codes.ts';
import type { Backend } from './backend.ts';
import { TABLES, type ClinicDatabase } from './db-schema.ts';

const PAGE = 1000;

function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n))
    throw new ItbError('ITB_E_OUT_OF_RANGE', `INT8 ${text} is not a safe integer`);
  return n;
}

/** PostgreSQL's type OID for INT8 (BIGINT), fixed in its catalogue (pg_type). */
const INT8_OID = 20;

function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8_OID && format !== 'binary') return parseInt8;
  return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
}

const types = { getTypeParser };

/** The URL with any password replaced by `***`, for messages and CLI output. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}

const primaryKey = (table: (typeof TABLES)[number]): string => (table === 'audit_log' ? 'seq' : 'id');

export function openPostgres(url: string, dataDir: string): Backend {
  const pool = new pg.Pool({ connectionString: url, max: 10, types, application_name: 'itb' });
  // An idle client's error (server restart) must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<ClinicDatabase>({ dialect: new PostgresDialect({ pool }) });

  return {
    dialect: 'postgres',
    db,
    dataDir,
    description: redactUrl(url),
    async backup(toPath: string) {
      const target = resolve(toPath);
      let fh;
      try {
        fh = await openFile(target, 'wx', 0o600);
      } catch (error) {
        throw new ItbError(
          'ITB_E_CLINIC_BACKUP_TARGET',
          `cannot create ${target}: ${(error as Error).message}`,
        );
      }
      try {
        return await db
          .transaction()
          .setIsolationLevel('repeatable read')
          .setAccessMode('read only')
          .execute(async (trx) => {
            const migrations = await sql<{
              name: string;
            }>`select name from kysely_migration order by name`.execute(trx);
            let bytes = 0;
            const write = async (value: unknown) => {
              const line = JSON.stringify(value) + '\n';
              bytes += Buffer.byteLength(line);
              await fh.write(line);
            };
            await write({
              format: 'itb-clinic-export',
              version: 1,
              dialect: 'postgres',
              migrations: migrations.rows.map((r) => r.name),
            });
            const counts: Record<string, number> = {};
            for (const table of TABLES) {
              counts[table] = 0;
              for (let offset = 0; ; offset += PAGE) {
                const page = await sql<
                  Record<string, unknown>
                >`select * from ${sql.table(table)} order by ${sql.ref(primaryKey(table))} limit ${PAGE} offset ${offset}`.execute(
                  trx,
                );
                for (const row of page.rows) await write({ table, row });
                counts[table] += page.rows.length;
                if (page.rows.length < PAGE) break;
              }
            }
            const head = await trx
              .selectFrom('audit_head')
              .select(['seq', 'hash'])
              .where('id', '=', 1)
              .executeTakeFirst();
            await write({ end: true, counts, auditHeadSeq: head?.seq ?? 0, auditHeadHash: head?.hash ?? '' });
            await fh.sync();
            return {
              path: target,
              format: 'jsonl' as const,
              bytes,
              auditHeadSeq: head?.seq ?? 0,
              auditHeadHash: head?.hash ?? '',
            };
          });
      } catch (error) {
        // A partial export must not be mistaken for a backup.
        await fh.close();
        await unlink(target);
        throw error;
      } finally {
        await fh.close().catch(() => undefined);
      }
    },
    async destroy() {
      await db.destroy();
    },
  };
}
