/**
 * The audit entry of a read commits without waiting for the disk flush (store-core.ts `read-audit`; issue
 * 14: a board view waited for a flush that took 320 ms at p99 on a shared disk, and held the audit chain
 * for as long), on SQLite and PostgreSQL (when ITB_TEST_PG_URL is set). The hazards checked: a record must
 * never commit at the lower level — neither inside a read-audit transaction (refused, nothing written) nor
 * in any transaction after one (SQLite's level is per connection and must be put back) — and the chain
 * stays whole.
 */
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ItbError } from '../therapy/codes.ts';
import type { Backend } from './backend.ts';
import { openPostgres } from './postgres-backend.ts';
import { openSqlite } from './sqlite-backend.ts';
import type { ClinicDatabase } from './db-schema.ts';
import { parseSecretKey } from './secret-box.ts';
import { StoreCore } from './store-core.ts';
import { auditCount, NURSE } from './store-test-fixtures.ts';
import { BACKENDS, type FreshDb } from './store-test-harness.ts';

describe.each(BACKENDS)('audit of reads ($name)', (backend) => {
  let db: FreshDb;
  let be: Backend | undefined;
  let core: StoreCore;
  beforeEach(async () => {
    if (backend.skip !== undefined) return;
    db = await backend.fresh();
    await (await db.open()).close(); // migrated
    // The throwaway server runs with synchronous_commit off (scripts/pg-test-server.sh): a deployment's
    // default is on, and only then can the test tell a read's commit from a record's.
    if (db.dialect === 'postgres') {
      await db.raw.exec(`alter database ${new URL(db.url).pathname.slice(1)} set synchronous_commit = on`);
    }
    be = db.dialect === 'sqlite' ? openSqlite(db.url, { mustExist: true }) : openPostgres(db.url, db.dir);
    let n = 0;
    core = new StoreCore({
      db: be.db,
      dialect: be.dialect,
      clock: () => Date.UTC(2025, 0, 1),
      newId: () => `id-${++n}`,
      secretKey: () => parseSecretKey('11'.repeat(32)),
    });
  });
  afterEach(async () => {
    if (backend.skip !== undefined) return;
    await be?.destroy();
    await db.dispose();
  });

  /** The commit level the transaction runs at: SQLite `synchronous` (2 FULL, 1 NORMAL), PostgreSQL on/off. */
  const level = async (on: Kysely<ClinicDatabase>): Promise<string> => {
    const q = db.dialect === 'sqlite' ? sql`pragma synchronous` : sql`show synchronous_commit`;
    const row = (await q.execute(on)).rows[0] as Record<string, unknown>;
    return String(Object.values(row)[0]);
  };
  const DURABLE = () => (db.dialect === 'sqlite' ? '2' : 'on');

  it.skipIf(backend.skip !== undefined)(
    "a read's audit entry does not wait for the disk flush; every record write before and after it does",
    async () => {
      const relaxed = db.dialect === 'sqlite' ? '1' : 'off';
      const seen: string[] = [];
      await core.tx(NURSE, async (t) => {
        seen.push(await level(t.trx));
        await t.audit(NURSE, 'create', 'note', 'n-1');
      });
      await core.tx(
        NURSE,
        async (t) => {
          seen.push(await level(t.trx));
          await t.audit(NURSE, 'view', 'board', '*', { patients: ['p-1'] });
        },
        'read-audit',
      );
      await core.tx(NURSE, async (t) => {
        seen.push(await level(t.trx));
        await t.audit(NURSE, 'create', 'note', 'n-2');
      });
      expect(seen).toEqual([DURABLE(), relaxed, DURABLE()]);
      expect(await auditCount(db.raw)).toBe(3);
    },
  );

  it.skipIf(backend.skip !== undefined)(
    'a read-audit transaction that writes a record is refused and commits nothing, and the next write is durable',
    async () => {
      const before = await auditCount(db.raw);
      const refused = core.tx(
        NURSE,
        async (t) => {
          await t.audit(NURSE, 'view', 'board', '*');
          await t.audit(NURSE, 'create', 'note', 'n-1');
        },
        'read-audit',
      );
      await expect(refused).rejects.toBeInstanceOf(ItbError);
      await expect(refused).rejects.toMatchObject({ code: 'ITB_E_CLINIC_STORAGE' });
      expect(await auditCount(db.raw)).toBe(before);
      expect(await core.tx(NURSE, (t) => level(t.trx))).toBe(DURABLE());
    },
  );

  it.skipIf(backend.skip !== undefined)(
    'read entries and record entries interleaved keep one whole hash chain',
    async () => {
      for (let i = 0; i < 6; i++) {
        await core.tx(
          NURSE,
          (t) => t.audit(NURSE, i % 2 === 0 ? 'view' : 'create', 'note', `n-${i}`),
          i % 2 === 0 ? 'read-audit' : 'durable',
        );
      }
      await be?.destroy();
      be = undefined; // one SQLite connection per file in a process (sqlite-backend.ts)
      const store = await db.open();
      try {
        expect((await store.verifyAudit()).ok).toBe(true);
        expect(await auditCount(db.raw)).toBe(6);
      } finally {
        await store.close();
      }
    },
  );
});
