/**
 * The refill wizard walked as a busy clinic does, against the demo clinic: a volume typed ten times too
 * large, then an early refill (booked for later, refilled today) printed and looked up afterwards. Each test
 * is named after the finding it fixes (docs/web.md "The unhappy-path walk").
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { readPdf } from '../../src/reports/pdf-read.test-support.ts';
import { guardBrowser, haveBrowser, toRefillMeasurements, useDemoInChromium } from './harness.ts';

guardBrowser('the refill walk browser test');

// The demo drives real pumps over TCP; on a loaded 2-core machine that takes longer than 30 s.
vi.setConfig({ testTimeout: 180_000 });

/** A day as the pages and the papers print it: "Tue 2 Feb 2027". */
const DAY = /\w{3} \d{1,2} \w{3} \d{4}/;

describe.runIf(haveBrowser)('the refill wizard, walked in Chromium', () => {
  const site = useDemoInChromium();
  // Ida Tarbell: a routine patient with a refill booked before her refill-by; refilled today, early.
  let ida = '';
  let residualMl = 0;

  beforeAll(async () => {
    await site.signIn('nurse');
    ida = await site.idOf('Ida Tarbell');
    const status = (await (await site.page.request.get(`${site.demo.url}/api/v1/demo/status`)).json()) as {
      pumps: { patientId: string; reservoirMl: number }[];
    };
    residualMl = status.pumps.find((p) => p.patientId === ida)?.reservoirMl ?? Number.NaN;
    expect(residualMl).toBeGreaterThan(0);
  });

  it('volume typo over the reservoir: 200 mL for 20 is said at the field as not fitting the 20 mL reservoir, not "must be at most 100 mL"', async () => {
    const { page } = site;
    await site.openPatient(ida, '/refill');
    await toRefillMeasurements(page);
    await page.getByLabel('Measured residual (mL)').fill(String(residualMl));
    await page.getByLabel('Volume to add (mL)').fill('200');
    await page.getByLabel('Drug lot').fill('LOT-TYPO');
    const plan = page.getByRole('button', { name: 'Reconcile and plan' });
    if (await plan.isEnabled()) await plan.click();
    const error = page.locator('#volume-error');
    await expect.poll(() => error.innerText()).toMatch(/^200 mL does not fit the 20 mL reservoir/);
    expect(await error.innerText()).not.toMatch(/100 mL/);
    expect(await plan.isDisabled()).toBe(true);
    await site.browser.axe('refill-walk-volume-typo');
    // Corrected, the field is clear and the plan can be asked for.
    await page.getByLabel('Volume to add (mL)').fill('20');
    await expect.poll(() => error.count()).toBe(0);
    expect(await plan.isEnabled()).toBe(true);
  });

  it('no refill report from the wizard: its last step links the refill’s printed report, whose refill-by and next appointment are the screen’s', async () => {
    const { page } = site;
    await site.openPatient(ida, '/refill');
    await toRefillMeasurements(page);
    await page.getByLabel('Measured residual (mL)').fill(String(residualMl));
    await page.getByLabel('Volume to add (mL)').fill('20');
    await page.getByLabel('Drug lot').fill('LOT-EARLY');
    await page.getByRole('button', { name: 'Reconcile and plan' }).click();
    await page.getByRole('heading', { name: /^Step 4/ }).waitFor();
    const projection = await page.locator('table.facts', { hasText: 'Refill by' }).innerText();
    const refillBy = DAY.exec(/Refill by\s+(.*)/.exec(projection)?.[1] ?? '')?.[0];
    expect(refillBy, projection).toBeDefined();
    const note = page.locator('#plan-note');
    if ((await note.count()) > 0) await note.fill('refilled early, as planned');
    await page.getByRole('button', { name: 'Confirm refill and update the pump' }).click();
    await page.getByRole('heading', { name: /^Step 5/ }).waitFor();
    const booked = await page.getByRole('row', { name: /Next refill booked/ }).innerText();
    const bookedDay = DAY.exec(booked)?.[0];
    expect(bookedDay, booked).toBeDefined();

    await site.browser.axe('refill-walk-done');
    const report = page.getByRole('link', { name: 'Refill report (PDF)' });
    const href = await report.getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/refills\/[^/]+\/report\.pdf\?patientId=/);
    const res = await page.request.get(`${site.demo.url}${href ?? ''}`);
    expect(res.status()).toBe(200);
    const text = (await readPdf(await res.body())).text.join(' ').replace(/\s+/g, ' ');
    expect(text).toContain(`Refill by ${refillBy ?? '?'}`);
    expect(text).toMatch(new RegExp(`Next appointment ${bookedDay ?? '?'}`));
  });

  it('closed booking shown as booked: the refill booked before an early refill is marked closed by it on the appointments page', async () => {
    const { page } = site;
    await site.openPatient(ida, '/appointments');
    const items = page.getByTestId('booked-appointment');
    await expect.poll(() => items.count()).toBeGreaterThan(0);
    const texts = await items.allInnerTexts();
    // The booking made before today's refill says the refill closed it; the one the refill made does not.
    const closed = texts.filter((t) => /closed by the refill of /.test(t));
    expect(closed, texts.join('\n')).toHaveLength(1);
    await site.browser.axe('refill-walk-closed-booking');
    expect(texts.filter((t) => !/closed by the refill of /.test(t))).toHaveLength(1);
  });

  it('concentration change said only in a refusal: with a new strength prescribed, the measurements said nothing of it until the pump’s old strength was refused; the step says what the refill brings in before the syringe is entered', async () => {
    const { page } = site;
    await site.signIn('physician');
    const grace = await site.idOf('Grace Hopper');
    const P = `/api/v1/patients/${grace}`;
    const { current } = (await (
      await page.request.get(`${site.demo.url}${P}/prescriptions/current`)
    ).json()) as {
      current: { id: string; prescription: { concentrationMcgPerMl: number; doseMcgPerDay: number } };
    };
    const strength = current.prescription.concentrationMcgPerMl === 1000 ? 2000 : 1000;
    const prescribed = await site.post(`${P}/prescriptions`, {
      prescription: { ...current.prescription, concentrationMcgPerMl: strength },
      expectedHeadId: current.id,
      justification: 'new strength from the next refill',
    });
    expect(prescribed.status(), await prescribed.text()).toBe(201);

    await site.openPatient(grace, '/refill');
    await toRefillMeasurements(page);
    const change = page.locator('#contents-change');
    await expect.poll(() => change.count()).toBe(1);
    expect(await change.innerText()).toContain(`baclofen ${strength.toLocaleString('en-GB')} mcg/mL`);
    await site.browser.axe('refill-walk-contents-change');
    // The prescribed strength typed in is no slip: the "differs from the pump" warning is not said over it.
    await page.getByLabel('Concentration (mcg/mL)').fill(String(strength));
    await expect.poll(() => page.locator('#conc-differs').count()).toBe(0);
  });

  it('old strength pre-filled for a new one: with a new strength prescribed, the syringe’s concentration was pre-filled with the pump’s old strength; it is left empty, to be entered from the syringe label', async () => {
    const { page } = site;
    // Grace Hopper's new strength was prescribed by the test above: the pump still holds the old one.
    const grace = await site.idOf('Grace Hopper');
    await site.openPatient(grace, '/refill');
    await toRefillMeasurements(page);
    await expect.poll(() => page.locator('#contents-change').count()).toBe(1);
    expect(await page.getByLabel('Concentration (mcg/mL)').inputValue()).toBe('');
    expect(await page.getByLabel('Drug (syringe label)').inputValue()).toBe('baclofen');
    await page.getByLabel('Drug lot').fill('LOT-NEW');
    expect(await page.getByRole('button', { name: 'Reconcile and plan' }).isDisabled()).toBe(true);
    expect(await page.locator('#plan-waits').innerText()).toMatch(/concentration/);
  });

  it('refill of a stopped pump read "Ready to refill" then "Pump updated" while the pump stayed stopped: the plan warns that delivery stays stopped and the last step says delivery is still STOPPED', async () => {
    const { page } = site;
    await site.signIn('physician');
    const kira = await site.idOf('Kira Novak');
    const P = `/api/v1/patients/${kira}/pump`;
    const plan = await site.post(`${P}/stop/plan`, {});
    expect(plan.status(), await plan.text()).toBe(200);
    const { planId } = (await plan.json()) as { planId: string };
    const stop = await site.post(`${P}/stop/apply`, {
      planId,
      confirm: true,
      justification: 'admitted for surgery; oral baclofen bridge',
    });
    expect(stop.status(), await stop.text()).toBe(200);
    const status = (await (await page.request.get(`${site.demo.url}/api/v1/demo/status`)).json()) as {
      pumps: { patientId: string; reservoirMl: number }[];
    };
    const residual = status.pumps.find((p) => p.patientId === kira)?.reservoirMl ?? Number.NaN;

    await site.openPatient(kira, '/refill');
    await toRefillMeasurements(page);
    await page.getByLabel('Measured residual (mL)').fill(residual.toFixed(1));
    await page.getByLabel('Drug lot').fill('LOT-STOPPED');
    await page.getByRole('button', { name: 'Reconcile and plan' }).click();
    await page.getByRole('heading', { name: /^Step 4/ }).waitFor();
    const top = await page.locator('.verdict-top').innerText();
    expect(top).toMatch(/Ready to refill — with a warning/);
    expect(top).toMatch(/stays stopped after the refill: the patient receives no drug/);
    await page.locator('#plan-note').fill('refilled while stopped for surgery');
    await page.getByRole('button', { name: 'Confirm refill and update the pump' }).click();
    await page.getByRole('heading', { name: 'Step 5 — Refill recorded: delivery still STOPPED' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'Delivery is still STOPPED' }).count()).toBe(1);
    expect(await page.getByText('Pump updated').count()).toBe(0);
    await site.browser.axe('refill-walk-still-stopped');
  });
});
