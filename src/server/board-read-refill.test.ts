/**
 * Refill writes during board reads (issue 14): a refill POST through the real app completes while a board
 * read holds its read-only snapshot on the same store's connections. Ordered by promises, not timed: the
 * POST is awaited inside the snapshot, so if the write waited for the read (SQLite's single connection,
 * before reads had their own), it would never complete.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readBoardPage } from '../clinic/board-page.ts';
import { isBoardFailure } from '../clinic/board-row-failure.ts';
import { KyselyClinicStore } from '../clinic/kysely-store.ts';
import { openPostgres } from '../clinic/postgres-backend.ts';
import { parseSecretKey } from '../clinic/secret-box.ts';
import { openSqlite } from '../clinic/sqlite-backend.ts';
import { readOnly, StoreCore } from '../clinic/store-core.ts';
import { TEST_KEY } from '../clinic/store-test-harness.ts';
import { DOCTOR, continuous, implantInput, patientInput } from '../clinic/store-test-fixtures.ts';
import { hashPassword } from './auth/passwords.ts';
import { buildApp } from './app.ts';
import { API_BACKENDS, PASSWORD, TEST_COST } from './test-support.ts';

const T0 = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;

describe.each(API_BACKENDS)('refill writes during board reads ($name)', (backend) => {
  it.skipIf(backend.skip !== undefined)(
    'refill writes during board reads: a refill POST completes while a board read holds its snapshot',
    async () => {
      const db = await backend.fresh();
      const connections = db.dialect === 'postgres' ? openPostgres(db.url, db.dir) : openSqlite(db.url);
      const clock = { t: T0 + 30 * DAY };
      const key = parseSecretKey(TEST_KEY, 'the test key');
      const deps = { clock: () => clock.t, newId: () => randomUUID(), secretKey: () => key };
      const store = new KyselyClinicStore({ backend: connections, ...deps });
      const app = await buildApp({ store, now: () => clock.t });
      try {
        await store.migrate();
        const p = await store.createPatient(patientInput(1), DOCTOR);
        const imp = await store.addImplant(implantInput(p.id, 'R-1'), DOCTOR);
        await store.appendPrescription(p.id, continuous(400, 2000), { ...DOCTOR, expectedHeadId: null });
        await store.createUser(
          {
            email: 'nurse@clinic.example',
            name: 'Nurse',
            role: 'nurse',
            passwordHash: await hashPassword(PASSWORD, TEST_COST),
          },
          DOCTOR,
        );
        const login = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'nurse@clinic.example', password: PASSWORD },
        });
        const token = login.json<{ token: string }>().token;
        // The board read's path: a read-only snapshot on the store's own connections.
        const core = new StoreCore({
          db: connections.db,
          reads: connections.reads,
          dialect: connections.dialect,
          ...deps,
        });
        const q = { page: 1, limit: 10, sort: 'risk', filters: [] } as const;
        const during = await readOnly(core, async (snapshot) => {
          const shown = await readBoardPage(snapshot, connections.dialect, q, clock.t);
          const res = await app.inject({
            method: 'POST',
            url: `/api/v1/patients/${p.id}/refills`,
            headers: { authorization: `Bearer ${token}` },
            payload: {
              implantId: imp.id,
              expectedResidualNl: 3_000_000,
              measuredResidualNl: 3_000_000,
              drug: 'baclofen',
              concentrationNgPerMl: 2_000_000,
              lot: 'B1',
              volumeAddedNl: 17_000_000,
            },
          });
          return { shown: shown.records.length, status: res.statusCode, body: res.body };
        });
        expect(during.shown).toBe(1);
        expect(during.status, during.body).toBe(201);
        const [row] = (await store.boardPage(q, clock.t, DOCTOR)).records;
        expect(row !== undefined && !isBoardFailure(row) ? row.refills.map((r) => r.lot) : []).toEqual([
          'B1',
        ]);
      } finally {
        await app.close();
        await store.close();
        await db.dispose();
      }
    },
    60_000,
  );
});
