/**
 * What every browser suite shares: Debian Chromium through playwright-core (never a downloaded browser),
 * the web app built once by Vite into a temp directory, and an axe-core check that also saves a screenshot
 * under artifacts/screenshots/. Without /usr/bin/chromium a suite skips with a message, or FAILS when `CI`
 * is set: a CI without the browser must not pass silently.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ClinicStore } from '../../src/clinic/store.ts';
import type { AppExtension } from '../../src/server/app.ts';
import { chromium, type APIResponse, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoOptions, RunningDemo } from '../../src/demo/demo.ts';

const CHROMIUM = '/usr/bin/chromium';
export const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = join(ROOT, 'artifacts/screenshots');
export const haveBrowser = existsSync(CHROMIUM);
const MISSING = `${CHROMIUM} is missing: install Debian's chromium package to run the browser tests`;

/** Declares the "needs Chromium" failure for CI, or warns that `suite` is skipped; call at module level. */
export function guardBrowser(suite: string): void {
  if (!haveBrowser && process.env['CI'] === undefined) console.warn(`skipping ${suite}: ${MISSING}`);
  describe.runIf(!haveBrowser && process.env['CI'] !== undefined)(`${suite} (CI)`, () => {
    it('needs Chromium', () => {
      throw new Error(MISSING);
    });
  });
}

/** Builds the web app (or another Vite entry config) into a new temp directory and returns it. */
export async function buildWebApp(configFile = join(ROOT, 'web/vite.config.ts')): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'itb-web-'));
  const { build } = await import('vite');
  await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return outDir;
}

