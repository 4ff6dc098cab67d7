/**
 * `npm run bench -- api`: the clinic API under autocannon — the risk board and a refill submission —
 * against a trivial route (`GET /api/v1/health`) in the same process as the baseline. SQLite always;
 * PostgreSQL too when ITB_TEST_PG_URL is set (a fresh database on that server).
 *
 * Size by environment (npm run bench passes no flags through): ITB_BENCH_API_PATIENTS (default 1000),
 * ITB_BENCH_API_REFILLS (refills per patient, default 10), ITB_BENCH_API_SECONDS (per run, default 5),
 * ITB_BENCH_API_COMPARE=1|0 (also time the former per-patient board reads; default on up to 2,000
 * patients). The issue's target is 10,000 patients / 100,000 refills: set the variables. Seeding is
 * set-based (see `seed`).
 *
 * Last line: ratio = board requests/s ÷ health requests/s (SQLite).
 */
import autocannon from 'autocannon';
import type { FreshDb } from '../src/clinic/store-test-harness.ts';
import { gatherBoardRecordsPerPatient } from '../src/server/routes/board-routes.ts';
import { onEachBackend, type BenchClinic } from './clinic-api.ts';
import { report } from './harness.ts';

const PATIENTS = Number(process.env['ITB_BENCH_API_PATIENTS'] ?? 1000);
const REFILLS = Number(process.env['ITB_BENCH_API_REFILLS'] ?? 10);
const SECONDS = Number(process.env['ITB_BENCH_API_SECONDS'] ?? 5);
/** The former per-patient board reads, timed beside the bulk read (default: only up to 2,000 patients). */
const COMPARE = (process.env['ITB_BENCH_API_COMPARE'] ?? (PATIENTS <= 2000 ? '1' : '0')) === '1';

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

async function count(db: FreshDb, table: string): Promise<number> {
  return Number((await db.raw.all(`select count(*) as n from ${table}`))[0]?.['n']);
}

/** Wall time of one call, ms. */
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, Math.round(performance.now() - t0)];
}

async function runOn({ db, store, target, seedSeconds, base, token }: BenchClinic) {
  const rows = { patients: await count(db, 'patients'), refills: await count(db, 'refills') };
  const sys = { actor: 'system:bench' };
  // Store level: the bulk read, and the former per-patient reads when asked (or small enough).
  const [bulk, bulkMs] = await timed(() => store.boardRecords(sys));
  const auditBytes = Number(
    (await db.raw.all("select max(length(details)) as n from audit_log where entity = 'board'"))[0]?.['n'],
  );
  const perPatientMs = COMPARE ? (await timed(() => gatherBoardRecordsPerPatient(store, sys)))[1] : null;
  // One board request timed alone: with thousands of audited views it may outlast a short autocannon run.
  const b0 = performance.now();
  const once = await fetch(`${base}/api/v1/board`, { headers: { authorization: `Bearer ${token}` } });
  if (!once.ok) throw new Error(`board answered ${once.status}`);
  await once.arrayBuffer();
  const boardOnceMs = Math.round(performance.now() - b0);
  const health = await load(`${base}/api/v1/health`, token, { connections: 10 });
  const board = await load(`${base}/api/v1/board`, token, { connections: 2 });
  const refill = await load(`${base}/api/v1/patients/${target.patientId}/refills`, token, {
    method: 'POST',
    connections: 4,
    body: JSON.stringify({
      implantId: target.implantId,
      expectedResidualNl: 3_000_000,
      measuredResidualNl: 3_100_000,
      drug: 'baclofen',
      concentrationNgPerMl: 2_000_000,
      lot: 'L2',
      volumeAddedNl: 17_000_000,
    }),
  });
  return {
    seedSeconds,
    rows,
    bulkMs,
    bulkPatients: bulk.length,
    auditBytes,
    perPatientMs,
    boardOnceMs,
    health,
    board,
    refill,
  };
}

const fmt = (f: Figures) =>
  `${f.rps.toFixed(1)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms, non-2xx ${f.non2xx}`;
const results = await onEachBackend({ patients: PATIENTS, refills: REFILLS }, async (clinic) => {
  const r = await runOn(clinic);
  console.log(
    `${clinic.db.dialect}: seeded ${r.rows.patients} patients / ${r.rows.refills} refills in ${r.seedSeconds} s`,
  );
  console.log(
    `  store   boardRecords ${r.bulkMs} ms (${r.bulkPatients} patients, audit entry ${r.auditBytes} bytes)` +
      `; per-patient reads ${r.perPatientMs === null ? 'not run (ITB_BENCH_API_COMPARE=1)' : `${r.perPatientMs} ms`}`,
  );
  console.log(`  health  ${fmt(r.health)}`);
  console.log(`  board   ${fmt(r.board)}; one request alone ${r.boardOnceMs} ms`);
  console.log(`  refill  ${fmt(r.refill)}`);
  return r;
});
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
          rows: v.rows,
          bulkMs: v.bulkMs,
          auditBytes: v.auditBytes,
          perPatientMs: v.perPatientMs,
        },
      ]),
    ),
  },
);
