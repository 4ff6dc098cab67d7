/**
 * `npm run bench -- board`: one page of the risk board (`GET /api/v1/board`, 100 rows) over HTTP on a
 * clinic of 10,000 patients and 100,000 refills, every sort and filter, on SQLite and on PostgreSQL (when
 * ITB_TEST_PG_URL is set); then refill writes (`POST …/refills`) timed while two clients read boards
 * without pause. Goals (issue 14): page p99 < 50 ms, refill p99 < 100 ms during board reads.
 *
 * Size by environment: ITB_BENCH_BOARD_PATIENTS (default 10,000), ITB_BENCH_BOARD_REFILLS (per patient,
 * default 10), ITB_BENCH_BOARD_ROUNDS (page requests per sort × filter, default 6).
 *
 * Last line: `{"bench":"board","p99Ms":{"sqlite":…,"postgres":…},"bytes":…,"refillP99MsDuringBoard":…}`
 * (bytes: the default page's body; refill p99: the worst backend's).
 */
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { BOARD_FILTERS, BOARD_SORTS } from '../src/clinic/board-page.ts';
import { BACKENDS, type FreshDb } from '../src/clinic/store-test-harness.ts';
import { buildApp } from '../src/server/app.ts';
import { hashPassword } from '../src/server/auth/passwords.ts';
import { seedClinic } from './clinic-seed.ts';

const PATIENTS = Number(process.env['ITB_BENCH_BOARD_PATIENTS'] ?? 10_000);
const REFILLS = Number(process.env['ITB_BENCH_BOARD_REFILLS'] ?? 10);
const ROUNDS = Number(process.env['ITB_BENCH_BOARD_ROUNDS'] ?? 6);
const REFILL_WRITES = 100;

/** The q-quantile of `xs` (nearest rank), ms to 0.1. */
function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const v = s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? Number.NaN;
  return Math.round(v * 10) / 10;
}

async function timedFetch(url: string, init: RequestInit): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const r = await fetch(url, init);
  const body = await r.arrayBuffer();
  if (!r.ok)
    throw new Error(`${init.method ?? 'GET'} ${url} answered ${r.status}: ${Buffer.from(body).toString()}`);
  return { ms: performance.now() - t0, bytes: body.byteLength };
}

async function runOn(db: FreshDb) {
  const store = await db.open({ clock: () => Date.now() });
  const t0 = performance.now();
  const target = await seedClinic(db, store, PATIENTS, REFILLS);
  const seedSeconds = Math.round((performance.now() - t0) / 100) / 10;
  const sys = { actor: 'system:bench' };
  // Some open alerts, so the alerts filter has rows to return.
  for (let i = 1; i < Math.min(PATIENTS, 200); i += 7) {
    await store.raiseAlert(
      { patientId: `p-${i}`, kind: 'low-reservoir', severity: 'warning', message: 'reservoir low' },
      sys,
    );
  }
  await store.createUser(
    {
      email: 'nurse@bench.example',
      name: 'Nurse',
      role: 'nurse',
      passwordHash: await hashPassword('bench pw 12'),
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
      body: JSON.stringify({ email: 'nurse@bench.example', password: 'bench pw 12' }),
    });
    const { token } = (await login.json()) as { token: string };
    const get = { headers: { authorization: `Bearer ${token}` } };
    const urls = BOARD_SORTS.flatMap((sort) =>
      ['', ...BOARD_FILTERS].map((f) => `${base}/api/v1/board?limit=100&sort=${sort}&filter=${f}`),
    );
    const bytes = (await timedFetch(`${base}/api/v1/board`, get)).bytes;
    const pageMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const url of urls) pageMs.push((await timedFetch(`${url}&page=${1 + (round % 3) * 10}`, get)).ms);
    }
    // Refill writes while two clients read boards back to back.
    let reading = true;
    const reader = async () => {
      let n = 0;
      while (reading) await timedFetch(urls[n++ % urls.length] ?? base, get);
    };
    const readers = [reader(), reader()];
    const refillMs: number[] = [];
    for (let i = 0; i < REFILL_WRITES; i++) {
      const k = 1 + ((i * 97) % Math.max(1, PATIENTS - 1));
      const patientId = PATIENTS > 1 ? `p-${k}` : target.patientId;
      const implantId = PATIENTS > 1 ? `i-${k}` : target.implantId;
      const r = await timedFetch(`${base}/api/v1/patients/${patientId}/refills`, {
        method: 'POST',
        headers: { ...get.headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          implantId,
          expectedResidualNl: 3_000_000,
          measuredResidualNl: 3_000_000,
          drug: 'baclofen',
          concentrationNgPerMl: 2_000_000,
          lot: `B${i}`,
          volumeAddedNl: 17_000_000,
        }),
      });
      refillMs.push(r.ms);
    }
    reading = false;
    await Promise.all(readers);
    return {
      seedSeconds,
      pages: pageMs.length,
      pageP50: quantile(pageMs, 0.5),
      pageP99: quantile(pageMs, 0.99),
      bytes,
      refillP50: quantile(refillMs, 0.5),
      refillP99: quantile(refillMs, 0.99),
    };
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
    console.log(
      `${backend.name}: ${PATIENTS} patients / ${PATIENTS * REFILLS} refills seeded in ${r.seedSeconds} s; ` +
        `${r.pages} pages of 100: p50 ${r.pageP50} ms, p99 ${r.pageP99} ms, ${r.bytes} bytes; ` +
        `${REFILL_WRITES} refills during board reads: p50 ${r.refillP50} ms, p99 ${r.refillP99} ms`,
    );
  } finally {
    await db.dispose();
  }
}
const worst = Math.max(...Object.values(results).map((r) => r.refillP99));
console.log(
  JSON.stringify({
    bench: 'board',
    p99Ms: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.pageP99])),
    bytes: results['sqlite']?.bytes ?? null,
    refillP99MsDuringBoard: worst,
  }),
);
