/**
 * The simulator over HTTP (docs/web-simulator.md): `GET /api/v1/sim/examples` lists the example scenarios
 * (examples/*.json, read once when the routes are registered) and `POST /api/v1/sim/run` runs one scenario
 * (src/sim, pure) and answers its summary, the timeline thinned to at most {@link MAX_TIMELINE_ROWS} rows,
 * and the events. For any staff role: the simulator holds no patient record.
 *
 * One request must not hog the server: the span is capped ({@link SIM_LIMITS}), runs go to ONE worker
 * thread (the event loop keeps answering), a run over its time limit is stopped by terminating the worker,
 * and only a few requests may wait for it; beyond that the API answers busy (503, Retry-After).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { parseScenario, runScenario, type RunResult, type Scenario, type TimelineRow } from '../sim/index.ts';
import { defineCodes, ItbError } from '../therapy/codes.ts';
import { sourced } from '../therapy/sourced.ts';
import { siblingModule, workerBootstrap } from '../sim/worker-bootstrap.ts';
import type { AppExtension } from './app.ts';
import { anyObject, json, objectSchema } from './api-schemas.ts';

/** Codes of the simulator routes (registered in src/codes.ts). */
export const SIM_API_CODES = defineCodes({
  ITB_E_SIM_SPAN_TOO_LONG: {
    kind: 'error',
    summary: 'A simulation over the API covers too many days or too many samples; shorten it or use the CLI.',
  },
  ITB_E_SIM_RUN_TOO_LONG: {
    kind: 'error',
    summary: 'A simulation over the API ran past its time limit and was stopped; shorten it or use the CLI.',
  },
  ITB_E_SIM_BUSY: {
    kind: 'error',
    summary: 'The server is running other simulations; retry in a few seconds.',
  },
} as const);

/** Limits of one API run [A, our choice: the slowest 5-year scenario measured ~5 s on the dev machine]. */
export const SIM_LIMITS = sourced(
  { maxDays: 1827, maxSamples: 50_000, timeoutMs: 30_000, maxWaiting: 2 },
  'A',
  'our choice: 5 years; a 5-year missed refill without response ran 4.6 s (docs/web-simulator.md)',
);
/** The timeline a client receives is thinned to at most this many rows (charts need no more). */
export const MAX_TIMELINE_ROWS = 2000;

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
/** examples/ of this checkout. */
export const DEFAULT_EXAMPLES_DIR = join(ROOT, 'examples');

export interface SimExample {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly scenario: unknown;
}

/** Reads and validates examples/*.json (sorted by file name); a bad example file is a start-up error. */
export function loadExamples(dir: string = DEFAULT_EXAMPLES_DIR): SimExample[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const scenario: unknown = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      const s = parseScenario(scenario);
      return { id: f.slice(0, -5), name: s.name, description: s.description ?? '', scenario };
    });
}

const rank = (r: TimelineRow): number =>
  (r.withdrawalStage === 'none' ? 0 : 10) + (r.overdoseStage === 'none' ? 0 : 10) + r.alarms.length;

/**
 * Thins a timeline to at most `max` rows, in time order: per bucket, its first row and its most notable
 * one (a withdrawal/overdose stage or an alarm, else the highest tip CSF), so a short spike stays visible.
 */
export function downsample(rows: readonly TimelineRow[], max: number = MAX_TIMELINE_ROWS): TimelineRow[] {
  if (rows.length <= max) return [...rows];
  const buckets = Math.floor(max / 2);
  const out: TimelineRow[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * rows.length) / buckets);
    const to = Math.floor(((b + 1) * rows.length) / buckets);
    let best = from;
    for (let i = from + 1; i < to; i++) {
      const r = rows[i] as TimelineRow;
      const cur = rows[best] as TimelineRow;
      if (rank(r) > rank(cur) || (rank(r) === rank(cur) && r.csfTipUgPerMl > cur.csfTipUgPerMl)) best = i;
    }
    out.push(rows[from] as TimelineRow);
    if (best !== from) out.push(rows[best] as TimelineRow);
  }
  const last = rows[rows.length - 1] as TimelineRow;
  if (out.at(-1) !== last) out[out.length - 1] = last;
  return out;
}

