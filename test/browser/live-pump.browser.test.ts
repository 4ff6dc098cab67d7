/**
 * The two live-pump workflows in a real browser (Debian Chromium, playwright-core) against the demo clinic
 * (src/demo/demo.ts, docs/demo.md): thirteen virtual pumps on the real telemetry link over loopback TCP, the
 * web app built once by Vite into a temp directory and served by the demo. A nurse refills a pump through
 * the wizard with a residual that does not reconcile (Maino 2017: > 1 mL in a 20 mL pump → investigate),
 * and a physician programs a justified +35 % step and is refused a far larger one (label titration steps,
 * therapy/titration.ts). Every write ends with the pump's read-back. axe-core finds no serious or critical
 * violation on the pages visited; screenshots go to artifacts/screenshots/.
 *
 * Without /usr/bin/chromium the suite skips with a message, or FAILS when `CI` is set (as
 * clinic.browser.test.ts does: a CI without the browser must not pass silently).
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningDemo } from '../../src/demo/demo.ts';
import {
  csrfHeader,
  guardBrowser,
  haveBrowser,
  signInDemo,
  toRefillMeasurements,
  type BrowserSession,
  useDemoInChromium,
} from './harness.ts';

/** Refilled by the nurse: spinal, 20 mL pump at 1000 mcg/mL (src/demo/cast.ts). */
const REFILL_PATIENT = 'Blaise Pascal';
/** Programmed by the physician: spinal origin, 18–64 (src/demo/cast.ts) — the 10–30 % titration step row. */
const PROGRAM_PATIENT = 'Ida Tarbell';
/** Given a new catheter by the physician (src/demo/cast.ts). */
const CATHETER_PATIENT = 'Lise Meitner';
/** Given a flex schedule by the physician: spinal origin, adult (src/demo/cast.ts). */
const FLEX_PATIENT = 'Ada Lovelace';

guardBrowser('the live-pump browser tests');

// Each workflow drives real pumps over TCP through several screens; on a loaded 2-core machine running the
// other suites in parallel that takes longer than the default 30 s.
vi.setConfig({ testTimeout: 120_000 });

interface PumpStatus {
  readonly patientId: string;
  readonly name: string;
  readonly reservoirMl: number;
  readonly doseMcgPerDay: number | null;
}

