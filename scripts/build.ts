/**
 * The compiled `itb`: every module of src/ (tests excepted) transpiled one to one into dist/ with esbuild,
 * `./x.ts` imports rewritten to `./x.js`, so dist/ mirrors src/ and every path a module computes from its
 * own location (`../../web/dist`, `../../examples`, worker modules) resolves exactly as from the sources.
 * No type checking here (that is `npm run typecheck`); no bundling, so each command still loads only the
 * modules it imports. Runs on install (`prepare`) and writes dist/build.json last: bin/itb.js uses dist/
 * only when that stamp is newer than every source file.
 */
import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
/** dist/ of this checkout, or `--out DIR` (a test builds into a scratch copy of the layout). */
const outFlag = process.argv.indexOf('--out');
const outArg = outFlag > 0 ? process.argv[outFlag + 1] : undefined;
const OUT = outArg === undefined ? join(ROOT, 'dist') : resolve(outArg);

/**
 * Relative `.ts` module specifiers (static imports and exports, `import(…)` of a literal) rewritten to `.js`.
 * Same length, so the source maps stay exact.
 */
const RELATIVE_TS = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"'\n]*)\.ts\2/g;
const jsSpecifiers = (code: string): string =>
  code.replace(RELATIVE_TS, (_m, lead: string, q: string, path: string) => `${lead}${q}${path}.js${q}`);

const entryPoints = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => join(SRC, f));

const started = Date.now();
rmSync(OUT, { recursive: true, force: true });
const output = await build({
  entryPoints,
  outdir: OUT,
  outbase: SRC,
  // Not bundled: bundling turns every top-level `const` into `var`, which V8 (Node 20) then cannot treat
  // as a constant in hot loops (`N` in the body's matrix loops): the compiled simulator took 17–30 % more
  // CPU than the same sources through tsx (issue 14). Each module is transpiled alone; its imports stay.
  bundle: false,
  write: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
for (const file of output.outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.path.endsWith('.js') ? jsSpecifiers(file.text) : file.contents);
}
writeFileSync(
  join(OUT, 'build.json'),
  JSON.stringify({ builtAt: started, modules: entryPoints.length }) + '\n',
);
process.stderr.write(
  `itb: compiled ${entryPoints.length} modules to ${relative(ROOT, OUT)}/ in ${Date.now() - started} ms\n`,
);
