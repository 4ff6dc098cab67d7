/**
 * The board's battery column in Chromium against the demo clinic (issue 12 item 4): the board said only "OK"
 * or "ERI — replace" and named EOS only for a pump whose replacement was already due (the pathway list under
 * the table), while the patient card projected ERI and EOS for every pump. The board row now shows the same
 * projection (src/clinic/pathway/board-items.ts `batteryProjection`), the days the patient card names.
 */
import { describe, expect, it, vi } from 'vitest';
import { guardBrowser, haveBrowser, signInDemo, useDemoInChromium } from './harness.ts';

/** A demo patient whose pump is years from ERI (src/demo/cast.ts). */
const NOT_DUE = 'Ada Lovelace';
/** "ERI projected Wed 2 Dec 2026 14:05 CET; EOS projected …": the days of the two dates, in order. */
const DAYS = /\w{3} \d{1,2} \w{3} \d{4}/g;

guardBrowser('the board battery browser test');
vi.setConfig({ testTimeout: 120_000 });

describe.runIf(haveBrowser)('the board’s battery column, in Chromium against the demo clinic', () => {
  const site = useDemoInChromium();

  it('the board showed no EOS for a pump not yet due: its row names the projected ERI and EOS days of the patient card', async () => {
    const { page, browser } = site;
    await signInDemo(page, site.demo, 'physician');
    const board = (await (await page.request.get(`${site.demo.url}/api/v1/board?limit=500`)).json()) as {
      rows: { patientId: string; name: string }[];
    };
    const id = board.rows.find((r) => r.name === NOT_DUE)?.patientId ?? '';
    expect(id).not.toBe('');

    await page.goto(`${site.demo.url}/patients/${encodeURIComponent(id)}`);
    const card = page.getByTestId('battery-projection');
    await expect
      .poll(() => card.innerText(), { timeout: 15_000 })
      .toMatch(/^ERI projected .*; EOS projected /);
    const cardText = await card.innerText();
    expect(cardText).not.toMatch(/replacement due/);
    const days = cardText.match(DAYS) ?? [];
    expect(days).toHaveLength(2);

    await page.goto(`${site.demo.url}/`);
    const row = page.locator('table.board tbody tr').filter({ hasText: NOT_DUE });
    const cell = row.getByTestId('board-battery-projection');
    await expect
      .poll(() => cell.innerText(), { timeout: 15_000 })
      .toBe(`ERI projected ${days[0]}; EOS projected ${days[1]}`);
    // The pump is not due: the pathway list under the table does not name it.
    await expect
      .poll(() => page.getByRole('list', { name: 'Pathway items due' }).innerText(), { timeout: 15_000 })
      .not.toContain(NOT_DUE);
    await browser.axe('board-battery-projection');
  });
});
