/**
 * Hazards H43 and H44 on the MRI page in Chromium against the demo clinic. H43: a physician plans an MRI for
 * a valve-gated pump, the page shows the server's refusal to mark it ready with drug left in the reservoir,
 * and after a justified acceptance the scan is ready. H44: a scan recorded done for a demo patient's
 * peristaltic pump puts "MRI on <day>: pump not interrogated since" among the patient's alerts, and it is
 * resolved once the pump is interrogated after the scan. axe-core stays clean; screenshots go to
 * artifacts/screenshots/.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningDemo } from '../../src/demo/demo.ts';
import { implantInput, patientInput } from '../../src/clinic/store-test-fixtures.ts';
import { csrfHeader, guardBrowser, haveBrowser, type BrowserSession, useDemoInChromium } from './harness.ts';

guardBrowser('the MRI browser test');
vi.setConfig({ testTimeout: 120_000 });

describe.runIf(haveBrowser)('MRI preparation and follow-up, in Chromium', () => {
  let demo: RunningDemo;
  let browser: BrowserSession;
  let page: Page;

  const site = useDemoInChromium();

  beforeAll(() => {
    demo = site.demo;
    browser = site.browser;
    page = browser.page;
  });

  const plan = async (patientId: string) => {
    await site.openPatient(patientId, '/mri');
    await page.getByLabel('Planned for').fill('2030-01-15T09:30');
    await page.getByRole('button', { name: 'Plan the MRI' }).click();
    const scan = page.getByRole('list', { name: 'MRI scans' }).locator('li[data-mri]').first();
    await scan.waitFor();
    return scan;
  };

  /** A new patient `n` with a valve-gated pump, and an MRI planned for them by the physician. */
  const planForValvePump = async (n: number, name: string) => {
    const sys = { actor: 'system:test' };
    const patient = await demo.store.createPatient(patientInput(n, { name, mrn: `MRN-VALVE-${n}` }), sys);
    await demo.store.addImplant(implantInput(patient.id, `VALVE-${n}`, { deviceProfileId: 'valve-20' }), sys);
    await site.signIn('physician');
    return plan(patient.id);
  };

  it('H43 MRI with a valve-gated pump not emptied: the page shows the refusal, and the scan is ready only after a physician accepts', async () => {
    const scan = await planForValvePump(41, 'Vera Valve');
    await expect.poll(() => scan.textContent()).toMatch(/Before the scan: empty the reservoir/);
    await browser.axe('mri-01-planned');

    await scan.getByLabel('Volume expected in the reservoir (mL)').fill('12');
    await scan.getByLabel('Volume aspirated (mL)').fill('4');
    await scan.getByRole('button', { name: 'Mark ready' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/must have its reservoir emptied before an MRI/);
    await expect.poll(() => scan.textContent()).toMatch(/— planned/);

    await scan
      .getByLabel('Justification for scanning with drug in the reservoir')
      .fill('the 10 µL the closing valve delivers is judged safe at this strength');
    await scan.getByRole('button', { name: 'Accept (physician)' }).click();
    await expect.poll(() => scan.textContent()).toMatch(/Accepted by/);
    await scan.getByRole('button', { name: 'Mark ready' }).click();
    await expect.poll(() => scan.textContent()).toMatch(/— ready/);
    await expect.poll(() => scan.textContent()).toMatch(/4 mL aspirated of 12 mL expected/);
    await browser.axe('mri-02-accepted-ready');
  });

  it('an aspirated volume typed "1,5" was read with Number (NaN, sent as null): refused beside the field, nothing sent', async () => {
    const scan = await planForValvePump(42, 'Vito Valve');
    await scan.getByLabel('Volume expected in the reservoir (mL)').fill('12');
    await scan.getByLabel('Volume aspirated (mL)').fill('1,5');
    await expect
      .poll(() => scan.locator('.field-error').allTextContents())
      .toEqual([expect.stringMatching(/decimal point/)]);
    await scan.getByRole('button', { name: 'Mark ready' }).click();
    await page.waitForTimeout(500);
    expect(await page.getByRole('alert').count()).toBe(0);
    await expect.poll(() => scan.textContent()).toMatch(/— planned/);
    await browser.axe('mri-aspirated-typo');
  });

  it('H44 pump that does not resume after MRI until interrogated: the scan done puts the alert on the patient page, and an interrogation resolves it', async () => {
    const patientId = demo.patients[0]!.patient.id;
    await site.signIn('nurse');
    const scan = await plan(patientId);
    await expect.poll(() => scan.textContent()).toMatch(/Before the scan: nothing to empty/);
    await scan.getByRole('button', { name: 'Mark ready' }).click();
    await expect.poll(() => scan.textContent()).toMatch(/— ready/);
    await scan.getByRole('button', { name: 'Record the scan done now' }).click();
    await expect.poll(() => scan.textContent()).toMatch(/Scan done/);

    await site.openPatient(patientId);
    const alerts = page.getByRole('list', { name: "This patient's alerts" });
    const mri = alerts.locator('li', { hasText: 'pump not interrogated since' });
    await expect
      .poll(() => mri.textContent())
      .toMatch(/MRI on \w{3} \d{1,2} \w{3} \d{4}: pump not interrogated since/);
    await browser.axe('mri-03-alert');

    const headers = await csrfHeader(page, demo.url);
    const interrogated = await page.request.post(
      `${demo.url}/api/v1/patients/${encodeURIComponent(patientId)}/pump/interrogate`,
      { headers },
    );
    expect(interrogated.status()).toBe(200);
    await page.reload();
    await expect
      .poll(() => mri.textContent())
      .toMatch(/Resolved .* — closed: the pump was interrogated after the MRI/);
  });

  it('MRI planned with no date did nothing and said nothing, and an unknown patient read "No MRI planned." under the error: the button waits for a date and says so; an unknown patient shows only the error', async () => {
    const sys = { actor: 'system:test' };
    const patient = await demo.store.createPatient(
      patientInput(42, { name: 'Dora Date', mrn: 'MRN-DATE' }),
      sys,
    );
    await demo.store.addImplant(implantInput(patient.id, 'DATE-42'), sys);
    await site.signIn('physician');
    await site.openPatient(patient.id, '/mri');
    const button = page.getByRole('button', { name: 'Plan the MRI' });
    await button.waitFor();
    expect(await button.isDisabled()).toBe(true);
    expect(await page.getByText('Choose the date and time of the scan.').count()).toBe(1);
    await page.getByLabel('Planned for').fill('2030-01-15T09:30');
    expect(await button.isDisabled()).toBe(false);
    expect(await page.getByText('Choose the date and time of the scan.').count()).toBe(0);

    await site.openPatient('00000000-0000-4000-8000-000000000000', '/mri');
    await page.getByRole('alert').waitFor();
    expect(await page.getByText('No MRI planned.').count()).toBe(0);
  });
});
