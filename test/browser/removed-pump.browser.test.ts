/**
 * A pump removed without a replacement on the patient page (src/clinic/implant-in-use.ts, the one rule the
 * papers and the programmer read): the page showed the removed pump as the patient's pump and offered an
 * emergency card for it, with its reservoir and refill date. It now says there is no pump in place and since
 * when, with no pump dates, and offers no card.
 */
import { rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
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

guardBrowser('the removed-pump browser test');

describe.runIf(haveBrowser)('a removed pump on the patient page, in Chromium', () => {
  let seeded: Seeded;
  let app: FastifyInstance;
  let base: string;
  let browser: BrowserSession;
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
    // The seeded patient's pump is removed and not replaced.
    const sys = { actor: 'system:test' };
    const [implant] = await seeded.store.listImplants(seeded.stableId, sys);
    if (implant === undefined) throw new Error('the seeded patient has an implant');
    await seeded.store.recordExplant(
      {
        patientId: seeded.stableId,
        implantId: implant.id,
        at: Date.now() - 60_000,
        reason: 'infection',
        catheter: 'removed',
        replacementImplantId: null,
      },
      sys,
    );
    browser = await launchBrowser();
  }, 120_000);

  /** Signs in afresh (the tests run alone or in order). */
  const signIn = async (email: string) => {
    const { page } = browser;
    await page.context().clearCookies();
    await page.goto(`${base}/`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(seeded.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  };

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await seeded?.dispose();
    if (outDir !== undefined) rmSync(outDir, { recursive: true, force: true });
  });

  it('removed pump on the patient page: the page showed the removed pump and offered its emergency card; it says no pump is in place since the removal', async () => {
    const id = seeded.stableId;
    const [implant] = await seeded.store.listImplants(id, { actor: 'system:test' });
    if (implant === undefined) throw new Error('the seeded patient has an implant');
    const { page } = browser;
    await signIn(seeded.physicianEmail);
    await page.goto(`${base}/patients/${encodeURIComponent(id)}`);
    const pumpCard = page.locator('section', { has: page.getByRole('heading', { name: 'Pump' }) });
    await expect
      .poll(() => pumpCard.textContent(), { timeout: 15_000 })
      .toMatch(/No pump in place: the last was removed on/);
    expect(await pumpCard.textContent()).not.toContain(implant.pumpSerial);
    expect(await pumpCard.textContent()).toContain('Last prescription (no pump in place)');
    // No reservoir, refill date or battery of a pump that is out.
    expect(await pumpCard.textContent()).not.toMatch(/Refill by|Low-reservoir alarm|Reservoir/);
    expect(await page.getByRole('link', { name: 'Emergency card (PDF)' }).count()).toBe(0);
    // The reservoir chart ends at the removal: no "about N mL left" in a pump that is out.
    expect(await page.getByText(/until the pump was removed on/).count()).toBe(1);
    expect(await page.getByText(/mL left/).count()).toBe(0);
    // The dose chart does not hold the last dose to today: nothing is delivered after the removal.
    expect(await page.getByText(/nothing delivered since the pump was removed on/).count()).toBe(1);
    await browser.axe('removed-pump-patient-page');
  });

  it('removed pump on the pages that pick a pump: appointments, MRI, catheter, alarm test, troubleshooting and the identity banner named the latest implant, removed or not; each says no pump is in place', async () => {
    const { page } = browser;
    await signIn(seeded.physicianEmail);
    const id = seeded.stableId;
    const [implant] = await seeded.store.listImplants(id, { actor: 'system:test' });
    if (implant === undefined) throw new Error('the seeded patient has an implant');
    const at = (view: string) => `${base}/patients/${encodeURIComponent(id)}/${view}`;
    const removed = /No pump in place: the last was removed on/;

    // Appointments: no refill, titration or replacement visit offered for a pump that is out.
    await page.goto(at('appointments'));
    const form = page.getByRole('form', { name: 'Book an appointment' });
    await form.waitFor();
    expect(await page.getByText(removed).count()).toBe(1);
    const kinds = await form.locator('option').allTextContents();
    expect(kinds).toContain('Follow-up');
    expect(kinds).not.toContain('Refill');
    expect(kinds).not.toContain('Titration visit');
    expect(kinds).not.toContain('Replacement surgery');

    // MRI: no scan planned for the removed pump.
    await page.goto(at('mri'));
    await expect.poll(() => page.getByText(removed).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByRole('form', { name: 'Plan an MRI' }).count()).toBe(0);

    // Catheter change and alarm test: nothing to act on, and the banner names no pump.
    for (const view of ['catheter', 'alarm-test']) {
      await page.goto(at(view));
      await expect.poll(() => page.getByText(removed).count(), { timeout: 15_000 }).toBe(1);
      const banner = page.getByRole('region', { name: 'Patient' });
      await expect
        .poll(() => banner.textContent(), { timeout: 15_000 })
        .toMatch(/Pump serialnone: removed on/);
      expect(await page.locator('body').textContent()).not.toContain(implant.pumpSerial);
    }

    // Troubleshooting: says so, and pre-fills nothing from the removed pump's readings.
    await page.goto(at('troubleshoot'));
    await expect.poll(() => page.getByText(removed).count(), { timeout: 15_000 }).toBe(1);
    await browser.axe('removed-pump-pages');
  });

  it('removed pump in the patient’s own view: the view asked the patient to book a refill of a pump that is out and offered its emergency card; it says the pump was removed', async () => {
    const { page } = browser;
    await signIn(seeded.patientEmail);
    await page.getByRole('heading', { name: 'Warning signs' }).waitFor();
    expect(await page.getByRole('link', { name: 'Emergency card (PDF)' }).count()).toBe(0);
    // No refill to book, no prescription or alarms of a pump that is out: it says so.
    expect(await page.getByText(/Your pump was removed on .*: there is no pump to refill/).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Next refill' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: /Pump alarms/ }).count()).toBe(0);
    await browser.axe('removed-pump-patient-view');
  });
});
