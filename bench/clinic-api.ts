/**
 * The benchmarks' clinic over HTTP (`npm run bench -- api`, `-- board`): each backend in turn (SQLite, and
 * PostgreSQL when ITB_TEST_PG_URL is set) with a fresh database, a store, `patients` × `refills` seeded
 * (clinic-seed.ts), a signed-in nurse and the real app listening on loopback — one copy of what both
 * benchmarks set up.
 */
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { BACKENDS, type FreshDb } from '../src/clinic/store-test-harness.ts';
import type { ClinicStore } from '../src/clinic/store.ts';
import { buildApp } from '../src/server/app.ts';
import { hashPassword } from '../src/server/auth/passwords.ts';
import { seedClinic } from './clinic-seed.ts';

/** One backend's clinic, seeded, behind the app. */
export interface BenchClinic {
  readonly db: FreshDb;
  readonly store: ClinicStore;
  /** The seeded template patient and its implant (clinic-seed.ts). */
  readonly target: { patientId: string; implantId: string };
  readonly seedSeconds: number;
  /** `http://127.0.0.1:port`. */
  readonly base: string;
  /** The nurse's bearer token. */
  readonly token: string;
}

const EMAIL = 'nurse@bench.example';
const PASSWORD = 'bench password 1';

/**
 * Runs `run` on each backend's clinic (see the module comment) and returns its results by backend name; a
 * backend without a server is said to be skipped. `beforeApp` runs on the seeded store before the app starts.
 */
export async function onEachBackend<R>(
  size: { readonly patients: number; readonly refills: number },
  run: (c: BenchClinic) => Promise<R>,
  beforeApp: (db: FreshDb, store: ClinicStore) => Promise<void> = async () => {},
): Promise<Record<string, R>> {
  const results: Record<string, R> = {};
  for (const backend of BACKENDS) {
    if (backend.skip !== undefined) {
      console.log(`${backend.name}: skipped (set ITB_TEST_PG_URL)`);
      continue;
    }
    const db = await backend.fresh();
    try {
      const store = await db.open({ clock: () => Date.now() });
      const t0 = performance.now();
      const target = await seedClinic(db, store, size.patients, size.refills);
      const seedSeconds = Math.round((performance.now() - t0) / 100) / 10;
      await beforeApp(db, store);
      await store.createUser(
        { email: EMAIL, name: 'Nurse', role: 'nurse', passwordHash: await hashPassword(PASSWORD) },
        { actor: 'system:bench' },
      );
      const app = await buildApp({ store });
      await app.listen({ port: 0, host: '127.0.0.1' });
      try {
        const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
        const login = await fetch(`${base}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
        });
        const { token } = (await login.json()) as { token: string };
        results[backend.name] = await run({ db, store, target, seedSeconds, base, token });
      } finally {
        await app.close();
        await store.close();
      }
    } finally {
      await db.dispose();
    }
  }
  return results;
}
