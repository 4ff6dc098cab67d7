// Issue 14: population and campaign workers started from the sources loaded every module through tsx even
// beside a fresh compiled build, which bin/itb.js already runs; a worker now loads the compiled sibling then.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { siblingModule, workerBootstrap } from './worker-bootstrap.ts';

/** A checkout layout: .git, one source module, and a build stamped at `builtAt` (none when undefined). */
function checkout(builtAt: number | undefined): string {
  const root = mkdtempSync(join(tmpdir(), 'itb-bootstrap-'));
  mkdirSync(join(root, '.git'));
  mkdirSync(join(root, 'src/sim'), { recursive: true });
  writeFileSync(join(root, 'src/sim/pool.ts'), 'export {};\n');
  if (builtAt !== undefined) {
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist/build.json'), JSON.stringify({ builtAt, modules: 1 }));
  }
  return root;
}
const from = (root: string) => pathToFileURL(join(root, 'src/sim/pool.ts')).href;

describe('workers loaded TypeScript through tsx beside a fresh build (issue 14)', () => {
  it('a source module starts its workers on the compiled sibling when dist/ is newer than every source', () => {
    const root = checkout(Date.now() + 60_000);
    const url = siblingModule('population-worker', from(root));
    expect(url).toBe(pathToFileURL(join(root, 'dist/sim/population-worker.js')).href);
    expect(workerBootstrap(url)).toBe(`import(${JSON.stringify(url)});`);
  });

  it('keeps the TypeScript source (through tsx) when a source is newer than the build, or there is none', () => {
    for (const root of [checkout(0), checkout(undefined)]) {
      const url = siblingModule('population-worker', from(root));
      expect(url).toBe(pathToFileURL(join(root, 'src/sim/population-worker.ts')).href);
      expect(workerBootstrap(url)).toContain('register()');
    }
  });

  it('a compiled module starts its workers on its own compiled sibling', () => {
    expect(siblingModule('worker', 'file:///itb/dist/sim/campaign/run.js')).toBe(
      'file:///itb/dist/sim/campaign/worker.js',
    );
  });
});
