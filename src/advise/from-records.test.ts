import { describe, expect, it } from 'vitest';
import { masFromContinuous } from '../body/scales.ts';
import { samplePatient } from '../body/patient.ts';
import { DEFAULT_SCREENING_PROTOCOL, screeningTrial } from '../body/screening.ts';
import { fitTrial } from './fit.ts';
import { trialInputFromRecords, type TrialRecordLike } from './from-records.ts';

const DAY = 24 * 3600 * 1000;
const T0 = Date.parse('2026-03-02T08:00:00Z');
const grades = (mean: number) => [{ grade: masFromContinuous(mean) }, { grade: masFromContinuous(mean) }];

/** A simulated trial written as the clinic records it: one record per bolus, grades per muscle group. */
function records(): TrialRecordLike[] {
  const r = screeningTrial(samplePatient(5), { ...DEFAULT_SCREENING_PROTOCOL, seed: 5 });
  return r.days.map((d, i) => ({
    at: T0 + i * DAY,
    doseNg: d.doseMcg * 1000,
    volumeNl: Math.round(d.volumeMl * 1e6),
    method: 'lumbar-puncture',
    responded: d.responded,
    effectHours: d.responded ? d.effectHours : 0,
    assessments: [
      { minutesAfterDose: 0, mas: grades(d.preDose.meanMas) },
      ...d.assessments.map((a) => ({ minutesAfterDose: a.hours * 60, mas: grades(a.meanMas) })),
    ],
  }));
}

describe('trial input from clinic records', () => {
  it('maps bolus records to trial days with the pre-dose score, age and the responding dose, and fits', () => {
    const input = trialInputFromRecords({ etiology: 'spinal', birthDate: '1980-03-02' }, records(), 'UTC');
    expect(input.trial.population).toBe('adult-spinal');
    expect(Math.round(input.ageYears ?? 0)).toBe(46);
    expect(input.screeningDoseMcg).toBe(50);
    expect(input.trial.days[0]?.assessments.map((a) => a.hours)).toEqual(
      DEFAULT_SCREENING_PROTOCOL.assessmentHours,
    );
    expect(fitTrial(input.trial).observations).toBe(7);
  });

  it('refuses records without a response or without a pre-dose score', () => {
    const none = records().map((r) => ({ ...r, responded: false }));
    const noPre = records().map((r) => ({ ...r, assessments: r.assessments.slice(1) }));
    for (const bad of [none, noPre, []]) {
      expect(() =>
        trialInputFromRecords({ etiology: 'cerebral', birthDate: '2019-01-01' }, bad, 'UTC'),
      ).toThrow(expect.objectContaining({ code: 'ITB_E_ADVISE_INVALID_TRIAL' }));
    }
  });
});
