/**
 * The pathway page's prefilled times follow the demo clock (issue 12, walk item 4): the web app read the
 * demo clock's offset once per mounted component, so a page left open while the demo clock moved (from
 * the header of another tab, or by a colleague) prefilled the old time — an implant dated a week in the
 * demo's past. One shared server clock now re-reads the demo status when the window gets the focus back
 * and takes the clock's answer when this tab moves it (web/src/use-server-now.ts).
 */
import { expect, it, describe, vi } from 'vitest';
import { guardBrowser, haveBrowser, signInDemo, useDemoInChromium } from './harness.ts';

/** A pathway patient with a responding trial and no pump yet (src/demo/pathway-seed.ts). */
const TRIALLED = 'Pia Trialled';

guardBrowser('the pathway clock browser test');
vi.setConfig({ testTimeout: 120_000 });

describe.runIf(haveBrowser)('the server clock shared by the pages', () => {
  const site = useDemoInChromium();

  it('a page left open after "+7 days" prefills the old time: the implant date follows the demo clock on focus', async () => {
    const { page, browser } = site;
    await signInDemo(page, site.demo, 'physician');
    const board = (await (await page.request.get(`${site.demo.url}/api/v1/board`)).json()) as {
      rows: { patientId: string; name: string }[];
    };
    const id = board.rows.find((r) => r.name === TRIALLED)?.patientId ?? '';
    await page.goto(`${site.demo.url}/patients/${encodeURIComponent(id)}/pathway`);
    const day = page.getByLabel('Implant date');
    const demoDay = async () => {
      const s = (await (await page.request.get(`${site.demo.url}/api/v1/demo/status`)).json()) as {
        nowIso: string;
      };
      return s.nowIso.slice(0, 10);
    };
    const before = await demoDay();
    await expect.poll(() => day.inputValue(), { timeout: 15_000 }).toBe(before);
    // Another tab (or a colleague) moves the demo clock a week on while this page stays open.
    await site.advanceClock(7 * 24);
    const after = await demoDay();
    expect(after).not.toBe(before);
    await page.bringToFront();
    await page.evaluate('window.dispatchEvent(new Event("focus"))');
    await expect.poll(() => day.inputValue(), { timeout: 15_000 }).toBe(after);
    // The header's demo clock shows the same instant as the pages use.
    await expect
      .poll(() => page.getByRole('region', { name: 'Demo clock' }).textContent(), { timeout: 15_000 })
      .toContain(String(Number(after.slice(8, 10))));
    await browser.axe('walk-clock-after-a-week');
  });
});
