// What `npm ci` leaves behind: the install step (`prepare`) builds the compiled CLI and the web app, and the
// compiled modules find the web app, the examples and the worker modules where the sources do.
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXAMPLES_DIR } from '../src/server/sim-extension.ts';
import { DEFAULT_WEB_ROOT } from '../src/server/web-extension.ts';
import viteConfig from '../web/vite.config.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

function node(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('install', () => {
  it('after npm ci, itb serve answers 503 until the web app is built by hand: prepare builds both', () => {
    const steps = (PKG.scripts['prepare'] ?? '').split('&&').map((s) => s.trim());
    expect(steps).toEqual(['npm run build', 'npm run build:web']);
    expect(PKG.scripts['build']).toBe('tsx scripts/build.ts');
    expect(PKG.scripts['build:web']).toBe('vite build --config web/vite.config.ts');
    // …into the directory `itb serve` serves.
    expect(viteConfig.build?.outDir).toBe(DEFAULT_WEB_ROOT);
  });

  it('the compiled build finds the web app, the examples and the population worker where the sources do', async () => {
    // A scratch copy of the layout: package.json (ESM), node_modules, and dist/ built by the install step.
    const root = mkdtempSync(join(tmpdir(), 'itb-build-'));
    copyFileSync(join(ROOT, 'package.json'), join(root, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    const built = await node([
      '--import',
      'tsx',
      join(ROOT, 'scripts/build.ts'),
      '--out',
      join(root, 'dist'),
    ]);
    expect(built.code, built.stderr).toBe(0);
    expect(existsSync(join(root, 'dist/build.json'))).toBe(true);
    expect(existsSync(join(root, 'dist/sim/population-worker.js'))).toBe(true);
    const probe = `
      const web = await import(${JSON.stringify(join(root, 'dist/server/web-extension.js'))});
      const sim = await import(${JSON.stringify(join(root, 'dist/server/sim-extension.js'))});
      console.log(JSON.stringify({ web: web.DEFAULT_WEB_ROOT, examples: sim.DEFAULT_EXAMPLES_DIR }));
    `;
    const r = await node(['--input-type=module', '-e', probe]);
    expect(r.code, r.stderr).toBe(0);
    const rel = (p: string, from: string) => p.slice(from.length);
    expect(JSON.parse(r.stdout)).toEqual({
      web: join(root, rel(DEFAULT_WEB_ROOT, ROOT.replace(/\/$/, ''))),
      examples: join(root, rel(DEFAULT_EXAMPLES_DIR, ROOT.replace(/\/$/, ''))),
    });
    const population = await node([
      join(root, 'dist/cli/itb.js'),
      'sim',
      'population',
      '--n',
      '2',
      '--years',
      '0.05',
      '--workers',
      '2',
      '--json',
    ]);
    expect(population.code, population.stderr).toBe(0);
    expect(JSON.parse(population.stdout)).toMatchObject({ n: 2 });
  });

  it('the compiled build turned top-level constants into var (issue 14): each module keeps its const and imports', async () => {
    const root = mkdtempSync(join(tmpdir(), 'itb-build-'));
    const built = await node([
      '--import',
      'tsx',
      join(ROOT, 'scripts/build.ts'),
      '--out',
      join(root, 'dist'),
    ]);
    expect(built.code, built.stderr).toBe(0);
    const linear = readFileSync(join(root, 'dist/body/linear.js'), 'utf8');
    expect(linear).toMatch(/^const N = N_STATES;$/m);
    expect(linear).not.toMatch(/^var /m);
    expect(linear).toMatch(/^import \{[^}]*\} from "\.\/pk\.js";$/m);
    expect(linear).not.toMatch(/from "[^"]*\.ts"/);
  });
});

describe('a stale build is never run silently', () => {
  /**
   * A scratch checkout for bin/itb.js: a build stamped at `builtAt`, a compiled entry and a source entry that
   * each print which one ran, and source modules with the given modification times (seconds since the epoch).
   */
  function checkout(builtAtS: number, sources: Readonly<Record<string, number>>, git = true): string {
    const root = mkdtempSync(join(tmpdir(), 'itb-stale-'));
    const write = (rel: string, text: string, mtimeS?: number) => {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
      if (mtimeS !== undefined) utimesSync(join(root, rel), mtimeS, mtimeS);
    };
    write('package.json', '{"type":"module"}\n');
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    mkdirSync(join(root, 'bin'));
    for (const file of ['itb.js', 'build-freshness.cjs'])
      copyFileSync(join(ROOT, 'bin', file), join(root, 'bin', file));
    if (git) mkdirSync(join(root, '.git'));
    write('dist/build.json', JSON.stringify({ builtAt: builtAtS * 1_000, modules: 1 }));
    write('dist/cli/itb.js', "console.log('compiled');\n");
    write('src/cli/itb.ts', "console.log('sources');\n", builtAtS - 60);
    for (const [rel, mtimeS] of Object.entries(sources)) write(rel, 'export {};\n', mtimeS);
    return root;
  }
  const runIn = (root: string) => node([join(root, 'bin/itb.js'), '--verbose']);
  const BUILT = 1_800_000_000;

  it('a source module edited after the build, however deep, makes itb run the sources and name it (the freshness check lists entries with their types instead of stat-ing each name twice)', async () => {
    const fresh = checkout(BUILT, { 'src/a/b/c/deep.ts': BUILT - 1, 'src/a/b/c/deep.test.ts': BUILT + 60 });
    const compiled = await runIn(fresh);
    expect(compiled.stdout.trim()).toBe('compiled');
    expect(compiled.stderr).toContain('running the compiled build in dist/');

    const edited = checkout(BUILT, { 'src/a/b/c/deep.ts': BUILT + 1, 'src/top.ts': BUILT - 1 });
    const stale = await runIn(edited);
    expect(stale.stdout.trim()).toBe('sources');
    expect(stale.stderr).toContain('src/a/b/c/deep.ts is newer than the build in dist/');

    rmSync(join(fresh, 'dist/build.json'));
    const unbuilt = await runIn(fresh);
    expect(unbuilt.stdout.trim()).toBe('sources');
    expect(unbuilt.stderr).toContain('no compiled build in dist/');
  });

  it('an installed copy (no git checkout) trusts its build', async () => {
    const installed = checkout(BUILT, { 'src/a/edited.ts': BUILT + 1 }, false);
    const r = await runIn(installed);
    expect(r.stdout.trim()).toBe('compiled');
  });
});
