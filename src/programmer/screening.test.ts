/**
 * Screening trial records (docs/clinical-reference.md §1.1, §1.3 [C: label; Boster 2016]): 50 → 75 → 100 µg 24 h apart,
 * tone scored at least twice within 4 h, and the start dose of a responder (2× the effective dose, 1× if
 * the effect lasted more than 8 h).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mcgPerDay, mcgToNg } from '../therapy/quantities.ts';
import {
  checkScreeningDose,
  recordScreeningDose,
  screeningDecision,
  type ScreeningDose,
} from './screening.ts';
import { evaluationInput } from '../clinic/pathway/pathway-fixtures.ts';
import { HOUR, makeRig, T0, type Rig } from './test-rig.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const scores = (grade: '1' | '1+' | '2' | '3') =>
  [60, 240].map((minutesAfterDose) => ({
    minutesAfterDose,
    mas: [{ muscleGroup: 'knee extensors', side: 'bilateral' as const, grade }],
  }));

const dose = (
  mcg: number,
  dayN: number,
  responded: boolean,
  effectHours: number | null = null,
): ScreeningDose => ({
  at: (T0 + dayN * 24 * HOUR) as ScreeningDose['at'],
  dose: mcgToNg(mcg),
  assessments: scores(responded ? '1' : '3'),
  responded,
  effectHours,
});

describe('screening trial', () => {
  it('records 50 µg (no response) then 75 µg (response for 6 h): candidate with 2× start dose', async () => {
    rig = await makeRig();
    await rig.store.recordEvaluation(evaluationInput(rig.patientId, T0 - HOUR), { actor: rig.target.actor });
    const who = { patientId: rig.patientId, actor: rig.target.actor };
    const first = dose(50, 0, false);
    const a = await recordScreeningDose([], first, who, rig.store);
    expect(a.decision).toMatchObject({
      decision: 'continue',
      nextDose: mcgToNg(75),
      notBefore: T0 + 24 * HOUR,
    });
    const second = dose(75, 1, true, 6);
    rig.setTime(second.at); // recorded when given: a clinical time is never ahead of the clock
    const b = await recordScreeningDose([first], second, who, rig.store);
    expect(b.decision.decision).toBe('candidate');
    if (b.decision.decision !== 'candidate') throw new Error('candidate expected');
    expect(b.decision.startDose.dailyDose).toBe(mcgPerDay(150));
    expect(b.trial).toMatchObject({
      doseNg: 75_000,
      responded: true,
      method: 'lumbar-puncture',
      volumeNl: 1_500_000,
    });
    expect(b.trial.notes).toMatch(/candidate; start dose 150 mcg\/day/);
    const trials = await rig.store.listTrials(rig.patientId, { actor: rig.target.actor });
    expect(trials.map((t) => t.doseNg)).toEqual([50_000, 75_000]);
  });

  it('uses 1× the dose when the effect lasted more than 8 h', () => {
    const d = screeningDecision([dose(50, 0, true, 10)]);
    expect(d.decision === 'candidate' && d.startDose.dailyDose).toBe(mcgPerDay(50));
  });

  it('decides "not a candidate" after no response to 100 µg', () => {
    const d = screeningDecision([dose(50, 0, false), dose(75, 1, false), dose(100, 2, false)]);
    expect(d.decision).toBe('not-candidate');
  });

  it('refuses doses out of order, sooner than 24 h, or with fewer than 2 scores within 4 h', () => {
    const first = dose(50, 0, false);
    expect(() => checkScreeningDose([first], dose(100, 1, false))).toThrow(/75/);
    expect(() =>
      checkScreeningDose([first], { ...dose(75, 0, false), at: first.at + 20 * HOUR } as ScreeningDose),
    ).toThrow(/24 h/);
    const late = {
      ...dose(50, 0, false),
      assessments: [{ minutesAfterDose: 300, mas: scores('3')[0]!.mas }],
    };
    expect(() => checkScreeningDose([], late)).toThrow(/at least 2 times/);
    expect(() => checkScreeningDose([dose(50, 0, true, 6)], dose(75, 1, false))).toThrow(/decided/);
  });
});
