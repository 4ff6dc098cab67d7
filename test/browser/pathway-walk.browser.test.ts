/**
 * The whole care pathway walked as a clinic would, in Chromium on the demo clinic (issue 12), by ONE new
 * patient: a nurse registers the referral; the physician records the evaluation with the team's decision,
 * the screening trial, the implant with its initial fill and the keys of a demo pump paired for it (the demo
 * starts that pump: docs/demo.md), the first programme from the trial, sent to the pump, and the priming
 * bolus; a post-operative check; a titration; a refill; the printed session summary checked against what
 * the screens showed; a catheter disconnection injected into the pump's world and troubleshot to its cause
 * and remedy; post-operative care ended (the last checks recorded, and six weeks after surgery the stage is
 * "maintenance"); the battery driven to ERI and the pump replaced in one record; the new pump programmed.
 * Step 6b (two tabs) uses a seeded demo patient: it tests a refusal between tabs, not the pathway. Each
 * step asserts what the clinician sees (page text, polled); axe-core stays clean on every page.
 */
import { expect, it, describe, vi } from 'vitest';
import { hasPhrase, readPdf } from '../../src/reports/pdf-read.test-support.ts';
import { catheterTestResults } from '../../src/sim/troubleshoot-findings.ts';
import { STEP_CHOICES } from '../../web/src/troubleshoot/step-results.ts';
import { guardBrowser, haveBrowser, signInDemo, toRefillMeasurements, useDemoInChromium } from './harness.ts';

/** The new patient walked from referral to replacement, their first pump and the one replacing it. */
const NEW_PATIENT = 'Wren Walker';
const NEW_PUMP = 'WALK-PUMP-1';
const REPLACEMENT_PUMP = 'WALK-PUMP-2';
/** Programmed from two tabs at once: spinal origin, adult, no change today (src/demo/cast.ts). */
const TWO_TAB_PATIENT = 'Ada Lovelace';

guardBrowser('the pathway walk browser test');
vi.setConfig({ testTimeout: 180_000 });

