/**
 * Crash safety of programming writes through the real link (docs/threat-model.md, "Crash tests"). The API
 * runs in a child process (titration-crash-server.ts, `startServer` as `itb serve` does, the pump routes on a
 * pump directory); the pump runs here, behind a real TCP telemetry listener, and survives the server as an
 * implanted pump survives a crashed clinic server. The test streams acknowledged titration steps and refills
 * through the pump routes, spaced by days of the pump's clock; at a seeded point it SIGKILLs the server —
 * inside the pump's memory write, just after it, or at a random moment of a write — restarts it on the same
 * database, interrogates once (the next interrogation) and checks that:
 * - every acknowledged write is in the record (an acknowledgement is a promise);
 * - the record and the pump agree: the chain's head is what the pump keeps in memory;
 * - no write was applied twice: one chain entry per prescription the pump took, one refill record per refill
 *   it took.
 * SQLite always; PostgreSQL too when ITB_TEST_PG_URL is set.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { bearerLogin, spawnApi, type ChildApi } from '../clinic/crash-child.test-support.ts';
import { BACKENDS, TEST_KEY, type FreshDb } from '../clinic/store-test-harness.ts';
import { implantInput, patientInput } from '../clinic/store-test-fixtures.ts';
import { nodeCrypto, nodeEntropy } from '../link/crypto-node.ts';
import { provisionImplant, responderConfigFrom } from '../link/keys.ts';
import { seededRandom } from '../link/memory-transport.ts';
import { PumpServer } from '../link/pump-server.ts';
import { listenTcp, type TcpListener } from '../link/tcp-transport.ts';
import type { PumpState } from '../pump/state.ts';
import { continuous, filledPump } from '../pump/test-fixtures.ts';
import { prescriptionToJson } from '../therapy/prescription-json.ts';
import { epochMs, nanolitres } from '../therapy/quantities.ts';
import { hashPassword } from './auth/passwords.ts';
import { linkKeysForRecord } from './pump-directory.ts';
import { ALL_CONFIRMED, DAY, HOUR, pumpUrl } from './pump-test-rig.ts';
import { TEST_COST } from './test-support.ts';

const ENTRY = fileURLToPath(new URL('./titration-crash-server.ts', import.meta.url));
const EMAIL = 'titration-crash@test.example';
const PASSWORD = 'titration crash password 1';
const SERIAL = 'PUMP-C';
const T0 = Date.UTC(2026, 2, 2, 9);
/** Writes in a stream before the kill lands (at the latest). */
const STEPS = 6;
const SEEDS = [1, 2, 3, 4, 5, 6];
/** Where the kill lands in the chosen write. */
const KILL_POINTS = [
  'inside the pump memory write',
  'just after the pump memory write',
  'at a random moment',
];

type Kind = 'titration' | 'refill';
interface Acked {
  readonly kind: Kind;
  readonly id: string;
}

/** The pump, here: a real pump server on a TCP listener; `persisted` is what its memory holds. */
async function startPump(keys: ReturnType<typeof provisionImplant>, clock: () => number) {
  const pump = {
    persisted: undefined as PumpState | undefined,
    /** Prescriptions and refills the pump took, in order (from its memory writes). */
    taken: [] as Kind[],
    onTherapyWrite: undefined as (() => void) | undefined,
  };
  const server = new PumpServer({
    ctx: { config: responderConfigFrom(nodeCrypto, keys.pump), crypto: nodeCrypto },
    pump: filledPump({
      prescription: continuous(500),
      catheterVolume: nanolitres(110_000),
      now: epochMs(clock() - 1_000),
    }),
    clock: { now: clock, realDelay: (ms) => ms },
    persist: (s) => {
      const before = pump.persisted;
      pump.persisted = s;
      if (before === undefined) return;
      const lastSeq = before.log.entries.at(-1)?.seq ?? -1;
      const refilled = s.log.entries.some((e) => e.seq > lastSeq && e.type === 'refill');
      const reprogrammed =
        JSON.stringify(prescriptionToJson(s.prescription)) !==
        JSON.stringify(prescriptionToJson(before.prescription));
      if (reprogrammed) pump.taken.push('titration');
      if (refilled) pump.taken.push('refill');
      if (refilled || reprogrammed) pump.onTherapyWrite?.();
    },
  });
  const listener: TcpListener = await listenTcp({
    port: 0,
    host: '127.0.0.1',
    onConnection: (t) => server.attach(t),
  });
  return { pump, server, listener };
}

