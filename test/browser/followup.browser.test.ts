/**
 * Appointments in Chromium against the demo clinic (web/src/followup): a nurse opens a patient's
 * appointments, reschedules the booked refill with a reason (the page shows where it moved from), books a
 * follow-up and cancels it, records a follow-up assessment and sees its trend on the patient page. axe-core stays clean; screenshots go to artifacts/screenshots/.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningDemo } from '../../src/demo/demo.ts';
import { guardBrowser, haveBrowser, signInDemo, type BrowserSession, useDemoInChromium } from './harness.ts';

guardBrowser('the appointments browser test');
vi.setConfig({ testTimeout: 120_000 });

const DAY = 86_400_000;
/** `ms` as a datetime-local value in this process's zone (the browser's, on the same machine). */
const local = (ms: number): string => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
};

describe.runIf(haveBrowser)('appointments and follow-up, in Chromium against the demo clinic', () => {
  let demo: RunningDemo;
  let browser: BrowserSession;
  let page: Page;

  const site = useDemoInChromium();

  beforeAll(() => {
    demo = site.demo;
    browser = site.browser;
    page = browser.page;
  });

  it('a nurse reschedules the booked refill, books a follow-up and cancels it', async () => {
    await signInDemo(page, demo, 'nurse');
    const appointments = (await (await page.request.get(`${demo.url}/api/v1/appointments`)).json()) as {
      id: string;
      patientId: string;
      kind: string;
      at: number;
      status: string;
    }[];
    const refill = appointments.find((a) => a.kind === 'refill' && a.status === 'booked');
    expect(refill, 'a demo patient with a booked refill').toBeDefined();
    if (refill === undefined) return;
    await page.goto(`${demo.url}/patients/${encodeURIComponent(refill.patientId)}`);
    await page.getByRole('link', { name: 'Appointments' }).click();
    await page.getByRole('heading', { name: 'Booked', exact: true }).waitFor();
    await browser.axe('followup-01-appointments');

    const group = page.getByRole('group', { name: /^Change Refill/ });
    await group.getByLabel('New start').fill(local(Date.now() + 3 * DAY));
    await group.getByLabel('Reason').fill('patient asked for an earlier day');
    await group.getByRole('button', { name: 'Reschedule' }).click();
    await page.getByRole('status').filter({ hasText: 'Appointment rescheduled.' }).waitFor();
    await expect
      .poll(() => page.getByTestId('booked-appointment').first().textContent(), { timeout: 15_000 })
      .toContain('patient asked for an earlier day');

    const form = page.getByRole('form', { name: 'Book an appointment' });
    await form.getByLabel('Kind').selectOption('follow-up');
    await form.getByLabel('Start').fill(local(Date.now() + 10 * DAY));
    await form.getByRole('button', { name: 'Book' }).click();
    await page.getByRole('status').filter({ hasText: 'Appointment booked.' }).waitFor();
    await browser.axe('followup-02-booked');

    const followUp = page.getByRole('group', { name: /^Change Follow-up/ });
    await followUp.getByLabel('Reason').fill('seen at the refill instead');
    await followUp.getByRole('button', { name: 'Cancel appointment' }).click();
    await page.getByRole('status').filter({ hasText: 'Appointment cancelled.' }).waitFor();
    const closed = page.getByRole('list', { name: 'Attended and cancelled appointments' });
    await expect
      .poll(() => closed.textContent(), { timeout: 15_000 })
      .toContain('seen at the refill instead');
    await browser.axe('followup-03-cancelled');
  });

  it('a nurse records a follow-up assessment; pain and goals trend on the patient page', async () => {
    const form = page.getByRole('form', { name: 'Follow-up assessment' });
    await form.getByLabel('Muscle group 1').fill('hip adductors');
    await form.getByLabel('MAS grade 1').selectOption('1+');
    await form.getByLabel('Penn spasm frequency (0–4)').selectOption('1');
    await form.getByLabel('Pain (0–10 NRS)').selectOption('4');
    await form.getByLabel('Goal 1').fill('transfers with one helper');
    await form.getByLabel('Score 1').selectOption('1');
    await form.getByRole('button', { name: 'Record assessment' }).click();
    await page.getByRole('status').filter({ hasText: 'Assessment recorded.' }).waitFor();
    await browser.axe('followup-04-assessment');
    await page.getByRole('link', { name: 'Back to the patient' }).click();
    const table = page.getByRole('table', { name: 'Pain and goals over time: data' });
    const last = table.getByRole('row').last();
    await expect
      .poll(() => last.getByRole('cell').allTextContents(), { timeout: 15_000 })
      .toEqual([expect.any(String), '4', '1']);
    await page.getByText('Pain and goals over time', { exact: true }).scrollIntoViewIfNeeded();
    await browser.axe('followup-05-trends');
  });
});
