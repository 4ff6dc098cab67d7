/**
 * Starting a worker thread on one of this package's modules, from the compiled build in dist/ or from the
 * TypeScript sources (tsx) alike. The one place that knows both: a `.ts` module needs tsx registered inside
 * the worker first (`--import tsx` in execArgv does not reach worker threads on Node 20); a compiled `.js`
 * module is imported as it is. A source module's workers run its compiled sibling when the build is fresh
 * (bin/build-freshness.cjs, the rule bin/itb.js follows): loading every module through tsx made a worker's
 * start-up slower and its profile show tsx's own helpers (issue 14).
 */
import { createRequire } from 'node:module';

/** The freshness rule, loaded only when running from the sources (a compiled copy may have no bin/ beside it). */
const staleBuild = (root: URL): string | null =>
  (
    createRequire(import.meta.url)('../../bin/build-freshness.cjs') as {
      staleBuild: (root: URL) => string | null;
    }
  ).staleBuild(root);

/**
 * The URL of the sibling module `name` of the module at `from`: `.js` beside a compiled `from`; for a
 * source module under `<root>/src/`, the compiled `<root>/dist/…/name.js` when that build is fresh, else the
 * `.ts` source.
 */
export function siblingModule(name: string, from: string): string {
  if (!from.endsWith('.ts')) return new URL(`./${name}.js`, from).href;
  const at = from.lastIndexOf('/src/');
  if (at >= 0) {
    const root = new URL(from.slice(0, at + 1));
    if (staleBuild(root) === null) {
      const compiled = `${from.slice(0, at)}/dist/${from.slice(at + '/src/'.length)}`;
      return new URL(`./${name}.js`, compiled).href;
    }
  }
  return new URL(`./${name}.ts`, from).href;
}

/** Source for `new Worker(code, { eval: true })` that runs `prelude`, then imports `moduleUrl`. */
export function workerBootstrap(moduleUrl: string, prelude = ''): string {
  const target = JSON.stringify(moduleUrl);
  if (!moduleUrl.endsWith('.ts')) return `${prelude}import(${target});`;
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return `${prelude}import(${api}).then((m) => { m.register(); return import(${target}); });`;
}
