/**
 * Each drug in its own words, in Chromium against the demo clinic: the demo's morphine patient (Marie Curie,
 * src/demo/cast.ts) was offered "More spasticity than expected" as her presenting symptom and told on the
 * stop page that stopping "baclofen" starts a withdrawal syndrome. Her pages now speak of her drug.
 */
import { describe, expect, it, vi } from 'vitest';
import { guardBrowser, haveBrowser, useDemoInChromium } from './harness.ts';

guardBrowser('the drug words browser test');
vi.setConfig({ testTimeout: 120_000 });

describe.runIf(haveBrowser)('each drug in its own words, in Chromium against the demo clinic', () => {
  const site = useDemoInChromium();

  it('a morphine patient’s troubleshooting offered “More spasticity than expected”: her loss of effect is more pain', async () => {
    const { page } = site;
    await site.signIn('physician');
    await site.openPatient(await site.idOf('Marie Curie'), '/troubleshoot');
    const main = page.locator('main');
    await expect
      .poll(() => main.innerText(), { timeout: 15_000 })
      .toContain('Loss of effect: more pain than expected');
    expect(await main.innerText()).not.toContain('More spasticity than expected');
    await site.openPatient(await site.idOf('Ada Lovelace'), '/troubleshoot');
    await expect.poll(() => main.innerText(), { timeout: 15_000 }).toContain('More spasticity than expected');
  });

  it('the stop page told a morphine patient’s physician that stopping baclofen starts a withdrawal syndrome', async () => {
    const { page } = site;
    await site.signIn('physician');
    await site.openPatient(await site.idOf('Marie Curie'), '/controls');
    const main = page.locator('main');
    await expect
      .poll(() => main.innerText(), { timeout: 15_000 })
      .toContain('Stopping morphine gives opioid withdrawal');
    expect(await main.innerText()).not.toMatch(/baclofen/i);
  });

  it('the clinician bolus page warned a morphine patient’s physician of baclofen’s hypotonia: it names her drug’s overdose signs', async () => {
    const { page } = site;
    await site.signIn('physician');
    await site.openPatient(await site.idOf('Marie Curie'), '/bolus');
    const main = page.locator('main');
    await expect.poll(() => main.innerText(), { timeout: 15_000 }).toContain('pinpoint pupils');
    expect(await main.innerText()).not.toContain('hypotonia');
  });
});
