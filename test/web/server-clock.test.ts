/**
 * Troubleshooting prefill uses the browser clock (issue 12): the demo's clinic runs ahead of the wall
 * clock, so every time a page prefills or bounds (the troubleshooting findings' "since", an implant date,
 * a diary day, a decision time, "now" on the patient pages) must come from the server's clock
 * (web/src/use-server-now.ts). This tripwire finds any other read of the browser's clock in web/src.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../web/src/', import.meta.url).pathname;
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });

describe('server clock in the web app', () => {
  it('troubleshooting prefill uses the browser clock: only use-server-now.ts reads Date.now() or new Date()', () => {
    const readers = files(root)
      .filter((f) => /Date\.now\(\)|new Date\(\)/.test(readFileSync(f, 'utf8')))
      .map((f) => f.slice(root.length));
    expect(readers).toEqual(['use-server-now.ts']);
    expect(readFileSync(join(root, 'troubleshoot/use-troubleshoot.ts'), 'utf8')).toMatch(
      /fetchServerNow\(\)/,
    );
  });
});
