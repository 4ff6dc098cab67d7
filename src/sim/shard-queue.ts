/**
 * Populations sharded over processes (and machines) through PostgreSQL (docs/scaling.md; measured by bench/shards.bench.ts): a coordinator
 * puts one pg-boss job per shard — a range of patient indices of one run — and any number of worker
 * processes, wherever they run, take jobs from the same database, run their patients
 * (sim/population.ts `runPatient`, pure in (seed, index)) and write the shard's outcomes to
 * `population_shards`, keyed by (run, first index) so a retried shard overwrites its own row. The
 * coordinator aggregates once every shard is in, in index order: the result does not depend on which
 * worker ran what. The queue is pg-boss's (SKIP LOCKED, retries, expiry of a dead worker's job), not a
 * scheduler of ours.
 */
import PgBoss from 'pg-boss';
import pg from 'pg';
import { ItbError } from '../therapy/codes.ts';
import { aggregate, runPatient, type PatientOutcome, type PopulationResult } from './population.ts';

export const SHARD_QUEUE = 'itb-population-shard';

export interface ShardJob {
  readonly runId: string;
  readonly seed: number;
  readonly years: number;
  /** Patient indices [from, to). */
  readonly from: number;
  readonly to: number;
}

/** Starts pg-boss on `url` (it creates its own schema `pgboss` on first start) and the shard queue. */
export async function openShardQueue(url: string): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: url, max: 2 });
  boss.on('error', (e) => console.error(`pg-boss: ${e.message}`));
  await boss.start();
  if ((await boss.getQueue(SHARD_QUEUE)) === null) await boss.createQueue(SHARD_QUEUE);
  return boss;
}

/** The results table (created when missing). */
export async function openResults(url: string): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  await pool.query(`create table if not exists population_shards (
    run_id text not null, first_index integer not null, worker text not null, outcomes text not null,
    primary key (run_id, first_index))`);
  return pool;
}

/** Puts one job per shard of `n` patients; returns the number of shards. */
export async function enqueuePopulation(
  boss: PgBoss,
  run: { runId: string; seed: number; n: number; years: number; shardSize: number },
): Promise<number> {
  let shards = 0;
  for (let from = 0; from < run.n; from += run.shardSize) {
    const job: ShardJob = {
      runId: run.runId,
      seed: run.seed,
      years: run.years,
      from,
      to: Math.min(run.n, from + run.shardSize),
    };
    await boss.send(SHARD_QUEUE, job, { retryLimit: 2, expireInSeconds: 600 });
    shards++;
  }
  return shards;
}

/** Works the queue in this process until stopped: one shard at a time (one core per worker process). */
export async function workShards(boss: PgBoss, results: pg.Pool, worker: string): Promise<void> {
  await boss.work<ShardJob>(SHARD_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
    if (job === undefined) return;
    const { runId, seed, years, from, to } = job.data;
    const outcomes: PatientOutcome[] = [];
    for (let i = from; i < to; i++) outcomes.push(runPatient(seed, i, years));
    await results.query(
      `insert into population_shards (run_id, first_index, worker, outcomes) values ($1, $2, $3, $4)
       on conflict (run_id, first_index) do update set worker = excluded.worker, outcomes = excluded.outcomes`,
      [runId, from, worker, JSON.stringify(outcomes)],
    );
  });
}

/** Waits until all `shards` of the run are in, then aggregates; also says which worker ran how many. */
export async function collectPopulation(
  results: pg.Pool,
  run: { runId: string; seed: number; n: number; years: number },
  shards: number,
  timeoutMs: number,
): Promise<{ result: PopulationResult; shardsByWorker: Record<string, number> }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await results.query<{ worker: string; outcomes: string }>(
      'select worker, outcomes from population_shards where run_id = $1',
      [run.runId],
    );
    if (rows.rows.length >= shards) {
      const shardsByWorker: Record<string, number> = {};
      for (const r of rows.rows) shardsByWorker[r.worker] = (shardsByWorker[r.worker] ?? 0) + 1;
      const outcomes = rows.rows.flatMap((r) => JSON.parse(r.outcomes) as PatientOutcome[]);
      return { result: aggregate(outcomes, run.n, run.years, run.seed), shardsByWorker };
    }
    if (Date.now() > deadline)
      throw new ItbError(
        'ITB_E_SIM_WORKER_FAILED',
        `only ${rows.rows.length} of ${shards} shards came in before the deadline: no population result is given`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}
