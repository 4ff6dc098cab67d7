/**
 * The simulator page in a real browser (Debian Chromium, playwright-core), as clinic.browser.test.ts does:
 * the API in-process with the simulator routes, the web app built by Vite into a temp directory. Runs the
 * missed-refill example and checks the outcome shows withdrawal and the charts render; axe-core finds no
 * serious or critical violation; screenshots go to artifacts/screenshots/.
 */
import { rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildWebApp,
  guardBrowser,
  haveBrowser,
  launchBrowser,
  serveClinicApp,
  type BrowserSession,
} from './harness.ts';
import { seedClinic, type Seeded } from './seed.ts';

guardBrowser('the simulator browser tests');

describe.runIf(haveBrowser)('simulator page in Chromium', () => {
  let seeded: Seeded;
  let app: FastifyInstance;
  let base: string;
  let browser: BrowserSession;
  let page: Page;
  let outDir: string;

  beforeAll(async () => {
    outDir = await buildWebApp();
    seeded = await seedClinic();
    const { webExtension } = await import('../../src/server/web-extension.ts');
    const { simExtension } = await import('../../src/server/sim-extension.ts');
    ({ app, base } = await serveClinicApp(seeded.store, [simExtension(), webExtension({ root: outDir })]));
    browser = await launchBrowser();
    page = browser.page;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await seeded?.dispose();
    if (outDir !== undefined) rmSync(outDir, { recursive: true, force: true });
  });

  const axe = (name: string) => browser.axe(name);

  it('runs the missed-refill example: withdrawal in the outcome, three charts', async () => {
    // Sign in through the API (the cookie lands in the browser context).
    const login = await page.request.post(`${base}/api/v1/auth/login`, {
      data: { email: seeded.physicianEmail, password: seeded.password },
    });
    expect(login.status()).toBe(200);
    await page.goto(`${base}/simulator`);
    await page.getByRole('heading', { name: 'Simulator' }).waitFor();
    const example = page.getByLabel('Example scenario');
    await example.locator('option[value="missed-refill"]').waitFor({ state: 'attached' });
    await example.selectOption('missed-refill');
    await expect(page.getByLabel('Scenario (JSON)').inputValue()).resolves.toMatch(/missed-refill/);
    await axe('10-simulator-form');

    await page.getByRole('button', { name: 'Run simulation' }).click();
    await page.getByRole('heading', { name: 'Outcome' }).waitFor({ timeout: 60_000 });
    const outcome = page.locator('table.facts').first();
    const withdrawal = await outcome.locator('tr', { hasText: 'Withdrawal' }).textContent();
    expect(withdrawal).toMatch(/worst: (early|moderate|severe)/);
    await expect
      .poll(() => outcome.locator('tr', { hasText: 'Alarms raised' }).textContent(), { timeout: 15_000 })
      .toMatch(/empty-reservoir/);
    await expect
      .poll(() => page.getByRole('table', { name: /Faults injected/ }).textContent(), { timeout: 15_000 })
      .toMatch(/alarm:/);
    await expect(page.locator('figure.sim-chart canvas').count()).resolves.toBe(3);
    await expect
      .poll(() => page.locator('figure.sim-chart .chart-summary').first().textContent(), { timeout: 15_000 })
      .toMatch(/µg\/mL/);
    await axe('11-simulator-run');
  }, 120_000);

  // Finding (issue 15): the charts marked alarms and faults but not a catheter revision or a pump replacement.
  it('runs the catheter-occlusion example: the catheter revision is marked on the charts and named in their summary', async () => {
    const example = page.getByLabel('Example scenario');
    await example.selectOption('catheter-occlusion');
    await expect(page.getByLabel('Scenario (JSON)').inputValue()).resolves.toMatch(/catheter-occlusion/);
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await expect
      .poll(() => page.locator('figure.sim-chart .chart-summary').first().textContent(), { timeout: 60_000 })
      .toMatch(
        /Pump replaced or catheter revised: catheter revised \(new catheter primed with drug\) \(day \d/,
      );
    await expect
      .poll(() => page.locator('figure.sim-chart figcaption').first().textContent(), { timeout: 15_000 })
      .toMatch(/dotted green lines: pump replaced or catheter revised/);
    await axe('13-simulator-revision');
  }, 120_000);

  it('shows the refusal and the bad path for an invalid scenario', async () => {
    await page.getByLabel('Scenario (JSON)').fill('{"name":"x","days":-3,"startDoseMcgPerDay":100}');
    await page.getByRole('button', { name: 'Run simulation' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toMatch(/days/);
    await axe('12-simulator-invalid');
  });
});
