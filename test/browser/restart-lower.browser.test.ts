/**
 * Refilling after a long gap restarted at the full previous dose: the refill plan warned "restart lower and
 * re-titrate" and required a note, but the wizard's last step offered no way to program a lower restart dose
 * in the same visit (walk of the demo). The last step now says the pump runs the dose it ran before it
 * stopped, with the drug's restart guidance, and leads to the programming page, where a lower dose is set.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { guardBrowser, haveBrowser, toRefillMeasurements, useDemoInChromium } from './harness.ts';

guardBrowser('the restart-lower browser test');

// The demo drives real pumps over TCP; on a loaded 2-core machine that takes longer than 30 s.
vi.setConfig({ testTimeout: 180_000 });

describe.runIf(haveBrowser)('a refill after a long interruption, in Chromium', () => {
  const site = useDemoInChromium();
  // Emmy Noether: overdue in the demo; a month on, her pump has run empty for days.
  let emmy = '';
  let residualMl = 0;

  beforeAll(async () => {
    await site.signIn('physician');
    emmy = await site.idOf('Emmy Noether');
    await site.advanceClock(30 * 24);
    const status = (await (await site.page.request.get(`${site.demo.url}/api/v1/demo/status`)).json()) as {
      pumps: { patientId: string; reservoirMl: number }[];
    };
    residualMl = status.pumps.find((p) => p.patientId === emmy)?.reservoirMl ?? Number.NaN;
    expect(residualMl).toBeGreaterThanOrEqual(0);
  });

  it('refill after a long gap restarted at the full previous dose with no way to program a lower one in the visit: the last step leads to the programming page with the restart guidance', async () => {
    const { page } = site;
    await site.openPatient(emmy, '/refill');
    await toRefillMeasurements(page);
    await page.getByLabel('Measured residual (mL)').fill(String(residualMl));
    await page.getByLabel('Volume to add (mL)').fill('20');
    await page.getByLabel('Drug lot').fill('LOT-RESTART');
    await page.getByRole('button', { name: 'Reconcile and plan' }).click();
    await page.getByRole('heading', { name: /^Step 4/ }).waitFor();
    await page.locator('#plan-note').fill('pump ran empty; restart lower programmed next');
    await page.getByRole('button', { name: 'Confirm refill and update the pump' }).click();
    await page.getByRole('heading', { name: /^Step 5/ }).waitFor();
    const restart = page.getByRole('note').filter({ hasText: 'Restart lower' });
    await restart.waitFor();
    expect(await restart.innerText()).toMatch(/restart lower and re-titrate/);
    await site.browser.axe('refill-restart-lower');
    await restart.getByRole('link', { name: 'Program a lower restart dose now' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/patients/${emmy}/programming`);
  });
});
