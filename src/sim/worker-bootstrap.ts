/**
 * Starting a worker thread on one of this package's modules, from the TypeScript sources (tsx) or from the
 * compiled build in dist/ alike. The one place that knows both: a `.ts` module needs tsx registered inside
 * the worker first (`--import tsx` in execArgv does not reach worker threads on Node 20); a compiled `.js`
 * module is imported as it is.
 */

/** The URL of the sibling module `name` of the module at `from`, with the extension `from` runs with. */
export function siblingModule(name: string, from: string): string {
  return new URL(`./${name}${from.endsWith('.ts') ? '.ts' : '.js'}`, from).href;
}

/** Source for `new Worker(code, { eval: true })` that runs `prelude`, then imports `moduleUrl`. */
export function workerBootstrap(moduleUrl: string, prelude = ''): string {
  const target = JSON.stringify(moduleUrl);
  if (!moduleUrl.endsWith('.ts')) return `${prelude}import(${target});`;
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return `${prelude}import(${api}).then((m) => { m.register(); return import(${target}); });`;
}
