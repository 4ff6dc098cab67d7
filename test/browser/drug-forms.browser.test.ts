/**
 * Each drug by its own label, on the forms (issue 13 class), in Chromium against the demo clinic: the demo's
 * morphine patient (Marie Curie, src/demo/cast.ts) was asked "Spasms today (0–4)" in her diary, her
 * pathway's evaluation asked for the oral baclofen tried and the spasticity distribution, and the
 * troubleshooting page had no field for the new neurological signs that point an opioid patient at a
 * catheter-tip granuloma (docs/hazards.md H41). Her forms now ask her drug's questions.
 */
import { describe, expect, it, vi } from 'vitest';
import { hashPassword } from '../../src/server/auth/passwords.ts';
import { guardBrowser, haveBrowser, signInDemo, useDemoInChromium } from './harness.ts';

guardBrowser('the drug forms browser test');
vi.setConfig({ testTimeout: 120_000 });

describe.runIf(haveBrowser)(
  'each drug’s own questions on the forms, in Chromium against the demo clinic',
  () => {
    const site = useDemoInChromium();

    const marie = () => {
      const seeded = site.demo.patients.find((p) => p.patient.name === 'Marie Curie');
      if (seeded === undefined) throw new Error('the demo has no Marie Curie');
      return seeded.patient.id;
    };

    it('the diary asked a morphine patient “Spasms today (0–4)”: she rates her pain 0–10 and ticks her drug’s signs, and staff read “Pain (0–10)”', async () => {
      const { page, demo } = site;
      const password = 'marie-diary-2026';
      await demo.store.createUser(
        {
          email: 'marie@demo.itb',
          name: 'Marie Curie (patient)',
          role: 'patient',
          passwordHash: await hashPassword(password, { N: 1024, r: 8, p: 1 }),
          patientId: marie(),
        },
        { actor: 'system' },
      );
      await page.goto(`${demo.url}/`);
      await page.getByLabel('E-mail').fill('marie@demo.itb');
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const main = page.locator('main');
      await expect.poll(() => main.innerText(), { timeout: 15_000 }).toContain('Pain today (0–10)');
      const text = await main.innerText();
      expect(text).not.toContain('Spasms today');
      expect(text).not.toContain('More spasms or stiffness');
      await page.getByLabel('Pain today (0–10)').selectOption('8');
      await page.getByLabel('Restlessness, nervousness or agitation').check();
      await page.getByLabel('Goose bumps').check();
      await expect
        .poll(() => page.getByRole('alert').first().innerText(), { timeout: 15_000 })
        .toContain('call the clinic now');
      await page.getByRole('button', { name: 'Save diary entry' }).click();
      await expect
        .poll(() => page.locator('table.diary tbody tr').first().innerText(), { timeout: 15_000 })
        .toMatch(/8.*Restlessness, nervousness or agitation, Goose bumps/s);
      await site.browser.axe('drug-forms-pain-diary');

      await signInDemo(page, demo, 'nurse');
      await page.goto(`${demo.url}/patients/${encodeURIComponent(marie())}/diary`);
      await expect.poll(() => main.innerText(), { timeout: 15_000 }).toContain('Pain (0–10)');
      expect(await main.innerText()).not.toContain('Spasms (0–4)');
    });

    it('the pathway’s evaluation form asked a morphine patient for the oral baclofen tried and her spasticity distribution: it asks the pain questions', async () => {
      const { page, demo } = site;
      await signInDemo(page, demo, 'physician');
      await page.goto(`${demo.url}/patients/${encodeURIComponent(marie())}/pathway`);
      await page.getByLabel('Pain distribution').waitFor();
      const form = page.locator('form[aria-labelledby="eval-h"]');
      expect(await form.innerText()).not.toMatch(/oral baclofen|spasticity distribution/i);
      await page.getByLabel('Diagnosis', { exact: true }).fill('Failed back surgery syndrome');
      await page.getByLabel('Pain type').selectOption('neuropathic');
      await page.getByLabel('Pain distribution').selectOption('back-and-legs');
      await page.getByLabel('Systemic opioid tried (empty = none)').fill('oral morphine');
      await page.getByLabel('Its highest dose (mg/day)').fill('120');
      await page
        .getByLabel('Conservative treatments tried (one per line)')
        .fill('physiotherapy\nnerve blocks');
      await page.getByLabel('Goals of therapy (one per line)').fill('walk 500 m');
      await page.getByLabel('Team decision', { exact: true }).selectOption('pending');
      await page.getByRole('button', { name: 'Save evaluation' }).click();
      await expect
        .poll(() => page.getByRole('status').first().innerText(), { timeout: 15_000 })
        .toContain('Evaluation saved.');
      const saved = await page.request.get(
        `${demo.url}/api/v1/patients/${encodeURIComponent(marie())}/evaluations`,
      );
      const last = ((await saved.json()) as Record<string, unknown>[]).at(-1);
      expect(last).toMatchObject({
        indication: 'pain',
        pain: {
          type: 'neuropathic',
          distribution: 'back-and-legs',
          systemicOpioids: [{ drug: 'oral morphine', maxDailyDoseMg: 120 }],
          conservativeTreatments: ['physiotherapy', 'nerve blocks'],
        },
      });
      expect(last).not.toHaveProperty('oralBaclofen');
      await site.browser.axe('drug-forms-pain-evaluation');
    });

    it('the troubleshooting page could not enter new neurological signs: ticked for a morphine patient, the guide leads with a catheter-tip granuloma because of them', async () => {
      const { page, demo } = site;
      await signInDemo(page, demo, 'physician');
      await page.goto(`${demo.url}/patients/${encodeURIComponent(marie())}/troubleshoot`);
      await page.getByLabel(/New neurological signs/).check();
      await page.getByRole('button', { name: 'Start troubleshooting' }).click();
      const first = page.getByRole('list', { name: 'Likely causes' }).locator('li').first();
      await expect
        .poll(() => first.getAttribute('data-cause'), { timeout: 15_000 })
        .toBe('catheter-tip-granuloma');
      expect(await first.innerText()).toContain('new neurological signs on an intrathecal opioid');
      await site.browser.axe('drug-forms-neuro-signs');
    });
  },
);
