/**
 * `npm run bench -- board`: one page of the risk board (`GET /api/v1/board`, 100 rows) over HTTP on a
 * clinic of 10,000 patients and 100,000 refills, every sort and filter, on SQLite and on PostgreSQL (when
 * ITB_TEST_PG_URL is set); then refill writes (`POST …/refills`) timed while two clients read boards
 * without pause. Goals (issue 14): page p99 < 50 ms, refill p99 < 100 ms during board reads.
 *
 * Size by environment: ITB_BENCH_BOARD_PATIENTS (default 10,000), ITB_BENCH_BOARD_REFILLS (per patient,
 * default 10), ITB_BENCH_BOARD_ROUNDS (page requests per sort × filter, default 20: 300 pages, so p99 is the fourth
 * slowest rather than the slowest of 90).
 *
 * Last line: `{"bench":"board","p99Ms":{"sqlite":…,"postgres":…},"bytes":…,"refillP99MsDuringBoard":…,
 * "cpuMsPerPage":{…}}` (bytes: the default page's body; refill p99: the worst backend's; CPU: this
 * process's, client and server, per page — the figure a loaded machine does not inflate).
 */
import { performance } from 'node:perf_hooks';
import { BOARD_FILTERS, BOARD_SORTS } from '../src/clinic/board-page.ts';
import { onEachBackend, type BenchClinic } from './clinic-api.ts';
import { quantile } from './harness.ts';

const PATIENTS = Number(process.env['ITB_BENCH_BOARD_PATIENTS'] ?? 10_000);
const REFILLS = Number(process.env['ITB_BENCH_BOARD_REFILLS'] ?? 10);
const ROUNDS = Number(process.env['ITB_BENCH_BOARD_ROUNDS'] ?? 20);
const REFILL_WRITES = 100;

/** ms to 0.1. */
const ms = (v: number) => Math.round(v * 10) / 10;

async function timedFetch(url: string, init: RequestInit): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const r = await fetch(url, init);
  const body = await r.arrayBuffer();
  if (!r.ok)
    throw new Error(`${init.method ?? 'GET'} ${url} answered ${r.status}: ${Buffer.from(body).toString()}`);
  return { ms: performance.now() - t0, bytes: body.byteLength };
}

async function runOn({ store, target, base, token }: BenchClinic) {
  const sys = { actor: 'system:bench' };
  // Some open alerts, so the alerts filter has rows to return.
  for (let i = 1; i < Math.min(PATIENTS, 200); i += 7) {
    await store.raiseAlert(
      { patientId: `p-${i}`, kind: 'low-reservoir', severity: 'warning', message: 'reservoir low' },
      sys,
    );
  }
  const get = { headers: { authorization: `Bearer ${token}` } };
  const urls = BOARD_SORTS.flatMap((sort) =>
    ['', ...BOARD_FILTERS].map((f) => `${base}/api/v1/board?limit=100&sort=${sort}&filter=${f}`),
  );
  const bytes = (await timedFetch(`${base}/api/v1/board`, get)).bytes;
  const pageMs: number[] = [];
  // CPU of this process (client and server) per page: a figure the machine's load does not inflate.
  const cpu0 = process.cpuUsage();
  for (let round = 0; round < ROUNDS; round++) {
    for (const url of urls) pageMs.push((await timedFetch(`${url}&page=${1 + (round % 3) * 10}`, get)).ms);
  }
  const cpu = process.cpuUsage(cpu0);
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
    pages: pageMs.length,
    pageP50: ms(quantile(pageMs, 0.5)),
    pageP99: ms(quantile(pageMs, 0.99)),
    cpuMsPerPage: ms((cpu.user + cpu.system) / 1000 / pageMs.length),
    bytes,
    refillP50: ms(quantile(refillMs, 0.5)),
    refillP99: ms(quantile(refillMs, 0.99)),
  };
}

const results = await onEachBackend({ patients: PATIENTS, refills: REFILLS }, async (clinic) => {
  const r = await runOn(clinic);
  console.log(
    `${clinic.db.dialect}: ${PATIENTS} patients / ${PATIENTS * REFILLS} refills seeded in ${clinic.seedSeconds} s; ` +
      `${r.pages} pages of 100: p50 ${r.pageP50} ms, p99 ${r.pageP99} ms, CPU ${r.cpuMsPerPage} ms/page, ${r.bytes} bytes; ` +
      `${REFILL_WRITES} refills during board reads: p50 ${r.refillP50} ms, p99 ${r.refillP99} ms`,
  );
  return r;
});
const worst = Math.max(...Object.values(results).map((r) => r.refillP99));
console.log(
  JSON.stringify({
    bench: 'board',
    p99Ms: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.pageP99])),
    bytes: results['sqlite']?.bytes ?? null,
    refillP99MsDuringBoard: worst,
    cpuMsPerPage: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.cpuMsPerPage])),
  }),
);
