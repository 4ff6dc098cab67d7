/**
 * A busy clinic's unhappy paths in Chromium, against the demo clinic (virtual pumps on the real link): a
 * syringe of the wrong strength corrected, a syringe of another drug, a required field left empty, a refill
 * confirmed from a tab that another tab's refill made stale, an alert acknowledged without its note, the
 * pump changed by a physician between the refill's plan and its confirm, and a typed dose before a reload.
 * Each test is named after the finding it fixes (docs/web.md "The unhappy-path walk").
 */
import type { Dialog, Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  csrfHeader,
  guardBrowser,
  haveBrowser,
  signInDemo,
  toRefillMeasurements,
  useDemoInChromium,
} from './harness.ts';

guardBrowser('the unhappy-path walk browser test');

// The demo drives real pumps over TCP; on a loaded 2-core machine that takes longer than 30 s.
vi.setConfig({ testTimeout: 180_000 });

describe.runIf(haveBrowser)('a clinician’s unhappy paths in Chromium', () => {
  // Two browsers: the nurse at the refill, the physician changing the same pump from elsewhere.
  const site = useDemoInChromium({ browsers: 2 });
  let emmy = '';
  let carl = '';

  beforeAll(async () => {
    await signInDemo(site.page, site.demo, 'nurse');
    const res = await site.page.request.get(`${site.demo.url}/api/v1/patients`);
    const patients = (await res.json()) as { id: string; name: string }[];
    emmy = patients.find((p) => p.name === 'Emmy Noether')?.id ?? '';
    carl = patients.find((p) => p.name === 'Carl Gauss')?.id ?? '';
    expect([emmy, carl], 'the demo’s overdue patient and its discrepancy').not.toContain('');
  });

  /** Opens the refill wizard afresh in `page` and walks it to the measurements, the checks ticked. */
  async function toMeasurements(page: Page, patientId = emmy): Promise<void> {
    await page.goto(`${site.demo.url}/patients/${patientId}/refill`);
    await toRefillMeasurements(page);
  }

  it('corrected syringe: the refusal at the top goes once the concentration it named is corrected', async () => {
    const { page } = site;
    await toMeasurements(page);
    const pumpConc = await page.locator('#conc').inputValue();
    await page.getByLabel('Measured residual (mL)').fill('1.5');
    await page.getByLabel('Drug lot').fill('LOT-WRONG');
    await page.locator('#conc').fill(String(Number(pumpConc) / 2));
    await page.getByRole('button', { name: 'Reconcile and plan' }).click();
    const top = page.locator('p[role="alert"]');
    await expect.poll(() => top.innerText()).toMatch(/^Stopped — the syringe holds/);
    await page.locator('#conc').fill(pumpConc);
    // The syringe now matches the pump: nothing on the screen may still say it does not.
    await expect.poll(() => top.count()).toBe(0);
    await expect.poll(() => page.locator('#conc-error').count()).toBe(0);
  });

  it('other-drug syringe: a syringe of another drug can be said, and is refused at its field', async () => {
    const { page } = site;
    await toMeasurements(page);
    const drug = page.getByLabel('Drug (syringe label)');
    expect(await drug.inputValue()).toBe('baclofen');
    await page.getByLabel('Measured residual (mL)').fill('1.5');
    await page.getByLabel('Drug lot').fill('LOT-MORPHINE');
    await drug.selectOption('morphine');
    // Baclofen's strength is not kept for morphine (issue 13): the syringe's own is typed, in mg/mL.
    await page.getByLabel('Concentration (mg/mL)').fill('10');
    await expect
      .poll(() => page.locator('#conc-differs').innerText())
      .toMatch(/^The syringe \(morphine 10 mg\/mL\)/);
    await page.getByRole('button', { name: 'Reconcile and plan' }).click();
    const top = page.locator('p[role="alert"]');
    await expect
      .poll(() => top.innerText())
      .toMatch(/^Stopped — the syringe holds morphine .* but the pump holds baclofen/);
    await expect
      .poll(() => page.locator('#drug-error').innerText())
      .toMatch(/^Drug: the syringe holds morphine/);
    expect(await page.locator('#conc-error').count()).toBe(0);
    // The right syringe: nothing on the screen still says it is wrong.
    await drug.selectOption('baclofen');
    await expect.poll(() => top.count()).toBe(0);
    expect(await page.locator('#drug-error').count()).toBe(0);
  });

  it('stale refusal after Back: the syringe’s refusal stayed at the top of the critical actions, over a new interrogation and after the syringe’s drug changed (its concentration emptied); it is said only beside the measurements it refused, and goes once they or the pump reading change', async () => {
    const { page } = site;
    await toMeasurements(page);
    const pumpConc = await page.locator('#conc').inputValue();
    await page.getByLabel('Measured residual (mL)').fill('1.5');
    await page.getByLabel('Drug lot').fill('LOT-BACK');
    await page.locator('#conc').fill(String(Number(pumpConc) / 2));
    await page.getByRole('button', { name: 'Reconcile and plan' }).click();
    const top = page.locator('p[role="alert"]');
    const concError = page.locator('#conc-error');
    await expect.poll(() => top.innerText()).toMatch(/^Stopped — the syringe holds/);
    // Back to the critical actions: nothing there was refused.
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('heading', { name: /^Step 2/ }).waitFor();
    expect(await top.count()).toBe(0);
    // Forward again, unchanged: the refusal is back beside the concentration it refused.
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => top.innerText()).toMatch(/^Stopped — the syringe holds/);
    // The syringe's drug changed: its concentration is emptied, and the refusal of the old one goes with it.
    await page.getByLabel('Drug (syringe label)').selectOption('morphine');
    expect(await page.locator('#conc').inputValue()).toBe('');
    await expect.poll(() => top.count()).toBe(0);
    expect(await concError.count()).toBe(0);
    // The same refusal again, then a new reading of the pump: the refusal compared the syringe with the old.
    await page.getByLabel('Drug (syringe label)').selectOption('baclofen');
    await page.locator('#conc').fill(String(Number(pumpConc) / 2));
    await page.getByRole('button', { name: 'Reconcile and plan' }).click();
    await expect.poll(() => top.innerText()).toMatch(/^Stopped — the syringe holds/);
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Interrogate again' }).click();
    await page.locator('table.facts caption', { hasText: 'Pump snapshot' }).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Measured residual (mL)').waitFor();
    expect(await top.count()).toBe(0);
    expect(await concError.count()).toBe(0);
  });

  it('empty required field: the wizard says which field the plan waits for, not a silent grey button', async () => {
    const { page } = site;
    await toMeasurements(page);
    await page.getByLabel('Measured residual (mL)').fill('1.5');
    await page.getByLabel('Volume to add (mL)').fill('');
    const plan = page.getByRole('button', { name: 'Reconcile and plan' });
    expect(await plan.isDisabled()).toBe(true);
    const waiting = page.locator('#plan-waits');
    await expect.poll(() => waiting.innerText()).toBe('To plan, fill in: volume to add, drug lot.');
    expect(await plan.getAttribute('aria-describedby')).toBe('plan-waits');
    await page.getByLabel('Volume to add (mL)').fill('20');
    await expect.poll(() => waiting.innerText()).toBe('To plan, fill in: drug lot.');
    await page.getByLabel('Drug lot').fill('LOT-1');
    await expect.poll(() => waiting.count()).toBe(0);
  });

  it('stale tab refill: a refill confirmed in a tab planned before another tab’s refill is refused, records nothing, and its Confirm cannot act again (the wizard goes back to interrogate)', async () => {
    const stale = site.page;
    const fresh = await site.browser.context.newPage();
    const refills = async () => {
      const res = await stale.request.get(`${site.demo.url}/api/v1/patients/${emmy}/refills`);
      return ((await res.json()) as unknown[]).length;
    };
    const plan = async (page: Page, lot: string) => {
      await toMeasurements(page);
      await page.getByLabel('Measured residual (mL)').fill('1.5');
      await page.getByLabel('Drug lot').fill(lot);
      await page.getByRole('button', { name: 'Reconcile and plan' }).click();
      await page.getByRole('heading', { name: /^Step 4/ }).waitFor();
    };
    await plan(stale, 'LOT-STALE');
    await plan(fresh, 'LOT-FRESH');
    const before = await refills();
    await fresh.getByRole('button', { name: 'Confirm refill and update the pump' }).click();
    await fresh.getByRole('heading', { name: /^Step 5/ }).waitFor();
    await expect.poll(refills).toBe(before + 1);
    await fresh.close();

    await stale.bringToFront();
    await stale.getByRole('button', { name: 'Confirm refill and update the pump' }).click();
    const top = stale.locator('p[role="alert"]');
    await expect
      .poll(() => top.innerText())
      .toMatch(/a refill was recorded for this pump after this plan’s interrogation/);
    // Refused for good: the stale plan is gone with its Confirm button, and the wizard starts again from a
    // new interrogation; the other tab's refill is the only one recorded.
    await stale.getByRole('heading', { name: /^Step 1/ }).waitFor();
    expect(await stale.getByRole('button', { name: 'Confirm refill and update the pump' }).count()).toBe(0);
    expect(await stale.getByRole('button', { name: 'Interrogate pump' }).isEnabled()).toBe(true);
    expect(await refills()).toBe(before + 1);
  });

  it('written refill offered again: a refill whose answer was lost, confirmed again after a reload, was refused as already written while its plan and Confirm stayed on screen (and came back on each reload); the wizard drops the plan and says it was written', async () => {
    const page = site.page;
    const accept = (d: Dialog) => void d.accept();
    page.on('dialog', accept);
    const refills = async () => {
      const res = await page.request.get(`${site.demo.url}/api/v1/patients/${emmy}/refills`);
      return ((await res.json()) as unknown[]).length;
    };
    const status = await page.request.get(`${site.demo.url}/api/v1/demo/status`);
    const { pumps } = (await status.json()) as { pumps: { patientId: string; reservoirMl: number }[] };
    const residualMl = pumps.find((p) => p.patientId === emmy)?.reservoirMl ?? Number.NaN;
    await toMeasurements(page);
    await page.getByLabel('Measured residual (mL)').fill(residualMl.toFixed(1));
    await page.getByLabel('Drug lot').fill('LOT-LOST');
    await page.getByRole('button', { name: 'Reconcile and plan' }).click();
    await page.getByRole('heading', { name: /^Step 4/ }).waitFor();
    const note = page.locator('#plan-note');
    if ((await note.count()) > 0) await note.fill('refilled again after the last one');
    const before = await refills();
    // The server writes the refill; its answer never reaches the browser.
    await page.route(
      '**/pump/refill/apply',
      async (route) => {
        await route.fetch();
        await route.abort('connectionreset');
      },
      { times: 1 },
    );
    const confirm = page.getByRole('button', { name: 'Confirm refill and update the pump' });
    await confirm.click();
    await expect.poll(refills).toBe(before + 1);
    await page.reload();
    await page.getByRole('heading', { name: /^Step 4/ }).waitFor();
    await confirm.click();
    await expect
      .poll(() => page.locator('p[role="alert"]').innerText())
      .toMatch(/was already confirmed at .* and written/);
    await page.getByRole('heading', { name: /^Step 1/ }).waitFor();
    expect(await confirm.count()).toBe(0);
    await page.reload();
    await page.getByRole('heading', { name: /^Step 1/ }).waitFor();
    expect(await confirm.count()).toBe(0);
    expect(await refills()).toBe(before + 1);
    page.off('dialog', accept);
  });

  it('alert note left empty: the refusal is in clinician words, not the schema’s', async () => {
    const { page } = site;
    // Carl Gauss's discrepancy alert is open in the demo.
    await page.goto(`${site.demo.url}/patients/${carl}`);
    await page.getByRole('button', { name: 'Acknowledge…' }).first().click();
    await page.getByRole('button', { name: 'Acknowledge alert' }).click();
    const refusal = page.locator('p[role="alert"]');
    await expect.poll(() => refusal.innerText()).toBe('Not saved: note: required');
  });

  it('open alert count: an alert acknowledged on the patient page is counted acknowledged, not open, there, on the board and in the nav', async () => {
    const { page } = site;
    await page.goto(`${site.demo.url}/patients/${carl}`);
    const counts = page.locator('#alert-counts');
    await expect.poll(() => counts.innerText()).toMatch(/^Unresolved: \d+ open/);
    expect(await counts.innerText()).not.toContain('acknowledged');
    await page.getByRole('button', { name: 'Acknowledge…' }).first().click();
    await page.getByLabel(/^Note/).fill('Calling the patient about the residual');
    await page.getByRole('button', { name: 'Acknowledge alert' }).click();
    await expect.poll(() => counts.innerText()).toMatch(/^Unresolved: (\d+ open, )?1 acknowledged/);
    const nav = page.getByRole('link', { name: /^Alerts/ });
    await expect.poll(() => nav.innerText()).toMatch(/1 acknowledged/);
    await page.goto(`${site.demo.url}/`);
    const row = page.getByRole('row').filter({ hasText: 'Carl Gauss' });
    await expect
      .poll(() => row.getByRole('link', { name: /read them$/ }).innerText())
      .toMatch(/1 acknowledged/);
  });

  it('stand-alone interrogation for nurses: a nurse reads the pump from the patient page without starting a refill or a dose change', async () => {
    const { page } = site;
    await signInDemo(page, site.demo, 'nurse');
    const sessions = async () =>
      (
        (await (
          await page.request.get(`${site.demo.url}/api/v1/patients/${carl}/sessions`)
        ).json()) as unknown[]
      ).length;
    const before = await sessions();
    await page.goto(`${site.demo.url}/patients/${carl}`);
    await page.getByRole('link', { name: 'Interrogate the pump' }).click();
    await page.getByRole('heading', { name: 'Interrogate the pump' }).waitFor();
    await page.getByRole('button', { name: 'Interrogate pump' }).click();
    await page.locator('table.facts caption', { hasText: 'Pump snapshot' }).waitFor();
    // The reading is recorded as one session: the board and the troubleshooting guide read it.
    await expect.poll(sessions).toBe(before + 1);
  });

  it('ERI and EOS projections on the patient page: the card’s battery line says when the pump is projected to reach ERI and EOS', async () => {
    const { page } = site;
    await page.goto(`${site.demo.url}/patients/${carl}`);
    const projection = page.getByTestId('battery-projection');
    await expect
      .poll(() => projection.innerText())
      .toMatch(/^ERI (projected|reported by the pump).*; EOS projected \w{3} \d{1,2} \w{3} \d{4}/);
  });

  it('pump changed mid-refill: the last step says the pump was NOT updated, never "Pump updated"', async () => {
    const { page } = site;
    const physician = site.browsers[1]?.page;
    if (physician === undefined) throw new Error('the second browser did not start');
    await signInDemo(physician, site.demo, 'physician');
    const status = await page.request.get(`${site.demo.url}/api/v1/demo/status`);
    const pumps = (
      (await status.json()) as { pumps: { patientId: string; name: string; doseMcgPerDay: number }[] }
    ).pumps;
    const grace = pumps.find((p) => p.name === 'Grace Hopper');
    if (grace === undefined) throw new Error('no demo pump for Grace Hopper');
    await toMeasurements(page, grace.patientId);
    const residual = (
      (await (await page.request.get(`${site.demo.url}/api/v1/demo/status`)).json()) as {
        pumps: { patientId: string; reservoirMl: number }[];
      }
    ).pumps.find((p) => p.patientId === grace.patientId)?.reservoirMl;
    await page.getByLabel('Measured residual (mL)').fill(String(residual));
    await page.getByLabel('Drug lot').fill('LOT-GRACE');
    await page.getByRole('button', { name: 'Reconcile and plan' }).click();
    await page.getByRole('heading', { name: /^Step 4/ }).waitFor();

    // Meanwhile the physician titrates the same pump (its state version moves on).
    const P = `${site.demo.url}/api/v1/patients/${grace.patientId}/pump/titration`;
    const headers = await csrfHeader(physician, site.demo.url);
    const plan = await physician.request.post(`${P}/plan`, {
      data: { proposedDose: `${Math.round(grace.doseMcgPerDay * 1.1)} mcg/day` },
      headers,
    });
    expect(plan.status(), await plan.text()).toBe(200);
    const planId = ((await plan.json()) as { planId: string }).planId;
    const sent = await physician.request.post(`${P}/apply`, {
      data: { planId, confirm: true, justification: 'night-time spasms' },
      headers,
    });
    expect(sent.status(), await sent.text()).toBe(200);

    const note = page.locator('#plan-note');
    if ((await note.count()) > 0) await note.fill('refill as planned');
    await page.getByRole('button', { name: 'Confirm refill and update the pump' }).click();
    const heading = page.getByRole('heading', { name: /^Step 5/ });
    await expect.poll(() => heading.innerText()).toBe('Step 5 — Refill recorded: the pump was NOT updated');
    expect(await page.getByText('Pump updated', { exact: false }).count()).toBe(0);
  });

  it('typed dose lost on reload: the programming page asks before a reload drops a dose not yet sent', async () => {
    const physician = site.browsers[1]?.page;
    if (physician === undefined) throw new Error('the second browser did not start');
    await signInDemo(physician, site.demo, 'physician');
    const asked: string[] = [];
    physician.on('dialog', (d) => {
      asked.push(d.type());
      void d.accept();
    });
    await physician.goto(`${site.demo.url}/patients/${carl}/programming`);
    const dose = physician.getByLabel(/Proposed daily dose/);
    await dose.fill('300 mcg/day');
    await physician.reload();
    expect(asked).toEqual(['beforeunload']);
  });
});
