/**
 * A new prescription described as what is in the pump before the refill that brings it in (walk of the
 * demo): with a new concentration prescribed and the pump still holding the old one, the patient's own view
 * said "The medicine in the pump has" the new strength, and the patient page gave only the new prescription.
 * Both now say what the pump holds (the one statement of the patient's dates, clinic/pump-contents.ts
 * `pumpTherapy`), and the new strength as what the next refill brings.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { guardBrowser, haveBrowser, useDemoInChromium } from './harness.ts';

guardBrowser('the pending-prescription browser test');

vi.setConfig({ testTimeout: 180_000 });

describe.runIf(haveBrowser)('a new concentration before its refill, in Chromium', () => {
  // Two browsers: the clinic's, and Ada Lovelace's own at home (the demo's patient account).
  const site = useDemoInChromium({ browsers: 2 });
  let ada = '';

  beforeAll(async () => {
    await site.signIn('physician');
    ada = await site.idOf('Ada Lovelace');
    const P = `${site.demo.url}/api/v1/patients/${ada}`;
    const { current } = (await (await site.page.request.get(`${P}/prescriptions/current`)).json()) as {
      current: { id: string; prescription: { concentrationMcgPerMl: number } };
    };
    // Her pump holds 2,000 mcg/mL; the physician prescribes 1,000 mcg/mL for the next refill.
    expect(current.prescription.concentrationMcgPerMl).toBe(2000);
    const res = await site.post(`/api/v1/patients/${ada}/prescriptions`, {
      prescription: { ...current.prescription, concentrationMcgPerMl: 1000 },
      expectedHeadId: current.id,
    });
    expect(res.status(), await res.text()).toBe(201);
  });

  it('patient’s own view said the medicine in the pump has the new prescription’s strength before its refill: it says what the pump holds, and the new strength from the next refill', async () => {
    const home = site.browsers[1]?.page;
    if (home === undefined) throw new Error('no second browser');
    await home.goto(`${site.demo.url}/`);
    await home.getByLabel('E-mail').fill('patient@demo.itb');
    await home.getByLabel('Password').fill('itb-demo-2026');
    await home.getByRole('button', { name: 'Sign in' }).click();
    await home.getByRole('heading', { name: 'Your prescription' }).waitFor();
    const rx = await home
      .locator('section', { has: home.getByRole('heading', { name: 'Your prescription' }) })
      .innerText();
    expect(rx).toContain('The medicine in the pump has 2,000 micrograms (mcg) in each millilitre.');
    expect(rx).toContain(
      'From your next refill, the pump will hold medicine with 1,000 micrograms (mcg) in each millilitre',
    );
    expect(rx).not.toContain('The medicine in the pump has 1,000');
    await site.browsers[1]?.axe('pending-prescription-patient-view');
  });

  it('patient page gave only the new prescription while the pump held the old: it says what is in the pump now beside the prescription from the next refill', async () => {
    const { page } = site;
    await site.openPatient(ada);
    const now = page.locator('dt', { hasText: 'In the pump now' });
    await now.waitFor();
    expect(await now.locator('xpath=following-sibling::dd[1]').innerText()).toMatch(
      /baclofen of 2,000 mcg\/mL/,
    );
    const rx = page.locator('dt', { hasText: 'Prescription (from the next refill)' });
    expect(await rx.locator('xpath=following-sibling::dd[1]').innerText()).toMatch(
      /baclofen of 1,000 mcg\/mL/,
    );
  });
});
