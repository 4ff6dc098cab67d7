/**
 * The dosing advice panel on the trial page, in Chromium against the demo clinic: a trialled patient's
 * panel shows the advised path with guardrail verdicts; the screenshot goes to artifacts/screenshots/.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningDemo } from '../../src/demo/demo.ts';
import { guardBrowser, haveBrowser, signInDemo, type BrowserSession, useDemoInChromium } from './harness.ts';

guardBrowser('the dosing advice browser test');
vi.setConfig({ testTimeout: 120_000 });

describe.runIf(haveBrowser)('the dosing advice panel, in Chromium against the demo clinic', () => {
  let demo: RunningDemo;
  let browser: BrowserSession;

  const site = useDemoInChromium();

  beforeAll(() => {
    demo = site.demo;
    browser = site.browser;
  });

  it('shows the panel on every patient’s trial page: a path with verdicts, or why there is none', async () => {
    const page = browser.page;
    await signInDemo(page, demo, 'physician');
    const patients = (await (await page.request.get(`${demo.url}/api/v1/patients`)).json()) as {
      id: string;
    }[];
    expect(patients.length).toBeGreaterThan(0);
    let shot = false;
    for (const p of patients) {
      await page.goto(`${demo.url}/patients/${p.id}/trial`);
      const panel = page.getByRole('region', { name: 'Model-informed dosing (advice)' });
      await panel.getByText(/Advice, not a prescription|No advice yet/).waitFor();
      // A table of steps, each with a verdict, when the trial can be fitted; otherwise the reason why not.
      const rows = await panel.getByRole('row').count();
      if (rows > 0) expect(await panel.locator('.badge').count()).toBe(rows - 1);
      if (!shot) {
        await page.screenshot({ path: 'artifacts/screenshots/trial-advice.png', fullPage: true });
        shot = true;
      }
    }
  });
});
