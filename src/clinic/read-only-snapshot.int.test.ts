/**
 * A read-only transaction (store-core.ts `readOnly`: a board page, its pathway items and its counts) reads
 * ONE snapshot, on SQLite and PostgreSQL: a write committed while it runs is seen by none of its reads.
 * PostgreSQL's default isolation (read committed) takes a new snapshot for every statement, so before, a
 * page's ids, its total and its rows could come from different moments.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useFreshStore } from './fresh-store.test-support.ts';
import { openPostgres } from './postgres-backend.ts';
import { parseSecretKey } from './secret-box.ts';
import { openSqlite } from './sqlite-backend.ts';
import { readOnly, StoreCore } from './store-core.ts';
import { BACKENDS, TEST_KEY } from './store-test-harness.ts';
import { DOCTOR, patientInput } from './store-test-fixtures.ts';

describe.each(BACKENDS)('read-only snapshot ($name)', (backend) => {
  const fresh = useFreshStore(backend);

  it.skipIf(backend.skip !== undefined)(
    'a board page’s reads on PostgreSQL were not one snapshot: a write committed between two reads of one read-only transaction is seen by neither',
    async () => {
      const { db, store } = fresh;
      await store.createPatient(patientInput(1), DOCTOR);
      // The snapshot under test runs on connections of its own; the write between its reads goes through
      // the fresh store.
      const connections = db.dialect === 'postgres' ? openPostgres(db.url, db.dir) : openSqlite(db.url);
      try {
        const key = parseSecretKey(TEST_KEY, 'the test key');
        const core = new StoreCore({
          db: connections.db,
          reads: connections.reads,
          dialect: connections.dialect,
          clock: () => Date.UTC(2024, 0, 1),
          newId: () => randomUUID(),
          secretKey: () => key,
        });
        const count = async (q: typeof connections.db) =>
          Number(
            (
              await q
                .selectFrom('patients')
                .select((e) => e.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          );
        const seen = await readOnly(core, async (snapshot) => {
          const before = await count(snapshot);
          await store.createPatient(patientInput(2), DOCTOR);
          return { before, after: await count(snapshot) };
        });
        expect(seen).toEqual({ before: 1, after: 1 });
        expect(await count(connections.db)).toBe(2);
      } finally {
        await connections.destroy();
      }
    },
    60_000,
  );
});
