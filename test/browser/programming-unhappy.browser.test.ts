/**
 * The programming page's unhappy paths (walk of the demo). Two tabs open on one patient: the programming page read the prescription in force and
 * the reservoir's state once, when it opened. After another tab's dose change its Finish screen blocked the
 * next increase as too soon but dated the next allowed increase from the change before (a date months
 * past), and the page still showed the old dose as current; after another tab's refill its Finish screen
 * still said "refill-by date passed … refill now". The page now reads both again with each plan and says
 * when the prescription changed since it was opened. A reload mid-change (the leave question answered
 * "leave") dropped the dose and the justification typed; they are now kept for the tab as the refill
 * wizard's steps are (docs/web.md "The programming page's unhappy paths").
 */
import type { Dialog, Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { guardBrowser, haveBrowser, toRefillMeasurements, useDemoInChromium } from './harness.ts';

guardBrowser('the programming unhappy-path browser test');

// The demo drives real pumps over TCP; on a loaded 2-core machine that takes longer than 30 s.
vi.setConfig({ testTimeout: 180_000 });

describe.runIf(haveBrowser)('programming on the unhappy paths, in Chromium', () => {
  const site = useDemoInChromium();
  let blaise = '';
  let emmy = '';
  let grace = '';
  let jonas = '';
  let lise = '';

  beforeAll(async () => {
    await site.signIn('physician');
    blaise = await site.idOf('Blaise Pascal');
    emmy = await site.idOf('Emmy Noether');
    grace = await site.idOf('Grace Hopper');
    jonas = await site.idOf('Jonas Salk');
    lise = await site.idOf('Lise Meitner');
  });

  /** Types `dose` on the open programming page and asks for the plan (the Finish screen). */
  async function review(page: Page, dose: string): Promise<void> {
    await page.getByLabel(/Proposed daily dose/).fill(dose);
    await page.getByRole('button', { name: 'Review change' }).click();
    await page.getByRole('heading', { name: /^2\. Finish/ }).waitFor();
  }

  it('stale tab dose change: after another tab’s dose change the Finish screen dated the next allowed increase months in the past and the page kept the old dose as current; it says the prescription changed and dates the wait from the change', async () => {
    const { page } = site;
    await site.openPatient(blaise, '/programming');
    const current = page.locator('section', { hasText: '2. New prescription' });
    await expect.poll(() => current.innerText()).toMatch(/352 mcg\/day/);

    // The other tab: 380 mcg/day planned and sent.
    const P = `/api/v1/patients/${blaise}/pump/titration`;
    const plan = await site.post(`${P}/plan`, {
      proposed: {
        mode: 'simple-continuous',
        drug: 'baclofen',
        concentrationMcgPerMl: 1000,
        doseMcgPerDay: 380,
      },
      phase: 'titration',
      cnsDepressantsReviewed: false,
    });
    expect(plan.status()).toBe(200);
    const { planId } = (await plan.json()) as { planId: string };
    expect((await site.post(`${P}/apply`, { planId, confirm: true })).status()).toBe(200);

    await review(page, '400 mcg/day');
    const changed = page.getByRole('alert').filter({ hasText: 'changed since this page was opened' });
    await expect.poll(() => changed.innerText()).toMatch(/352 mcg\/day.*380 mcg\/day/s);
    const me = (await (await page.request.get(`${site.demo.url}/api/v1/auth/me`)).json()) as { now: number };
    const wait = await page.getByText(/Next increase allowed from/).innerText();
    const next = /Next increase allowed from \w{3} (.+ UTC)/.exec(wait)?.[1] ?? '';
    expect(Date.parse(next), wait).toBeGreaterThan(me.now);
    await site.browser.axe('programming-stale-tab');
  });

  it('stale tab after a refill: the Finish screen of a tab opened before another tab’s refill still said "refill-by date passed … refill now"', async () => {
    const { page } = site;
    await site.openPatient(emmy, '/programming');
    const reservoir = page.getByRole('status', { name: 'Reservoir' });
    await expect.poll(() => reservoir.innerText()).toMatch(/refill now/);

    const other = await site.browser.context.newPage();
    await other.goto(`${site.demo.url}/patients/${emmy}/refill`);
    await toRefillMeasurements(other);
    await other.getByLabel('Measured residual (mL)').fill('1.5');
    await other.getByLabel('Drug lot').fill('LOT-OTHER-TAB');
    await other.getByRole('button', { name: 'Reconcile and plan' }).click();
    await other.getByRole('heading', { name: /^Step 4/ }).waitFor();
    await other.getByRole('button', { name: 'Confirm refill and update the pump' }).click();
    await other.getByRole('heading', { name: /^Step 5/ }).waitFor();
    await other.close();

    await page.bringToFront();
    await review(page, '340 mcg/day');
    await expect.poll(() => page.getByText(/refill now|Refill-by date passed/).count()).toBe(0);
  });

  it('reload mid-change: a dose and its justification typed on the Finish screen were dropped by a reload answered "leave"; the page brings them back, not sent, to be reviewed again', async () => {
    const { page } = site;
    await site.openPatient(grace, '/programming');
    // A decrease beyond the usual step warns: the Finish screen asks for a justification.
    await review(page, '120 mcg/day');
    const why = page.getByLabel(/^Justification/);
    await why.fill('drowsy at the current dose; agreed with the patient');
    page.once('dialog', (d) => void d.accept());
    await page.reload();
    await page.getByRole('heading', { name: /^2\. New prescription/ }).waitFor();
    expect(await page.getByLabel(/Proposed daily dose/).inputValue()).toBe('120 mcg/day');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'not sent to the pump' }).count())
      .toBe(1);
    await page.getByRole('button', { name: 'Review change' }).click();
    await page.getByRole('heading', { name: /^2\. Finish/ }).waitFor();
    expect(await why.inputValue()).toBe('drowsy at the current dose; agreed with the patient');
  });

  it('untouched flex schedule: leaving the programming page of a patient on a flex schedule asked "The change has not been sent to the pump: leave?" with nothing typed; it asks once the schedule is edited', async () => {
    const { page } = site;
    const asked: string[] = [];
    // The page the test before left (a change kept, not sent) is left for good; the in-app question is
    // the one this test counts, and is answered "stay".
    const answer = (d: Dialog) => {
      if (d.type() === 'beforeunload') return void d.accept();
      asked.push(d.message());
      void d.dismiss();
    };
    page.on('dialog', answer);
    try {
      await site.openPatient(jonas, '/programming');
      const step2 = page.getByLabel('Every day step 2 dose rate (mcg/day)');
      await step2.waitFor();
      await page.getByRole('link', { name: 'Back to the patient' }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe(`/patients/${jonas}`);
      expect(asked).toEqual([]);

      await site.openPatient(jonas, '/programming');
      await step2.fill('360 mcg/day');
      await page.getByRole('link', { name: 'Back to the patient' }).click();
      await expect.poll(() => asked).toEqual(['The change has not been sent to the pump: leave?']);
      expect(new URL(page.url()).pathname).toBe(`/patients/${jonas}/programming`);
      // The edit is dropped here, as a physician who cleared it would: no kept change for the next test.
      await step2.fill('');
    } finally {
      page.off('dialog', answer);
    }
  });

  it('stale tab live check: before Review, the live check of a tab opened before another tab’s dose change compared the typed dose with the old one ("+19.83 %"); back in the tab it compares with the dose in force and says it changed', async () => {
    const { page } = site;
    await site.openPatient(lise, '/programming');
    const live = page.locator('#live');
    await page.getByLabel(/Proposed daily dose/).fill('290 mcg/day');
    await expect.poll(() => live.innerText(), { timeout: 15_000 }).toMatch(/change \+19\.83 %/);

    // The other tab: 266 mcg/day planned and sent.
    const P = `/api/v1/patients/${lise}/pump/titration`;
    const plan = await site.post(`${P}/plan`, {
      proposed: {
        mode: 'simple-continuous',
        drug: 'baclofen',
        concentrationMcgPerMl: 1000,
        doseMcgPerDay: 266,
      },
      phase: 'titration',
      cnsDepressantsReviewed: false,
    });
    expect(plan.status()).toBe(200);
    const { planId } = (await plan.json()) as { planId: string };
    expect((await site.post(`${P}/apply`, { planId, confirm: true })).status()).toBe(200);

    // Back in this tab (the window gets the focus back).
    await page.evaluate("window.dispatchEvent(new Event('focus'))");
    const changed = page.getByRole('alert').filter({ hasText: 'changed since this page was opened' });
    await expect.poll(() => changed.innerText(), { timeout: 15_000 }).toMatch(/242 mcg\/day.*266 mcg\/day/s);
    await expect.poll(() => live.innerText()).toMatch(/change \+9\.02 %/);
    expect(await live.innerText()).toMatch(/TOO_SOON|too soon|within 24 h/i);
  });
});
