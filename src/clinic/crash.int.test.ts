/**
 * Crash safety of the clinic store behind the API (docs/clinic-store.md: "every write and its audit entry
 * commit in ONE transaction"). A child process runs the API (`startServer`, crash-server.ts) on a temp database; the test streams refill
 * and programming-session writes over HTTP from several concurrent writers, notes which were acknowledged
 * (2xx), SIGKILLs the server mid-stream (no shutdown hook runs, transactions are cut wherever they are),
 * restarts it on the same database and checks that:
 * - every acknowledged write is there (an acknowledgement is a promise the record is durable);
 * - nothing is half-written: every stored refill and session has its `create` audit entry, and the audit
 *   chain verifies from the first entry to the recorded head;
 * - the restarted server serves again (reads and a new write).
 * SQLite always; PostgreSQL too when ITB_TEST_PG_URL is set.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../server/auth/passwords.ts';
import { bearerLogin, spawnApi, type ChildApi } from './crash-child.test-support.ts';
import { BACKENDS, TEST_KEY, type FreshDb } from './store-test-harness.ts';
import { NURSE, patientWithImplant } from './store-test-fixtures.ts';

const ENTRY = fileURLToPath(new URL('./crash-server.ts', import.meta.url));
const EMAIL = 'crash@test.example';
const PASSWORD = 'crash test password 1';
/** Acknowledged writes to wait for before the kill; the writers keep sending until it lands. */
const ACKED_BEFORE_KILL = 60;
const WRITERS = 4;

/** Starts the API (crash-server.ts: `startServer`, as `itb serve` does) on `db`; resolves once it listens. */
const serve = (db: string): Promise<ChildApi> => spawnApi(ENTRY, [db], { ITB_SECRET_KEY: TEST_KEY });

async function login(url: string): Promise<string> {
  return bearerLogin(url, EMAIL, PASSWORD);
}

