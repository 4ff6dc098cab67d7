import { describe, expect, it } from 'vitest';
import { defaultPatient } from '../body/patient.ts';
import { comparePatient, outcomeOf } from './compare.ts';

describe('in-silico comparison of the advice against the label rule', () => {
  it('judges a schedule on the true patient: no drug never reaches goal, a massive dose shows overdose signs', () => {
    const p = defaultPatient();
    expect(outcomeOf(p, () => 0, 3, 1.5, 0)).toEqual({ daysToGoal: null, overdoseDays: 0, visits: 0 });
    const huge = outcomeOf(p, () => 1500, 3, 1.5, 0);
    expect(huge.overdoseDays).toBeGreaterThan(0);
    expect(huge.daysToGoal).toBe(1);
  });

  it('compares both arms of a responder, deterministically for its seed', () => {
    const a = comparePatient(5, 10);
    expect(a).not.toBeNull();
    expect(comparePatient(5, 10)).toEqual(a);
    expect(a?.label.visits).toBeGreaterThanOrEqual(0);
    expect(a?.advice.visits).toBeGreaterThanOrEqual(0);
  });

  it('the advised arm held a dose at which the patient showed overdose signs: seed 56 was drowsy all 28 days on the advised path; it now reduces at the next visit', () => {
    const r = comparePatient(56, 28);
    expect(r).not.toBeNull();
    for (const arm of [r?.advice, r?.refitted]) {
      expect(arm?.overdoseDays).toBeGreaterThan(0);
      expect(arm?.overdoseDays).toBeLessThan(5);
    }
  }, 60_000);
});
