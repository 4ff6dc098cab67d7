// Parameters are data with sources and tags (docs/clinical-reference.md preamble: [C], [U], [A]); patients are seeded
// samples around the population's typical values; children scale with CSF volume (docs/clinical-reference.md §4).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXED_TONE, PARAMETERS, STAGE_THRESHOLDS } from './parameters.ts';
import { defaultPatient, samplePatient, validatePatient } from './patient.ts';

describe('parameters', () => {
  it('give every value a source and a confidence tag', () => {
    const all = [
      ...Object.values(PARAMETERS),
      ...Object.values(FIXED_TONE),
      ...Object.values(STAGE_THRESHOLDS.withdrawal),
      ...Object.values(STAGE_THRESHOLDS.overdose),
    ];
    for (const v of all) {
      expect(['C', 'U', 'A']).toContain(v.confidence);
      expect(v.source.length).toBeGreaterThan(10);
      expect(Number.isFinite(v.value)).toBe(true);
    }
  });
});

describe('patients', () => {
  it('the typical adult carries the table’s values', () => {
    const p = defaultPatient();
    expect(p.spinalVolumeMl).toBe(PARAMETERS.spinalVolumeMl.value);
    expect(p.ec50UgPerMl).toBe(PARAMETERS.ec50UgPerMl.value);
    expect(p.population).toBe('adult-spinal');
  });

  it('sampling is deterministic per seed and varies between seeds', () => {
    expect(samplePatient(11)).toEqual(samplePatient(11));
    expect(samplePatient(11).ec50UgPerMl).not.toBe(samplePatient(12).ec50UgPerMl);
  });

  it('children have smaller CSF volumes and slower CSF flows than adults', () => {
    const child = defaultPatient('child-under-12');
    const adult = defaultPatient();
    expect(child.spinalVolumeMl).toBeLessThan(adult.spinalVolumeMl);
    expect(child.spinalClearanceMlPerH / child.spinalVolumeMl).toBeCloseTo(
      adult.spinalClearanceMlPerH / adult.spinalVolumeMl,
      12,
    );
  });

  it('every sampled patient is valid, scores capped at the top of their scales (property)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.constantFrom('adult-spinal', 'adult-cerebral', 'child-under-12' as const),
        (seed, pop) => {
          const p = validatePatient(samplePatient(seed, pop));
          expect(p.baselineMas).toBeLessThanOrEqual(4);
          expect(p.toleranceMax).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses a patient with a missing or non-physical parameter', () => {
    expect(() => validatePatient({ ...defaultPatient(), hill: 0 })).toThrow(
      expect.objectContaining({ code: 'ITB_E_BODY_INVALID_PATIENT' }),
    );
    expect(() => validatePatient({ ...defaultPatient(), toleranceMax: 0.5 })).toThrow(
      expect.objectContaining({ code: 'ITB_E_BODY_INVALID_PATIENT' }),
    );
  });
});
