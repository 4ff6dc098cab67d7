/**
 * `npm run bench -- api`: the clinic API under autocannon — the risk board and a refill submission —
 * against a trivial route (`GET /api/v1/health`) in the same process as the baseline. SQLite always;
 * PostgreSQL too when ITB_TEST_PG_URL is set (a fresh database on that server).
 *
 * Size by environment (npm run bench passes no flags through): ITB_BENCH_API_PATIENTS (default 1000),
 * ITB_BENCH_API_REFILLS (refills per patient, default 10), ITB_BENCH_API_SECONDS (per run, default 5).
 * The target is 10,000 patients / 100,000 refills: set the variables.
 *
 * Last line: ratio = board requests/s ÷ health requests/s (SQLite).
 */
import autocannon from 'autocannon';
import type { AddressInfo } from 'node:net';
import { BACKENDS, type FreshDb } from '../src/clinic/store-test-harness.ts';
import { implantInput, patientInput, continuous } from '../src/clinic/store-test-fixtures.ts';
import { buildApp } from '../src/server/app.ts';
import { hashPassword } from '../src/server/auth/passwords.ts';
import { report } from './harness.ts';

const PATIENTS = Number(process.env['ITB_BENCH_API_PATIENTS'] ?? 1000);
const REFILLS = Number(process.env['ITB_BENCH_API_REFILLS'] ?? 10);
const SECONDS = Number(process.env['ITB_BENCH_API_SECONDS'] ?? 5);
const DAY = 86_400_000;

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function load(
  url: string,
  token: string,
  opts: { method?: 'GET' | 'POST'; body?: string; connections: number },
): Promise<Figures> {
  const r = await autocannon({
    url,
    duration: SECONDS,
    connections: opts.connections,
    method: opts.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(opts.body === undefined ? {} : { body: opts.body }),
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx };
}

async function runOn(db: FreshDb) {
  const start = Date.UTC(2024, 0, 1);
  const store = await db.open({ clock: () => Date.now() });
  const sys = { actor: 'system:bench' };
  const t0 = performance.now();
  let target: { patientId: string; implantId: string } | undefined;
  for (let i = 0; i < PATIENTS; i++) {
    const p = await store.createPatient(patientInput(i), sys);
    const imp = await store.addImplant(implantInput(p.id, `B-${i}`), sys);
    await store.appendPrescription(p.id, continuous(400, 2000), { ...sys, expectedHeadId: null });
    for (let k = 0; k < REFILLS; k++) {
      await store.recordRefill(
        {
          patientId: p.id,
          implantId: imp.id,
          at: start + k * 60 * DAY + (i % 50) * DAY,
          expectedResidualNl: 3_000_000,
          measuredResidualNl: 3_000_000,
          drug: 'baclofen',
          concentrationNgPerMl: 2_000_000,
          lot: 'L1',
          volumeAddedNl: 18_000_000,
        },
        sys,
      );
    }
    target ??= { patientId: p.id, implantId: imp.id };
  }
  const seedSeconds = (performance.now() - t0) / 1000;
  await store.createUser(
    {
      email: 'nurse@bench.example',
      name: 'Nurse',
      role: 'nurse',
      passwordHash: await hashPassword('bench password 1'),
    },
    sys,
  );
  const app = await buildApp({ store });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nurse@bench.example', password: 'bench password 1' }),
    });
    const { token } = (await login.json()) as { token: string };
    // One board request timed alone: with thousands of audited views it may outlast a short autocannon run.
    const b0 = performance.now();
    const once = await fetch(`${base}/api/v1/board`, { headers: { authorization: `Bearer ${token}` } });
    if (!once.ok) throw new Error(`board answered ${once.status}`);
    await once.arrayBuffer();
    const boardOnceMs = Math.round(performance.now() - b0);
    const health = await load(`${base}/api/v1/health`, token, { connections: 10 });
    const board = await load(`${base}/api/v1/board`, token, { connections: 2 });
    const refill = await load(`${base}/api/v1/patients/${target?.patientId ?? ''}/refills`, token, {
      method: 'POST',
      connections: 4,
      body: JSON.stringify({
        implantId: target?.implantId,
        expectedResidualNl: 3_000_000,
        measuredResidualNl: 3_100_000,
        drug: 'baclofen',
        concentrationNgPerMl: 2_000_000,
        lot: 'L2',
        volumeAddedNl: 17_000_000,
      }),
    });
    return { seedSeconds: Math.round(seedSeconds * 10) / 10, boardOnceMs, health, board, refill };
  } finally {
    await app.close();
    await store.close();
  }
}

const results: Record<string, Awaited<ReturnType<typeof runOn>>> = {};
for (const backend of BACKENDS) {
  if (backend.skip !== undefined) {
    console.log(`${backend.name}: skipped (set ITB_TEST_PG_URL)`);
    continue;
  }
  const db = await backend.fresh();
  try {
    const r = await runOn(db);
    results[backend.name] = r;
    const fmt = (f: Figures) =>
      `${f.rps.toFixed(1)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms, non-2xx ${f.non2xx}`;
    console.log(
      `${backend.name}: seeded ${PATIENTS} patients / ${PATIENTS * REFILLS} refills in ${r.seedSeconds} s`,
    );
    console.log(`  health  ${fmt(r.health)}`);
    console.log(`  board   ${fmt(r.board)}; one request alone ${r.boardOnceMs} ms`);
    console.log(`  refill  ${fmt(r.refill)}`);
  } finally {
    await db.dispose();
  }
}
const sqlite = results['sqlite'];
/** Board throughput: autocannon's, or one request's when none finished inside the run. */
const boardRps = (r: Awaited<ReturnType<typeof runOn>>) =>
  r.board.rps > 0 ? r.board.rps : 1000 / r.boardOnceMs;
report(
  'api',
  sqlite === undefined ? 0 : boardRps(sqlite) / sqlite.health.rps,
  'GET /api/v1/health req/s, same process (SQLite)',
  {
    patients: PATIENTS,
    refills: PATIENTS * REFILLS,
    seconds: SECONDS,
    ...Object.fromEntries(
      Object.entries(results).map(([k, v]) => [
        k,
        {
          health: v.health,
          board: v.board,
          boardOnceMs: v.boardOnceMs,
          refill: v.refill,
          seedSeconds: v.seedSeconds,
        },
      ]),
    ),
  },
);