/** What `POST /api/v1/sim/run` answers. */
export interface SimRunAnswer extends Omit<RunResult, 'timeline'> {
  readonly timeline: readonly TimelineRow[];
  /** Rows the run sampled, before thinning. */
  readonly sampledRows: number;
}

/** Runs a validated scenario and thins its timeline (what the worker does; pure apart from the clock). */
export function runForApi(scenario: Scenario, seed: number | undefined): SimRunAnswer {
  const r = runScenario(scenario, seed === undefined ? {} : { seed });
  return { ...r, timeline: downsample(r.timeline), sampledRows: r.timeline.length };
}

/** Refuses a span the API will not run (days, samples); the CLI has no such cap. */
export function checkSpan(s: Scenario): void {
  const { maxDays, maxSamples } = SIM_LIMITS.value;
  const samples = Math.ceil((s.days * 24) / (s.sampleHours ?? 6));
  if (s.days > maxDays || samples > maxSamples) {
    throw new ItbError(
      'ITB_E_SIM_SPAN_TOO_LONG',
      `the API runs at most ${maxDays} days and ${maxSamples} samples (asked: ${s.days} days, ${samples} samples)`,
      { limit: maxDays, value: s.days },
    );
  }
}

type WorkerReply = { ok: SimRunAnswer } | { error: { code: string | null; message: string } };

/** The worker's side: answers `{ scenario, seed }` messages with `runForApi` results. */
function workerMain(): void {
  const port = parentPort;
  if (port === null) return;
  port.on('message', (m: { scenario: Scenario; seed?: number }) => {
    let reply: WorkerReply;
    try {
      reply = { ok: runForApi(m.scenario, m.seed) };
    } catch (e) {
      const code = e instanceof ItbError ? e.code : null;
      reply = { error: { code, message: e instanceof Error ? e.message : String(e) } };
    }
    port.postMessage(reply);
  });
}
if (!isMainThread && (globalThis as { __itbSimWorker?: boolean }).__itbSimWorker === true) workerMain();

/**
 * Bootstrap of the worker: this module again, flagged so that it starts `workerMain`. Started from the
 * sources, the worker runs the compiled sibling when the build is fresh (worker-bootstrap.ts), as the
 * population and campaign workers do, instead of loading every module through tsx. `from` is this module's
 * URL (another only in tests).
 */
export const simWorkerBootstrap = (from: string = import.meta.url): string =>
  workerBootstrap(siblingModule('sim-extension', from), 'globalThis.__itbSimWorker = true;');

/** One worker thread, one run at a time, a short waiting line, a time limit per run. */
class SimRunner {
  private worker: Worker | null = null;
  private line: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  private running = false;

  constructor(private readonly timeoutMs: number) {}

  get load(): number {
    return this.waiting + (this.running ? 1 : 0);
  }

  run(scenario: Scenario, seed: number | undefined): Promise<SimRunAnswer> {
    if (this.waiting >= SIM_LIMITS.value.maxWaiting && this.running) {
      return Promise.reject(new ItbError('ITB_E_SIM_BUSY', 'other simulations are running; retry shortly'));
    }
    this.waiting++;
    const next = this.line.then(() => {
      this.waiting--;
      this.running = true;
      return this.once(scenario, seed).finally(() => (this.running = false));
    });
    this.line = next.catch(() => undefined);
    return next;
  }

