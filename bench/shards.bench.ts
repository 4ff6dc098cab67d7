/**
 * `npm run bench -- shards`: a population sharded through PostgreSQL (src/sim/shard-queue.ts, pg-boss) run
 * by one worker process, then by two, taking shards from one database (ITB_TEST_PG_URL; skipped without
 * it). Workers are started and polling before the clock starts; the time runs from the first job sent
 * to the last shard's outcomes in. Size: ITB_BENCH_SHARDS_N patients (default 24) × ITB_BENCH_SHARDS_YEARS
 * (default 2), shards of ITB_BENCH_SHARDS_SIZE (default 2).
 *
 * Last line: `{"bench":"shards","patientYearsPerSecond":{"1":…,"2":…},"ratio":…,"identical":…}`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { collectPopulation, enqueuePopulation, openResults, openShardQueue } from '../src/sim/shard-queue.ts';

const URL_ = process.env['ITB_TEST_PG_URL'] ?? '';
const N = Number(process.env['ITB_BENCH_SHARDS_N'] ?? 24);
const YEARS = Number(process.env['ITB_BENCH_SHARDS_YEARS'] ?? 2);
const SHARD = Number(process.env['ITB_BENCH_SHARDS_SIZE'] ?? 2);
const SEED = 20_261_202;

if (URL_ === '') {
  console.log('shards: skipped (set ITB_TEST_PG_URL: scripts/pg-test-server.sh)');
  console.log(JSON.stringify({ bench: 'shards', skipped: true }));
  process.exit(0);
}

/** Starts a worker process and resolves once it polls the queue. */
function startWorker(name: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, '../src/sim/shard-worker.ts'), URL_, name],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`worker ${name} exited with ${code}`)));
  });
}

const boss = await openShardQueue(URL_);
const results = await openResults(URL_);
const runs: Record<
  string,
  { seconds: number; patientYears: number; shardsByWorker: Record<string, number> }
> = {};
const summaries: string[] = [];
for (const workers of [1, 2]) {
  const children = await Promise.all(
    Array.from({ length: workers }, (_, i) => startWorker(`w${workers}-${i + 1}`)),
  );
  const run = { runId: `bench-${Date.now()}-${workers}`, seed: SEED, n: N, years: YEARS };
  const t0 = performance.now();
  const shards = await enqueuePopulation(boss, { ...run, shardSize: SHARD });
  const { result, shardsByWorker } = await collectPopulation(results, run, shards, 900_000);
  const seconds = (performance.now() - t0) / 1000;
  for (const c of children) c.kill('SIGTERM');
  runs[String(workers)] = {
    seconds: Math.round(seconds * 100) / 100,
    patientYears: result.patientYears,
    shardsByWorker,
  };
  summaries.push(JSON.stringify(result));
  console.log(
    `${workers} worker(s): ${result.patientYears.toFixed(1)} patient-years in ${seconds.toFixed(2)} s ` +
      `(${(result.patientYears / seconds).toFixed(1)} patient-years/s); shards per worker ${JSON.stringify(shardsByWorker)}`,
  );
}
await boss.stop({ graceful: false, wait: false });
await results.end();
const rate = (k: string) => {
  const r = runs[k];
  return r === undefined ? 0 : Math.round((r.patientYears / r.seconds) * 10) / 10;
};
console.log(
  JSON.stringify({
    bench: 'shards',
    patientYearsPerSecond: { '1': rate('1'), '2': rate('2') },
    ratio: Math.round((rate('2') / rate('1')) * 100) / 100,
    identical: summaries[0] === summaries[1],
    runs,
  }),
);
