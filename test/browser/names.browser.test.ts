/**
 * Finding: names, not user ids, wherever a clinician reads who did something — the patient timeline named
 * no one, the troubleshooting episode and the audit viewer showed "user:…". In Chromium against the demo
 * clinic: a nurse records a complication and opens a troubleshooting episode; the timeline, the episode
 * and the admin's audit viewer each show "Demo Nurse (nurse)" (src/clinic/actor-names.ts, one resolver).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningDemo } from '../../src/demo/demo.ts';
import {
  buildWebApp,
  csrfHeader,
  guardBrowser,
  haveBrowser,
  launchBrowser,
  signInDemo,
  type BrowserSession,
} from './harness.ts';

guardBrowser('the names browser test');
vi.setConfig({ testTimeout: 120_000 });
const POLL = { timeout: 15_000 };
const NURSE = 'Demo Nurse (nurse)';

describe.runIf(haveBrowser)('names, not user ids, in Chromium', () => {
  let demo: RunningDemo;
  let browser: BrowserSession;
  let page: Page;
  let outDir: string;
  let dataDir: string;

  beforeAll(async () => {
    outDir = await buildWebApp();
    dataDir = mkdtempSync(join(tmpdir(), 'itb-demo-'));
    const { startDemo } = await import('../../src/demo/demo.ts');
    demo = await startDemo({ dataDir, port: 0, webRoot: outDir, scryptCost: { N: 1024, r: 8, p: 1 } });
    browser = await launchBrowser();
    page = browser.page;
    page.setDefaultTimeout(20_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
    for (const d of [outDir, dataDir]) if (d !== undefined) rmSync(d, { recursive: true, force: true });
  });

  it('the timeline, the troubleshooting episode and the audit viewer name the nurse, never a user id', async () => {
    const patientId = demo.patients[0]!.patient.id;
    const P = `${demo.url}/api/v1/patients/${patientId}`;
    await signInDemo(page, demo, 'nurse');
    const headers = await csrfHeader(page, demo.url);
    const complication = await page.request.post(`${P}/complications`, {
      data: { kind: 'infection', severity: 'mild', description: 'pocket redness, no fever' },
      headers,
    });
    expect(complication.status(), await complication.text()).toBe(201);
    const episode = await page.request.post(`${P}/troubleshooting`, {
      data: { symptom: 'more-spasticity', findings: { reservoirMl: 20 } },
      headers,
    });
    expect(episode.status(), await episode.text()).toBe(201);

    await page.goto(`${demo.url}/patients/${patientId}`);
    const timeline = page.locator('ol.timeline');
    await expect
      .poll(async () => (await timeline.textContent()) ?? '', POLL)
      .toContain(`pocket redness, no fever — by ${NURSE}`);
    expect((await timeline.textContent()) ?? '').not.toMatch(/user:/);

    await page.goto(`${demo.url}/patients/${patientId}/troubleshoot`);
    await expect
      .poll(async () => (await page.locator('main').textContent()) ?? '', POLL)
      .toMatch(new RegExp(`opened .* by ${NURSE.replace(/[()]/g, '\\$&')}`));

    await signInDemo(page, demo, 'admin');
    await page.goto(`${demo.url}/admin/audit`);
    const table = page.locator('table');
    await expect.poll(async () => (await table.textContent()) ?? '', POLL).toContain(NURSE);
    const who = await page.locator('table tbody tr td:nth-child(3)').allTextContents();
    expect(who.filter((w) => w.startsWith('user:'))).toEqual([]);
  });
});