  private once(scenario: Scenario, seed: number | undefined): Promise<SimRunAnswer> {
    const w = (this.worker ??= new Worker(simWorkerBootstrap(), {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    }));
    return new Promise((ok, fail) => {
      const stop = (e: Error) => {
        cleanup();
        this.worker = null;
        void w.terminate();
        fail(e);
      };
      const timer = setTimeout(
        () =>
          stop(
            new ItbError(
              'ITB_E_SIM_RUN_TOO_LONG',
              `the run took longer than ${this.timeoutMs / 1000} s and was stopped; shorten it`,
            ),
          ),
        this.timeoutMs,
      );
      const onMessage = (m: WorkerReply) => {
        cleanup();
        if ('ok' in m) ok(m.ok);
        else fail(new ItbError(m.error.code ?? 'ITB_E_INTERNAL', m.error.message));
      };
      const onError = (e: Error) => stop(new ItbError('ITB_E_SIM_WORKER_FAILED', e.message));
      const cleanup = () => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.postMessage(seed === undefined ? { scenario } : { scenario, seed });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

/** Status and FHIR issue type of each code these routes answer themselves. */
const STATUS: Readonly<Record<string, readonly [number, string]>> = {
  ITB_E_SIM_INVALID_SCENARIO: [400, 'invalid'],
  ITB_E_SIM_SPAN_TOO_LONG: [422, 'too-costly'],
  ITB_E_SIM_RUN_TOO_LONG: [422, 'too-costly'],
  ITB_E_SIM_BUSY: [503, 'transient'],
};

/** Answers a simulator refusal as an OperationOutcome naming the code and, for a bad scenario, each path. */
function refuse(reply: FastifyReply, e: ItbError) {
  // A run that throws on an impossible setup (e.g. a refused fill) is the scenario's fault: 422.
  const [status, issue] = STATUS[e.code] ?? [422, 'business-rule'];
  const issues = e.details?.['issues'];
  const paths = Array.isArray(issues) ? issues.filter((i): i is string => typeof i === 'string') : [];
  const coding = [{ system: 'https://itb.example/codes', code: e.code }];
  if (status === 503) void reply.header('retry-after', '5');
  return reply
    .status(status)
    .type('application/json')
    .send({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: issue,
          // With paths, each follows as its own issue: the first says how many, not all again.
          details: {
            coding,
            text: paths.length === 0 ? e.message : `invalid scenario (${paths.length} problem(s)):`,
          },
        },
        ...paths.map((p) => ({
          severity: 'error',
          code: issue,
          details: { coding, text: p },
          expression: [`scenario.${p.split(':')[0] ?? ''}`],
        })),
      ],
    });
}

const runBody = z.strictObject({
  scenario: z.unknown(),
  seed: z
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
});

export interface SimExtensionOptions {
  readonly examplesDir?: string;
  /** Per-run time limit (ms); default {@link SIM_LIMITS}. */
  readonly timeoutMs?: number;
}

const STAFF = ['physician', 'nurse', 'viewer'] as const;

/** The simulator routes as an extension (mount with `simExtension()` in DEFAULT_EXTENSIONS). */
export function simExtension(options: SimExtensionOptions = {}): AppExtension {
  return {
    name: 'sim',
    rules: {
      'GET /api/v1/sim/examples': { roles: [...STAFF] },
      'POST /api/v1/sim/run': { roles: [...STAFF] },
    },
    register(app) {
      const examples = loadExamples(options.examplesDir);
      const runner = new SimRunner(options.timeoutMs ?? SIM_LIMITS.value.timeoutMs);
      app.addHook('onClose', async () => runner.close());
      const tags = ['simulator'];
      app.get(
        '/api/v1/sim/examples',
        {
          schema: {
            response: {
              200: json(
                z.array(
                  objectSchema('SimExample', 'An example scenario', { id: z.string(), name: z.string() }),
                ),
                'The examples',
              ),
            },
            tags,
            summary: 'The example scenarios (examples/*.json)',
          },
        },
        async () => (await Promise.resolve(), examples),
      );
      app.post(
        '/api/v1/sim/run',
        {
          schema: {
            response: {
              200: json(anyObject('SimRun', 'The run: summary, downsampled timeline, events'), 'The run'),
            },
            tags,
            summary: `Run a scenario (≤ ${SIM_LIMITS.value.maxDays} days): summary, timeline (≤ ${MAX_TIMELINE_ROWS} rows), events`,
            body: runBody,
          },
        },
        async (req, reply) => {
          const body = req.body as z.infer<typeof runBody>;
          try {
            const scenario = parseScenario(body.scenario);
            checkSpan(scenario);
            return await runner.run(scenario, body.seed);
          } catch (e) {
            if (e instanceof ItbError && e.code !== 'ITB_E_INTERNAL' && e.code !== 'ITB_E_SIM_WORKER_FAILED')
              return refuse(reply, e);
            throw e;
          }
        },
      );
    },
  };
}