/** The clinic app over `store` with `extensions`, listening on a random local port. */
export async function serveClinicApp(
  store: ClinicStore,
  extensions: readonly AppExtension[],
): Promise<{ readonly app: FastifyInstance; readonly base: string }> {
  const { buildApp } = await import('../../src/server/app.ts');
  const app = await buildApp({ store, extensions });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return {
    app,
    base: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`,
  };
}

export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Runs axe-core on the page as it is now, asserts no serious/critical violation, saves a screenshot. */
  axe(name: string): Promise<void>;
  close(): Promise<void>;
}

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly unknown[] }[];
}

/** Launches headless Chromium with a fresh profile and the flags this machine's closed network needs. */
export async function launchBrowser(): Promise<BrowserSession> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'itb-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    viewport: { width: 1280, height: 900 },
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const axeSource = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  mkdirSync(SHOTS, { recursive: true });
  return {
    context,
    page,
    async axe(name) {
      // Evaluated through the DevTools protocol: an inline <script> tag is (rightly) refused by the app's
      // Content-Security-Policy (src/server/security-headers.ts).
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const w = globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } };
        return (await w.axe.run()).violations;
      });
      const bad = violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
      expect(bad, `axe on ${name}`).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A demo clinic as the browser suites see it: its URL and its accounts. */
export interface DemoSite {
  readonly url: string;
  readonly accounts: readonly { readonly role: string; readonly email: string; readonly password: string }[];
}

/**
 * Signs `page` in as the demo account of `role` (signing out first if someone is signed in); staff land on
 * the refill board, an admin on the accounts page.
 */
export async function signInDemo(
  page: Page,
  demo: DemoSite,
  role: 'nurse' | 'physician' | 'viewer' | 'admin',
): Promise<void> {
  const account = demo.accounts.find((a) => a.role === role);
  if (account === undefined) throw new Error(`no demo ${role} account`);
  await page.goto(`${demo.url}/`);
  // The app decides after `/auth/me` answers: wait for either the sign-in form or a signed-in page.
  const signOut = page.getByRole('button', { name: 'Sign out' });
  const email = page.getByLabel('E-mail');
  await signOut.or(email).first().waitFor();
  if ((await signOut.count()) > 0) {
    await signOut.click();
    await email.waitFor();
  }
  await email.fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: role === 'admin' ? 'Accounts' : 'Refill board' }).waitFor();
}

/**
 * The refill wizard's opening steps, on its page: a wizard this tab left unfinished started over, the pump
 * interrogated (its snapshot shown), the five critical actions ticked, and the measurements step open.
 */
export async function toRefillMeasurements(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Refill wizard' }).waitFor();
  await page.getByRole('heading', { name: /^Step/ }).waitFor();
  const over = page.getByRole('button', { name: 'Start over' });
  if ((await over.count()) > 0) await over.click();
  await page.getByRole('button', { name: 'Interrogate pump' }).click();
  await page.locator('table.facts caption', { hasText: 'Pump snapshot' }).waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  const boxes = page.getByRole('checkbox');
  await expect.poll(() => boxes.count()).toBe(5);
  for (let i = 0; i < 5; i++) await boxes.nth(i).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Measured residual (mL)').waitFor();
}

/**
 * The signed-in session's CSRF token header (src/server/auth/csrf.ts): a write through the cookie session
 * outside the app's own client must send it, as web/src/api.ts does.
 */
export async function csrfHeader(page: Page, baseUrl: string): Promise<Record<string, string>> {
  const me = (await (await page.request.get(`${baseUrl}/api/v1/auth/me`)).json()) as { csrfToken: string };
  return { 'x-itb-csrf': me.csrfToken };
}

/** The demo clinic in Chromium, as the suites use it (see {@link useDemoInChromium}). */
export interface DemoInChromium {
  readonly demo: RunningDemo;
  /** The first browser and its page (the one most suites drive). */
  readonly browser: BrowserSession;
  readonly page: Page;
  /** Every browser launched, the first included (a suite asking for two drives two accounts at once). */
  readonly browsers: readonly BrowserSession[];
  /** A write as the page's signed-in account, with its CSRF header (a setup step outside the pages). */
  post(path: string, data: unknown): Promise<APIResponse>;
  /** Fast-forwards the demo world (`POST /api/v1/demo/clock`) as the page's signed-in account. */
  advanceClock(hours: number): Promise<void>;
  /** Signs the first page in as the demo account of `role` ({@link signInDemo}). */
  signIn(role: 'nurse' | 'physician' | 'viewer' | 'admin'): Promise<void>;
  /** The id of the demo patient called `name`, found on the board as the signed-in account sees it. */
  idOf(name: string): Promise<string>;
  /** Opens the patient's page, or one under it (`path` such as `/refill`), on the first page. */
  openPatient(patientId: string, path?: string): Promise<void>;
}

/**
 * Registers, in the calling `describe`, the set-up every demo suite repeated: build the web app, start the
 * demo clinic on a free port in a temp directory (a low scrypt cost: sign-in is not what is tested), launch
 * `browsers` Chromiums whose missing elements fail within 20 s naming the locator (not at the test's
 * timeout), and stop and remove it all afterwards. The returned object is filled in `beforeAll`.
 */
export function useDemoInChromium(
  options: { readonly browsers?: number; readonly demo?: Partial<DemoOptions> } = {},
): DemoInChromium {
  let demo: RunningDemo | undefined;
  const browsers: BrowserSession[] = [];
  const dirs: string[] = [];
  const ready = <T>(x: T | undefined, what: string): T => {
    if (x === undefined) throw new Error(`the demo's ${what} is used before beforeAll started it`);
    return x;
  };
  beforeAll(async () => {
    const outDir = await buildWebApp();
    const dataDir = mkdtempSync(join(tmpdir(), 'itb-demo-'));
    dirs.push(outDir, dataDir);
    const { startDemo } = await import('../../src/demo/demo.ts');
    demo = await startDemo({
      dataDir,
      port: 0,
      webRoot: outDir,
      scryptCost: { N: 1024, r: 8, p: 1 },
      ...options.demo,
    });
    for (let i = 0; i < (options.browsers ?? 1); i++) {
      const b = await launchBrowser();
      b.page.setDefaultTimeout(20_000);
      browsers.push(b);
    }
  }, 120_000);
  afterAll(async () => {
    for (const b of browsers) await b.close();
    await demo?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const handle: DemoInChromium = {
    get demo() {
      return ready(demo, 'clinic');
    },
    get browser() {
      return ready(browsers[0], 'browser');
    },
    get page() {
      return ready(browsers[0], 'browser').page;
    },
    browsers,
    async post(path, data) {
      const url = handle.demo.url;
      return handle.page.request.post(`${url}${path}`, { data, headers: await csrfHeader(handle.page, url) });
    },
    async advanceClock(hours) {
      const res = await handle.post('/api/v1/demo/clock', { advanceHours: hours });
      expect(res.status(), await res.text()).toBe(200);
    },
    signIn(role) {
      return signInDemo(handle.page, handle.demo, role);
    },
    async idOf(name) {
      const res = await handle.page.request.get(`${handle.demo.url}/api/v1/board?limit=500`);
      const board = (await res.json()) as { rows: { patientId: string; name: string }[] };
      const row = board.rows.find((r) => r.name === name);
      if (row === undefined) throw new Error(`no demo patient ${name} on the board`);
      return row.patientId;
    },
    async openPatient(patientId, path = '') {
      await handle.page.goto(`${handle.demo.url}/patients/${encodeURIComponent(patientId)}${path}`);
    },
  };
  return handle;
}
