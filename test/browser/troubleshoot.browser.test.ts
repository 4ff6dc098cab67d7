/**
 * Guided troubleshooting in Chromium against the demo clinic: a catheter disconnection is injected into a
 * demo patient's world (`POST /api/v1/demo/faults`), days pass, and a nurse walks the troubleshooting page —
 * symptom, the causes in order, the access-port aspiration and imaging with the results the world's catheter
 * gives (src/sim/troubleshoot-findings.ts, the same results the simulator test uses) — until the guide names
 * the catheter disconnection in its first two, then closes the episode with a remedy and an outcome that is
 * recorded. axe-core stays clean; screenshots go to artifacts/screenshots/.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningDemo } from '../../src/demo/demo.ts';
import { catheterTestResults } from '../../src/sim/troubleshoot-findings.ts';
import { STEP_CHOICES } from '../../web/src/troubleshoot/step-results.ts';
import { csrfHeader, guardBrowser, haveBrowser, type BrowserSession, useDemoInChromium } from './harness.ts';

guardBrowser('the troubleshooting browser test');
vi.setConfig({ testTimeout: 120_000 });

/** The button label a step result has on the page (step-results.ts), from the findings it stands for. */
function labelFor(step: 'access-port-aspiration' | 'imaging', findings: Record<string, unknown>): string {
  const key = step === 'imaging' ? 'imaging' : 'portAspiration';
  const choice = STEP_CHOICES[step]?.find((c) => c.findings[key] === findings[key]);
  if (choice === undefined) throw new Error(`no ${step} result for ${String(findings[key])}`);
  return choice.label;
}

describe.runIf(haveBrowser)('troubleshooting a simulated catheter disconnection, in Chromium', () => {
  let demo: RunningDemo;
  let browser: BrowserSession;
  let page: Page;

  const site = useDemoInChromium();

  beforeAll(() => {
    demo = site.demo;
    browser = site.browser;
    page = browser.page;
  });

  it('walks a disconnection to the right cause in the first two and records the outcome', async () => {
    const seeded = demo.patients[0]!;
    const patientId = seeded.patient.id;
    await site.signIn('nurse');
    const headers = await csrfHeader(page, demo.url);
    const fault = await page.request.post(`${demo.url}/api/v1/demo/faults`, {
      data: { patientId, catheter: 'disconnected' },
      headers,
    });
    expect(fault.status()).toBe(200);
    const clock = await page.request.post(`${demo.url}/api/v1/demo/clock`, {
      data: { advanceHours: 72 },
      headers,
    });
    expect(clock.status()).toBe(200);
    expect(seeded.pump.world.catheter.state).toEqual({ kind: 'disconnected' });

    await site.openPatient(patientId);
    await page.getByRole('link', { name: 'Troubleshoot a malfunction' }).click();
    await page.getByLabel('More spasticity than expected').check();
    await browser.axe('troubleshoot-01-symptom');
    await page.getByRole('button', { name: 'Start troubleshooting' }).click();
    const causes = page.getByRole('list', { name: 'Likely causes' }).locator('li[data-cause]');
    await causes.first().waitFor();

    // The tests that tell catheter causes apart, with the results the world's catheter gives.
    const results = catheterTestResults(seeded.pump.world.catheter.state);
    await page.getByRole('button', { name: labelFor('access-port-aspiration', results) }).click();
    await page
      .getByRole('list', { name: 'Steps done' })
      .getByText(/access port aspiration/)
      .waitFor();
    await page.getByRole('button', { name: labelFor('imaging', results) }).click();
    await page
      .getByRole('list', { name: 'Steps done' })
      .getByText(/imaging/)
      .waitFor();
    const firstTwo = [
      await causes.nth(0).getAttribute('data-cause'),
      await causes.nth(1).getAttribute('data-cause'),
    ];
    expect(firstTwo).toContain('catheter-disconnection-or-leak');
    await browser.axe('troubleshoot-02-ranked');

    await page.getByLabel('Cause found').selectOption('catheter-disconnection-or-leak');
    await page.getByLabel('Remedy').selectOption('surgical catheter revision');
    await page.getByLabel('Outcome').selectOption('referred');
    await page.getByLabel('Note').fill('revision booked; oral baclofen bridge started');
    await page.getByRole('button', { name: 'Close episode' }).click();
    const recorded = page.getByRole('list', { name: 'Recorded episodes' });
    await recorded.getByText(/outcome/).waitFor();
    expect(await recorded.textContent()).toContain('surgical catheter revision');
    await browser.axe('troubleshoot-03-recorded');

    const [episode] = await demo.store.listEpisodes(patientId, { actor: 'user:test' });
    expect(episode).toMatchObject({
      symptom: 'more-spasticity',
      closed: { cause: 'catheter-disconnection-or-leak', outcome: 'referred' },
    });
    expect(episode!.steps.map((s) => s.step)).toEqual(['access-port-aspiration', 'imaging']);
  });
});
