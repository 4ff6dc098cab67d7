/**
 * A busy clinic's unhappy paths in Chromium, against the demo clinic: a month skipped (the demo clock moved
 * on past the refill-by day), seen by the nurse, the physician and the patient at home. Each test is named
 * after the finding it fixes (docs/web.md "The unhappy-path walk").
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { guardBrowser, haveBrowser, signInDemo, toRefillMeasurements, useDemoInChromium } from './harness.ts';

guardBrowser('the busy clinic walk browser test');

// The demo drives real pumps over TCP; on a loaded 2-core machine that takes longer than 30 s.
vi.setConfig({ testTimeout: 180_000 });

/** A day as the pages print it: "Tue 2 Feb 2027". */
const DAY = /\w{3} \d{1,2} \w{3} \d{4}/;

describe.runIf(haveBrowser)('a busy clinic’s month skipped, walked in Chromium', () => {
  // Two browsers: the clinic's, and Ada Lovelace's own at home (the demo's patient account).
  const site = useDemoInChromium({ browsers: 2 });
  let ada = '';
  let emmy = '';

  beforeAll(async () => {
    await site.signIn('nurse');
    ada = await site.idOf('Ada Lovelace');
    emmy = await site.idOf('Emmy Noether');
  });

  /** Signs the second browser in as the patient account, on its own view. */
  async function patientAtHome() {
    const home = site.browsers[1]?.page;
    if (home === undefined) throw new Error('no second browser');
    await home.goto(`${site.demo.url}/`);
    const signOut = home.getByRole('button', { name: 'Sign out' });
    const email = home.getByLabel('E-mail');
    await signOut.or(email).first().waitFor();
    if ((await signOut.count()) === 0) {
      await email.fill('patient@demo.itb');
      await home.getByLabel('Password').fill('itb-demo-2026');
      await home.getByRole('button', { name: 'Sign in' }).click();
    }
    await home.getByRole('heading', { name: 'Next refill' }).waitFor();
    return home;
  }

  it('patient view on the browser’s clock: two months on, the patient’s page says the refill date has passed and dates the diary today, on the clinic’s clock', async () => {
    await site.advanceClock(60 * 24);
    const status = (await (await site.page.request.get(`${site.demo.url}/api/v1/demo/status`)).json()) as {
      nowIso: string;
    };
    const today = status.nowIso.slice(0, 10);
    // The clinic's patient page: the refill-by day is past.
    await site.openPatient(ada);
    const main = site.page.locator('main');
    await expect.poll(() => main.innerText()).toMatch(/Refill by/);
    const card = await main.innerText();
    const refillBy = DAY.exec(/Refill by\s+(.*)/.exec(card)?.[1] ?? '')?.[0];
    expect(card, 'the clinic sees the refill overdue').toMatch(/days? overdue/);

    const home = await patientAtHome();
    const next = home.locator('section', { has: home.getByRole('heading', { name: 'Next refill' }) });
    await expect.poll(() => next.innerText()).toMatch(/This date has passed: call itb Demo Clinic/);
    expect(await next.innerText()).toContain(refillBy ?? '?');
    // The diary's day is the clinic's today, not the browser's (two months back).
    expect(await home.getByLabel('Day', { exact: true }).inputValue()).toBe(today);
    await site.browsers[1]?.axe('busy-clinic-patient-view-month-skipped');
  });
  it('missed refill visit said nowhere: the refill booking that passed with no refill is said on the patient page and in the patient’s own view, not dropped for a calculated date', async () => {
    // Runs after the clock moved two months on: Ada Lovelace's booked refill passed and nobody refilled her.
    await site.openPatient(ada);
    const concern = site.page.getByTestId('booking-concerns');
    await expect.poll(() => concern.innerText()).toMatch(/has passed/);
    const clinicSays = await concern.innerText();
    expect(clinicSays).toMatch(/passed with no refill recorded: mark it attended, or cancel it and book/);
    const missedDay = DAY.exec(clinicSays)?.[0];
    expect(missedDay, clinicSays).toBeDefined();
    await site.browser.axe('busy-clinic-missed-visit-patient-page');

    const home = await patientAtHome();
    await home.reload();
    const next = home.locator('section', { has: home.getByRole('heading', { name: 'Next refill' }) });
    await expect
      .poll(() => next.innerText())
      .toMatch(new RegExp(`Your refill appointment on ${missedDay ?? '?'} has passed`));
    await site.browsers[1]?.axe('busy-clinic-missed-visit-patient-view');
  });

  it('bolus offered on an empty pump: a clinician bolus checked on a pump empty for weeks is refused — refill first — and cannot be confirmed', async () => {
    // Runs after the clock moved two months on: Blaise Pascal's pump has been empty since December.
    const { page } = site;
    await signInDemo(page, site.demo, 'physician');
    const blaise = await site.idOf('Blaise Pascal');
    await site.openPatient(blaise, '/bolus');
    await page.getByLabel(/^Amount/).fill('50');
    await page.getByLabel('Over (minutes)').fill('10');
    await page.getByRole('button', { name: 'Check the bolus' }).click();
    const review = page.getByRole('region', { name: 'Review' });
    await expect.poll(() => review.innerText()).toMatch(/EMPTY reservoir: no bolus — refill first/);
    expect(await page.getByRole('button', { name: /^Confirm: give/ }).isDisabled()).toBe(true);
    expect(await page.getByLabel('Who observes the patient (recorded with the bolus)').count()).toBe(0);
    await site.browser.axe('busy-clinic-bolus-on-empty-pump');
  });

  it('EMPTY alert kept open above "Pump updated": the refill the pump confirmed closes the critical alert in the wizard’s banner and the nav count at once, without a reload', async () => {
    // Runs after the clock moved two months on: Emmy Noether's pump has been empty for weeks.
    const { page } = site;
    await signInDemo(page, site.demo, 'nurse');
    await site.openPatient(emmy, '/refill');
    await toRefillMeasurements(page);
    const banner = page.getByRole('region', { name: 'Critical alerts' });
    await expect.poll(() => banner.innerText()).toMatch(/EMPTY/);
    const nav = page.getByRole('link', { name: /^Alerts/ });
    const critical = async () => Number(/(\d+) critical/.exec(await nav.innerText())?.[1] ?? 0);
    await expect.poll(critical).toBeGreaterThan(0);
    const before = await critical();
    await page.getByLabel('Measured residual (mL)').fill('0');
    await page.getByLabel('Volume to add (mL)').fill('20');
    await page.getByLabel('Drug lot').fill('LOT-AFTER-EMPTY');
    await page.getByRole('button', { name: 'Reconcile and plan' }).click();
    await page.getByRole('heading', { name: /^Step 4/ }).waitFor();
    // The restart after weeks without drug is a warning answered by a note.
    await page.locator('#plan-note').fill('restart agreed with the physician; observed 6 h');
    await page.getByRole('button', { name: 'Confirm refill and update the pump' }).click();
    await page.getByRole('heading', { name: /^Step 5 — Pump updated/ }).waitFor();
    // The patient page, read afresh, has the EMPTY alerts closed by the refill.
    const res = await page.request.get(
      `${site.demo.url}/api/v1/alerts?state=unresolved&scope=all&patientId=${emmy}`,
    );
    const open = (await res.json()) as { severity: string }[];
    expect(open.filter((a) => a.severity === 'critical')).toEqual([]);
    // The wizard's own screen says the same, with no reload.
    await expect.poll(() => banner.count()).toBe(0);
    await expect.poll(critical).toBe(before - 1);
    await site.browser.axe('busy-clinic-refill-after-empty-done');
  });
});
