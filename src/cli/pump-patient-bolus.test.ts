/**
 * `itb pump patient-bolus` through the real CLI against a real pump (PumpServer on loopback) and a clinic
 * database: a baclofen pump says PCB is not available and blocks; on a morphine pump the plan is shown
 * before → after in units, nothing is sent without --confirm, a justification is needed (more drug a day),
 * the setting is read back and recorded; --off turns it off; a nurse is refused as the API refuses her.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { continuous, filledPump } from '../pump/test-fixtures.ts';
import { epochMs, mcgPerMl, nanolitres } from '../therapy/quantities.ts';
import { ACCOUNTS, itb, recordedPump, stopAll } from './pump-link.test-support.ts';
import type { PatientBolusPlanView } from './pump-patient-bolus.ts';
import type { RecordedReport } from './pump-record.ts';

afterEach(stopAll);

const MORPHINE = { drug: 'morphine' as const, concentration: mcgPerMl(10_000) };
const morphinePump = () =>
  recordedPump(
    undefined,
    filledPump({
      prescription: continuous(5_000, MORPHINE),
      catheterVolume: nanolitres(110_000),
      now: epochMs(Date.now() - 1_000),
    }),
  );
const ON = ['--dose', '0.2mg', '--lockout-minutes', '180', '--max-per-day', '4'];

describe('itb pump patient-bolus', () => {
  it('on a morphine pump: shown in its label unit (issue 13: 0.2 mg, not 200 mcg), justified, written with --confirm, read back and recorded; --off turns it off', async () => {
    const s = await morphinePump();
    const plan = await itb('pump', 'patient-bolus', ...s.link, ...ON);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/patient-controlled bolus, dose per bolus: — → 0\.2 mg\n/);
    expect(plan.stderr).toMatch(/patient-controlled bolus, lockout: — → 180 min/);
    expect(plan.stderr).toMatch(/ITB_E_PROGRAMMER_NOT_CONFIRMED/);
    const unjustified = await itb('pump', 'patient-bolus', ...s.link, ...ON, '--confirm', '--json');
    expect(JSON.parse(unjustified.stderr)).toMatchObject({
      error: { code: 'ITB_E_PROG_JUSTIFICATION_REQUIRED' },
    });
    expect(s.pump.server.state.pump.patientBolus).toBeNull();

    const r = await itb(
      'pump',
      'patient-bolus',
      ...s.link,
      ...ON,
      '--confirm',
      '--justification',
      'trained',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as RecordedReport<PatientBolusPlanView>).status).toBe('verified');
    expect(s.pump.server.state.pump.patientBolus).toMatchObject({ amount: 200_000, maxPerDay: 4 });

    const off = await itb('pump', 'patient-bolus', ...s.link, '--off', '--confirm');
    expect(off.code).toBe(0);
    expect(off.stdout).toMatch(/patient-controlled bolus: verified/);
    expect(s.pump.server.state.pump.patientBolus).toBeNull();
    expect((await s.records()).sessions).toHaveLength(2);
  }, 60_000);

  it('on a baclofen pump PCB is not available: blocked, nothing sent, nothing recorded', async () => {
    const s = await recordedPump();
    const version = s.pump.server.state.pump.version;
    const r = await itb('pump', 'patient-bolus', ...s.link, ...ON, '--confirm', '--justification', 'x');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not available: patient-controlled boluses are not allowed for baclofen/);
    expect(r.stderr).toMatch(/ITB_E_PROG_BLOCKED/);
    expect(s.pump.server.state.pump.version).toBe(version);
    expect((await s.records()).sessions).toEqual([]);
  }, 60_000);

  it('bad input and a nurse are refused before anything is sent', async () => {
    const s = await morphinePump();
    const none = await itb('pump', 'patient-bolus', ...s.link, '--confirm');
    expect(none.stderr).toMatch(/^ITB_E_INVALID_INPUT: give --off/);
    const unit = await itb(
      'pump',
      'patient-bolus',
      ...s.link,
      ...ON.slice(2),
      '--dose',
      '0.2mL',
      '--confirm',
    );
    expect(unit.stderr).toMatch(/^ITB_E_WRONG_UNIT/);
    const nurse = await itb('pump', 'patient-bolus', ...s.where, '--as', ACCOUNTS.nurse, ...ON, '--confirm');
    expect(nurse.code).toBe(1);
    expect(nurse.stderr).toMatch(/^ITB_E_/);
    expect(s.pump.server.state.pump.patientBolus).toBeNull();
    expect((await s.records()).sessions).toEqual([]);
  }, 60_000);
});
