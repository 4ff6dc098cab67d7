/**
 * A busy clinic's unhappy paths in Chromium, against the demo clinic: a month skipped (the demo clock moved
 * on past the refill-by day), seen by the nurse, the physician and the patient at home. Each test is named
 * after the finding it fixes (docs/web.md "The unhappy-path walk").
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { guardBrowser, haveBrowser, useDemoInChromium } from './harness.ts';

guardBrowser('the busy clinic walk browser test');

// The demo drives real pumps over TCP; on a loaded 2-core machine that takes longer than 30 s.
vi.setConfig({ testTimeout: 180_000 });

/** A day as the pages print it: "Tue 2 Feb 2027". */
const DAY = /\w{3} \d{1,2} \w{3} \d{4}/;

describe.runIf(haveBrowser)('a busy clinic’s month skipped, walked in Chromium', () => {
  // Two browsers: the clinic's, and Ada Lovelace's own at home (the demo's patient account).
  const site = useDemoInChromium({ browsers: 2 });
  let ada = '';

  beforeAll(async () => {
    await site.signIn('nurse');
    ada = await site.idOf('Ada Lovelace');
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
});
