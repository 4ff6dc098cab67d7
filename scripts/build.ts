/**
 * The compiled `itb`: every module of src/ (tests excepted) transpiled one to one into dist/ with esbuild,
 * `./x.ts` imports rewritten to `./x.js`, so dist/ mirrors src/ and every path a module computes from its
 * own location (`../../web/dist`, `../../examples`, worker modules) resolves exactly as from the sources.
 * No type checking here (that is `npm run typecheck`); no bundling, so each command still loads only the
 * modules it imports. Runs on install (`prepare`) and writes dist/build.json last: bin/itb.js uses dist/
 * only when that stamp is newer than every source file.
 */
import { build, type Plugin } from 'esbuild';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
/** dist/ of this checkout, or `--out DIR` (a test builds into a scratch copy of the layout). */
const outFlag = process.argv.indexOf('--out');
const outArg = outFlag > 0 ? process.argv[outFlag + 1] : undefined;
const OUT = outArg === undefined ? join(ROOT, 'dist') : resolve(outArg);

/** Each source module is its own output file: imports stay imports, `.ts` becomes `.js`. */
const oneToOne: Plugin = {
  name: 'one-to-one',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const relativeTs = args.path.startsWith('.') && args.path.endsWith('.ts');
      return { path: relativeTs ? args.path.slice(0, -3) + '.js' : args.path, external: true };
    });
  },
};

const entryPoints = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => join(SRC, f));

const started = Date.now();
rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints,
  outdir: OUT,
  outbase: SRC,
  bundle: true,
  plugins: [oneToOne],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
writeFileSync(
  join(OUT, 'build.json'),
  JSON.stringify({ builtAt: started, modules: entryPoints.length }) + '\n',
);
process.stderr.write(
  `itb: compiled ${entryPoints.length} modules to ${relative(ROOT, OUT)}/ in ${Date.now() - started} ms\n`,
);
