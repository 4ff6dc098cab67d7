/**
 * Patient-controlled bolus settings in Chromium against the demo clinic (issue 12, item 5): a physician
 * opens the page from Programming for a baclofen patient, asks for patient boluses and is told plainly that
 * they are not available for this drug; the plan cannot be confirmed and the pump keeps its setting.
 * Screenshots: $ITB_SHOTS (default: a temp directory).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningDemo } from '../../src/demo/demo.ts';
import { guardBrowser, haveBrowser, signInDemo, type BrowserSession, useDemoInChromium } from './harness.ts';

guardBrowser('the patient-bolus browser test');
vi.setConfig({ testTimeout: 120_000 });

describe.runIf(haveBrowser)('patient-controlled bolus page in Chromium', () => {
  let demo: RunningDemo;
  let physician: BrowserSession;
  const shots = process.env['ITB_SHOTS'] ?? mkdtempSync(join(tmpdir(), 'itb-shots-'));

  const site = useDemoInChromium({ browsers: 1 });

  beforeAll(() => {
    demo = site.demo;
    physician = site.browsers[0]!;
  });

  it('a baclofen patient: patient-controlled boluses are refused as not available, nothing can be confirmed', async () => {
    const page = physician.page;
    await signInDemo(page, demo, 'physician');
    const status = await page.request.get(`${demo.url}/api/v1/demo/status`);
    const { pumps } = (await status.json()) as { pumps: { patientId: string; name: string }[] };
    const pump = pumps.find((p) => p.name === 'Ada Lovelace');
    if (pump === undefined) throw new Error('no demo pump for Ada Lovelace');
    await page.goto(`${demo.url}/patients/${encodeURIComponent(pump.patientId)}/programming`);
    await page.getByRole('link', { name: 'Patient-controlled bolus' }).click();
    await page.getByRole('heading', { name: 'Patient-controlled bolus' }).waitFor();

    await page.getByLabel(/Dose per bolus/).fill('20 mcg');
    await page.getByLabel('Lockout (minutes)').fill('180');
    await page.getByLabel('Boluses a day at most').fill('4');
    await page.getByRole('button', { name: 'Check the settings' }).click();
    const review = page.getByRole('region', { name: 'Review' });
    await review.getByText(/Now on the pump:/).waitFor();
    await expect
      .poll(() => review.getByText(/not available for this pump or drug: .*not allowed for baclofen/).count())
      .toBe(1);
    await expect.poll(() => review.getByText('Now on the pump: off').count()).toBe(1);
    expect(
      await page.getByRole('button', { name: 'Confirm: change the patient-bolus settings' }).isDisabled(),
    ).toBe(true);
    await page.screenshot({ path: join(shots, 'patient-bolus-baclofen.png'), fullPage: true });
  });
});