describe.runIf(haveBrowser)('the whole care pathway, walked in Chromium on the demo clinic', () => {
  const site = useDemoInChromium();
  let newPatientId = '';
  const url = (path: string) => `${site.demo.url}${path}`;
  const stage = () => site.page.getByTestId('pathway-stage');
  const status = () => site.page.getByRole('status');
  const seeded = (name: string) => {
    const p = site.demo.patients.find((x) => x.patient.name === name);
    if (p === undefined) throw new Error(`no demo patient ${name}`);
    return p;
  };
  /** What the screens showed during the visit, to compare with the printed summary. */
  const shown = { change: '', readBack: '', lot: 'WALK-LOT-7', added: '' };
  /** What the demo's omniscient status says of the virtual pump `serial` (undefined: none running). */
  const demoPump = async (serial: string) => {
    const s = (await (await site.page.request.get(url('/api/v1/demo/status'))).json()) as {
      pumps: {
        serial: string;
        patientId: string;
        mode: string;
        reservoirMl: number;
        doseMcgPerDay: number | null;
      }[];
    };
    return s.pumps.find((p) => p.serial === serial);
  };
  /**
   * Programs the new patient's pump from the Programming page with a daily dose (the one in force, for a
   * pump that runs none yet) and waits for the verified read-back; the Finish screen's change row and the
   * read-back are kept for the printed summary.
   */
  const sendProgramme = async (doseMcg: number) => {
    const { page, browser } = site;
    await page.goto(url(`/patients/${encodeURIComponent(newPatientId)}/programming`));
    await page.getByRole('heading', { name: `Programming — ${NEW_PATIENT}` }).waitFor();
    await page.getByRole('button', { name: 'Interrogate pump' }).click();
    await page.locator('table.facts caption', { hasText: 'Pump snapshot' }).waitFor();
    await page.getByLabel(/Proposed daily dose/).fill(`${doseMcg} mcg/day`);
    await page.getByRole('button', { name: 'Review change' }).click();
    await page.getByRole('heading', { name: /Finish/ }).waitFor();
    await browser.axe(`walk-finish-${doseMcg}`);
    // A dose under the usual range warns: the override needs its reason.
    const why = page.getByLabel(/Justification/);
    if ((await why.count()) > 0) await why.fill('titrating up from the trial dose, reviewed with the team');
    // A pump that runs no programme yet has its whole programme replaced: no field-by-field rows.
    const rows = page.locator('table.diff-list tbody tr');
    if ((await rows.count()) > 0) {
      const cells = await rows.first().locator('td').allTextContents();
      shown.change = `${cells[0]}: ${cells[1]} → ${cells[2]}`;
    }
    await page.getByRole('button', { name: 'Confirm and send to pump' }).click();
    await expect
      .poll(() => status().first().textContent(), { timeout: 15_000 })
      .toMatch(/Verified: the pump read back the new programme exactly/);
    shown.readBack = /Verified:[^.]*\./.exec((await status().first().textContent()) ?? '')?.[0] ?? '';
  };
  const newPump = () => {
    const p = site.demo.patients.find((x) => x.pump.serial === NEW_PUMP);
    if (p === undefined) throw new Error(`no demo pump ${NEW_PUMP}`);
    return p;
  };

  it('1. referral: a nurse registers the patient; the pathway page opens at "referred"', async () => {
    const { page, browser } = site;
    await signInDemo(page, site.demo, 'nurse');
    await page.getByRole('link', { name: 'Register patient' }).click();
    await page.getByLabel('Medical record number').fill('WALK-001');
    await page.getByLabel('Name', { exact: true }).fill('Wren Walker');
    await page.getByLabel('Birth date').fill('1984-07-21');
    await page.getByLabel('Clinic phone').fill('+44 20 7946 0001');
    await page.getByRole('button', { name: 'Register patient' }).click();
    await expect.poll(() => stage().textContent(), { timeout: 15_000 }).toBe('referred');
    newPatientId = decodeURIComponent(/\/patients\/([^/]+)\/pathway/.exec(page.url())?.[1] ?? '');
    expect(newPatientId).not.toBe('');
    await expect
      .poll(() => page.locator('main').textContent(), { timeout: 15_000 })
      .toMatch(/No team decision recorded: the screening trial cannot be booked yet/);
    await browser.axe('walk-01-referred');
  });

  it('2. evaluation: the physician records the candidacy and the team’s decision', async () => {
    const { page, browser } = site;
    await signInDemo(page, site.demo, 'physician');
    await page.goto(url(`/patients/${encodeURIComponent(newPatientId)}/pathway`));
    await page.getByLabel('Diagnosis').fill('multiple sclerosis, secondary progressive');
    await page.getByLabel(/Oral baclofen tried/).fill('80');
    await page.getByLabel(/Intolerance/).fill('weakness and drowsiness');
    await page.getByLabel(/Goals of therapy/).fill('transfers without help\nsleep through the night');
    await page.getByLabel(/Decided by/).fill('Dr Reyes (neurology), M. Okafor (physiotherapy)');
    await page.getByLabel('Rationale').fill('disabling spasticity despite the maximum tolerated oral dose');
    await page.getByRole('button', { name: 'Save evaluation' }).click();
    await expect.poll(() => status().first().textContent(), { timeout: 15_000 }).toMatch(/Evaluation saved/);
    await expect.poll(() => stage().textContent(), { timeout: 15_000 }).toBe('evaluated');
    await expect
      .poll(() => page.locator('main').textContent(), { timeout: 15_000 })
      .toMatch(/Decision in force: proceed-to-trial by Dr Reyes/);
    await browser.axe('walk-02-evaluated');
  });

  it('3. screening trial: 50 mcg with a response lasting 6 h gives a first programme of 100 mcg/day', async () => {
    const { page, browser } = site;
    await page.goto(url(`/patients/${encodeURIComponent(newPatientId)}/trial`));
    await page.getByRole('heading', { name: /Screening trial/ }).waitFor();
    await page.getByLabel('Score 2: MAS grade').selectOption('1+');
    await page.getByLabel('Score 3: MAS grade').selectOption('2');
    await page.getByLabel(/Responded/).check();
    await page.getByLabel(/How long the effect lasted/).fill('6');
    await expect
      .poll(() => page.locator('#start-h + p').textContent(), { timeout: 15_000 })
      .toMatch(/100 mcg\/day for the first 24 hours/);
    await page.getByRole('button', { name: 'Save screening trial' }).click();
    await expect
      .poll(() => status().first().textContent(), { timeout: 15_000 })
      .toMatch(/Trial saved.*responded/);
    await page.goto(url(`/patients/${encodeURIComponent(newPatientId)}/pathway`));
    await expect.poll(() => stage().textContent(), { timeout: 15_000 }).toBe('trial');
    await expect
      .poll(() => page.locator('main').textContent(), { timeout: 15_000 })
      .toMatch(/First programme \(label rule, 2× the effective screening dose\): 100 mcg\/day/);
    await browser.axe('walk-03-trialled');
  });

  it('4. implant: pump, catheter, initial fill and the keys of a demo pump paired for it; the stage is "implanted"', async () => {
    const { page, browser } = site;
    await page.getByLabel('Pump serial').fill(NEW_PUMP);
    await page.getByLabel('Length implanted (cm)').fill('48');
    await page.getByLabel('Catheter tip level').fill('T10');
    await page.getByLabel('Concentration (mcg/mL)').fill('500');
    await page.getByLabel('Volume (mL)').fill('20');
    await page.getByLabel('Lot').fill('WALK-FILL-1');
    await page.getByRole('button', { name: 'Pair a demo pump with this serial' }).click();
    await expect
      .poll(() => page.getByLabel(/Pairing keys/).inputValue(), { timeout: 15_000 })
      .toMatch(/keyId/);
    await page.getByRole('button', { name: 'Save implant' }).click();
    await expect.poll(() => status().first().textContent(), { timeout: 15_000 }).toMatch(/Implant saved/);
    await expect.poll(() => stage().textContent(), { timeout: 15_000 }).toBe('implanted');
    await expect
      .poll(() => page.locator('main').textContent(), { timeout: 15_000 })
      .toMatch(new RegExp(`Pump ${NEW_PUMP} .* implanted .*tip T10`));
    // The demo started a virtual pump for it: filled at surgery, stopped until programmed.
    expect(await demoPump(NEW_PUMP)).toMatchObject({
      patientId: newPatientId,
      mode: 'stopped',
      reservoirMl: 20,
    });
    await browser.axe('walk-04-implanted');
  });

  it('5. first programme from the trial, prescribed on the pathway page; post-op check', async () => {
    const { page, browser } = site;
    await page.getByLabel('Concentration filled at implant (mcg/mL)').selectOption('500');
    await page
      .getByLabel('Note (required when the guardrail warns)')
      .fill('first programme: twice the effective 50 mcg screening dose');
    await page.getByRole('button', { name: 'Prescribe first programme' }).click();
    await expect
      .poll(() => status().first().textContent(), { timeout: 15_000 })
      .toMatch(/First programme prescribed/);
    await expect.poll(() => stage().textContent(), { timeout: 15_000 }).toBe('post-op');
    const chain = (await (
      await page.request.get(url(`/api/v1/patients/${newPatientId}/prescriptions`))
    ).json()) as { prescription: { doseMcgPerDay: number; concentrationMcgPerMl: number } }[];
    expect(chain.at(-1)?.prescription).toMatchObject({ doseMcgPerDay: 100, concentrationMcgPerMl: 500 });
    await page.getByRole('list', { name: 'Post-operative items due' }).waitFor();
    await page.getByLabel('wound check').check();
    await page.getByRole('button', { name: 'Save post-operative check' }).click();
    await expect
      .poll(() => status().first().textContent(), { timeout: 15_000 })
      .toMatch(/Check saved: nothing of concern/);
    await expect
      .poll(() => page.getByRole('list', { name: 'Post-operative items due' }).textContent(), {
        timeout: 15_000,
      })
      .not.toMatch(/wound check/);
    await browser.axe('walk-05-post-op');
  });

  it('5b. the first programme sent to the new pump (which runs none yet) from the Programming page, read back verified', async () => {
    const { browser } = site;
    await sendProgramme(100);
    expect(await demoPump(NEW_PUMP)).toMatchObject({ mode: 'simple-continuous', doseMcgPerDay: 100 });
    await browser.axe('walk-05b-programmed');
  });

  it('5c. the priming bolus: the volume from the recorded catheter, supervised, read back', async () => {
    const { page, browser } = site;
    await page.goto(url(`/patients/${encodeURIComponent(newPatientId)}/priming`));
    await page.getByRole('button', { name: 'Interrogate and plan the priming bolus' }).click();
    const review = page.getByRole('region', { name: 'Review' });
    await expect
      .poll(() => review.textContent(), { timeout: 15_000 })
      .toMatch(/Catheter 0\.\d+ mL \+ pump dead space/);
    await browser.axe('walk-05c-priming-plan');
    await page.getByLabel(/Who supervises/).fill('Dr Demo Physician at the bedside');
    await page.getByRole('button', { name: 'Confirm: start the priming bolus' }).click();
    await expect
      .poll(() => page.getByRole('status', { name: 'Result' }).textContent(), { timeout: 15_000 })
      .toMatch(/^Done: the pump reads back the change/);
  });

  it('6. titration of the new patient two days on: +10 % shown field by field, read back verified', async () => {
    const { page, browser } = site;
    await site.advanceClock(48);
    await sendProgramme(110);
    expect(shown.change).toMatch(/100 mcg\/day.*110 mcg\/day/);
    await page.getByRole('link', { name: 'Print the session summary (PDF)' }).waitFor();
    expect(await demoPump(NEW_PUMP)).toMatchObject({ doseMcgPerDay: 110 });
    await browser.axe('walk-06-titrated');
  });

  it('6b. two tabs: a change sent from a second tab first is refused in the first, which says why in words', async () => {
    const { page, browser } = site;
    await signInDemo(page, site.demo, 'physician');
    const pid = seeded(TWO_TAB_PATIENT).patient.id;
    const programme = async (p: typeof page, dose: string) => {
      await p.goto(url(`/patients/${encodeURIComponent(pid)}/programming`));
      await p.getByRole('button', { name: 'Interrogate pump' }).click();
      await p.locator('table.facts caption', { hasText: 'Pump snapshot' }).waitFor();
      await p.getByLabel(/Proposed daily dose/).fill(dose);
      await p.getByRole('button', { name: 'Review change' }).click();
      await p.getByRole('heading', { name: /Finish/ }).waitFor();
      // A step outside the label's row warns: the override needs its reason.
      const why = p.getByLabel(/Justification/);
      if ((await why.count()) > 0) await why.fill('spasms reviewed at the bedside with the team');
    };
    const dose = seeded(TWO_TAB_PATIENT).pump.server.state.pump.prescription;
    const now = dose.mode === 'simple-continuous' ? dose.dose / 1000 : 0;
    await programme(page, `${Math.round(now * 1.05)} mcg/day`);
    const second = await browser.context.newPage();
    second.setDefaultTimeout(20_000);
    await programme(second, `${Math.round(now * 1.1)} mcg/day`);
    await second.getByRole('button', { name: 'Confirm and send to pump' }).click();
    await expect
      .poll(() => second.getByRole('status').first().textContent(), { timeout: 15_000 })
      .toMatch(/^Read-back: Verified/);
    await second.close();
    await page.getByRole('button', { name: 'Confirm and send to pump' }).click();
    await expect
      .poll(() => status().first().textContent(), { timeout: 15_000 })
      .toMatch(/refused the change.*changed after you interrogated it \(from another tab/);
    await browser.axe('walk-06b-two-tabs');
  });

  it('7. refill by the nurse: the residual reconciles and the refill is read back verified', async () => {
    const { page, browser } = site;
    await signInDemo(page, site.demo, 'nurse');
    const reservoirMl = (await demoPump(NEW_PUMP))?.reservoirMl ?? 0;
    await page.goto(url(`/patients/${encodeURIComponent(newPatientId)}/refill`));
    await toRefillMeasurements(page);
    await page.getByLabel('Measured residual (mL)').fill(reservoirMl.toFixed(1));
    await page.getByLabel('Volume to add (mL)').fill('18');
    await page.getByLabel('Concentration (mcg/mL)').fill('500');
    await page.getByLabel('Drug lot').fill(shown.lot);
    await page.getByRole('button', { name: 'Reconcile and plan' }).click();
    const step4 = page.locator('section', { has: page.getByRole('heading', { name: /Step 4/ }) });
    await expect
      .poll(() => step4.locator('.verdict-top').textContent(), { timeout: 15_000 })
      .toMatch(/^Ready to refill/);
    await page.getByRole('button', { name: 'Confirm refill and update the pump' }).click();
    const fact = (key: string) =>
      page
        .locator('table.facts', { has: page.locator('caption', { hasText: 'Refill recorded' }) })
        .locator('tr', { has: page.locator('th', { hasText: new RegExp(`^${key}$`) }) })
        .locator('td');
    await expect.poll(() => fact('Read-back').textContent(), { timeout: 15_000 }).toMatch(/^Verified/);
    await expect
      .poll(() => fact('Refill recorded').textContent(), { timeout: 15_000 })
      .toMatch(/^18 mL added/);
    shown.added = '18 mL';
    await browser.axe('walk-07-refilled');
  });

  it('8. the printed session summary says what the screens said: patient, change, read-back, refill, refill-by, people', async () => {
    const { page } = site;
    await page.goto(url(`/patients/${encodeURIComponent(newPatientId)}`));
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    const main = (await page.locator('main').textContent()) ?? '';
    const refillBy = /Refill by(\w{3} \d{1,2} \w{3} \d{4})/.exec(main)?.[1];
    expect(refillBy, main).toBeDefined();
    const link = page.getByRole('link', { name: "Today's session summary (PDF)" });
    const res = await page.request.get(url((await link.getAttribute('href')) ?? ''));
    expect([res.status(), res.headers()['content-type']]).toEqual([200, 'application/pdf']);
    const text = (await readPdf(await res.body())).text.join(' ');
    expect(
      [shown.change, shown.readBack, shown.added].every((x) => x !== ''),
      JSON.stringify(shown),
    ).toBe(true);
    for (const phrase of [
      NEW_PATIENT,
      'MRN WALK-001',
      'born 21 Jul 1984',
      `serial ${NEW_PUMP}`,
      shown.change,
      shown.readBack,
      shown.lot,
      `Volume added ${shown.added}`,
      // The page and the paper write the day the same way (src/therapy/date-text.ts).
      `Refill by ${refillBy!}`,
      'Dr Demo Physician',
      'Demo Nurse',
    ])
      expect(hasPhrase(text, phrase), `"${phrase}" in: ${text}`).toBe(true);
    expect(text).not.toMatch(/user:/);
  });

  it('9. a malfunction: a catheter disconnection injected into the new pump’s world is troubleshot to its cause and remedy', async () => {
    const { page, browser } = site;
    const fault = await site.post('/api/v1/demo/faults', {
      patientId: newPatientId,
      catheter: 'disconnected',
    });
    expect(fault.status()).toBe(200);
    await site.advanceClock(72);
    await page.goto(url(`/patients/${encodeURIComponent(newPatientId)}`));
    await page.getByRole('link', { name: 'Troubleshoot a malfunction' }).click();
    await page.getByLabel('More spasticity than expected').check();
    await page.getByRole('button', { name: 'Start troubleshooting' }).click();
    const causes = page.getByRole('list', { name: 'Likely causes' }).locator('li[data-cause]');
    await causes.first().waitFor();
    const results = catheterTestResults(newPump().pump.world.catheter.state);
    for (const step of ['access-port-aspiration', 'imaging'] as const) {
      const key = step === 'imaging' ? 'imaging' : 'portAspiration';
      const label = STEP_CHOICES[step]?.find((c) => c.findings[key] === results[key])?.label ?? '?';
      await page.getByRole('button', { name: label }).click();
      await page
        .getByRole('list', { name: 'Steps done' })
        .getByText(step === 'imaging' ? /imaging/ : /access port aspiration/)
        .waitFor();
    }
    const firstTwo = [
      await causes.nth(0).getAttribute('data-cause'),
      await causes.nth(1).getAttribute('data-cause'),
    ];
    expect(firstTwo).toContain('catheter-disconnection-or-leak');
    await page.getByLabel('Cause found').selectOption('catheter-disconnection-or-leak');
    await page.getByLabel('Remedy').selectOption('surgical catheter revision');
    await page.getByLabel('Outcome').selectOption('referred');
    await page.getByLabel('Note').fill('revision booked; oral baclofen bridge started');
    await page.getByRole('button', { name: 'Close episode' }).click();
    const recorded = page.getByRole('list', { name: 'Recorded episodes' });
    await expect
      .poll(() => recorded.textContent(), { timeout: 15_000 })
      .toMatch(/surgical catheter revision/);
    await browser.axe('walk-09-troubleshot');
  });

  it('9b. post-operative care ends: sutures out, the infection watch closed, and six weeks after surgery the pathway page says "maintenance" and the board lists nothing due', async () => {
    const { page, browser } = site;
    await signInDemo(page, site.demo, 'nurse');
    const dueList = () => page.getByRole('list', { name: 'Post-operative items due' });
    const pathwayPage = () => page.goto(url(`/patients/${encodeURIComponent(newPatientId)}/pathway`));
    /** Records a clean check completing `item` on the pathway page. */
    const completeCheck = async (item: string) => {
      await pathwayPage();
      await expect.poll(() => dueList().textContent(), { timeout: 15_000 }).toMatch(item);
      await page.getByLabel(item).check();
      await page.getByRole('button', { name: 'Save post-operative check' }).click();
      await expect
        .poll(() => status().first().textContent(), { timeout: 15_000 })
        .toMatch(/Check saved: nothing of concern/);
      const listed = async () => ((await dueList().count()) === 0 ? '' : await dueList().textContent());
      await expect.poll(listed, { timeout: 15_000 }).not.toMatch(item);
    };
    // Twelve days after surgery the staples come out; a month after it the infection watch closes.
    await site.advanceClock(7 * 24);
    await completeCheck('suture removal');
    await expect.poll(() => stage().textContent(), { timeout: 15_000 }).toBe('post-op');
    await site.advanceClock(18 * 24);
    await completeCheck('infection watch');
    // Every check done, but the six weeks after surgery are not over: still post-operative.
    await expect.poll(() => stage().textContent(), { timeout: 15_000 }).toBe('post-op');
    await expect
      .poll(() => page.locator('main').textContent(), { timeout: 15_000 })
      .toMatch(/within six weeks of surgery/);
    // The six weeks pass: the patient leaves post-operative care for maintenance.
    await site.advanceClock(14 * 24);
    await pathwayPage();
    await expect.poll(() => stage().textContent(), { timeout: 15_000 }).toBe('maintenance');
    await expect
      .poll(() => page.locator('main').textContent(), { timeout: 15_000 })
      .toMatch(/implanted and refilled on schedule.*No post-operative item is due\./);
    await browser.axe('walk-09b-maintenance');
    // The board lists no pathway item for the patient; the battery column projects the pump's ERI and EOS.
    await page.goto(url('/'));
    const row = page.locator('table.board tbody tr').filter({ hasText: NEW_PATIENT });
    await expect
      .poll(() => row.getByTestId('board-battery-projection').textContent(), { timeout: 15_000 })
      .toMatch(/^ERI projected .*; EOS projected /);
    await expect
      .poll(() => page.getByRole('list', { name: 'Pathway items due' }).textContent(), { timeout: 15_000 })
      .not.toContain(NEW_PATIENT);
  });

  it('10. replacement at ERI in one record: the new pump with its fill, keys and programme, the old one explanted with its history kept', async () => {
    const { page, browser } = site;
    await signInDemo(page, site.demo, 'physician');
    // The demo ages the battery to its elective replacement indicator; an interrogation reads it.
    expect((await site.post('/api/v1/demo/battery', { patientId: newPatientId })).status()).toBe(200);
    await page.goto(url(`/patients/${encodeURIComponent(newPatientId)}/programming`));
    await page.getByRole('button', { name: 'Interrogate pump' }).click();
    await page.locator('table.facts caption', { hasText: 'Pump snapshot' }).waitFor();
    await page.goto(url(`/patients/${encodeURIComponent(newPatientId)}/pathway`));
    await expect.poll(() => stage().textContent(), { timeout: 15_000 }).toBe('replacement-due');
    await page.getByRole('definition').filter({ hasText: 'due now' }).waitFor();
    await page.getByLabel('New pump serial').fill(REPLACEMENT_PUMP);
    await page.getByLabel('Fill lot').fill('WALK-FILL-2');
    await page.getByRole('button', { name: 'Pair a demo pump with this serial' }).click();
    await expect
      .poll(() => page.getByLabel(/Pairing keys/).inputValue(), { timeout: 15_000 })
      .toMatch(/keyId/);
    await page.getByLabel(/^Justification/).fill('the programme in force, continued on the new pump');
    await browser.axe('walk-10-replacement-form');
    await page.getByRole('button', { name: 'Record replacement' }).click();
    await expect
      .poll(() => status().first().textContent(), { timeout: 15_000 })
      .toMatch(/Replacement recorded: new pump, its programme and the explant in one record/);
    await expect
      .poll(() => page.getByRole('list', { name: 'Explanted pumps' }).textContent(), { timeout: 15_000 })
      .toMatch(new RegExp(`${NEW_PUMP} — battery-eri.*catheter kept; replaced by ${REPLACEMENT_PUMP}`));
    await expect.poll(() => stage().textContent(), { timeout: 15_000 }).toBe('post-op');
    // The old pump has left the link; the new one runs, filled at surgery and stopped until programmed.
    expect(await demoPump(NEW_PUMP)).toBeUndefined();
    expect(await demoPump(REPLACEMENT_PUMP)).toMatchObject({ patientId: newPatientId, mode: 'stopped' });
    await browser.axe('walk-10-replaced');
  });

  it('11. programmed again on the new pump (which runs none yet): the programme in force sent and read back verified', async () => {
    const { browser } = site;
    await sendProgramme(110);
    expect(await demoPump(REPLACEMENT_PUMP)).toMatchObject({ mode: 'simple-continuous', doseMcgPerDay: 110 });
    await browser.axe('walk-11-programmed-again');
    // Replaced pump on the reservoir chart: the old pump's last refill was projected on past the replacement
    // (about 8.8 mL left, and falling); the new pump's initial fill starts its own line, full.
    const { page } = site;
    await page.goto(url(`/patients/${encodeURIComponent(newPatientId)}`));
    await expect
      .poll(() => page.locator('#reservoir-chart-cap').textContent(), { timeout: 15_000 })
      .toMatch(/a new pump at its implant.*about 20 mL left/);
  });
});