describe.runIf(haveBrowser)('live pump workflows against the demo clinic in Chromium', () => {
  let demo: RunningDemo;
  let browser: BrowserSession;
  let page: Page;

  const site = useDemoInChromium();

  beforeAll(() => {
    demo = site.demo;
    expect(demo.webServed).toBe(true);
    browser = site.browser;
    page = browser.page;
  });

  const axe = (name: string) => browser.axe(name);

  const signIn = (role: 'nurse' | 'physician') => signInDemo(page, demo, role);

  const csrf = () => csrfHeader(page, demo.url);

  /** The demo's own view of a pump (GET /api/v1/demo/status): what the clinic knows only by interrogating. */
  async function pumpOf(name: string): Promise<PumpStatus> {
    const res = await page.request.get(`${demo.url}/api/v1/demo/status`);
    expect(res.status()).toBe(200);
    const { pumps } = (await res.json()) as { pumps: PumpStatus[] };
    const p = pumps.find((x) => x.name === name);
    if (p === undefined) throw new Error(`no demo pump for ${name}`);
    return p;
  }

  const patientUrl = (id: string, sub: string) => `${demo.url}/patients/${encodeURIComponent(id)}${sub}`;
  /** The value cell of a row in a Facts table (components.tsx), by the table's caption and the row key. */
  const fact = (caption: string, key: string) =>
    page
      .locator('table.facts', { has: page.locator('caption', { hasText: caption }) })
      .locator('tr', { has: page.locator('th', { hasText: new RegExp(`^${key}$`) }) })
      .locator('td');

  /** Steps 1–3 of the wizard: interrogate, tick the five critical actions, enter the measurements. */
  async function fillWizard(residualMl: string, explanation: string): Promise<void> {
    await toRefillMeasurements(page);
    await page.getByLabel('Measured residual (mL)').fill(residualMl);
    await page.getByLabel('Volume to add (mL)').fill('18');
    await page.getByLabel('Concentration (mcg/mL)').fill('1000');
    await page.getByLabel('Drug lot').fill('DEMO-LOT-0421');
    await page.getByLabel(/Explanation/).fill(explanation);
  }

  /** A measured residual more than the 20 mL pump's 1 mL investigation threshold (reconcile.ts, Maino 2017)
   * away from the pump's calculation: 2.5 mL less when there is that much, else 2.5 mL more. */
  const discrepantResidual = (calculatedMl: number): string =>
    (calculatedMl >= 3.5 ? calculatedMl - 2.5 : calculatedMl + 2.5).toFixed(1);

  it('nurse: an unexplained discrepancy shows the investigate verdict and stops the wizard', async () => {
    await signIn('nurse');
    const pump = await pumpOf(REFILL_PATIENT);
    await page.goto(patientUrl(pump.patientId, '/refill'));
    await fillWizard(discrepantResidual(pump.reservoirMl), '');
    // Measurements are read by therapy's parser: a wrong unit is named at the field and nothing is planned.
    await page.getByLabel('Volume to add (mL)').fill('18 mcg');
    await expect
      .poll(() => page.locator('#volume-error').textContent(), { timeout: 15_000 })
      .toMatch(/mass.*volume is needed/);
    await expect(page.getByRole('button', { name: 'Reconcile and plan' }).isDisabled()).resolves.toBe(true);
    await page.getByLabel('Volume to add (mL)').fill('18 mL');
    await page.getByRole('button', { name: 'Reconcile and plan' }).click();
    const step4 = page.locator('section', { has: page.getByRole('heading', { name: /Step 4/ }) });
    await step4.waitFor();
    // One verdict, at the top: stopped, why (the reconciliation and the unexplained discrepancy), what next.
    const top = step4.locator('.verdict-top');
    await expect
      .poll(() => top.textContent(), { timeout: 15_000 })
      .toMatch(/^Stopped — do not refill yet.*What to do next/);
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 }).toMatch(/Stopped/);
    const reasons = await top.getByRole('list', { name: 'Why' }).textContent();
    expect(reasons).toMatch(/ITB_R_RESIDUAL_(LOWER|HIGHER)_THAN_EXPECTED/);
    expect(reasons).toMatch(/investigate/);
    expect(reasons).toMatch(/ITB_R_PROG_DISCREPANCY_UNEXPLAINED/);
    const steps = await step4.locator('ol').textContent();
    expect(steps).toMatch(/Update the pump \(new contents, prescription, bridge\) — not reached/);
    // "If unsure, do not refill": a stopped plan offers no way to send it to the pump.
    await expect(
      page.getByRole('button', { name: 'Confirm refill and update the pump' }).count(),
    ).resolves.toBe(0);
    await axe('live-02-refill-stopped');
    // The way on is back to the measurements to write the explanation.
    await step4.getByRole('button', { name: 'Back' }).click();
    expect(await page.getByLabel(/explanation/i).isEditable()).toBe(true);
  });

  it('nurse: a discrepancy stops the refill until explained; explained, the refill is read back verified and booked', async () => {
    await signIn('nurse');
    const pump = await pumpOf(REFILL_PATIENT);
    const residualMl = discrepantResidual(pump.reservoirMl);
    const confirmations = {
      interrogated: true,
      portLocated: true,
      needleAtStop: true,
      residualDrained: true,
      noLeak: true,
      reservoirPortConfirmed: true,
    };
    // Unexplained, the plan stops before the pump update (refill-plan.ts); the API says so too.
    const res = await page.request.post(`${demo.url}/api/v1/patients/${pump.patientId}/pump/refill/plan`, {
      headers: await csrf(),
      data: {
        measuredResidualMl: Number(residualMl),
        volumeMl: 18,
        concentrationMcgPerMl: 1000,
        lot: 'DEMO-LOT-0421',
        confirmations,
      },
    });
    expect(res.status()).toBe(200);
    const stopped = (await res.json()) as {
      stopped: boolean;
      next: string;
      reconciliation: { verdict: string; reasons: { code: string; message: string }[] };
      guardrail: { verdict: string };
    };
    expect(stopped).toMatchObject({
      stopped: true,
      next: 'drain-and-compare',
      reconciliation: { verdict: 'warn' },
      guardrail: { verdict: 'block' },
    });
    expect(stopped.reconciliation.reasons.map((r) => r.message).join(' ')).toMatch(/^investigate/);

    await page.goto(patientUrl(pump.patientId, '/refill'));
    await fillWizard(residualMl, 'Syringe reading re-checked; residual drained twice, same volume.');
    await axe('live-01-refill-wizard-filled');
    await page.getByRole('button', { name: 'Reconcile and plan' }).click();
    const step4 = page.locator('section', { has: page.getByRole('heading', { name: /Step 4/ }) });
    await step4.waitFor();
    // The reconciliation verdict (warn: investigate) with what to do next, and the explanation recorded.
    await expect
      .poll(() => step4.locator('.verdict-top').textContent(), { timeout: 15_000 })
      .toMatch(/^Ready to refill — with a warning.*Residual differs from the calculation/);
    const reasons = await step4.getByRole('list', { name: 'Why' }).textContent();
    expect(reasons).toMatch(/ITB_R_RESIDUAL_(LOWER|HIGHER)_THAN_EXPECTED/);
    expect(reasons).toMatch(/investigate/);
    expect(reasons).toMatch(/ITB_R_PROG_DISCREPANCY_EXPLAINED/);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    const ready = await step4.locator('ol').textContent();
    expect(ready).toMatch(/Update the pump \(new contents, prescription, bridge\) — planned/);
    expect(ready).toMatch(/Book the next refill — planned/);
    await expect
      .poll(() => step4.getByText(/Next refill to book:/).textContent(), { timeout: 15_000 })
      .not.toMatch(/unknown/);
    await axe('live-03-refill-ready');

    await page.getByRole('button', { name: 'Confirm refill and update the pump' }).click();
    await page.getByRole('status').waitFor();
    await expect
      .poll(() => fact('Refill recorded', 'Read-back').textContent(), { timeout: 15_000 })
      .toMatch(/^Verified/);
    await expect
      .poll(() => fact('Refill recorded', 'Refill recorded').textContent(), { timeout: 15_000 })
      .toMatch(/^18 mL added/);
    // The next refill is booked (a date, not "NOT booked").
    await expect
      .poll(() => fact('Refill recorded', 'Next refill booked').textContent(), { timeout: 15_000 })
      .toMatch(/\d{4} \d{2}:\d{2} UTC$/);
    await axe('live-04-refill-applied');
    // The pump itself now holds the new fill (less what it delivered since).
    const after = await pumpOf(REFILL_PATIENT);
    expect(after.reservoirMl).toBeGreaterThan(17.9);
    expect(after.reservoirMl).toBeLessThanOrEqual(18);
  });

  it('physician: a +35 % step needs a justification and is read back verified; a far larger step is blocked', async () => {
    await signIn('physician');
    const pump = await pumpOf(PROGRAM_PATIENT);
    const current = pump.doseMcgPerDay;
    if (current === null) throw new Error(`${PROGRAM_PATIENT}'s pump is not on a continuous dose`);
    // Spinal-origin adult: the label's titration step is +10–30 %; above it warns, above 2× of it blocks.
    const warnDose = Math.round(current * 1.35);
    // +80 % of the dose the pump runs after the first change (above 2 × 30 %: refused).
    const blockDose = Math.round(warnDose * 1.8);

    await page.goto(patientUrl(pump.patientId, '/programming'));
    await page.getByRole('heading', { name: `Programming — ${PROGRAM_PATIENT}` }).waitFor();
    await page.getByRole('button', { name: 'Interrogate pump' }).click();
    await page.locator('table.facts caption', { hasText: 'Pump snapshot' }).waitFor();
    await page.getByLabel(/Proposed daily dose/).fill(`${warnDose} mcg/day`);
    await page.locator('#live').getByText('Warning').first().waitFor();
    await expect
      .poll(() => page.locator('#live').textContent(), { timeout: 15_000 })
      .toMatch(/ITB_R_TITRATION_ABOVE_STEP/);
    await page.getByRole('button', { name: 'Review change' }).click();
    await page.getByRole('heading', { name: /Finish/ }).waitFor();

    // Current vs pending, side by side, and the server's warning.
    await expect
      .poll(() => page.locator('.side-by-side').textContent(), { timeout: 15_000 })
      .toMatch(
        new RegExp(`Current \\(in the pump\\).*${current} mcg/day.*Pending \\(to send\\)${warnDose} mcg/day`),
      );
    await expect
      .poll(() => page.getByRole('list', { name: 'Guardrail reasons' }).textContent(), { timeout: 15_000 })
      .toMatch(/ITB_R_TITRATION_ABOVE_STEP/);
    const confirm = page.getByRole('button', { name: 'Confirm and send to pump' });
    await expect(confirm.isDisabled()).resolves.toBe(true);
    const just = page.getByLabel(/Justification/);
    await just.fill('   ');
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await just.fill('Severe spasms despite the last step; reviewed with the team.');
    await expect(confirm.isDisabled()).resolves.toBe(false);
    await axe('live-05-programming-finish-warn');
    await confirm.click();
    const status = page.getByRole('status');
    await status.waitFor();
    await expect
      .poll(() => status.textContent(), { timeout: 15_000 })
      .toMatch(/Verified: the pump read back the new programme exactly/);
    await expect
      .poll(() => fact('Pump answer', 'Read-back').textContent(), { timeout: 15_000 })
      .toMatch(/^Verified/);
    await expect
      .poll(() => fact('Pump answer', 'Prescription recorded').textContent(), { timeout: 15_000 })
      .toMatch(/^yes/);
    await expect(pumpOf(PROGRAM_PATIENT)).resolves.toMatchObject({ doseMcgPerDay: warnDose });
    await axe('live-06-programming-verified');

    // A step far above the label's: the guardrail blocks it and confirm stays disabled.
    await page.getByRole('button', { name: 'Make another change' }).click();
    await page.getByLabel(/Proposed daily dose/).fill(`${blockDose} mcg/day`);
    await page.locator('#live').getByText('Blocked').first().waitFor();
    await page.getByRole('button', { name: 'Review change' }).click();
    await page.getByRole('heading', { name: /Finish/ }).waitFor();
    await expect
      .poll(() => page.getByRole('list', { name: 'Guardrail reasons' }).textContent(), { timeout: 15_000 })
      .toMatch(/ITB_R_TITRATION_FAR_ABOVE_STEP/);
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await expect
      .poll(() => page.locator('#why-disabled').textContent(), { timeout: 15_000 })
      .toMatch(/guardrail blocks this change/);
    await axe('live-07-programming-finish-block');
    await expect(pumpOf(PROGRAM_PATIENT)).resolves.toMatchObject({ doseMcgPerDay: warnDose });
  });

  it('physician: a flex schedule with live feedback per day, a blocked weekday variant, then verified', async () => {
    await signIn('physician');
    const pump = await pumpOf(FLEX_PATIENT);
    const dose = pump.doseMcgPerDay;
    if (dose === null) throw new Error(`${FLEX_PATIENT}'s pump is not on a continuous dose`);
    // 00:00–08:00 at the current dose, 08:00–24:00 at +20 %: the daily total rises by 13.3 % (10–30 % step).
    const dayDose = Math.round(dose * 1.2);
    const total = dose / 3 + (dayDose * 2) / 3;
    const pct = Math.round(((total - dose) / dose) * 10_000) / 100;

    await page.goto(patientUrl(pump.patientId, '/programming'));
    await page.getByRole('heading', { name: `Programming — ${FLEX_PATIENT}` }).waitFor();
    await page.getByRole('button', { name: 'Interrogate pump' }).click();
    await page.locator('table.facts caption', { hasText: 'Pump snapshot' }).waitFor();
    await page.getByLabel(/a flex schedule/).check();
    await page.getByRole('button', { name: /^Add step/ }).click();
    await page.getByLabel('Every day step 2 from (HH:MM)').fill('08:00');
    await page.getByLabel('Every day step 2 dose rate (mcg/day)').fill(`${dayDose} mcg/day`);
    const live = page.locator('#live');
    await live.getByText('OK').first().waitFor();
    await expect.poll(() => live.textContent(), { timeout: 15_000 }).toContain(`change +${pct} %`);
    await expect
      .poll(() => page.locator('.day-total').first().textContent(), { timeout: 15_000 })
      .toMatch(new RegExp(`${dose} mcg/day now → ${Math.round(total * 100) / 100} mcg/day proposed`));

    // A typing slip is caught at the field, in words, and nothing can be reviewed.
    await page.getByLabel('Every day step 2 from (HH:MM)').fill('25:00');
    await expect
      .poll(() => page.locator('.field-error').first().textContent(), { timeout: 15_000 })
      .toMatch(/24-hour clock/);
    await expect(page.getByRole('button', { name: 'Review change' }).isDisabled()).resolves.toBe(true);
    await page.getByLabel('Every day step 2 from (HH:MM)').fill('08:00');

    // A Saturday variant at +90 %: the worst day answers, and it blocks.
    await page.getByLabel('Weekday with a different programme').selectOption('saturday');
    await page.getByRole('button', { name: 'Add weekday variant' }).click();
    // The variant starts as a copy of the every-day programme; both its steps go to +90 %.
    for (const i of [1, 2]) {
      await page
        .getByLabel(`Saturday step ${i} dose rate (mcg/day)`)
        .fill(`${Math.round(dose * 1.9)} mcg/day`);
    }
    await live.getByText('Blocked').first().waitFor();
    await expect.poll(() => live.textContent(), { timeout: 15_000 }).toMatch(/worst day: Saturday/);
    await axe('live-08-programming-flex-edit');
    await page.getByRole('button', { name: 'Remove the Saturday variant' }).click();
    await live.getByText('OK').first().waitFor();

    await page.getByRole('button', { name: 'Review change' }).click();
    await page.getByRole('heading', { name: /Finish/ }).waitFor();
    await expect
      .poll(() => page.locator('.side-by-side').textContent(), { timeout: 15_000 })
      .toMatch(
        new RegExp(
          `Current \\(in the pump\\)${dose} mcg/day continuous.*Pending \\(to send\\)Flex schedule.*08:00${dayDose} mcg/day`,
        ),
      );
    await expect
      .poll(() => page.locator('.change-mode').textContent(), { timeout: 15_000 })
      .toMatch(/one continuous daily dose → flex schedule/);
    const confirm = page.getByRole('button', { name: 'Confirm and send to pump' });
    await expect(confirm.isDisabled()).resolves.toBe(false);
    await axe('live-09-programming-flex-finish');
    await confirm.click();
    await page.getByRole('status').waitFor();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toMatch(/Verified/);

    // The record chain holds the schedule the pump read back.
    const res = await page.request.get(`${demo.url}/api/v1/patients/${pump.patientId}/prescriptions/current`);
    const { current } = (await res.json()) as { current: { prescription: unknown } };
    expect(current.prescription).toMatchObject({
      mode: 'flex',
      everyDay: {
        steps: [
          { startMinute: 0, doseMcgPerDay: dose },
          { startMinute: 480, doseMcgPerDay: dayDose },
        ],
      },
    });
  });

  it('nurse: an alarm test the patient did not hear is recorded over the link and raises an alert', async () => {
    await signIn('nurse');
    const pump = await pumpOf(REFILL_PATIENT);
    await page.goto(patientUrl(pump.patientId, ''));
    await page.getByRole('link', { name: 'Alarm test' }).click();
    await page.getByRole('heading', { name: `Alarm test — ${REFILL_PATIENT}` }).waitFor();
    // The patterns come from the pump profile (docs/clinical-reference.md §3: non-critical one 1 s tone; critical two-tone).
    await page.getByRole('button', { name: /Play the non-critical alarm \(one tone of 1 s\)/ }).click();
    await expect(page.getByText(/Play at least one pattern first/).count()).resolves.toBe(0);
    await page.getByLabel(/no — did not hear/).check();
    await page.getByLabel(/Notes/).fill('hearing aids out during the visit');
    await axe('live-10-alarm-test');
    await page.getByRole('button', { name: 'Record the alarm test' }).click();
    const status = page.getByRole('status');
    await status.waitFor();
    await expect
      .poll(() => status.textContent(), { timeout: 15_000 })
      .toMatch(/Alert raised \(warning\):.*do not rely on pump alarms/);
    await axe('live-11-alarm-test-recorded');
  });

  it('physician: a catheter change plans a supervised priming bolus, primes, and records the catheter', async () => {
    await signIn('physician');
    const pump = await pumpOf(CATHETER_PATIENT);
    await page.goto(patientUrl(pump.patientId, ''));
    await page.getByRole('link', { name: 'Catheter change' }).click();
    await page.getByRole('heading', { name: `Catheter change — ${CATHETER_PATIENT}` }).waitFor();
    await page.getByLabel('Implanted length (cm)').fill('40');
    await page.getByLabel('Catheter volume (mL)').fill('88 mcg');
    await expect
      .poll(() => page.locator('#cat-volume-error').textContent(), { timeout: 15_000 })
      .toMatch(/volume is needed/);
    await expect(page.getByRole('button', { name: 'Plan the priming bolus' }).isDisabled()).resolves.toBe(
      true,
    );
    await page.getByLabel('Catheter volume (mL)').fill('0.088 mL');
    await page.getByLabel(/Tip level/).fill('T8');
    await page.getByRole('button', { name: 'Plan the priming bolus' }).click();
    await page.getByRole('heading', { name: '2. Check and prime' }).waitFor();
    // 0.088 mL catheter + the pump profile's internal volume, and always a warning: supervise it.
    await expect(page.getByText(/Priming bolus: .* mL \(catheter 0.088 mL \+ pump/).count()).resolves.toBe(1);
    const confirm = page.getByRole('button', { name: 'Confirm: set the catheter and prime' });
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await page.getByLabel(/Who supervises the patient/).fill('Dr Demo, at the bedside');
    await axe('live-12-catheter-plan');
    await confirm.click();
    const status = page.getByRole('status');
    await status.waitFor();
    await expect
      .poll(() => fact('Catheter change', 'Read-back').textContent(), { timeout: 15_000 })
      .toMatch(/^Verified/);
    await expect
      .poll(() => status.textContent(), { timeout: 15_000 })
      .toMatch(/Catheter on record: 8709SC, 40 cm, 0.088 mL, tip at T8/);
    await axe('live-13-catheter-primed');
  });
});
