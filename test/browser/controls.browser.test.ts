/**
 * The administration pages in Chromium against the demo clinic (issue 12, item 7): the admin lands on
 * Accounts, disables the demo nurse — whose open browser session then ends at once — and finds the
 * disable in the audit trail filtered by action. And a physician stops and resumes a demo pump from the
 * Stop or resume page (item 5): the withdrawal warning and restart plan first, a justification required,
 * the pump's read-back after. Screenshots: $ITB_SHOTS (default: a temp directory).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningDemo } from '../../src/demo/demo.ts';
import { guardBrowser, haveBrowser, signInDemo, type BrowserSession, useDemoInChromium } from './harness.ts';

guardBrowser('the controls browser test');
vi.setConfig({ testTimeout: 120_000 });

describe.runIf(haveBrowser)('administration pages in Chromium', () => {
  let demo: RunningDemo;
  let admin: BrowserSession;
  let nurse: BrowserSession;
  const shots = process.env['ITB_SHOTS'] ?? mkdtempSync(join(tmpdir(), 'itb-shots-'));

  const site = useDemoInChromium({ browsers: 2 });

  beforeAll(() => {
    demo = site.demo;
    admin = site.browsers[0]!;
    nurse = site.browsers[1]!;
  });

  it('the admin disables the nurse: the nurse is signed out at once, and the audit trail shows it', async () => {
    await signInDemo(nurse.page, demo, 'nurse');
    await signInDemo(admin.page, demo, 'admin');
    const page = admin.page;
    const nurseRow = page.getByRole('row').filter({ hasText: 'nurse@demo.itb' });
    // The heading shows before the accounts list arrives: wait for the nurse's row, then count.
    await nurseRow.getByRole('cell', { name: 'In use' }).first().waitFor();
    await expect(nurseRow.getByRole('cell', { name: 'In use' }).count()).resolves.toBe(1);
    await page.screenshot({ path: join(shots, 'admin-accounts.png'), fullPage: true });
    await nurseRow.getByRole('button', { name: /^Disable / }).click();
    await page.getByRole('status').filter({ hasText: 'their sessions have ended' }).waitFor();
    await nurseRow.getByRole('button', { name: /^Enable / }).waitFor();

    // The nurse's open page: the next request is refused and the app returns to sign-in.
    await nurse.page.reload();
    await nurse.page.getByLabel('E-mail').waitFor();

    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
    await page.getByLabel('Action (create, view, disable…)').fill('disable');
    await page.getByRole('button', { name: 'Show entries' }).click();
    const rows = page.getByRole('table').getByRole('row');
    await rows.filter({ hasText: 'sessionsEnded' }).first().waitFor();
    expect(await rows.count()).toBe(2); // the header and the one disable
    await page.screenshot({ path: join(shots, 'admin-audit.png'), fullPage: true });
  });

  it('a physician stops a demo pump with a justification, sees the withdrawal alert, and resumes it', async () => {
    const page = nurse.page; // a second browser: sign the physician in there
    await signInDemo(page, demo, 'physician');
    const status = await page.request.get(`${demo.url}/api/v1/demo/status`);
    const { pumps } = (await status.json()) as { pumps: { patientId: string; name: string }[] };
    const pump = pumps.find((p) => p.name === 'Ada Lovelace');
    if (pump === undefined) throw new Error('no demo pump for Ada Lovelace');
    await page.goto(`${demo.url}/patients/${encodeURIComponent(pump.patientId)}/programming`);
    await page.getByRole('link', { name: 'Stop or resume delivery' }).click();
    await page.getByRole('heading', { name: 'Stop or resume delivery' }).waitFor();

    await page.getByRole('button', { name: 'Plan to stop delivery' }).click();
    const review = page.getByRole('region', { name: 'Review' });
    await review.getByText('Restart plan:').waitFor();
    await expect(review.getByText(/withdrawal syndrome within hours/).count()).resolves.toBe(1);
    const confirm = page.getByRole('button', { name: 'Confirm: stop delivery' });
    expect(await confirm.isDisabled()).toBe(true); // a warning needs a justification
    await page.getByLabel('Why (recorded with the change)').fill('MRI scan this afternoon');
    await page.screenshot({ path: join(shots, 'stop-review.png'), fullPage: true });
    await confirm.click();
    await page.getByText('Done: the pump reads back the change.').waitFor();
    await page.getByText(/Alert raised: Delivery stopped \(MRI scan this afternoon\)/).waitFor();
    await page.screenshot({ path: join(shots, 'stop-done.png'), fullPage: true });

    await page.getByRole('button', { name: 'Plan to resume delivery' }).click();
    await page.getByRole('button', { name: 'Confirm: resume delivery' }).click();
    await page.getByText('Done: the pump reads back the change.').waitFor();
  });

  it('a physician gives a clinician bolus: the cap is shown, above it blocks (a plan that is already blocked still shows the overdose warning: no longer, the refusal only), the observer is named', async () => {
    const page = nurse.page; // the physician signed in by the stop and resume test
    const status = await page.request.get(`${demo.url}/api/v1/demo/status`);
    const { pumps } = (await status.json()) as { pumps: { patientId: string; name: string }[] };
    const pump = pumps.find((p) => p.name === 'Ada Lovelace');
    if (pump === undefined) throw new Error('no demo pump for Ada Lovelace');
    await page.goto(`${demo.url}/patients/${encodeURIComponent(pump.patientId)}/programming`);
    await page.getByRole('link', { name: 'Clinician bolus' }).click();
    await page.getByRole('heading', { name: 'Clinician bolus' }).waitFor();

    await page.getByLabel('Amount (mcg)').fill('150');
    await page.getByRole('button', { name: 'Check the bolus' }).click();
    const review = page.getByRole('region', { name: 'Review' });
    await review.getByText(/Single-bolus cap/).waitFor();
    await expect(review.getByText(/for baclofen: 100(\.00)? mcg \[U\]/).count()).resolves.toBe(1);
    await expect(review.getByText(/above the baclofen single-bolus cap/).count()).resolves.toBe(1);
    // A plan that is already blocked shows the refusal only: no overdose warning for a bolus never given.
    const refused = review.getByRole('list', { name: 'Refused' });
    await expect.poll(() => refused.textContent()).toContain('single-bolus cap');
    expect(await refused.textContent()).not.toContain('observes');
    await expect(review.getByRole('list', { name: 'Warnings' }).count()).resolves.toBe(0);
    expect(await page.getByRole('button', { name: /^Confirm: give/ }).isDisabled()).toBe(true);
    await page.screenshot({ path: join(shots, 'bolus-blocked.png'), fullPage: true });

    await page.getByLabel('Amount (mcg)').fill('50');
    await page.getByLabel('Over (minutes)').fill('30');
    await page.getByRole('button', { name: 'Check the bolus' }).click();
    const confirm = page.getByRole('button', { name: /^Confirm: give 50/ });
    await confirm.waitFor();
    expect(await confirm.isDisabled()).toBe(true); // the observer must be named first
    await page.getByLabel('Who observes the patient (recorded with the bolus)').fill('Nurse Grace, 4 hours');
    await page.screenshot({ path: join(shots, 'bolus-review.png'), fullPage: true });
    await confirm.click();
    await page.getByText('Done: the pump reads back the change.').waitFor();
    await page.screenshot({ path: join(shots, 'bolus-done.png'), fullPage: true });
  });

  it('a physician sets the alarm settings: outside the range blocks, a valid change is read back', async () => {
    const page = nurse.page; // the physician signed in by the stop and resume test
    const status = await page.request.get(`${demo.url}/api/v1/demo/status`);
    const { pumps } = (await status.json()) as { pumps: { patientId: string; name: string }[] };
    const pump = pumps.find((p) => p.name === 'Ada Lovelace');
    if (pump === undefined) throw new Error('no demo pump for Ada Lovelace');
    await page.goto(`${demo.url}/patients/${encodeURIComponent(pump.patientId)}/programming`);
    await page.getByRole('link', { name: 'Alarm settings' }).click();
    await page.getByRole('heading', { name: 'Alarm settings' }).waitFor();

    await page.getByLabel('Low-reservoir threshold (mL)').fill('30');
    await page.getByRole('button', { name: 'Check the settings' }).click();
    const review = page.getByRole('region', { name: 'Review' });
    await review.getByText(/Threshold range:/).waitFor();
    await expect(review.getByText(/the low-reservoir threshold must be/).count()).resolves.toBe(1);
    const confirm = page.getByRole('button', { name: 'Confirm: change the alarm settings' });
    expect(await confirm.isDisabled()).toBe(true);
    await page.screenshot({ path: join(shots, 'alarm-settings-blocked.png'), fullPage: true });

    await page.getByLabel('Low-reservoir threshold (mL)').fill('3');
    await page.getByLabel('Alarm repeat interval (minutes)').fill('15');
    await page.getByRole('button', { name: 'Check the settings' }).click();
    await review.getByRole('cell', { name: '3 mL', exact: true }).waitFor();
    await page.screenshot({ path: join(shots, 'alarm-settings-review.png'), fullPage: true });
    await confirm.click();
    await page.getByText('Done: the pump reads back the change.').waitFor();
    await page.getByText(/cannot be read back over the link/).waitFor();
  });

  it("the pump's event log shows the stop, with its time in the clinic's zone", async () => {
    const page = nurse.page; // the physician signed in by the stop and resume test (the demo nurse is disabled above)
    const status = await page.request.get(`${demo.url}/api/v1/demo/status`);
    const { pumps } = (await status.json()) as { pumps: { patientId: string; name: string }[] };
    const pump = pumps.find((p) => p.name === 'Ada Lovelace');
    if (pump === undefined) throw new Error('no demo pump for Ada Lovelace');
    await page.goto(`${demo.url}/patients/${encodeURIComponent(pump.patientId)}`);
    await page.getByRole('link', { name: 'Pump event log' }).click();
    await page.getByRole('heading', { name: 'Pump event log' }).waitFor();
    await page.getByRole('button', { name: 'Read the event log' }).click();
    const table = page.getByRole('table', { name: 'Event log' });
    const stopRow = table
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'stop', exact: true }) });
    await stopRow.first().waitFor();
    // The time cell: a date, a clock time and the zone's short name (the demo clinic's zone).
    await expect
      .poll(() => stopRow.first().getByRole('cell').first().textContent(), { timeout: 15_000 })
      .toMatch(/\d{2}:\d{2} \S+$/);
    await page.screenshot({ path: join(shots, 'event-log.png'), fullPage: true });
  });
});
