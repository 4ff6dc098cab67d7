// The titration policy follows docs/clinical-reference.md §1.3–1.4 [C: label, CMSC 2015]: no increase within 24 h,
// increases of 10–30 % (spinal) or 5–15 % (cerebral, children), reductions of 10–20 % for side effects.
import { describe, expect, it } from 'vitest';
import { FIXED_TONE } from './parameters.ts';
import { defaultPatient } from './patient.ts';
import { getDrug } from '../therapy/drug-library.ts';
import { sideEffectReductionPercent } from '../therapy/titration-steps.ts';
import { defaultTitrationPolicy, doseOnDay, titrateToGoal, visitDays } from './titration.ts';

describe('titrateToGoal', () => {
  const p = defaultPatient();
  const policy = defaultTitrationPolicy(p);
  const run = titrateToGoal(p, 100, 200, 3);

  it('visits daily for two weeks, weekly to day 90, then every 28 days', () => {
    const days = visitDays(policy, 200);
    expect(days.slice(0, 15)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 21]);
    expect(days.filter((d) => d > 90).every((d, i, a) => i === 0 || d - (a[i - 1] ?? 0) === 28)).toBe(true);
  });

  it('changes the dose at most once per visit, never more than the allowed step', () => {
    let prev = 100;
    for (const v of run.visits.slice(1)) {
      const change = v.doseMcgPerDay / prev - 1;
      expect(change).toBeLessThanOrEqual(policy.titrationStep + 1e-12);
      expect(change).toBeGreaterThanOrEqual(-policy.sideEffectStep - 1e-12);
      prev = v.doseMcgPerDay;
    }
    expect(doseOnDay(run, 0)).toBe(100);
  });

  it('reduces on overdose signs by the drug library’s reduction for side effects (one place: the label’s 10–20 %)', () => {
    const rule = sideEffectReductionPercent(getDrug('baclofen').titration);
    expect(rule?.percent).toBe(15);
    expect(policy.sideEffectStep).toBe((rule?.percent ?? NaN) / 100);
  });

  it('children and cerebral origin get the gentler steps', () => {
    expect(defaultTitrationPolicy(defaultPatient('child-under-12')).titrationStep).toBeLessThanOrEqual(0.15);
    expect(defaultTitrationPolicy(defaultPatient('adult-cerebral')).maintenanceStep).toBeLessThanOrEqual(0.2);
  });

  it('reduces the dose of a patient who becomes drowsy', () => {
    const sensitive = { ...p, sedationEc50UgPerMl: 0.01 };
    const r = titrateToGoal(sensitive, 300, 5, 1);
    expect(r.visits.slice(1).every((v) => v.action === 'decrease')).toBe(true);
  });

  it('titration.plasma (issue 13): a patient whose tone does not answer increases is not escalated past the usual maintenance range', () => {
    // Tone the drug can barely reach (the fixed-tone share of the usual maximal effect).
    const fixed = { ...p, emaxMas: p.emaxMas * FIXED_TONE.emaxFactor.value };
    const r = titrateToGoal(fixed, 100, 365, 1);
    const top = Math.max(...r.visits.map((v) => v.doseMcgPerDay));
    // Past the range only while increases still lower the (noisy) tone, then held: far short of the maximum.
    expect(top).toBeLessThanOrEqual(1.5 * policy.usualMaxMcgPerDay);
    expect(r.visits.some((v) => v.action === 'refractory')).toBe(true);
    expect(r.visits.at(-1)?.meanMas).toBeGreaterThan(policy.goalMeanMas);
  });

  it('never exceeds the library’s absolute daily maximum', () => {
    const resistant = { ...p, ec50UgPerMl: 50 };
    const r = titrateToGoal(resistant, 1500, 60, 1);
    expect(Math.max(...r.visits.map((v) => v.doseMcgPerDay))).toBeLessThanOrEqual(policy.maxMcgPerDay);
  });
});
