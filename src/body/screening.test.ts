// docs/clinical-reference.md §1.1 [C: Lioresal Intrathecal / Gablofen labels; Boster 2016]: 50 → 75 → 100 µg, 24 h apart,
// scored at least twice within 4 h; no response to 100 µg → not a candidate; 25 µg for small children.
// §1.3: the first daily dose is 2× the effective screening dose (1× if its effect lasted > 8 h).
import { describe, expect, it } from 'vitest';
import { defaultPatient } from './patient.ts';
import { FIXED_TONE } from './parameters.ts';
import { DEFAULT_SCREENING_PROTOCOL, SMALL_CHILD_SCREENING_PROTOCOL, screeningTrial } from './screening.ts';

describe('screeningTrial', () => {
  it('the typical adult responds to 50 µg; the start dose follows the label rule', () => {
    const r = screeningTrial(defaultPatient());
    expect(r.decision.kind).toBe('responder');
    if (r.decision.kind !== 'responder') return;
    expect(r.decision.doseMcg).toBe(50);
    const expected = r.decision.effectHours > 8 ? 50 : 100;
    expect(r.decision.startDoseMcgPerDay).toBe(expected);
    expect(r.days).toHaveLength(1);
    expect(r.days[0]?.assessments.filter((a) => a.hours <= 4).length).toBeGreaterThanOrEqual(2);
    expect(r.reasons.map((x) => x.code)).toEqual(['ITB_R_SCREEN_RESPONSE', 'ITB_R_SCREEN_START_DOSE']);
  });

  it('a patient with mostly fixed tone gets 50, 75 and 100 µg 24 h apart, then is not a candidate', () => {
    const p = { ...defaultPatient(), emaxMas: defaultPatient().emaxMas * FIXED_TONE.emaxFactor.value };
    const r = screeningTrial(p);
    expect(r.decision.kind).toBe('non-candidate');
    expect(r.days.map((d) => [d.doseMcg, d.givenAtHours])).toEqual([
      [50, 0],
      [75, 24],
      [100, 48],
    ]);
    expect(r.reasons.at(-1)).toMatchObject({ code: 'ITB_R_SCREEN_NON_CANDIDATE', severity: 'block' });
  });

  it('starts small children at 25 µg, in a smaller volume of the 50 µg/mL solution', () => {
    const r = screeningTrial(defaultPatient('child-under-12'), SMALL_CHILD_SCREENING_PROTOCOL);
    expect(r.days[0]).toMatchObject({ doseMcg: 25, volumeMl: 0.5 });
  });

  it('is reproducible for a seed (rater noise is seeded)', () => {
    expect(screeningTrial(defaultPatient(), { ...DEFAULT_SCREENING_PROTOCOL, seed: 9 })).toEqual(
      screeningTrial(defaultPatient(), { ...DEFAULT_SCREENING_PROTOCOL, seed: 9 }),
    );
  });

  it.each([
    { dosesMcg: [] },
    { dosesMcg: [50, -75] },
    { assessmentHours: [1, 6, 8] },
    { assessmentHours: [2, 1, 4] },
    { assessmentHours: [1, 2, 30] },
    { minAssessments: 9 },
    { muscleGroups: 0 },
  ])('refuses a malformed protocol %o', (change) => {
    expect(() => screeningTrial(defaultPatient(), { ...DEFAULT_SCREENING_PROTOCOL, ...change })).toThrow(
      expect.objectContaining({ code: 'ITB_E_BODY_INVALID_PROTOCOL' }),
    );
  });
});
