/**
 * Patient-controlled bolus settings in Chromium against the demo clinic (issue 12, item 5): a physician
 * opens the page from Programming for a baclofen patient, asks for patient boluses and is told plainly that
 * they are not available for this drug; the plan cannot be confirmed and the pump keeps its setting. For
 * the demo's morphine patient (the drug and pump that allow them) a too-short lockout and a worst-case day
 * above the drug's maximum are refused with the reason on the page; a setting within the rules is planned,
 * confirmed with a reason, written, and read back from the pump (the page and a new interrogation show it).
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
    const patientId = await demoPatientId(page, demo.url, 'Ada Lovelace');
    await page.goto(`${demo.url}/patients/${encodeURIComponent(patientId)}/programming`);
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

  it('PCB was never set in the browser, and a written setting showed only "Done" (no interrogation showed it): the morphine patient is refused a too-short lockout and a day over the maximum, then set, read back and interrogated', async () => {
    const page = physician.page;
    await signInDemo(page, demo, 'physician');
    const patientId = await demoPatientId(page, demo.url, 'Marie Curie');
    await page.goto(`${demo.url}/patients/${encodeURIComponent(patientId)}/programming`);
    await page.getByRole('link', { name: 'Patient-controlled bolus' }).click();
    await page.getByRole('heading', { name: 'Patient-controlled bolus' }).waitFor();
    const review = page.getByRole('region', { name: 'Review' });
    const confirm = page.getByRole('button', { name: 'Confirm: change the patient-bolus settings' });
    const check = async (dose: string, lockout: string, perDay: string) => {
      await page.getByLabel(/Dose per bolus/).fill(dose);
      await page.getByLabel('Lockout (minutes)').fill(lockout);
      await page.getByLabel('Boluses a day at most').fill(perDay);
      await page.getByRole('button', { name: 'Check the settings' }).click();
    };

    await check('0.2 mg', '10', '6');
    await expect
      .poll(() => review.getByText(/lockout interval must be 15 min–1,440 min, not 10 min/).count())
      .toBe(1);
    await expect.poll(() => review.getByText('Now on the pump: off').count()).toBe(1);
    await expect.poll(() => review.getByText(/Allowed for morphine on this pump/).count()).toBe(1);
    expect(await confirm.isDisabled()).toBe(true);
    await page.screenshot({ path: join(shots, 'patient-bolus-morphine-lockout.png'), fullPage: true });

    await check('1 mg', '15', '24');
    await expect
      .poll(() =>
        review
          .getByText(/24 boluses of 1 mg could reach .*above the morphine absolute maximum 20 mg\/day/)
          .count(),
      )
      .toBe(1);
    expect(await confirm.isDisabled()).toBe(true);
    await page.screenshot({ path: join(shots, 'patient-bolus-morphine-day-max.png'), fullPage: true });

    await check('0.2 mg', '60', '6');
    await expect.poll(() => review.getByText(/up to 1.2 mg a day in boluses/).count()).toBe(1);
    const changes = review.getByRole('list', { name: 'Changes' });
    await expect.poll(() => changes.getByText(/off → on/).count()).toBe(1);
    await expect.poll(() => changes.getByText(/0\.2 mg/).count()).toBe(1);
    expect(await confirm.isDisabled()).toBe(true); // more drug a day: the reason is asked for first
    await page.getByLabel(/Why, and who taught/).fill('breakthrough pain; taught today, ward nurse observes');
    await confirm.click();
    const result = page.getByRole('status').filter({ hasText: 'Done: the pump reads back the change.' });
    await result.waitFor();
    await expect
      .poll(() =>
        result.getByText(/The pump now holds: 0\.2 mg per bolus, lockout 60 min, at most 6 a day/).count(),
      )
      .toBe(1);
    await page.screenshot({ path: join(shots, 'patient-bolus-morphine-set.png'), fullPage: true });

    await page.getByRole('link', { name: 'Programming' }).click();
    await page.getByRole('button', { name: 'Interrogate pump' }).click();
    const snapshot = page.getByRole('table', { name: 'Pump snapshot' });
    await snapshot.waitFor();
    await expect
      .poll(() =>
        snapshot
          .getByRole('row', {
            name: /Patient-controlled bolus.*0\.2 mg per bolus, lockout 60 min, at most 6 a day/,
          })
          .count(),
      )
      .toBe(1);
    await page.screenshot({ path: join(shots, 'patient-bolus-morphine-interrogated.png'), fullPage: true });
  });
});

/** The demo patient `name`'s id, from the demo status. */
async function demoPatientId(page: BrowserSession['page'], url: string, name: string): Promise<string> {
  const status = await page.request.get(`${url}/api/v1/demo/status`);
  const { pumps } = (await status.json()) as { pumps: { patientId: string; name: string }[] };
  const pump = pumps.find((p) => p.name === name);
  if (pump === undefined) throw new Error(`no demo pump for ${name}`);
  return pump.patientId;
}
