/**
 * The simulator page in a real browser (Debian Chromium, playwright-core), as clinic.browser.test.ts does:
 * the API in-process with the simulator routes, the web app built by Vite into a temp directory. While
 * the route /simulator is not wired into App.tsx, a temporary entry renders SimulatorPage alone. Runs the
 * missed-refill example and checks the outcome shows withdrawal and the charts render; axe-core finds no
 * serious or critical violation; screenshots go to artifacts/screenshots/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedClinic, type Seeded } from './seed.ts';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = join(ROOT, 'artifacts/screenshots');
const haveBrowser = existsSync(CHROMIUM);
/** True once the lead has added the /simulator route to the app shell. */
const routed = readFileSync(join(ROOT, 'web/src/App.tsx'), 'utf8').includes('SimulatorPage');

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly unknown[] }[];
}

/** Builds the app, or a temporary entry rendering SimulatorPage alone, into `outDir`. */
async function buildWeb(outDir: string): Promise<string | null> {
  const { build } = await import('vite');
  if (routed) {
    await build({
      configFile: join(ROOT, 'web/vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
    return null;
  }
  // Inside the package so `react` resolves from node_modules.
  const cache = join(ROOT, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const entry = mkdtempSync(join(cache, 'itb-sim-entry-'));
  const page = join(ROOT, 'web/src/pages/SimulatorPage.tsx');
  const styles = join(ROOT, 'web/src/styles.css');
  writeFileSync(
    join(entry, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="UTF-8" /><title>itb simulator</title></head>' +
      '<body><div id="root"></div><script type="module" src="./main.tsx"></script></body></html>',
  );
  writeFileSync(
    join(entry, 'main.tsx'),
    [
      `import { createRoot } from 'react-dom/client';`,
      `import { SimulatorPage } from ${JSON.stringify(page)};`,
      `import ${JSON.stringify(styles)};`,
      `createRoot(document.getElementById('root')!).render(`,
      `  <main id="main"><SimulatorPage /></main>,`,
      `);`,
    ].join('\n'),
  );
  const react = (await import('@vitejs/plugin-react')).default;
  await build({
    configFile: false,
    root: entry,
    plugins: [react()],
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return entry;
}

describe.runIf(haveBrowser)('simulator page in Chromium', () => {
  let seeded: Seeded;
  let app: FastifyInstance;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let outDir: string;
  let entryDir: string | null = null;
  let userDataDir: string;
  let axeSource: string;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'itb-web-sim-'));
    entryDir = await buildWeb(outDir);
    seeded = await seedClinic();
    const { buildApp } = await import('../../src/server/app.ts');
    const { webExtension } = await import('../../src/server/web-extension.ts');
    const { simExtension } = await import('../../src/server/sim-extension.ts');
    app = await buildApp({
      store: seeded.store,
      extensions: [simExtension(), webExtension({ root: outDir })],
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    userDataDir = mkdtempSync(join(tmpdir(), 'itb-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      viewport: { width: 1280, height: 900 },
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    axeSource = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
    mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await app?.close();
    await seeded?.dispose();
    for (const d of [outDir, userDataDir, entryDir])
      if (d !== undefined && d !== null) rmSync(d, { recursive: true, force: true });
  });

  async function axe(name: string): Promise<void> {
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const w = globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } };
      return (await w.axe.run()).violations;
    });
    const bad = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
    expect(bad, `axe on ${name}`).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

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
    await expect(outcome.locator('tr', { hasText: 'Alarms raised' }).textContent()).resolves.toMatch(
      /empty-reservoir/,
    );
    await expect(page.getByRole('table', { name: /Faults injected/ }).textContent()).resolves.toMatch(
      /alarm:/,
    );
    await expect(page.locator('figure.sim-chart canvas').count()).resolves.toBe(3);
    await expect(page.locator('figure.sim-chart .chart-summary').first().textContent()).resolves.toMatch(
      /µg\/mL/,
    );
    await axe('11-simulator-run');
  }, 120_000);

  it('shows the refusal and the bad path for an invalid scenario', async () => {
    await page.getByLabel('Scenario (JSON)').fill('{"name":"x","days":-3,"startDoseMcgPerDay":100}');
    await page.getByRole('button', { name: 'Run simulation' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(/days/);
    await axe('12-simulator-invalid');
  });
});
