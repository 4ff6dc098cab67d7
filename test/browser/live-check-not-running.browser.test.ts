/**
 * The programming page's live check disagreed with its Finish screen for a pump that runs no programme
 * (walk of a replacement at ERI): the live check compared the typed dose with the prescription on record,
 * so two days after the surgery the full old dose read "OK, no change" while the Finish screen called it a
 * restart; the restart dose read "Warning −50 %, withdrawal risk". The live check now reads the pump as the
 * page knows it (the board's row, then its own interrogation) and checks the change from the dose the
 * patient received, as the server's plan does (docs/web.md "The programming page's live check").
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { guardBrowser, haveBrowser, useDemoInChromium } from './harness.ts';

guardBrowser('the live check of a pump that runs no programme');
vi.setConfig({ testTimeout: 180_000 });

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe.runIf(haveBrowser)('the live check of a pump that runs no programme, in Chromium', () => {
  const site = useDemoInChromium();
  let ada = '';
  let fritz = '';

  /**
   * Replaces the patient's pump at ERI on the pathway page, the surgery dated `daysBack` days back, at
   * `time` on that day when given (else its day only).
   */
  async function replaceDaysAgo(page: Page, id: string, serial: string, daysBack: number, time?: string) {
    expect((await site.post('/api/v1/demo/battery', { patientId: id })).status()).toBe(200);
    await site.openPatient(id, '/programming');
    await page.getByRole('button', { name: 'Interrogate pump' }).click();
    await page.locator('table.facts caption', { hasText: 'Pump snapshot' }).waitFor();
    const me = (await (await page.request.get(`${site.demo.url}/api/v1/auth/me`)).json()) as { now: number };
    await site.openPatient(id, '/pathway');
    await page.getByLabel('New pump serial').fill(serial);
    await page.getByLabel('Replacement date').fill(day(me.now - daysBack * 24 * 3_600_000));
    if (time !== undefined) await page.getByLabel('Time of the operation (if known)').fill(time);
    await page.getByLabel('Fill lot').fill('LOT-R2');
    await page.getByRole('button', { name: 'Pair a demo pump with this serial' }).click();
    await expect
      .poll(() => page.getByLabel(/Pairing keys/).inputValue(), { timeout: 15_000 })
      .toMatch(/keyId/);
    await page.getByLabel(/^Justification/).fill('the programme in force, continued on the new pump');
    await page.getByRole('button', { name: 'Record replacement' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent(), { timeout: 15_000 })
      .toMatch(/Replacement recorded/);
  }

  beforeAll(async () => {
    await site.signIn('physician');
    ada = await site.idOf('Ada Lovelace');
    fritz = await site.idOf('Fritz Haber');
  });

  it('live check disagreed with Finish for a pump that runs no programme: two days after a replacement the old dose read "OK, no change" live and a restart on Finish', async () => {
    const { page } = site;
    await replaceDaysAgo(page, ada, 'ADA-PUMP-2', 2);
    await site.openPatient(ada, '/programming');
    const live = page.locator('#live');
    const dose = page.getByLabel(/Proposed daily dose/);
    await page.getByText('The pump runs no programme: no drug reaches the patient').waitFor();

    // Before any interrogation on this page: the board's record of the pump.
    await dose.fill('330 mcg/day');
    await expect
      .poll(() => live.innerText(), { timeout: 15_000 })
      .toMatch(/Live check: Warning change restart/);
    expect(await live.innerText()).toMatch(
      /no drug delivered since .* \(time not recorded\) \(up to 2 days \d+ h\); the programme sent is a restart/,
    );
    await dose.fill('165 mcg/day');
    await expect.poll(() => live.innerText()).toMatch(/Live check: Warning change restart/);
    expect(await live.innerText()).not.toMatch(/−50|withdrawal risk/);
    // No advice titrates from a dose the pump does not run.
    expect(await page.getByRole('heading', { name: /Model-informed dosing/ }).count()).toBe(0);

    // The page's own interrogation, then the Finish screen: the same verdict for the same reasons.
    await page.getByRole('button', { name: 'Interrogate pump' }).click();
    await page.locator('table.facts caption', { hasText: 'Pump snapshot' }).waitFor();
    const liveCodes = (
      await page.getByRole('list', { name: 'Live guardrail reasons' }).locator('code').allInnerTexts()
    ).sort();
    expect(liveCodes).toContain('ITB_R_TITRATION_RESTART');
    await page.getByRole('button', { name: 'Review change' }).click();
    await page.getByRole('heading', { name: /Finish/ }).waitFor();
    await page.getByText(/Guardrail: Warning/).waitFor();
    const finish = page.getByRole('list', { name: 'Guardrail reasons' });
    expect((await finish.locator('code').allInnerTexts()).sort()).toEqual(liveCodes);
    await site.browser.axe('programming-not-running-live');
  });

  it('the time of a replacement could not be given on the form: a back-dated one read "(time not recorded)" and a same-day one counted from the recording; the time typed is what the live check counts from', async () => {
    const { page } = site;
    await replaceDaysAgo(page, fritz, 'FRITZ-PUMP-2', 1, '23:00');
    await site.openPatient(fritz, '/programming');
    await page.getByLabel(/Proposed daily dose/).fill('440 mcg/day');
    const live = page.locator('#live');
    await expect
      .poll(() => live.innerText(), { timeout: 15_000 })
      .toMatch(/runs no programme: no drug delivered since \w{3} \d+ \w{3} \d{4} 23:00 UTC \(0 days \d+ h\)/);
    expect(await live.innerText()).not.toMatch(/time not recorded/);
  });
});
