/**
 * `itb pump bolus|prime` through the real CLI against a real pump link and clinic database: the plan with
 * the single-bolus cap or the computed priming volume is shown first, nothing is sent without --confirm and
 * the observer named (--justification), the API's rules apply (physicians only), the bolus is read back and
 * recorded in the user's name, and a recorded catheter volume implausible for its model and length refuses
 * the priming bolus before anything is sent (the API's one rule, programmer/priming.ts).
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { getProfile } from '../pump/profiles.ts';
import { continuous, filledPump } from '../pump/test-fixtures.ts';
import { epochMs, mcgPerMl, nanolitres } from '../therapy/quantities.ts';
import type { BolusReport } from './pump-bolus.ts';
import { ACCOUNTS, itb, recordedPump, stopAll } from './pump-link.test-support.ts';

afterEach(stopAll);

const bolusOf = (s: Awaited<ReturnType<typeof recordedPump>>) =>
  s.pump.server.state.pump.bolus?.purpose ?? null;

describe('itb pump bolus', () => {
  it('shows the cap and the observer warning, sends nothing unconfirmed, then gives and records the bolus', async () => {
    const s = await recordedPump();
    const dose = ['--dose', '50mcg', '--duration-minutes', '30'];
    const plan = await itb('pump', 'bolus', ...s.link, ...dose);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toBe('');
    expect(plan.stderr).toMatch(/^BOLUS on pump .*: 50 mcg over 30 min \(cap 100 mcg\): warn/);
    expect(plan.stderr).toMatch(/ITB_R_PROG_BOLUS_OBSERVE/);
    expect(plan.stderr).toMatch(/ITB_E_PROGRAMMER_NOT_CONFIRMED/);
    const unnamed = await itb('pump', 'bolus', ...s.link, ...dose, '--confirm', '--json');
    expect(JSON.parse(unnamed.stderr)).toMatchObject({
      error: { code: 'ITB_E_PROG_JUSTIFICATION_REQUIRED' },
    });
    expect(bolusOf(s)).toBeNull();
    expect((await s.records()).sessions).toEqual([]);

    const r = await itb('pump', 'bolus', ...s.link, ...dose, '--confirm', '--justification', 'Nurse Ward');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/bolus: verified \(programming session /);
    expect(bolusOf(s)).toBe('single-bolus');
    const [session] = (await s.records()).sessions;
    expect(session?.interrogation).toMatchObject({ workflow: 'single-bolus' });
    expect(session?.justification).toBe('Nurse Ward');
    expect(session?.createdBy).toBe(s.actorOf(ACCOUNTS.physician));
  }, 60_000);

  it('reasons and texts still written in mcg for an mg drug: the plan states a morphine bolus and its cap in mg', async () => {
    const morphine = continuous(3000, { drug: 'morphine', concentration: mcgPerMl(25_000) });
    const s = await recordedPump(
      undefined,
      filledPump({
        prescription: morphine,
        catheterVolume: nanolitres(110_000),
        now: epochMs(Date.now() - 1_000),
      }),
    );
    const plan = await itb('pump', 'bolus', ...s.link, '--dose', '0.2mg', '--duration-minutes', '30');
    expect(plan.stderr).toMatch(/^BOLUS on pump .*: 0\.2 mg over 30 min \(cap 1 mg\): warn/);
    expect(plan.stderr).not.toMatch(/\d mcg/);
    expect(bolusOf(s)).toBeNull();
  }, 60_000);

  it('above the single-bolus cap is blocked and nothing is sent; bad input opens nothing', async () => {
    const s = await recordedPump();
    const over = await itb(
      'pump',
      'bolus',
      ...s.link,
      '--dose',
      '150',
      '--duration-minutes',
      '30',
      '--confirm',
      '--justification',
      'Nurse Ward',
      '--json',
    );
    expect(over.code).toBe(1);
    const e = JSON.parse(over.stderr) as { error: { code: string } };
    expect(e.error.code).toBe('ITB_E_PROG_BLOCKED');
    const bad = await itb('pump', 'bolus', ...s.link, '--dose', '50 mg/day', '--duration-minutes', '30');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^ITB_E_/);
    const part = await itb('pump', 'bolus', ...s.link, '--dose', '50', '--duration-minutes', '2.5');
    expect(part.stderr).toMatch(/^ITB_E_INVALID_INPUT: --duration-minutes must be whole minutes/);
    expect(bolusOf(s)).toBeNull();
    expect((await s.records()).sessions).toEqual([]);
  }, 30_000);

  it('a nurse cannot give a bolus from the CLI: the API gives it to physicians only', async () => {
    const s = await recordedPump();
    const r = await itb(
      'pump',
      'bolus',
      ...s.where,
      '--as',
      ACCOUNTS.nurse,
      '--dose',
      '50',
      '--duration-minutes',
      '30',
      '--confirm',
      '--justification',
      'Nurse Ward',
    );
    expect(r.stderr).toMatch(/^ITB_E_FORBIDDEN: .*POST \/api\/v1\/patients\/:patientId\/pump\/bolus\/plan/);
    expect(bolusOf(s)).toBeNull();
  }, 30_000);
});

describe('a change the pump refuses', () => {
  it('priming bolus on an empty pump was sent for the pump to refuse: the programmer blocks it first, as it blocks a bolus', async () => {
    // Filled long ago: the reservoir has run dry. Neither bolus is sent: the pump would refuse both
    // (programmer/pump-can-give.ts), and the clinician reads why before confirming.
    const s = await recordedPump(undefined, filledPump());
    const args = ['--dose', '50', '--duration-minutes', '30', '--confirm', '--justification', 'Nurse Ward'];
    const blocked = await itb('pump', 'bolus', ...s.link, ...args, '--json');
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toBe('');
    expect(blocked.stderr).toContain('ITB_E_PROG_BLOCKED');
    expect(blocked.stderr).toContain('refill first');
    const prime = await itb('pump', 'prime', ...s.link, '--confirm', '--justification', 'Dr Ward', '--json');
    expect(prime.code).toBe(1);
    expect(prime.stdout).toBe('');
    expect(prime.stderr).toContain('ITB_E_PROG_BLOCKED');
    expect(prime.stderr).toMatch(/EMPTY reservoir: no priming bolus/);
    expect(bolusOf(s)).toBeNull();
    expect((await s.records()).sessions).toEqual([]);
  }, 30_000);

  it('a bolus the pump refuses exits non-zero with its report (finding: a refused change exited 0)', async () => {
    // A day at 2000 mcg/day: a 50 mcg bolus takes the last 24 h above the pump's absolute 2003 mcg/day.
    // The programmer cannot see the pump's 24 h window, so the bolus is sent and the pump refuses it.
    const s = await recordedPump(
      undefined,
      filledPump({ prescription: continuous(2000), now: epochMs(Date.now() - 25 * 3_600_000) }),
    );
    const args = ['--dose', '50', '--duration-minutes', '30', '--confirm', '--justification', 'Nurse Ward'];
    const r = await itb('pump', 'bolus', ...s.link, ...args, '--json');
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as BolusReport).status).toBe('refused');
    expect(bolusOf(s)).toBeNull();
    expect((await s.records()).sessions.map((x) => x.interrogation['write'])).toMatchObject([
      { status: 'refused', error: 'ITB_E_PUMP_HARD_LIMIT' },
    ]);
  }, 30_000);
});

describe('itb pump prime', () => {
  it('primes the recorded catheter plus the dead space, supervised, and records it', async () => {
    const s = await recordedPump();
    const dead = (getProfile('peristaltic-20').internalVolume?.value ?? 0) / 1_000_000;
    const plan = await itb('pump', 'prime', ...s.link, '--json');
    expect(plan.code).toBe(1);
    const e = JSON.parse(plan.stderr) as {
      error: { code: string; details: { plan: { what: string; verdict: string } } };
    };
    expect(e.error.code).toBe('ITB_E_PROGRAMMER_NOT_CONFIRMED');
    // The store's test implant has a 50 cm catheter holding 0.11 mL.
    expect(e.error.details.plan.what).toContain(`(catheter 0.11 mL + pump dead space ${dead} mL)`);
    expect(e.error.details.plan.verdict).toBe('warn');
    expect(bolusOf(s)).toBeNull();

    const r = await itb('pump', 'prime', ...s.link, '--confirm', '--justification', 'Dr Ward', '--json');
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as BolusReport).status).toBe('verified');
    expect(bolusOf(s)).toBe('priming-bolus');
    expect((await s.records()).sessions.map((x) => x.interrogation['workflow'])).toEqual(['priming']);
  }, 60_000);

  it('a recorded catheter volume implausible for its model and length refuses the priming bolus; nothing is sent', async () => {
    const s = await recordedPump();
    // A record from before the store checked catheters: 1.1 mL in a 50 cm 8709SC catheter (ten times too much).
    const db = new Database(s.db);
    const row = db.prepare('SELECT id, catheter FROM implants').get() as { id: string; catheter: string };
    const catheter = { ...(JSON.parse(row.catheter) as object), volumeNl: 1_100_000 };
    db.prepare('UPDATE implants SET catheter = ? WHERE id = ?').run(JSON.stringify(catheter), row.id);
    db.close();
    const r = await itb('pump', 'prime', ...s.link, '--confirm', '--justification', 'Dr Ward');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ITB_E_OUT_OF_RANGE: a 50 cm 8709SC catheter cannot hold 1\.1 mL/);
    expect(bolusOf(s)).toBeNull();
    expect((await s.records()).sessions).toEqual([]);
  }, 30_000);
});
