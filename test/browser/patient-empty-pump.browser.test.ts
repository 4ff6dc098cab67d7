/**
 * Ada Lovelace at home while her baclofen pump runs down and out (walk of the demo as the patient): the
 * clinic's page gave the day the pump runs empty, the patient's own view never did; and once it had run
 * empty her view said only "Your pump is not giving your medicine … Call the clinic today if nobody has
 * told you why", while its own alarm list says an empty reservoir means "call now" (withdrawal within a day
 * or two: docs/clinical-reference.md §2). The view now gives the empty day, and says an empty pump is out of
 * medicine with the critical alarm's "what to do"; only the clinic's own stop keeps "if nobody has told you
 * why".
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { clinicTimeZone } from '../../src/clinic/time-zone.ts';
import { date, setClinicTimeZone } from '../../web/src/format.ts';
import { guardBrowser, haveBrowser, useDemoInChromium } from './harness.ts';

guardBrowser('the patient empty-pump browser test');

vi.setConfig({ testTimeout: 180_000 });

const HOUR = 3_600_000;

describe.runIf(haveBrowser)("the patient's own view as the pump runs out, in Chromium", () => {
  // Two browsers: the clinic's (it moves the demo clock), and Ada Lovelace's own at home.
  const site = useDemoInChromium({ browsers: 2 });
  let emptyAt = 0;
  let asOf = 0;

  const home = (): Page => {
    const page = site.browsers[1]?.page;
    if (page === undefined) throw new Error('no second browser');
    return page;
  };
  const patientView = async (): Promise<string> => {
    const page = home();
    await page.goto(`${site.demo.url}/`);
    await page.getByRole('heading', { name: 'Your prescription' }).waitFor();
    return page.locator('main').innerText();
  };

  beforeAll(async () => {
    await site.signIn('physician');
    const ada = await site.idOf('Ada Lovelace');
    const dates = (await (
      await site.page.request.get(`${site.demo.url}/api/v1/patients/${ada}/dates`)
    ).json()) as {
      asOf: number;
      emptyAt: number | null;
    };
    if (dates.emptyAt === null) throw new Error('the demo pump has no calculated empty day');
    ({ emptyAt, asOf } = { emptyAt: dates.emptyAt, asOf: dates.asOf });
    const page = home();
    await page.goto(`${site.demo.url}/`);
    await page.getByLabel('E-mail').fill('patient@demo.itb');
    await page.getByLabel('Password').fill('itb-demo-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your prescription' }).waitFor();
  });

  it("patient's view never said the day the pump runs empty, which the clinic's page gives: it says it beside the next refill", async () => {
    // Three days before the pump runs empty: the refill-by date and the booked refill have passed.
    await site.advanceClock(Math.floor((emptyAt - asOf) / HOUR) - 72);
    const view = await patientView();
    const next = view.slice(view.indexOf('Next refill'), view.indexOf('Your prescription'));
    // The day as the pages write it ("Fri 12 Feb 2027"), in the clinic's zone as the server gives it.
    setClinicTimeZone(clinicTimeZone());
    expect(next).toContain(`If it is not refilled, your pump runs out of medicine on ${date(emptyAt)}.`);
  });

  it("patient's view said an empty pump was 'not giving your medicine … call today if nobody has told you why': it says the pump has run out and to call now", async () => {
    await site.advanceClock(96);
    const view = await patientView();
    const alert = await home().getByRole('alert').innerText();
    expect(alert).toMatch(/^Your pump has run out of medicine since .*: you are not getting your medicine\./);
    expect(alert).toMatch(/Call itb Demo Clinic on \+44 20 7946 0000 .*now\./);
    expect(alert).toContain('go to the emergency department');
    expect(alert).not.toContain('if nobody has told you why');
    // Out of medicine, it is no longer "runs out on …".
    expect(view).not.toContain('If it is not refilled, your pump runs out of medicine on');
  });

  it("patient's view gave the clinic's day number only, at night too: the after-hours number the emergency card prints is given with every call", async () => {
    const page = home();
    await patientView();
    const afterHours = '(after hours +44 20 7946 0999)';
    expect(await page.getByRole('alert').innerText()).toContain(`+44 20 7946 0000 ${afterHours} now.`);
    const critical = await page
      .locator('.alarm', {
        has: page.getByRole('heading', { name: 'Two tones for three seconds, repeating' }),
      })
      .innerText();
    expect(critical).toContain(`What to do: Call itb Demo Clinic on +44 20 7946 0000 ${afterHours} now.`);
    await expect.poll(() => page.getByRole('link', { name: '+44 20 7946 0999' }).count()).toBeGreaterThan(1);
  });
});
