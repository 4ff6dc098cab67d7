// The simulator routes through app.inject (docs/web-simulator.md): examples listed, a run answered with a
// thinned timeline, bad scenarios refused with the sim's code and paths, the span cap, staff-only access.
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineRow } from '../sim/index.ts';
import { DEFAULT_EXTENSIONS } from './extensions.ts';

/** The default extensions with the simulator's replaced by one under test. */
const withSim = (sim: ReturnType<typeof simExtension>) => [
  ...DEFAULT_EXTENSIONS.filter((e) => e.name !== 'sim'),
  sim,
];
import {
  DEFAULT_EXAMPLES_DIR,
  MAX_TIMELINE_ROWS,
  SIM_LIMITS,
  downsample,
  simExtension,
  simWorkerBootstrap,
  type SimExample,
  type SimRunAnswer,
} from './sim-extension.ts';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';

const backend = API_BACKENDS[0];
if (backend === undefined) throw new Error('no test backend');

describe('simulator routes', () => {
  let t: TestApi;
  let examples: SimExample[];
  beforeAll(async () => {
    t = await startApi(backend, { extensions: withSim(simExtension()) });
    examples = (await t.call('viewer', 'GET', '/api/v1/sim/examples')).json<SimExample[]>();
  }, 60_000);
  afterAll(async () => t?.dispose());

  it('lists every examples/*.json with its name and scenario', () => {
    const files = readdirSync(DEFAULT_EXAMPLES_DIR).filter((f) => f.endsWith('.json'));
    expect(examples.map((e) => `${e.id}.json`).sort()).toEqual(files.sort());
    const missed = examples.find((e) => e.id === 'missed-refill');
    expect(missed?.name).toBe('missed-refill');
    expect(missed?.description).toMatch(/refill/);
  });

  it('runs the missed-refill example: withdrawal, the empty alarm and its detection (docs/simulator.md)', async () => {
    const scenario = examples.find((e) => e.id === 'missed-refill')?.scenario;
    const res = await t.call('nurse', 'POST', '/api/v1/sim/run', { scenario, seed: 1 });
    expect(res.statusCode).toBe(200);
    const r = res.json<SimRunAnswer>();
    expect(r.summary?.harm.withdrawal.early).toBeGreaterThan(0);
    expect(r.summary?.alarmsRaised['empty-reservoir']).toBeGreaterThan(0);
    expect(r.summary?.faults[0]?.detectedBy).toMatch(/^alarm:/);
    expect(r.timeline.length).toBe(r.sampledRows);
    expect(r.events.some((e) => e.kind === 'alarm')).toBe(true);
  }, 60_000);

  it('refuses a bad scenario with 400, the sim code and each bad path', async () => {
    const res = await t.call('physician', 'POST', '/api/v1/sim/run', {
      scenario: { name: 'x', days: -1, bogus: true, startDoseMcgPerDay: 100 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ issue: { details: { coding: { code: string }[] }; expression?: string[] }[] }>();
    expect(body.issue[0]?.details.coding[0]?.code).toBe('ITB_E_SIM_INVALID_SCENARIO');
    const paths = body.issue.flatMap((i) => i.expression ?? []);
    expect(paths).toContain('scenario.days');
    expect(paths.some((p) => p.startsWith('scenario.'))).toBe(true);
  });

  it('refuses a span over the cap before running it', async () => {
    const days = SIM_LIMITS.value.maxDays + 1;
    const res = await t.call('viewer', 'POST', '/api/v1/sim/run', {
      scenario: { name: 'long', days, startDoseMcgPerDay: 100 },
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('ITB_E_SIM_SPAN_TOO_LONG');
  });

  it('is for staff only: a patient and an admin are refused, anonymous must sign in', async () => {
    for (const who of ['patient', 'admin'] as const) {
      expect((await t.call(who, 'GET', '/api/v1/sim/examples')).statusCode).toBe(403);
      expect((await t.call(who, 'POST', '/api/v1/sim/run', { scenario: {} })).statusCode).toBe(403);
    }
    expect((await t.call(null, 'GET', '/api/v1/sim/examples')).statusCode).toBe(401);
  });
});

describe('sim-extension workers loaded TypeScript through tsx beside a fresh build (issue 14)', () => {
  /** A checkout layout: .git, the simulator routes' source module, and a build stamped at `builtAt`. */
  function checkout(builtAt: number): string {
    const root = mkdtempSync(join(tmpdir(), 'itb-sim-worker-'));
    mkdirSync(join(root, '.git'));
    mkdirSync(join(root, 'src/server'), { recursive: true });
    writeFileSync(join(root, 'src/server/sim-extension.ts'), 'export {};\n');
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist/build.json'), JSON.stringify({ builtAt, modules: 1 }));
    return root;
  }
  const from = (root: string) => pathToFileURL(join(root, 'src/server/sim-extension.ts')).href;
  const flag = 'globalThis.__itbSimWorker = true;';

  it('started from the sources, the worker imports the compiled module when dist/ is fresh', () => {
    const root = checkout(Date.now() + 60_000);
    const compiled = pathToFileURL(join(root, 'dist/server/sim-extension.js')).href;
    expect(simWorkerBootstrap(from(root))).toBe(`${flag}import(${JSON.stringify(compiled)});`);
  });

  it('keeps the TypeScript source through tsx when a source is newer than the build', () => {
    const source = from(checkout(0));
    const code = simWorkerBootstrap(source);
    expect(code.startsWith(flag)).toBe(true);
    expect(code).toContain('register()');
    expect(code).toContain(`import(${JSON.stringify(source)})`);
  });
});

describe('run time limit', () => {
  it('stops a run over its time limit with ITB_E_SIM_RUN_TOO_LONG', async () => {
    const t = await startApi(backend, {
      extensions: withSim(simExtension({ timeoutMs: 50 })),
    });
    try {
      const res = await t.call('physician', 'POST', '/api/v1/sim/run', {
        scenario: { name: 'year', days: 365, startDoseMcgPerDay: 400 },
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('ITB_E_SIM_RUN_TOO_LONG');
    } finally {
      await t.dispose();
    }
  }, 60_000);
});

describe('downsample', () => {
  const row = (i: number, over: Partial<TimelineRow> = {}): TimelineRow => ({
    t: new Date(i * 3_600_000).toISOString(),
    day: i / 24,
    doseMcgPerDay: 100,
    pumpDeliveredMcg: 0,
    intrathecalMcg: 0,
    tissueMcg: 0,
    pumpSiteFluidMl: 0,
    reservoirCalculatedMl: 10,
    reservoirTrueMl: 10,
    csfTipUgPerMl: 1,
    csfSpinalUgPerMl: 0.5,
    csfCranialUgPerMl: 0.1,
    mas: '1',
    masContinuous: 1,
    withdrawalStage: 'none',
    overdoseStage: 'none',
    alarms: [],
    ...over,
  });

  it('keeps at most the cap, in time order, with the first, last and a lone alarm row', () => {
    const rows = Array.from({ length: 9_999 }, (_, i) =>
      row(i, i === 4_321 ? { alarms: ['empty-reservoir'] } : {}),
    );
    const out = downsample(rows);
    expect(out.length).toBeLessThanOrEqual(MAX_TIMELINE_ROWS);
    expect(out[0]).toBe(rows[0]);
    expect(out.at(-1)).toBe(rows.at(-1));
    expect(out).toContain(rows[4_321]);
    for (let i = 1; i < out.length; i++) expect(out[i]!.day).toBeGreaterThan(out[i - 1]!.day);
  });

  it('leaves a short timeline as it is', () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(i));
    expect(downsample(rows)).toEqual(rows);
  });
});
