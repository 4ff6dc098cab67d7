/**
 * Issue 14, the web app: one chunk over 500 kB held every page, charts and therapy code, loaded before
 * the first screen. The app is built here (into a temp directory) and its manifest measured
 * (bench/web-size.ts): the first page — sign-in, then the board — loads at most 250 kB of JavaScript
 * gzip, and pages opened later (the simulator, programming, refill) are chunks of their own.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_PAGE_GZIP_BUDGET, firstPageJs } from '../../bench/web-size.ts';
import { buildWebApp } from '../browser/harness.ts';

describe('web app first page', () => {
  let dist: string;
  beforeAll(async () => {
    dist = await buildWebApp();
  }, 240_000);
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('one chunk over 500 kB: the first page loads at most 250 kB of JavaScript gzip, other pages when opened', () => {
    const first = firstPageJs(dist);
    expect(first.gzipBytes).toBeLessThanOrEqual(FIRST_PAGE_GZIP_BUDGET);
    for (const later of ['SimulatorPage', 'ProgrammingPage', 'RefillPage', 'PatientPage']) {
      const own = firstPageJs(dist, [`src/pages/${later}.tsx`]).files[0];
      expect(own, `${later} has its own chunk`).toBeDefined();
      expect(first.files, `${later} is not loaded by the first page`).not.toContain(own);
    }
  });
});
