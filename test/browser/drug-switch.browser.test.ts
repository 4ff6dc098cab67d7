/**
 * A form's drug switched, in Chromium against the demo clinic (issue 13). A bare number is read in the
 * drug's label unit, so a number typed for baclofen (500 mcg/mL) kept when the drug becomes morphine would
 * be read as 500 mg/mL. Finding: the implant form kept "500" when its fill's drug was switched to morphine
 * (and the server then refused it). Every form with a drug choice — the implant's initial fill and the
 * refill's syringe label — now empties its concentration when the drug changes and reads it in the new
 * drug's unit.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  guardBrowser,
  haveBrowser,
  toRefillMeasurements,
  type BrowserSession,
  useDemoInChromium,
} from './harness.ts';

guardBrowser('the drug switch browser test');
vi.setConfig({ testTimeout: 120_000 });

describe.runIf(haveBrowser)('a form’s drug switched, in Chromium against the demo clinic', () => {
  let browser: BrowserSession;
  const site = useDemoInChromium();
  beforeAll(() => {
    browser = site.browser;
  });

  it("switching the implant form's drug to morphine does not keep baclofen's 500", async () => {
    const page = browser.page;
    await site.signIn('physician');
    const id = await site.idOf('Pia Trialled');
    await site.openPatient(id, '/pathway');
    await page.getByRole('heading', { name: 'Record the implant procedure' }).waitFor();
    const label = page.locator('label[for="fill-conc"]');
    const conc = page.locator('#fill-conc');
    await expect.poll(() => label.textContent()).toBe('Concentration (mcg/mL)');
    expect(await conc.inputValue()).toBe('500');

    await page.locator('#fill-drug').selectOption('morphine');
    await expect.poll(() => label.textContent()).toBe('Concentration (mg/mL)');
    await expect.poll(() => conc.inputValue()).toBe('');
    await conc.fill('10');
    await page.locator('#fill-drug').selectOption('baclofen');
    await expect.poll(() => label.textContent()).toBe('Concentration (mcg/mL)');
    await expect.poll(() => conc.inputValue()).toBe('');
    await browser.axe('implant-drug-switched');
  });

  it("switching the refill syringe's drug to morphine does not keep baclofen's strength, nor takes it again from the pump, and reads it in mg/mL", async () => {
    const page = browser.page;
    await site.signIn('physician');
    const id = await site.idOf('Ada Lovelace');
    await site.openPatient(id, '/refill');
    await toRefillMeasurements(page);
    const label = page.locator('label[for="conc"]');
    const conc = page.locator('#conc');
    await expect.poll(() => label.textContent()).toBe('Concentration (mcg/mL)');
    expect(await conc.inputValue()).toMatch(/^\d+$/);

    await page.locator('#drug').selectOption('morphine');
    await expect.poll(() => label.textContent()).toBe('Concentration (mg/mL)');
    await expect.poll(() => conc.inputValue()).toBe('');
    // Interrogating again does not put the pump's baclofen strength beside the morphine chosen.
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Interrogate again' }).click();
    await page.locator('table.facts caption', { hasText: 'Pump snapshot' }).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => label.textContent()).toBe('Concentration (mg/mL)');
    await expect.poll(() => conc.inputValue()).toBe('');
    await conc.fill('10');
    await expect
      .poll(() => page.locator('#conc-differs').textContent())
      .toMatch(
        /The syringe \(morphine 10 mg\/mL\) differs from what the pump\s+holds \(baclofen [\d,]+ mcg\/mL\)/,
      );
    await page.screenshot({ path: 'artifacts/screenshots/refill-drug-switched.png', fullPage: true });
  });
});
