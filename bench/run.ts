/**
 * `npm run bench -- NAME` runs bench/NAME.bench.ts; with no NAME, every benchmark in turn. Each benchmark
 * is a module whose top level runs it and ends by calling report() from harness.ts.
 */
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  console.error(
    `ITB_E_INVALID_INPUT: unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ')}`,
  );
  process.exit(2);
}
let failed = false;
for (const name of wanted.length > 0 ? wanted : available) {
  // Each benchmark runs in its own process so one's JIT state and heap do not colour another's figures.
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, `${name}.bench.ts`)], {
    stdio: 'inherit',
  });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
