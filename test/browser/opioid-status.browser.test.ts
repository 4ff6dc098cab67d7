/**
 * The patient page's opioid status in Chromium against the demo clinic (issue 13: opioid status was not
 * fed). A physician finds it "not recorded", records "opioid-tolerant", and the page and the API read it
 * back after a reload; the viewer of the record sees the status as text. Screenshot: $ITB_SHOTS (default:
 * a temp directory).
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

guardBrowser('the opioid status browser test');
vi.setConfig({ testTimeout: 120_000 });

describe.runIf(haveBrowser)('opioid status on the patient page in Chromium', () => {
  let demo: RunningDemo;
  let physician: BrowserSession;
  let outDir: string;
  let dataDir: string;
  const shots = process.env['ITB_SHOTS'] ?? mkdtempSync(join(tmpdir(), 'itb-shots-'));

  beforeAll(async () => {
    outDir = await buildWebApp();
    dataDir = mkdtempSync(join(tmpdir(), 'itb-demo-'));
    const { startDemo } = await import('../../src/demo/demo.ts');
    demo = await startDemo({ dataDir, port: 0, webRoot: outDir, scryptCost: { N: 1024, r: 8, p: 1 } });
    physician = await launchBrowser();
    physician.page.setDefaultTimeout(20_000);
  }, 120_000);

  afterAll(async () => {
    await physician?.close();
    await demo?.stop();
    for (const d of [outDir, dataDir]) if (d !== undefined) rmSync(d, { recursive: true, force: true });
  });

  it('opioid status is not fed: a physician records it on the patient page and it is read back', async () => {
    const page = physician.page;
    await signInDemo(page, demo, 'physician');
    const patients = (await (await page.request.get(`${demo.url}/api/v1/patients`)).json()) as {
      id: string;
      opioidStatus: string | null;
    }[];
    const patient = patients[0];
    if (patient === undefined) throw new Error('the demo has no patient');
    expect(patient.opioidStatus).toBeNull();
    await page.goto(`${demo.url}/patients/${patient.id}`);
    const select = page.getByLabel('Opioid status', { exact: true });
    await expect.poll(() => select.inputValue(), { timeout: 15_000 }).toBe('unknown');
    await expect
      .poll(() => page.getByRole('form', { name: 'Record the opioid status' }).textContent(), {
        timeout: 15_000,
      })
      .toContain('refused until it is recorded');
    await select.selectOption('tolerant');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Save' }).isDisabled(), { timeout: 15_000 })
      .toBe(true);
    await physician.axe('patient-opioid-status');
    await page.screenshot({ path: join(shots, 'patient-opioid-status.png'), fullPage: false });

    await page.reload();
    await expect
      .poll(() => page.getByLabel('Opioid status', { exact: true }).inputValue(), { timeout: 15_000 })
      .toBe('tolerant');
    const stored = (await (await page.request.get(`${demo.url}/api/v1/patients/${patient.id}`)).json()) as {
      opioidStatus: string | null;
    };
    expect(stored.opioidStatus).toBe('tolerant');
  });

  it('opioid status missing from the patient banner: the programming page names it beside the drug', async () => {
    // Continues from the test above: the first demo patient is now recorded as opioid-tolerant.
    const page = physician.page;
    const patients = (await (await page.request.get(`${demo.url}/api/v1/patients`)).json()) as {
      id: string;
    }[];
    const patient = patients[0];
    if (patient === undefined) throw new Error('the demo has no patient');
    await page.goto(`${demo.url}/patients/${patient.id}/programming`);
    const banner = page.getByRole('region', { name: 'Patient' });
    await expect
      .poll(() => banner.textContent(), { timeout: 15_000 })
      .toMatch(/Drug.*Opioid statusopioid-tolerant/);
  });

  it('opioid status missing from the board row: the patient’s row on the board is tagged with it', async () => {
    // Continues from the tests above: the first demo patient is recorded as opioid-tolerant.
    const page = physician.page;
    const patients = (await (await page.request.get(`${demo.url}/api/v1/patients`)).json()) as {
      name: string;
    }[];
    const patient = patients[0];
    if (patient === undefined) throw new Error('the demo has no patient');
    await page.goto(`${demo.url}/`);
    const row = page.getByRole('row').filter({ hasText: patient.name });
    await expect.poll(() => row.first().textContent(), { timeout: 15_000 }).toContain('opioid-tolerant');
  });
});
