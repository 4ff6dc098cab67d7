/**
 * Every page of a demo patient fits a 1280 px window (and the clinic's 1024 px laptops): no page is wider than
 * the window, so nothing on it needs a sideways scroll. Measured in Chromium against the demo clinic as the
 * physician, who sees every staff page and link.
 */
import { describe, expect, it, vi } from 'vitest';
import { guardBrowser, haveBrowser, useDemoInChromium } from './harness.ts';

guardBrowser('the page width browser test');
vi.setConfig({ testTimeout: 240_000 });

/** The pages under /patients/:id (web/src/App.tsx), the patient page itself first. */
const PATIENT_PAGES = [
  '',
  '/programming',
  '/refill',
  '/trial',
  '/complications',
  '/diary',
  '/alarm-test',
  '/catheter',
  '/controls',
  '/bolus',
  '/priming',
  '/alarm-settings',
  '/patient-bolus',
  '/interrogate',
  '/event-log',
  '/pathway',
  '/troubleshoot',
  '/appointments',
  '/mri',
];

describe.runIf(haveBrowser)('page width, in Chromium against the demo clinic', () => {
  const site = useDemoInChromium();

  /** The pages of `patient` wider than the window, each with its width. */
  async function overflowing(patient: string, width: number): Promise<string[]> {
    const page = site.page;
    await page.setViewportSize({ width, height: 800 });
    const wide: string[] = [];
    for (const path of PATIENT_PAGES) {
      await site.openPatient(patient, path);
      await page.locator('main h1, main h2').first().waitFor();
      await page.waitForLoadState('networkidle');
      const [scrollWidth, innerWidth] = await page.evaluate<[number, number]>(
        '[document.documentElement.scrollWidth, window.innerWidth]',
      );
      if (scrollWidth > innerWidth) wide.push(`${path || '/'}: ${scrollWidth} px`);
    }
    return wide;
  }

  it('patient page was 1376 px wide at 1280: its actions (the session summary day last) ran off the right edge; every page of a demo patient now fits 1280 and 1024 px', async () => {
    await site.signIn('physician');
    const ada = await site.idOf('Ada Lovelace');
    for (const width of [1280, 1024]) {
      expect(await overflowing(ada, width), `at ${width} px`).toEqual([]);
      await site.openPatient(ada);
      await site.page.locator('main h1').waitFor();
      await site.page.screenshot({ path: `artifacts/screenshots/patient-page-${width}.png` });
    }
  });
});
