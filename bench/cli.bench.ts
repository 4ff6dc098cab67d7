/**
 * Start-up cost of the `itb` command (docs/performance.md, "CLI"): `itb --version` and
 * `itb calc rate --dose 500 --concentration 2000`, each spawned as a user would (node bin/itb.js …),
 * against spawning `node -e 0` — the floor any Node.js command pays. The three are interleaved over
 * REPS rounds (so a busy machine slows them alike) and the median wall time of each is compared. The
 * reported ratio is the slower command's median ÷ the baseline's; the goal is ≤ 3. Build the compiled
 * CLI first (`npm run build`): `build` in the figures says whether dist/ or the TypeScript sources ran.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median, report } from './harness.ts';

const REPS = Number(process.env['ITB_BENCH_REPS'] ?? 9);
const BIN = fileURLToPath(new URL('../bin/itb.js', import.meta.url));

const CASES = {
  baseline: ['-e', '0'],
  version: [BIN, '--version'],
  calcRate: [BIN, 'calc', 'rate', '--dose', '500', '--concentration', '2000'],
} as const;
type Case = keyof typeof CASES;

function spawnMs(args: readonly string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
  return ms;
}

const verbose = spawnSync(process.execPath, [BIN, '--version', '--verbose'], { encoding: 'utf8' });
const build = verbose.stderr.includes('compiled build') ? 'dist' : 'tsx';

const samples: Record<Case, number[]> = { baseline: [], version: [], calcRate: [] };
const names = Object.keys(CASES) as Case[];
for (const name of names) spawnMs(CASES[name]); // warm the file cache
for (let i = 0; i < REPS; i++) for (const name of names) samples[name].push(spawnMs(CASES[name]));

const ms = {
  baseline: median(samples.baseline),
  version: median(samples.version),
  calcRate: median(samples.calcRate),
};
const round = (x: number) => Number(x.toFixed(1));
const versionRatio = ms.version / ms.baseline;
const calcRatio = ms.calcRate / ms.baseline;
console.log(
  `node -e 0 ${round(ms.baseline)} ms; itb --version ${round(ms.version)} ms (${versionRatio.toFixed(2)}×); ` +
    `itb calc rate ${round(ms.calcRate)} ms (${calcRatio.toFixed(2)}×); build ${build}; median of ${REPS}`,
);
report('cli', Math.max(versionRatio, calcRatio), 'node -e 0', {
  build,
  reps: REPS,
  baselineMs: round(ms.baseline),
  versionMs: round(ms.version),
  calcRateMs: round(ms.calcRate),
  versionRatio: Number(versionRatio.toPrecision(4)),
  calcRateRatio: Number(calcRatio.toPrecision(4)),
  goal: 3,
});
