/**
 * The dosing advice panel on the trial page, in Chromium against the demo clinic: a trialled patient's
 * panel shows the advised path with guardrail verdicts; the screenshot goes to artifacts/screenshots/.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Locator } from 'playwright-core';
import type { RunningDemo } from '../../src/demo/demo.ts';
import { guardBrowser, haveBrowser, signInDemo, type BrowserSession, useDemoInChromium } from './harness.ts';

guardBrowser('the dosing advice browser test');
vi.setConfig({ testTimeout: 120_000 });

describe.runIf(haveBrowser)('the dosing advice panel, in Chromium against the demo clinic', () => {
  let demo: RunningDemo;
  let browser: BrowserSession;

  const site = useDemoInChromium();

  beforeAll(() => {
    demo = site.demo;
    browser = site.browser;
  });

  it('shows the panel on every patient’s trial page: a path with verdicts, or why there is none', async () => {
    const page = browser.page;
    await signInDemo(page, demo, 'physician');
    const patients = (await (await page.request.get(`${demo.url}/api/v1/patients`)).json()) as {
      id: string;
    }[];
    expect(patients.length).toBeGreaterThan(0);
    let shot = false;
    for (const p of patients) {
      await page.goto(`${demo.url}/patients/${p.id}/trial`);
      const panel = page.getByRole('region', { name: 'Model-informed dosing (advice)' });
      await panel
        .getByText(/Advice, not a prescription|No advice yet|Does not apply to this patient’s drug/)
        .waitFor();
      // A table of steps, each with a verdict, when the trial can be fitted; otherwise the reason why not.
      const rows = await panel.getByRole('row').count();
      if (rows > 0) expect(await panel.locator('.badge').count()).toBe(rows - 1);
      // Every demo patient with a responding trial gets a path (docs/advice.md: the fit needs the pre-dose score).
      const trials = (await (
        await page.request.get(`${demo.url}/api/v1/patients/${p.id}/trials`)
      ).json()) as { responded: boolean | null }[];
      if (trials.some((t) => t.responded === true)) expect(rows, p.id).toBeGreaterThan(1);
      if (!shot) {
        await page.screenshot({ path: 'artifacts/screenshots/trial-advice.png', fullPage: true });
        shot = true;
      }
    }
  });

  it('the programming page shows the advice beside the running dose: the next advised step above it, or that none is advised', async () => {
    const page = browser.page;
    await signInDemo(page, demo, 'physician');
    const get = async <T>(path: string): Promise<T> =>
      (await (await page.request.get(`${demo.url}${path}`)).json()) as T;
    const patients = await get<{ id: string }[]>('/api/v1/patients');
    let checked = 0;
    for (const p of patients) {
      const chain = await get<{ prescription: { mode: string; doseMcgPerDay?: number } }[]>(
        `/api/v1/patients/${p.id}/prescriptions`,
      );
      const head = chain.at(-1)?.prescription;
      const res = await page.request.get(`${demo.url}/api/v1/patients/${p.id}/advice`);
      if (head?.mode !== 'simple-continuous' || head.doseMcgPerDay === undefined || !res.ok()) continue;
      const answer = (await res.json()) as {
        advice: { steps: { doseMcgPerDay: number; guardrail: { verdict: string } }[] };
        basis: { kind: string; why: string | null };
      };
      const current = head.doseMcgPerDay;
      // A path that cannot continue from today (a pump that delivers no drug, a dose changed today …) offers
      // no step: the page says why.
      const next =
        answer.basis.kind === 'advised-at-start'
          ? undefined
          : answer.advice.steps.find((s) => s.doseMcgPerDay > current && s.guardrail.verdict === 'ok');
      await page.goto(`${demo.url}/patients/${p.id}/programming`);
      const panel = page.getByRole('region', { name: 'Model-informed dosing (advice)' });
      const expected =
        answer.basis.kind === 'advised-at-start'
          ? `No advised path from today’s dose: ${answer.basis.why ?? ''}`
          : next === undefined
            ? `The current dose (${current} mcg/day) is at or above the advised path`
            : `Next advised step above the current ${current} mcg/day: ${next.doseMcgPerDay} mcg/day`;
      await expect
        .poll(async () => (await panel.count()) > 0 && (await panel.textContent()), { timeout: 15_000 })
        .toContain(expected);
      if (next !== undefined) {
        await panel
          .getByRole('button', { name: `Use ${next.doseMcgPerDay} mcg/day as the proposed dose` })
          .click();
        await expect
          .poll(() => page.locator('#dose').inputValue(), { timeout: 15_000 })
          .toBe(`${next.doseMcgPerDay} mcg/day`);
      }
      if (checked === 0)
        await page.screenshot({ path: 'artifacts/screenshots/programming-advice.png', fullPage: true });
      checked += 1;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('the model-informed dosing box is for intrathecal baclofen only: on the trial and programming pages of a patient on morphine it says the model does not apply', async () => {
    const page = browser.page;
    await signInDemo(page, demo, 'physician');
    const patients = (await (await page.request.get(`${demo.url}/api/v1/patients`)).json()) as {
      id: string;
      name: string;
    }[];
    const marie = patients.find((p) => p.name === 'Marie Curie');
    if (marie === undefined) throw new Error('the demo has no patient on morphine');
    for (const where of ['trial', 'programming']) {
      await page.goto(`${demo.url}/patients/${marie.id}/${where}`);
      const panel = page.getByRole('region', { name: 'Model-informed dosing (advice)' });
      await expect
        .poll(async () => (await panel.count()) > 0 && (await panel.textContent()), { timeout: 15_000 })
        .toContain('Does not apply to this patient’s drug');
      const text = (await panel.textContent()) ?? '';
      expect(text).toContain('does not apply to morphine');
      expect(text).not.toContain('screening bolus');
      await page.screenshot({ path: `artifacts/screenshots/${where}-advice-morphine.png`, fullPage: true });
    }
  });

  it("advice on the programming page showed the trial's start path to a patient on 330 mcg/day: an infused patient's path continues from today's dose, and no start row is shown when it cannot", async () => {
    const page = browser.page;
    await site.signIn('physician');
    const ada = await site.idOf('Ada Lovelace');
    const chain = (await (
      await page.request.get(`${demo.url}/api/v1/patients/${ada}/prescriptions`)
    ).json()) as { id: string; prescription: { doseMcgPerDay: number } }[];
    expect(chain.at(-1)?.prescription.doseMcgPerDay).toBe(330);
    const panel = page.getByRole('region', { name: 'Model-informed dosing (advice)' });
    const table = panel.getByRole('table');
    const textOf = (l: Locator) =>
      expect.poll(async () => ((await l.count()) > 0 ? await l.first().textContent() : ''), {
        timeout: 15_000,
      });

    await site.openPatient(ada, '/programming');
    await textOf(table.locator('caption')).toContain('Continued from today’s dose, day ');
    await textOf(table.getByRole('row').nth(1).getByRole('cell').nth(1)).toBe('330');
    await textOf(table.getByRole('row').nth(1).getByRole('cell').nth(2)).toBe('today’s dose');
    expect(await table.getByRole('cell', { name: 'start', exact: true }).count()).toBe(0);
    await page.screenshot({ path: 'artifacts/screenshots/programming-advice-continued.png', fullPage: true });

    // The trial page of a patient not yet implanted keeps the start path, captioned as such.
    const pia = await site.idOf('Pia Trialled');
    await site.openPatient(pia, '/trial');
    await textOf(table.locator('caption')).toContain('Start path from the trial of ');
    expect(await table.getByRole('cell', { name: 'start', exact: true }).count()).toBe(1);

    // A dose changed today has no day behind it: the programming page shows no path rather than the start's.
    const changed = await site.post(`/api/v1/patients/${ada}/prescriptions`, {
      prescription: {
        mode: 'simple-continuous',
        drug: 'baclofen',
        concentrationMcgPerMl: 2000,
        doseMcgPerDay: 360,
      },
      expectedHeadId: chain.at(-1)?.id,
      phase: 'titration',
      justification: 'tone still high at review',
    });
    expect(changed.status(), await changed.text()).toBe(201);
    await site.openPatient(ada, '/programming');
    await textOf(panel).toContain('No advised path from today’s dose: the dose was changed on ');
    await textOf(panel).toContain('is on the trial page; it is not a plan for now');
    expect(await panel.getByRole('table').count()).toBe(0);
    await site.openPatient(ada, '/trial');
    await textOf(table.locator('caption')).toContain('The path advised at the start, from the trial of ');
    await page.screenshot({
      path: 'artifacts/screenshots/trial-advice-advised-at-start.png',
      fullPage: true,
    });
  });
});
