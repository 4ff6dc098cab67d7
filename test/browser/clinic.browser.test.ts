/**
 * The clinic web app in a real browser (Debian Chromium, playwright-core): the API in-process on a random
 * port with a temp SQLite store and seeded patients, the app built once by Vite into a temp directory and
 * served by web-extension.ts. Every page visited is checked by axe-core (no serious or critical
 * violation) and saved as a screenshot under artifacts/screenshots/.
 *
 * Without /usr/bin/chromium the suite skips with a message, or FAILS when `CI` is set (a CI without the
 * browser must not pass silently).
 */
import { rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildWebApp,
  guardBrowser,
  haveBrowser,
  launchBrowser,
  serveClinicApp,
  type BrowserSession,
} from './harness.ts';
import { seedClinic, type Seeded } from './seed.ts';

guardBrowser('the clinic browser tests');

describe.runIf(haveBrowser)('clinic web app in Chromium', () => {
  let seeded: Seeded;
  let app: FastifyInstance;
  let base: string;
  let browser: BrowserSession;
  let page: Page;
  let outDir: string;

  beforeAll(async () => {
    outDir = await buildWebApp();
    seeded = await seedClinic();
    const { fhirExtension, reportsExtension } = await import('../../src/server/extensions.ts');
    const { webExtension } = await import('../../src/server/web-extension.ts');
    ({ app, base } = await serveClinicApp(seeded.store, [
      fhirExtension,
      reportsExtension,
      webExtension({ root: outDir }),
    ]));
    browser = await launchBrowser();
    page = browser.page;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await seeded?.dispose();
    if (outDir !== undefined) rmSync(outDir, { recursive: true, force: true });
  });

  const axe = (name: string) => browser.axe(name);

  it('signs in', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: /sign in/i }).waitFor();
    await axe('01-sign-in');
    await page.getByLabel('E-mail').fill(seeded.physicianEmail);
    await page.getByLabel('Password').fill(seeded.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Refill board' }).waitFor();
  });

  it('shows every patient on the board, overdue first', async () => {
    await page.locator('table.board tbody tr').first().waitFor();
    const names = await page.locator('table.board tbody th a').allTextContents();
    expect(new Set(names)).toEqual(new Set(seeded.patients.map((p) => p.name)));
    // Ana is overdue (20 mL at 1 mL/day, filled 30 days ago) and Cleo's pump state is unknown (no refill
    // recorded: unknown is not safe) — both above Ben, refilled 5 days ago (docs/api.md "The risk board").
    expect(names.at(-1)).toBe(seeded.stableName);
    const rows = page.locator('table.board tbody tr');
    await expect
      .poll(() => rows.nth(0).textContent(), { timeout: 15_000 })
      .toMatch(/Overdue|Unknown — check/);
    await expect
      .poll(() => rows.nth(1).textContent(), { timeout: 15_000 })
      .toMatch(/Overdue|Unknown — check/);
    await expect
      .poll(() => page.locator('tr', { hasText: seeded.overdueName }).textContent(), { timeout: 15_000 })
      .toMatch(/overdue/);
    await axe('02-board');
  });

  it('opens the patient page with the pump card, timeline and PDF links', async () => {
    await page.getByRole('link', { name: seeded.stableName }).click();
    await page.getByRole('heading', { name: 'Pump' }).waitFor();
    const card = await page.locator('section.card').first().textContent();
    expect(card).toMatch(/400 mcg\/day continuous/);
    // Against the 20 mL reservoir of the implant's pump profile, saying where the calculation starts.
    expect(card).toMatch(/calculated now, of a 20 mL reservoir.*from the refill of/);
    await expect(page.getByRole('meter', { name: 'Calculated reservoir volume' }).count()).resolves.toBe(1);
    await expect(page.locator('ol.timeline li').count()).resolves.toBeGreaterThan(0);
    // Ben has two refills (seed.ts), each with its report.
    await expect(page.getByRole('link', { name: 'Refill report (PDF)' }).count()).resolves.toBe(2);
    await axe('03-patient');
  });

  it('serves the emergency card PDF from the patient page link', async () => {
    const href = await page.getByRole('link', { name: 'Emergency card (PDF)' }).getAttribute('href');
    expect(href).toMatch(/emergency-card\.pdf$/);
    const res = await page.request.get(`${base}${href ?? ''}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/application\/pdf/);
    expect((await res.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('blocks a titration far above the step: reasons shown, confirm disabled', async () => {
    await page.getByRole('link', { name: /Programming/ }).click();
    await page.getByLabel(/Proposed daily dose/).fill('1000 mcg/day');
    // Live feedback, computed in the browser by therapy/titration.ts.
    await page.locator('#live').getByText('Blocked').first().waitFor();
    await expect
      .poll(() => page.locator('#live').textContent(), { timeout: 15_000 })
      .toMatch(/ITB_R_TITRATION_FAR_ABOVE_STEP/);
    await axe('04-programming-live-block');
    await page.getByRole('button', { name: 'Review change' }).click();
    await page.getByRole('heading', { name: /Finish/ }).waitFor();
    await expect(page.getByRole('button', { name: 'Confirm and send to pump' }).isDisabled()).resolves.toBe(
      true,
    );
    await expect
      .poll(() => page.getByRole('list', { name: 'Guardrail reasons' }).textContent(), { timeout: 15_000 })
      .toMatch(/refused/);
    await axe('05-programming-finish-block');
    await page.getByRole('button', { name: 'Back to edit' }).click();
  });

  it('requires a justification for a titration above the step (warn)', async () => {
    // 400 → 540 mcg/day = +35 %: above the 10–30 % titration step, below 2× — a justified override.
    await page.getByLabel(/Proposed daily dose/).fill('540 mcg/day');
    await page.locator('#live').getByText('Warning').first().waitFor();
    await expect
      .poll(() => page.locator('#live').textContent(), { timeout: 15_000 })
      .toMatch(/ITB_R_TITRATION_ABOVE_STEP/);
    await page.getByRole('button', { name: 'Review change' }).click();
    const just = page.getByLabel(/Justification/);
    await just.waitFor();
    await expect(just.getAttribute('required')).resolves.not.toBeNull();
    const confirm = page.getByRole('button', { name: 'Confirm and send to pump' });
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await just.fill('Severe spasms despite the last step; reviewed with the team.');
    await axe('06-programming-finish-warn');
  });

  it('shows the refill wizard steps', async () => {
    await page.goto(`${base}/patients/${encodeURIComponent(seeded.stableId)}/refill`);
    await page.getByRole('heading', { name: 'Refill wizard' }).waitFor();
    // One step at a time: the five steps are named, and nothing goes on before the pump is interrogated.
    await expect(
      page.getByRole('navigation', { name: 'Wizard steps' }).getByRole('listitem').count(),
    ).resolves.toBe(5);
    await expect(page.getByRole('button', { name: 'Next' }).isDisabled()).resolves.toBe(true);
    await axe('07-refill-wizard');
  });

  const patientUrl = (id: string, sub = '') => `${base}/patients/${encodeURIComponent(id)}${sub}`;
  const idOf = (name: string) => seeded.patients.find((p) => p.name === name)?.id ?? '';

  it('draws the dose, reservoir and assessment charts on the patient page, each with a data table', async () => {
    await page.goto(patientUrl(seeded.stableId));
    await page.locator('figure.chart canvas').nth(2).waitFor();
    const figures = page.locator('figure.chart');
    await expect(figures.count()).resolves.toBe(3);
    for (const title of [
      'Daily dose over time',
      'Calculated reservoir (estimate)',
      'Assessments over time',
    ]) {
      const fig = page.getByRole('figure', { name: new RegExp(title.replace(/[()]/g, '\\$&')) });
      await expect(fig.locator('canvas').count()).resolves.toBeGreaterThan(0);
      await expect(fig.locator('.visually-hidden table tbody tr').count()).resolves.toBeGreaterThan(1);
    }
    // The dose steps 350 → 400 mcg/day; MAS "1+" is read out as 1+, not 1.5.
    const doseTable = await page.locator('#dose-chart-cap + ul + div + .visually-hidden table').textContent();
    expect(doseTable).toMatch(/350 mcg\/day.*400 mcg\/day/);
    const masTable = await page
      .getByRole('figure', { name: /Assessments over time/ })
      .locator('table')
      .textContent();
    expect(masTable).toMatch(/1\+/);
    expect(masTable).not.toMatch(/1\.5/);
    await axe('08-patient-charts');
  });

  it('records a screening trial: timed scores, response chart, decision and start dose', async () => {
    const cleo = idOf('Cleo New');
    await page.goto(patientUrl(cleo, '/trial'));
    await page.getByRole('heading', { name: /Screening trial/ }).waitFor();
    await expect(page.getByLabel('Dose', { exact: true }).inputValue()).resolves.toBe('50');
    // Too few scores within 4 h: saving is refused with the reason.
    await page.getByRole('button', { name: 'Remove score 2' }).click();
    await page.getByRole('button', { name: 'Remove score 2' }).click();
    await expect
      .poll(() => page.getByRole('list', { name: 'Before saving' }).textContent(), { timeout: 15_000 })
      .toMatch(/at least 2/);
    await page.getByRole('button', { name: 'Add a score' }).click();
    await page.getByLabel('Score 3: hours after the bolus').fill('1');
    await page.getByLabel('Score 2: MAS grade').selectOption('1+');
    await page.getByLabel('Score 3: MAS grade').selectOption('2');
    await page.getByLabel(/Responded/).check();
    await page.getByLabel(/How long the effect lasted/).fill('6');
    await expect
      .poll(() => page.locator('#start-h + p').textContent(), { timeout: 15_000 })
      .toMatch(/100 mcg\/day for the first 24 hours/);
    await page
      .getByRole('figure', { name: /Response to the bolus/ })
      .locator('canvas')
      .first()
      .waitFor();
    await axe('09-trial-entry');
    const save = page.getByRole('button', { name: 'Save screening trial' });
    await expect(save.isDisabled()).resolves.toBe(false);
    await save.click();
    await expect
      .poll(() => page.getByRole('status').textContent(), { timeout: 15_000 })
      .toMatch(/Trial saved.*responded/);
    const trials = await page.request.get(`${base}/api/v1/patients/${cleo}/trials`);
    const [t] = (await trials.json()) as { doseNg: number; responded: boolean; assessments: unknown[] }[];
    expect(t).toMatchObject({ doseNg: 50_000, responded: true, effectHours: 6 });
    expect(t?.assessments).toHaveLength(3);
    await axe('10-trial-saved');
  });

  it('a no-response decision gives no start dose and names the next protocol dose', async () => {
    await page.goto(patientUrl(idOf('Ana Overdue'), '/trial'));
    await page.getByLabel('No response').check();
    await expect
      .poll(() => page.locator('#start-h ~ *').allTextContents(), { timeout: 15_000 })
      .toEqual(
        expect.arrayContaining([expect.stringMatching(/No start dose/), expect.stringMatching(/75 mcg/)]),
      );
  });

  it('lists and records complications', async () => {
    await page.goto(patientUrl(seeded.stableId, '/complications'));
    await page.getByRole('cell', { name: 'small seroma, resolved' }).waitFor();
    await page.getByLabel('Kind').selectOption('catheter-leak');
    await page.getByLabel('Severity').selectOption('severe');
    await page.getByLabel(/What happened/).fill('CSF leak at the catheter connector; contrast study booked');
    await page.getByRole('button', { name: 'Record complication' }).click();
    await page.getByRole('cell', { name: /CSF leak at the catheter connector/ }).waitFor();
    await expect
      .poll(() => page.locator('tbody tr').first().textContent(), { timeout: 15_000 })
      .toMatch(/catheter leak.*severe/);
    await axe('11-complications');
  });

  it('a patient account sees only its own view, no board, and records a diary entry', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('E-mail').fill(seeded.patientEmail);
    await page.getByLabel('Password').fill(seeded.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /Your baclofen pump/ }).waitFor();
    await expect(page.getByRole('link', { name: 'Refill board' }).count()).resolves.toBe(0);
    const view = await page.locator('main').textContent();
    expect(view).toMatch(/400 micrograms \(mcg\) of baclofen every day/);
    expect(view).toMatch(/Never rely on the alarm alone/);
    expect(view).toMatch(/Two tones for three seconds, repeating/);
    expect(view).toMatch(/Empty reservoir/);
    expect(view).toMatch(/emergency department/);
    await expect(page.getByRole('link', { name: 'Emergency card (PDF)' }).count()).resolves.toBe(1);
    await axe('12-patient-view');
    // The board is not reachable: not in the app, and refused by the API.
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: /Your baclofen pump/ }).waitFor();
    await page.goto(patientUrl(idOf('Ana Overdue')));
    await page.getByRole('heading', { name: /Your baclofen pump — Ben Stable/ }).waitFor();
    expect((await page.request.get(`${base}/api/v1/board`)).status()).toBe(403);

    await page.getByLabel(/Spasms today/).selectOption('3');
    await page.getByLabel('Itching').check();
    await page.getByLabel('Fever').check();
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 })
      .toMatch(/call the clinic now/);
    await page.getByLabel('In your own words').fill('Legs jumping at night, itchy all day');
    await page.getByRole('button', { name: 'Save diary entry' }).click();
    await page.getByRole('cell', { name: 'Legs jumping at night, itchy all day' }).waitFor();
    // Saving clears the form but not the advice.
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 })
      .toMatch(/Itching, Fever.*call the clinic now/);
    await expect
      .poll(() => page.locator('table.diary tbody tr').first().textContent(), { timeout: 15_000 })
      .toMatch(/3 — strong.*Itching, Fever/);
    await axe('13-patient-diary');
  });

  it("staff read the diary on the patient's diary page", async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('E-mail').fill(seeded.physicianEmail);
    await page.getByLabel('Password').fill(seeded.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Refill board' }).waitFor();
    await page.goto(patientUrl(seeded.stableId, '/diary'));
    await page.getByRole('cell', { name: 'Legs jumping at night, itchy all day' }).waitFor();
    await expect(page.getByRole('button', { name: 'Save diary entry' }).count()).resolves.toBe(0);
    await axe('14-staff-diary');
  });
});
