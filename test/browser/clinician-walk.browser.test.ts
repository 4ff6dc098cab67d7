/**
 * A physician's walk through the programming, bolus and board pages of the demo clinic, each test named
 * after what the walk found (docs/web.md "The clinician's walk"): the sentence under a grey Confirm that
 * told a change refused as too soon to choose a smaller step, and asked for a justification where none is
 * asked; a clinician bolus still confirmable for the amount checked after the amount field was edited.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { guardBrowser, haveBrowser, useDemoInChromium } from './harness.ts';

guardBrowser('the clinician walk browser test');
vi.setConfig({ testTimeout: 120_000 });

describe.runIf(haveBrowser)('a clinician walks the programming, bolus and board pages', () => {
  const site = useDemoInChromium();

  beforeAll(async () => {
    await site.signIn('physician');
  });

  /** Opens the programming page of `name`, interrogates and reviews `dose` (mcg/day) on the Finish screen. */
  async function review(patientId: string, dose: string): Promise<void> {
    const page = site.page;
    await site.openPatient(patientId, '/programming');
    await page.getByRole('button', { name: 'Interrogate pump' }).click();
    await page.locator('table.facts caption', { hasText: 'Pump snapshot' }).waitFor();
    await page.getByLabel(/Proposed daily dose/).fill(dose);
    await page.getByRole('button', { name: 'Review change' }).click();
    await page.getByRole('heading', { name: /Finish/ }).waitFor();
    await page.getByRole('list', { name: 'Guardrail reasons' }).waitFor();
  }

  it('an unchanged prescription said "Write a justification to enable confirm" where no justification is asked', async () => {
    const page = site.page;
    const id = await site.idOf('Ada Lovelace');
    await review(id, '330 mcg/day');
    await page
      .getByText(/Nothing to send/)
      .first()
      .waitFor();
    await expect(page.getByLabel(/Justification/).count()).resolves.toBe(0);
    const why = (await page.locator('#why-disabled').textContent()) ?? '';
    expect(why).not.toMatch(/justification/i);
    expect(why).toMatch(/nothing changes/);
  });

  it('an increase refused as too soon said "choose a smaller step": a smaller step is refused too, it says to wait', async () => {
    const page = site.page;
    const id = await site.idOf('Ada Lovelace');
    await review(id, '360 mcg/day');
    await page.getByRole('button', { name: 'Confirm and send to pump' }).click();
    await page.getByRole('heading', { name: /Sent/ }).waitFor();
    await page.getByRole('button', { name: 'Make another change' }).click();
    // +8 %: within the step, but within 24 h of the last increase.
    await page.getByLabel(/Proposed daily dose/).fill('390 mcg/day');
    await page.getByRole('button', { name: 'Review change' }).click();
    await page.getByRole('heading', { name: /Finish/ }).waitFor();
    await expect
      .poll(() => page.getByRole('list', { name: 'Guardrail reasons' }).textContent())
      .toMatch(/ITB_R_TITRATION_TOO_SOON/);
    const why = (await page.locator('#why-disabled').textContent()) ?? '';
    expect(why).toMatch(/guardrail blocks this change/);
    expect(why).not.toMatch(/choose a smaller step/);
    expect(why).toMatch(/wait until the next increase is allowed/);
  });

  it('a clinician bolus checked for 50 mcg stayed confirmable ("Confirm: give 50 mcg") after the amount was edited to 5000', async () => {
    const page = site.page;
    const id = await site.idOf('Grace Hopper');
    await site.openPatient(id, '/bolus');
    await page.getByRole('heading', { name: 'Clinician bolus' }).waitFor();
    await page.getByLabel(/Amount/).fill('50');
    await page.getByLabel(/Over/).fill('60');
    await page.getByRole('button', { name: 'Check the bolus' }).click();
    const observer = page.getByLabel('Who observes the patient (recorded with the bolus)');
    await observer.fill('Nurse Grace, 4 hours');
    await expect(page.getByRole('button', { name: 'Confirm: give 50 mcg' }).isEnabled()).resolves.toBe(true);
    await page.getByLabel(/Amount/).fill('5000');
    // The plan was for 50 mcg: with the field reading 5000 it is gone, to be checked again.
    await expect(page.getByRole('button', { name: /^Confirm: give/ }).count()).resolves.toBe(0);
    await expect(observer.count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Check the bolus' }).click();
    await expect.poll(() => page.getByText(/above the baclofen single-bolus cap/).count()).toBeGreaterThan(0);
  });

  it("the board counted 3 patients with a care pathway item due and named 1 of them: the referred patient's evaluation and the evaluated patient's screening trial were counted, never listed", async () => {
    const page = site.page;
    await page.goto(`${site.demo.url}/`);
    await page.getByRole('heading', { name: 'Refill board' }).waitFor();
    // Four since the trialled patient who responded is asked for her implant (trial-next-step.ts).
    await expect(page.getByLabel('Pathway due in all').textContent()).resolves.toMatch(/^4 patients/);
    const items = page.getByRole('list', { name: 'Pathway items due' });
    await items.getByText(/Fritz Haber: pump replacement due/).waitFor();
    const listed = (await items.textContent()) ?? '';
    expect(listed).toMatch(/Nora Referred: candidacy evaluation and team decision due \(referred /);
    expect(listed).toMatch(/Omar Evaluated: screening trial due \(the team decided to proceed /);
    expect(listed).toMatch(/Pia Trialled: implant due: responded to a screening dose \(trial /);
    // Listed are the patients counted, no more: a post-operative check whose date has not come was listed
    // beside the count (four names under "3 patients").
    const names = new Set(await items.getByRole('link').allTextContents());
    expect(names.size).toBe(4);
  });

  it('the screening trial took "50 mg/mL" for the 50 mcg/mL ampoule and showed "Volume: 0 mL": a strength baclofen does not come in is said at the field and stops the save', async () => {
    const page = site.page;
    await site.openPatient(await site.idOf('Omar Evaluated'), '/trial');
    const conc = page.getByLabel(/^Concentration/);
    await conc.fill('50 mg/mL');
    await expect
      .poll(() => page.locator('#conc-error').textContent())
      .toMatch(
        /50,000 mcg\/mL is not an allowed baclofen concentration; allowed: 50; 500; 1,000 or 2,000 mcg\/mL/,
      );
    await expect(page.getByText('Volume: —').count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Save screening trial' }).isDisabled()).resolves.toBe(true);
    await conc.fill('50');
    await expect(page.locator('#conc-error').count()).resolves.toBe(0);
    await expect(page.getByText('Volume: 1 mL').count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Save screening trial' }).isEnabled()).resolves.toBe(true);
  });

  it('an unknown patient id in the refill wizard\'s URL read "No pump link on this server: the refill wizard is unavailable" on a server with a pump link', async () => {
    const page = site.page;
    const unknown = '00000000-0000-0000-0000-000000000000';
    await site.openPatient(unknown, '/refill');
    await page.getByRole('heading', { name: 'Refill wizard' }).waitFor();
    await page.getByText(`no patient ${unknown}`).first().waitFor();
    await page.getByRole('button', { name: 'Interrogate pump' }).click();
    // The pump route answers that there is no such patient: said as such, not as a server without pumps.
    await expect.poll(() => page.getByText(`no patient ${unknown}`).count()).toBe(2);
    await expect(page.getByText(/No pump link on this server/).count()).resolves.toBe(0);
  });

  it('the implant form\'s refusal (an initial fill of "20 mg/mL" baclofen) showed at the top of the pathway page, a screen above the Save button: it is said beside the form', async () => {
    const page = site.page;
    await site.openPatient(await site.idOf('Pia Trialled'), '/pathway');
    const implant = page.locator('section', {
      has: page.getByRole('heading', { name: 'Implant and post-operative care' }),
    });
    const stage = page.locator('section', { has: page.getByRole('heading', { name: /^Stage:/ }) });
    await implant.getByLabel('Pump serial').fill('WALK-0001');
    await implant.getByLabel(/^Concentration/).fill('20 mg/mL');
    await implant.getByLabel('Lot').fill('LOT-W1');
    await implant.getByRole('button', { name: /Pair a demo pump/ }).click();
    await expect.poll(() => implant.getByLabel(/Pairing keys/).inputValue()).toMatch(/clinicianPublicKey/);
    await implant.getByRole('button', { name: 'Save implant' }).click();
    await implant.getByText(/20,000 mcg\/mL is not an allowed baclofen concentration/).waitFor();
    await expect(stage.getByText(/not an allowed baclofen concentration/).count()).resolves.toBe(0);
    await expect(page.getByTestId('pathway-stage').textContent()).resolves.toBe('trial');
  });

  it('the screening trial saved "Responded — tone clearly reduced" over scores of MAS 3 at 0, 1, 2 and 4 h (no fall below the baseline) and gave a start dose: it says what is missing and keeps Save disabled until the notes say what responded', async () => {
    const page = site.page;
    await site.openPatient(await site.idOf('Omar Evaluated'), '/trial');
    await page.getByText(/Best MAS after the bolus: 3, not below the baseline 3/).waitFor();
    await page.getByLabel(/^Responded/).check();
    await page.getByLabel(/How long the effect lasted/).fill('6');
    const save = page.getByRole('button', { name: 'Save screening trial' });
    await page
      .getByText(/no score after the bolus is below the baseline/)
      .first()
      .waitFor();
    await expect(save.isDisabled()).resolves.toBe(true);
    await page.getByLabel('Notes').fill('spasms at night stopped for 6 h');
    await expect.poll(() => save.isEnabled()).toBe(true);
  });

  it('a screening trial typed and not saved was dropped without a word by "Back to the patient": leaving asks first', async () => {
    const page = site.page;
    const id = await site.idOf('Omar Evaluated');
    await site.openPatient(id, '/trial');
    await page.getByLabel('Notes').fill('scores typed over the afternoon');
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.getByRole('link', { name: 'Back to the patient' }).click();
    await expect.poll(() => asked).toEqual(['The screening trial is not saved: leave and lose it?']);
    expect(new URL(page.url()).pathname).toBe(`/patients/${id}/trial`);
    await expect(page.getByLabel('Notes').inputValue()).resolves.toBe('scores typed over the afternoon');
    // Nothing typed: leaving asks nothing.
    await page.getByLabel('Notes').fill('');
    await page.getByRole('link', { name: 'Back to the patient' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/patients/${id}`);
  });

  it('a viewer was offered the demo clock\'s +1/+7/+30 days, which answered "the viewer role may not use this route": the viewer reads the demo time only', async () => {
    const page = site.page;
    await site.signIn('viewer');
    const clock = page.getByRole('region', { name: 'Demo clock' });
    await clock.getByText(/Demo time: /).waitFor();
    await expect(clock.getByRole('button').count()).resolves.toBe(0);
    // The nurse (a role the clock route admits) still has the buttons.
    await site.signIn('nurse');
    await expect(clock.getByRole('button', { name: '+7 days' }).count()).resolves.toBe(1);
  });

  it('a viewer following a link to troubleshooting was shown the patient page without a word, and an unknown patient was offered "Start troubleshooting": each page says why there is nothing to do', async () => {
    const page = site.page;
    await site.signIn('physician');
    await site.openPatient('00000000-0000-0000-0000-000000000000', '/troubleshoot');
    await page.getByRole('alert').waitFor();
    await expect(page.getByRole('button', { name: 'Start troubleshooting' }).count()).resolves.toBe(0);

    await site.signIn('viewer');
    await site.openPatient(await site.idOf('Ada Lovelace'), '/troubleshoot');
    await page.getByText('Only physicians and nurses troubleshoot a pump.').waitFor();
  });
});