async function post(url: string, token: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/**
 * Opens a POST and sends only the first half of its body, resolving once that half is on the wire: a write
 * that is certainly in flight when the server is killed (the writers' own requests may all have been
 * answered by then — which ones are is a race).
 */
function sendHalf(url: string, token: string, path: string, body: unknown): Promise<void> {
  const text = JSON.stringify(body);
  const req = request(`${url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    },
  });
  req.on('error', () => undefined); // the server dies under it
  return new Promise((resolve) => req.write(text.slice(0, Math.floor(text.length / 2)), () => resolve()));
}

const HALF_SENT = -2;

const refillBody = (implantId: string, n: number) => ({
  implantId,
  expectedResidualNl: 3_000_000,
  measuredResidualNl: 3_000_000,
  drug: 'baclofen',
  concentrationNgPerMl: 2_000_000,
  lot: `CRASH-${n}`,
  volumeAddedNl: 17_000_000,
});
const sessionBody = (implantId: string, n: number) => ({
  implantId,
  interrogation: { reservoirNl: 15_000_000, mark: n },
  diff: [],
});

/** Ids of stored rows of `table` with no `create` audit entry: a half-written record. */
const unaudited = (table: string, entity: string) =>
  `select id from ${table} r where not exists (select 1 from audit_log a ` +
  `where a.entity = '${entity}' and a.action = 'create' and a.entity_id = r.id)`;

describe.each(BACKENDS)('crash during writes ($name)', (backend) => {
  let db: FreshDb | undefined;
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    children.length = 0;
    await db?.dispose();
    db = undefined;
  });

  it.skipIf(backend.skip !== undefined)(
    'keeps every acknowledged write, no half-written one, and serves again after SIGKILL',
    async () => {
      db = await backend.fresh();
      const store = await db.open({ clock: () => Date.now() });
      const { patient, implant } = await patientWithImplant(store);
      await store.createUser(
        { email: EMAIL, name: 'Crash', role: 'physician', passwordHash: await hashPassword(PASSWORD) },
        NURSE,
      );
      await store.close();

      const first = await serve(db.url);
      children.push(first.child);
      const token = await login(first.url);
      const acked = { refills: new Set<string>(), sessions: new Set<string>() };
      let attempts = 0;
      let killed = false;
      const refused: string[] = [];
      let onKill = () => {};
      const killedAt = new Promise<void>((resolve) => (onKill = resolve));
      const kill = () => {
        killed = true;
        const path = `/api/v1/patients/${patient.id}/refills`;
        void sendHalf(first.url, token, path, refillBody(implant.id, HALF_SENT)).then(() => {
          first.child.kill('SIGKILL');
          onKill();
        });
      };
      const writer = async (w: number) => {
        for (let k = 0; !killed; k++) {
          const n = w * 100_000 + k;
          const isRefill = n % 2 === 0;
          attempts++;
          let r: Response;
          try {
            r = isRefill
              ? await post(
                  first.url,
                  token,
                  `/api/v1/patients/${patient.id}/refills`,
                  refillBody(implant.id, n),
                )
              : await post(
                  first.url,
                  token,
                  `/api/v1/patients/${patient.id}/sessions`,
                  sessionBody(implant.id, n),
                );
            // Acknowledged only once the whole answer (with the stored id) arrived.
            if (r.status >= 200 && r.status < 300) {
              const { id } = (await r.json()) as { id: string };
              (isRefill ? acked.refills : acked.sessions).add(id);
            } else {
              refused.push(`${r.status}: ${await r.text()}`);
            }
          } catch (error) {
            // The connection died with the server: the write's fate is unknown, so it is not counted.
            if (!killed) refused.push(`before the kill: ${String(error)}`);
          }
          if (
            !killed &&
            (refused.length > 0 || acked.refills.size + acked.sessions.size >= ACKED_BEFORE_KILL)
          ) {
            kill();
          }
        }
      };
      const writers = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
      await killedAt;
      await Promise.all([writers, once(first.child, 'exit')]);
      expect(refused).toEqual([]);
      expect(first.child.signalCode).toBe('SIGKILL');
      expect(attempts).toBeGreaterThanOrEqual(acked.refills.size + acked.sessions.size);

      const second = await serve(db.url);
      children.push(second.child);
      const token2 = await login(second.url);
      const get = async (path: string) => {
        const r = await fetch(`${second.url}${path}`, { headers: { authorization: `Bearer ${token2}` } });
        expect(r.status).toBe(200);
        return r.json() as Promise<{ id: string }[]>;
      };
      const storedRefills = (await get(`/api/v1/patients/${patient.id}/refills`)) as {
        id: string;
        lot: string;
      }[];
      const refills = new Set(storedRefills.map((r) => r.id));
      // The refill whose body was half-sent at the kill was never stored.
      expect(storedRefills.every((r) => typeof r.lot === 'string')).toBe(true);
      expect(storedRefills.map((r) => r.lot)).not.toContain(`CRASH-${HALF_SENT}`);
      const sessions = new Set((await get(`/api/v1/patients/${patient.id}/sessions`)).map((r) => r.id));
      // Every acknowledged write survived; unacknowledged ones may or may not have committed.
      for (const id of acked.refills) expect(refills.has(id), `acked refill ${id}`).toBe(true);
      for (const id of acked.sessions) expect(sessions.has(id), `acked session ${id}`).toBe(true);
      expect(refills.size + sessions.size).toBeLessThanOrEqual(attempts);

      // Nothing half-written: each stored record has its audit entry, and the chain verifies.
      expect(await db.raw.all(unaudited('refills', 'refill'))).toEqual([]);
      expect(await db.raw.all(unaudited('programming_sessions', 'programming-session'))).toEqual([]);

      // It serves again: a new write and the board.
      const again = await post(
        second.url,
        token2,
        `/api/v1/patients/${patient.id}/refills`,
        refillBody(implant.id, -1),
      );
      expect(again.status).toBe(201);
      const board = await fetch(`${second.url}/api/v1/board`, {
        headers: { authorization: `Bearer ${token2}` },
      });
      expect(board.status).toBe(200);

      second.child.kill('SIGTERM');
      await once(second.child, 'exit');
      const check = await db.open();
      try {
        expect(await check.verifyAudit()).toMatchObject({ ok: true });
      } finally {
        await check.close();
      }
    },
    45_000,
  );
});
