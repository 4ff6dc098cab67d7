/**
 * The board's Status column in Chromium against the demo clinic. A clinician's walk found "Warning" badges
 * standing alone: the row's reasons (a refill due within the reminder window, a prescription changed after
 * the last known pump state, no prescription) were in the API's answer but not on the page, and the patients
 * still on the way to a pump (referred, evaluated, trialled) were warnings for having no prescription.
 */
import { describe, expect, it, vi } from 'vitest';
import { guardBrowser, haveBrowser, useDemoInChromium } from './harness.ts';

guardBrowser('the board status browser test');
vi.setConfig({ testTimeout: 120_000 });

/** The demo's pathway cast before the implant (src/demo/pathway-seed.ts). */
const NO_PUMP_YET = ['Nora Referred', 'Omar Evaluated', 'Pia Trialled'];

describe.runIf(haveBrowser)('the board’s status column, in Chromium against the demo clinic', () => {
  const site = useDemoInChromium();

  it('a board Warning badge stood alone: every row that is not OK says why in its status cell', async () => {
    const { page, browser } = site;
    await site.signIn('nurse');
    const rows = page.locator('table.board tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(10);
    const cells: { name: string; badge: string; why: string }[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      const cell = row.locator('td').first();
      const badge = await cell.locator('.badge').first().innerText();
      // The status cell without its badge: the words that say why.
      const why = (await cell.innerText()).replace(badge, '');
      cells.push({ name: await row.locator('th a').innerText(), badge, why });
    }
    const notOk = cells.filter((c) => c.badge !== 'OK' && c.badge !== 'No pump yet');
    expect(notOk.length).toBeGreaterThan(0);
    for (const c of notOk) expect(`${c.name}: ${c.why.trim()}`).not.toBe(`${c.name}: `);
    // The demo's post-operative patient: programmed and read back at surgery, so the board projects from
    // that read-back and does not say the prescription changed after it.
    const quinn = cells.find((c) => c.name === 'Quinn Postop');
    expect(quinn).toBeDefined();
    expect(quinn?.why).not.toContain('the prescription changed after the last known pump state');
    await browser.axe('board-status-why');
  });

  it('a referred patient with no pump was a board warning: before the implant the row says "No pump yet"', async () => {
    const { page } = site;
    await site.signIn('nurse');
    for (const name of NO_PUMP_YET) {
      const row = page.locator('table.board tbody tr').filter({ hasText: name });
      await expect
        .poll(() => row.locator('td .badge').first().innerText(), { timeout: 15_000 })
        .toBe('No pump yet');
      expect(await row.innerText()).not.toMatch(/unknown|not interrogated|Warning/);
    }
  });

  it('a refill-by a month before the alarm had no reason on the patient page: it says what set the date', async () => {
    const { page } = site;
    await site.signIn('nurse');
    // The demo's morphine patient (src/demo/cast.ts): refill-by follows morphine's stability limit.
    await site.openPatient(await site.idOf('Marie Curie'));
    const refillBy = page.locator('dt', { hasText: 'Refill by' }).locator('xpath=following-sibling::dd[1]');
    await expect
      .poll(() => refillBy.innerText(), { timeout: 15_000 })
      .toMatch(/set by morphine’?'?s 90-day stability limit, before the low-reservoir alarm/);
  });

  it('the refill-by cause as data, not parsed words: the page says the cause the board row carries', async () => {
    const { page } = site;
    await site.signIn('nurse');
    const res = await page.request.get(`${site.demo.url}/api/v1/board?limit=500`);
    const board = (await res.json()) as {
      rows: {
        patientId: string;
        refillByCause: { kind: string; days: number; drug: string | null } | null;
      }[];
    };
    const byAlarm = board.rows.find((r) => r.refillByCause?.kind === 'alarm-margin');
    const byStability = board.rows.find((r) => r.refillByCause?.kind === 'stability');
    const alarmCause = byAlarm?.refillByCause ?? null;
    const stabilityCause = byStability?.refillByCause ?? null;
    if (
      byAlarm === undefined ||
      alarmCause === null ||
      byStability === undefined ||
      stabilityCause === null
    ) {
      throw new Error('the demo has a refill-by set by the alarm margin and one set by a stability limit');
    }
    const refillBy = page.locator('dt', { hasText: 'Refill by' }).locator('xpath=following-sibling::dd[1]');
    await site.openPatient(byAlarm.patientId);
    await expect
      .poll(() => refillBy.innerText(), { timeout: 15_000 })
      .toContain(`${alarmCause.days} days before the low-reservoir alarm`);
    await site.openPatient(byStability.patientId);
    await expect
      .poll(() => refillBy.innerText(), { timeout: 15_000 })
      .toContain(`${stabilityCause.drug ?? ''}'s ${stabilityCause.days}-day stability limit`);
  });
});