describe.each(BACKENDS)('titration and refill stream under SIGKILL ($name)', (backend) => {
  let db: FreshDb | undefined;
  const children: ChildProcess[] = [];
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    children.length = 0;
    for (const f of cleanup.splice(0).reverse()) await f();
    await db?.dispose();
    db = undefined;
  });

  it.skipIf(backend.skip !== undefined).each(SEEDS)(
    'seed %i: keeps every acknowledged write, the record agrees with the pump, nothing applied twice',
    async (seed) => {
      const rand = seededRandom(seed);
      const killStep = Math.floor(rand() * STEPS);
      const killPoint = KILL_POINTS[Math.floor(rand() * KILL_POINTS.length)];
      const killDelayMs = Math.floor(rand() * 40);
      let t = T0;
      const clock = () => t;

      db = await backend.fresh();
      const keys = provisionImplant(
        nodeCrypto,
        { pump: nodeEntropy(32), clinician: nodeEntropy(32), patient: nodeEntropy(32) },
        { pump: SERIAL, clinician: 'programmer', patient: 'controller' },
      );
      const { pump, server, listener } = await startPump(keys, clock);
      cleanup.push(
        () => server.stop(),
        () => listener.close(),
      );
      const store = await db.open({ clock: () => t - 72 * HOUR });
      const sys = { actor: 'system:test' };
      const patient = await store.createPatient(patientInput(7), sys);
      const implant = await store.addImplant(
        implantInput(patient.id, SERIAL, { linkKeys: linkKeysForRecord(keys) }),
        sys,
      );
      await store.appendPrescription(
        patient.id,
        { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 2000, doseMcgPerDay: 500 },
        { ...sys, expectedHeadId: null, implantId: implant.id },
      );
      await store.createUser(
        {
          email: EMAIL,
          name: 'Crash',
          role: 'physician',
          passwordHash: await hashPassword(PASSWORD, TEST_COST),
          patientId: null,
        },
        sys,
      );
      await store.close();

      const serve = async (): Promise<ChildApi & { token: string; post: Post; login(): Promise<void> }> => {
        const api = await spawnApi(ENTRY, [db?.url ?? '', String(t)], {
          ITB_SECRET_KEY: TEST_KEY,
          ITB_PUMP_DIRECTORY: `${SERIAL}=127.0.0.1:${listener.port}`,
        });
        children.push(api.child);
        const session = { token: await bearerLogin(api.url, EMAIL, PASSWORD) };
        const post: Post = async (tail, body) => {
          const r = await fetch(`${api.url}${pumpUrl(patient.id, tail)}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(30_000),
          });
          const json = (await r.json()) as Record<string, unknown>;
          return { status: r.status, json };
        };
        return {
          ...api,
          get token() {
            return session.token;
          },
          post,
          // A day later the sign-in has expired (8 h): sign in again, as a clinician would.
          login: async () => void (session.token = await bearerLogin(api.url, EMAIL, PASSWORD)),
        };
      };
      /** Moves both clocks (the pump's here, the server's through its stdin) to `to`. */
      const advance = async (api: ChildApi & { login(): Promise<void> }, to: number) => {
        t = to;
        const echoed = once(api.lines, 'line');
        api.child.stdin?.write(`${to}\n`);
        await echoed;
        await api.login();
      };

      const first = await serve();
      const acked: Acked[] = [];
      let dose = 500;
      const kill = () => first.child.kill('SIGKILL');
      for (let step = 0; step <= killStep; step++) {
        await advance(first, t + DAY + HOUR);
        const kind: Kind = step % 3 === 2 ? 'refill' : 'titration';
        const planned =
          kind === 'titration'
            ? await first.post('titration/plan', { proposedDose: (dose = dose === 500 ? 540 : 500) })
            : await first.post('refill/plan', {
                measuredResidualMl: server.state.pump.reservoir.volume / 1_000_000,
                volumeMl: 18,
                concentrationMcgPerMl: 2000,
                lot: `LOT-${seed}-${step}`,
                confirmations: ALL_CONFIRMED,
                explanation: 'stream under test',
              });
        expect(planned.status, JSON.stringify(planned.json)).toBe(200);
        const apply = first.post(`${kind}/apply`, {
          planId: planned.json['planId'],
          confirm: true,
          justification: 'stream under test',
        });
        if (step === killStep) {
          if (killPoint === KILL_POINTS[0]) pump.onTherapyWrite = kill;
          else if (killPoint === KILL_POINTS[1]) pump.onTherapyWrite = () => setTimeout(kill, killDelayMs);
          else setTimeout(kill, killDelayMs);
          await apply.catch(() => undefined);
          pump.onTherapyWrite = undefined;
          break;
        }
        const { status, json } = await apply;
        expect(status, JSON.stringify(json)).toBe(200);
        expect(json['status']).toBe('verified');
        const id = ((kind === 'titration' ? json['prescription'] : json['refill']) as { id: string }).id;
        acked.push({ kind, id });
      }
      if (first.child.exitCode === null && first.child.signalCode === null) {
        const exited = once(first.child, 'exit');
        kill();
        await exited;
      }
      expect(first.child.signalCode).toBe('SIGKILL');

      // The next interrogation, by the restarted server.
      t += 10 * 60_000;
      const second = await serve();
      const interrogated = await second.post('interrogate', {});
      expect(interrogated.status, JSON.stringify(interrogated.json)).toBe(200);
      const get = async (path: string) => {
        const r = await fetch(`${second.url}/api/v1/patients/${patient.id}/${path}`, {
          headers: { authorization: `Bearer ${second.token}` },
        });
        expect(r.status).toBe(200);
        return r.json();
      };
      const chain = (await get('prescriptions')) as { id: string; prescription: unknown }[];
      const refills = (await get('refills')) as { id: string }[];

      // Every acknowledged write is on record.
      for (const a of acked) {
        const ids = (a.kind === 'titration' ? chain : refills).map((r) => r.id);
        expect(ids, `acknowledged ${a.kind} ${a.id}`).toContain(a.id);
      }
      // The record and the pump agree.
      expect(pump.persisted).toBeDefined();
      const kept = prescriptionToJson((pump.persisted as PumpState).prescription);
      expect(chain.at(-1)?.prescription, `${killPoint} at step ${killStep}`).toEqual(kept);
      // Nothing applied twice, nothing taken by the pump left out of the record.
      const tookTitrations = pump.taken.filter((k) => k === 'titration').length;
      expect(chain.length, `${killPoint} at step ${killStep}`).toBe(1 + tookTitrations);
      expect(refills.length, `${killPoint} at step ${killStep}`).toBe(
        pump.taken.filter((k) => k === 'refill').length,
      );

      // It programs again.
      await advance(second, t + DAY + HOUR);
      const again = await second.post('titration/plan', {
        proposedDose: kept.mode === 'simple-continuous' && kept.doseMcgPerDay === 500 ? 540 : 500,
      });
      expect(again.status, JSON.stringify(again.json)).toBe(200);
      const applied = await second.post('titration/apply', {
        planId: again.json['planId'],
        confirm: true,
        justification: 'after the restart',
      });
      expect(applied.json['status'], JSON.stringify(applied.json)).toBe('verified');
      second.child.kill('SIGTERM');
      await once(second.child, 'exit');
    },
    120_000,
  );
});

type Post = (tail: string, body: unknown) => Promise<{ status: number; json: Record<string, unknown> }>;
