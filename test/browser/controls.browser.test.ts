/**
 * The administration pages in Chromium against the demo clinic (issue 12, item 7): the admin lands on
 * Accounts, disables the demo nurse — whose open browser session then ends at once — and finds the
 * disable in the audit trail filtered by action. Screenshots: $ITB_SHOTS (default: a temp directory).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningDemo } from '../../src/demo/demo.ts';
import {
  buildWebApp,
  guardBrowser,
  haveBrowser,
  launchBrowser,
  signInDemo,
  type BrowserSession,
} from './harness.ts';

guardBrowser('the controls browser test');
vi.setConfig({ testTimeout: 120_000 });

describe.runIf(haveBrowser)('administration pages in Chromium', () => {
  let demo: RunningDemo;
  let admin: BrowserSession;
  let nurse: BrowserSession;
  let outDir: string;
  let dataDir: string;
  const shots = process.env['ITB_SHOTS'] ?? mkdtempSync(join(tmpdir(), 'itb-shots-'));

  beforeAll(async () => {
    outDir = await buildWebApp();
    dataDir = mkdtempSync(join(tmpdir(), 'itb-demo-'));
    const { startDemo } = await import('../../src/demo/demo.ts');
    demo = await startDemo({ dataDir, port: 0, webRoot: outDir, scryptCost: { N: 1024, r: 8, p: 1 } });
    admin = await launchBrowser();
    nurse = await launchBrowser();
    for (const b of [admin, nurse]) b.page.setDefaultTimeout(20_000);
  }, 120_000);

  afterAll(async () => {
    await admin?.close();
    await nurse?.close();
    await demo?.stop();
    for (const d of [outDir, dataDir]) if (d !== undefined) rmSync(d, { recursive: true, force: true });
  });

  it('the admin disables the nurse: the nurse is signed out at once, and the audit trail shows it', async () => {
    await signInDemo(nurse.page, demo, 'nurse');
    await signInDemo(admin.page, demo, 'admin');
    const page = admin.page;
    const nurseRow = page.getByRole('row').filter({ hasText: 'nurse@demo.itb' });
    await expect(nurseRow.getByRole('cell', { name: 'In use' }).count()).resolves.toBe(1);
    await page.screenshot({ path: join(shots, 'admin-accounts.png'), fullPage: true });
    await nurseRow.getByRole('button', { name: /^Disable / }).click();
    await page.getByRole('status').filter({ hasText: 'their sessions have ended' }).waitFor();
    await nurseRow.getByRole('button', { name: /^Enable / }).waitFor();

    // The nurse's open page: the next request is refused and the app returns to sign-in.
    await nurse.page.reload();
    await nurse.page.getByLabel('E-mail').waitFor();

    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    await page.getByLabel('Action (create, view, disable…)').fill('disable');
    await page.getByRole('button', { name: 'Show entries' }).click();
    const rows = page.getByRole('table').getByRole('row');
    await rows.filter({ hasText: 'sessionsEnded' }).first().waitFor();
    expect(await rows.count()).toBe(2); // the header and the one disable
    await page.screenshot({ path: join(shots, 'admin-audit.png'), fullPage: true });
  });
});
