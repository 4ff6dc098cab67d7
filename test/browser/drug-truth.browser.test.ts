/**
 * A patient on another drug than baclofen, shown by that drug's truth (issue 13): the demo's Marie Curie
 * receives morphine 25 mg/mL for pain. Her page does not present a spasticity origin as a fact, and her doses
 * read in mg, as the Infumorph label states them — the prescription, the concentration and the change lines
 * of her timeline alike. A baclofen patient's page keeps the origin and mcg.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningDemo } from '../../src/demo/demo.ts';
import { guardBrowser, haveBrowser, signInDemo, type BrowserSession, useDemoInChromium } from './harness.ts';

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
    const patients = (await (await page.request.get(`${demo.url}/api/v1/patients`)).json()) as {
      id: string;
      name: string;
    }[];
    const p = patients.find((x) => x.name === name);
    if (p === undefined) throw new Error(`no demo patient ${name}`);
    await page.goto(`${demo.url}/patients/${p.id}`);
    const main = page.locator('main');
    await expect
      .poll(async () => (await main.textContent()) ?? '', { timeout: 15_000 })
      .toContain('Timeline');
    return (await main.textContent()) ?? '';
  };

  it('her record reads "spinal origin" and her doses in mcg (no longer: no spasticity origin for morphine, doses in mg as the label states them)', async () => {
    await signInDemo(browser.page, demo, 'physician');
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
});
