/**
 * The compiled build (dist/, scripts/build.ts) for benchmarks that time the simulator as `itb` runs it:
 * rebuilt once per process, then modules imported by their path under src/ without the extension.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

let built = false;

/** Rebuilds dist/ (once per process), then imports dist/<module>.js. */
export async function compiled<T>(module: string): Promise<T> {
  if (!built) {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('../scripts/build.ts', import.meta.url))],
      { stdio: 'inherit' },
    );
    if (r.status !== 0) throw new Error('ITB_E_INTERNAL: npm run build failed');
    built = true;
  }
  return (await import(new URL(`../dist/${module}.js`, import.meta.url).href)) as T;
}
