/**
 * A patient on another drug than baclofen, shown by that drug's truth (issue 13): the demo's Marie Curie
 * receives morphine 25 mg/mL for pain. Her page does not present a spasticity origin as a fact, and her doses
 * read in mg, as the Infumorph label states them — the prescription, the concentration and the change lines
 * of her timeline alike. A baclofen patient's page keeps the origin and mcg. Her dose inputs take mg (a
 * clinician bolus typed 0.2 reaches the pump as 200 mcg, read back through the API), and her trial page says
 * that its screening form is baclofen's, not hers, with no baclofen dose filled in.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningDemo } from '../../src/demo/demo.ts';
import {
  guardBrowser,
  haveBrowser,
  toRefillMeasurements,
  type BrowserSession,
  useDemoInChromium,
} from './harness.ts';

guardBrowser('the drug truth browser test');
vi.setConfig({ testTimeout: 120_000 });

describe.runIf(haveBrowser)('a patient on morphine, in Chromium against the demo clinic', () => {
  let demo: RunningDemo;
  let browser: BrowserSession;
  const site = useDemoInChromium();
  beforeAll(() => {
    demo = site.demo;
    browser = site.browser;
  });

  const pageText = async (name: string): Promise<string> => {
    const page = browser.page;
    await site.openPatient(await site.idOf(name));
    const main = page.locator('main');
    await expect
      .poll(async () => (await main.textContent()) ?? '', { timeout: 15_000 })
      .toContain('Timeline');
    return (await main.textContent()) ?? '';
  };

  it('her record reads "spinal origin" and her doses in mcg (no longer: no spasticity origin for morphine, doses in mg as the label states them)', async () => {
    await site.signIn('physician');
    const marie = await pageText('Marie Curie');
    expect(marie).not.toMatch(/spinal origin|cerebral origin/);
    expect(marie).toContain('3.3 mg/day continuous — morphine of 25 mg/mL');
    expect(marie).toContain('dose rate: 3 mg/day → 3.3 mg/day');
    expect(marie).not.toMatch(/\d mcg\/day continuous/);
    expect(marie).toContain('now 3.3 mg/day'); // the dose chart's summary, in the label's unit too
    expect(marie).not.toMatch(/\d mcg\/day/);
    await browser.page.screenshot({ path: 'artifacts/screenshots/patient-morphine.png', fullPage: true });

    const ada = await pageText('Ada Lovelace');
    expect(ada).toMatch(/(spinal|cerebral) origin/);
    expect(ada).toMatch(/mcg\/day continuous — baclofen of [\d,]+ mcg\/mL/);
  });

  it('dose inputs are typed in mcg for a morphine patient (no longer: her clinician bolus is typed in mg, checked and shown in mg, and the pump gets 200 mcg for 0.2 mg)', async () => {
    const page = browser.page;
    await site.signIn('physician');
    const id = await site.idOf('Marie Curie');
    await site.openPatient(id, '/bolus');
    await page.getByRole('heading', { name: 'Clinician bolus' }).waitFor();
    const amount = page.getByLabel('Amount (mg)');
    await amount.waitFor();
    await amount.fill('0.2');
    await page.getByLabel('Over (minutes)').fill('30');
    await page.getByRole('button', { name: 'Check the bolus' }).click();
    const review = page.getByRole('region', { name: 'Review' });
    await expect
      .poll(async () => (await review.textContent()) ?? '', { timeout: 15_000 })
      .toContain('0.2 mg over 30 min');
    expect(await review.textContent()).toContain('for morphine: 1 mg');
    expect(await review.textContent()).not.toMatch(/\d mcg/);
    await page.getByLabel('Who observes the patient (recorded with the bolus)').fill('Nurse Grace, 4 hours');
    await page.getByRole('button', { name: 'Confirm: give 0.2 mg' }).click();
    await page.getByText('Done: the pump reads back the change.').waitFor();
    await page.screenshot({ path: 'artifacts/screenshots/bolus-morphine-mg.png', fullPage: true });

    const sessions = (await (
      await page.request.get(`${demo.url}/api/v1/patients/${encodeURIComponent(id)}/sessions`)
    ).json()) as { diff: { path: string; after: unknown }[] }[];
    const sent = sessions.flatMap((x) => x.diff).filter((d) => d.path === 'singleBolusNg');
    expect(sent.map((d) => d.after)).toEqual([200_000]); // 0.2 mg = 200 mcg = 200,000 ng
  });

  it('dose inputs are typed in mcg for a morphine patient (no longer: the programming page takes her daily dose and flex steps in mg)', async () => {
    const page = browser.page;
    await site.signIn('physician');
    const id = await site.idOf('Marie Curie');
    await site.openPatient(id, '/programming');
    const dose = page.getByLabel('Proposed daily dose (with unit, e.g. 3 mg/day)');
    await dose.waitFor({ timeout: 15_000 });
    await dose.fill('3');
    const live = page.locator('#live');
    await expect
      .poll(async () => (await live.textContent()) ?? '', { timeout: 15_000 })
      .toContain('3 mg/day');
    expect(await live.textContent()).not.toMatch(/\d mcg/);

    await page.getByLabel(/a flex schedule/).check();
    const step = page.getByLabel(/Every day step 1 dose rate \(mg\/day\)/);
    await step.waitFor();
    expect(await step.inputValue()).toBe('3.3 mg/day');
    await expect
      .poll(async () => (await page.locator('main').textContent()) ?? '')
      .toContain('mg/day over the day');
    expect(await page.getByRole('columnheader', { name: 'Amount (mg)' }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: 'artifacts/screenshots/programming-morphine-mg.png', fullPage: true });
  });

  it('H49 systemic CNS depressants: the programming page asks for their review before a morphine increase, and the check answers it', async () => {
    const page = browser.page;
    await site.signIn('physician');
    const id = await site.idOf('Marie Curie');
    await site.openPatient(id, '/programming');
    const dose = page.getByLabel('Proposed daily dose (with unit, e.g. 3 mg/day)');
    await dose.waitFor({ timeout: 15_000 });
    await dose.fill('3.6'); // 3.3 → 3.6 mg/day: an increase
    const live = page.locator('#live');
    await expect
      .poll(async () => (await live.textContent()) ?? '', { timeout: 15_000 })
      .toMatch(/confirm the patient's systemic CNS depressants/);
    await page.getByLabel(/Systemic CNS depressants reviewed/).check();
    await expect
      .poll(async () => (await live.textContent()) ?? '', { timeout: 15_000 })
      .not.toMatch(/confirm the patient's systemic CNS depressants/);
  });

  it('dose inputs are typed in mcg for a morphine patient (no longer: her patient-bolus dose is typed in mg)', async () => {
    const page = browser.page;
    await site.signIn('physician');
    const id = await site.idOf('Marie Curie');
    await site.openPatient(id, '/patient-bolus');
    const perBolus = page.getByLabel('Dose per bolus (mg)');
    await perBolus.waitFor({ timeout: 15_000 });
    await perBolus.fill('0.2');
    await page.getByLabel('Lockout (minutes)').fill('60');
    await page.getByLabel('Boluses a day at most').fill('6');
    await page.getByRole('button', { name: 'Check the settings' }).click();
    const changes = page.getByRole('list', { name: 'Changes' });
    await expect
      .poll(async () => ((await changes.count()) > 0 ? await changes.textContent() : ''), { timeout: 15_000 })
      .toMatch(/dose per bolus: .*→ 0\.2 mg/);
  });

  it('dose inputs are typed in mcg for a morphine patient (no longer: her refill concentration is typed and compared in mg/mL)', async () => {
    const page = browser.page;
    await site.signIn('physician');
    const id = await site.idOf('Marie Curie');
    await site.openPatient(id, '/refill');
    await toRefillMeasurements(page);
    const conc = page.getByLabel('Concentration (mg/mL)');
    await conc.waitFor();
    expect(await conc.inputValue()).toBe('25');
    await conc.fill('10');
    await expect
      .poll(() => page.locator('#conc-differs').textContent())
      .toMatch(
        /The syringe \(morphine 10 mg\/mL\) differs from what the pump\s+holds \(morphine 25 mg\/mL\)/,
      );
    await page.screenshot({ path: 'artifacts/screenshots/refill-morphine-mg.png', fullPage: true });
  });

  it("Marie's trial page offers the baclofen screening-bolus form (no longer: it says the form is for a baclofen screening trial, that her drug is morphine, and fills in no baclofen dose)", async () => {
    const page = browser.page;
    await site.signIn('physician');
    const id = await site.idOf('Marie Curie');
    await site.openPatient(id, '/trial');
    const note = page.getByRole('note', { name: "Not this patient's drug" });
    await expect
      .poll(async () => ((await note.count()) > 0 ? await note.textContent() : ''), { timeout: 15_000 })
      .toMatch(
        /intrathecal baclofen screening trial.*Marie Curie receives morphine \(the prescription in force\)/,
      );
    expect(await page.locator('#dose').inputValue()).toBe('');
    expect(await page.locator('#conc').inputValue()).toBe('');
    await page.screenshot({ path: 'artifacts/screenshots/trial-morphine.png', fullPage: true });

    const ada = await site.idOf('Ada Lovelace');
    await site.openPatient(ada, '/trial');
    await expect.poll(async () => page.locator('#conc').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.locator('#conc').inputValue()).toBe('50');
    expect(await page.locator('#dose').inputValue()).toMatch(/^(50|25)$/);
    expect(await note.count()).toBe(0);
  });
});
