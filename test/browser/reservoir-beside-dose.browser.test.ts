/**
 * The reservoir beside the dose on the programming page, in Chromium against the demo clinic: a pump whose
 * refill-by date has passed, that reports a low reservoir or is empty says so next to the dose field and
 * again on the review, from the board's row (the server's truth the board and the patient page show).
 */
import type { Locator } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { guardBrowser, haveBrowser, useDemoInChromium } from './harness.ts';

guardBrowser('the reservoir beside the dose browser test');
vi.setConfig({ testTimeout: 180_000 });

describe.runIf(haveBrowser)('the reservoir beside the dose, in Chromium against the demo clinic', () => {
  const site = useDemoInChromium();

  beforeAll(async () => {
    await site.signIn('physician');
  });

  const textOf = (l: Locator) =>
    expect.poll(async () => ((await l.count()) > 0 ? await l.first().textContent() : ''), {
      timeout: 15_000,
    });

  it('the programming page did not say, near the dose, that the pump is empty or its refill is overdue: it says so beside the dose field and on the review', async () => {
    const page = site.page;
    const emmy = await site.idOf('Emmy Noether');
    const board = async () =>
      (
        (await (await page.request.get(`${site.demo.url}/api/v1/board?limit=500`)).json()) as {
          rows: { patientId: string; status: string; overdue: boolean; emptyAt: number | null }[];
        }
      ).rows.find((r) => r.patientId === emmy);
    expect((await board())?.overdue).toBe(true);

    await site.openPatient(emmy, '/programming');
    const edit = page.getByRole('region', { name: '2. New prescription' });
    const note = edit.getByRole('status', { name: 'Reservoir' });
    await textOf(note).toContain('Refill-by date passed');
    await textOf(note).toContain('days overdue');
    await textOf(note).toContain('low reservoir');
    // Beside the dose: the note follows the dose field's row in the editor.
    expect(await edit.locator('div.row:has(#dose) + [role="status"]').count()).toBe(1);
    await page.screenshot({
      path: 'artifacts/screenshots/programming-reservoir-overdue.png',
      fullPage: true,
    });

    await page.getByRole('button', { name: 'Interrogate pump' }).click();
    await page.locator('table.facts caption', { hasText: 'Pump snapshot' }).waitFor();
    await page.getByLabel(/Proposed daily dose/).fill('360 mcg/day');
    await page.getByRole('button', { name: 'Review change' }).click();
    const finish = page.getByRole('region', { name: /Finish/ });
    await textOf(finish.getByRole('status', { name: 'Reservoir' })).toContain('Refill-by date passed');

    // A patient whose pump is fine gets no note.
    const ada = await site.idOf('Ada Lovelace');
    await site.openPatient(ada, '/programming');
    await page.getByLabel(/Proposed daily dose/).waitFor();
    await page.getByRole('region', { name: 'Model-informed dosing (advice)' }).waitFor();
    expect(await page.getByRole('status', { name: 'Reservoir' }).count()).toBe(0);

    // Past the projected empty time the pump is empty: the note says no drug is delivered.
    const emptyAt = (await board())?.emptyAt ?? 0;
    const now = (
      (await (await page.request.get(`${site.demo.url}/api/v1/auth/me`)).json()) as { now: number }
    ).now;
    await site.advanceClock(Math.ceil((emptyAt - now) / 3_600_000) + 24);
    expect((await board())?.status).toBe('empty');
    await site.openPatient(emmy, '/programming');
    await textOf(page.getByRole('status', { name: 'Reservoir' })).toContain('The reservoir is EMPTY since ');
    await page.screenshot({ path: 'artifacts/screenshots/programming-reservoir-empty.png', fullPage: true });
  });
});
