import { describe, expect, it } from 'vitest';
import { advance, createBody, observe } from '../body/body.ts';
import { defaultPatient, samplePatient, type PatientParams } from '../body/patient.ts';
import { DEFAULT_SCREENING_PROTOCOL, screeningTrial } from '../body/screening.ts';
import { MS_PER_DAY, epochMs } from '../therapy/quantities.ts';
import { FITTED, fitTrial, patientAt, type TrialFit } from './fit.ts';
import type { TrialObservation } from './trial.ts';

const trialOf = (seed: number): { patient: PatientParams; trial: TrialObservation } => {
  const patient = samplePatient(seed);
  const r = screeningTrial(patient, { ...DEFAULT_SCREENING_PROTOCOL, seed });
  return { patient, trial: { population: 'adult-spinal', days: r.days, muscleGroups: 4 } };
};

/** Noise-free mean tone after two days of a constant infusion: the response the start dose acts on. */
const toneOnInfusion = (p: PatientParams, mcgPerDay: number): number => {
  const b = advance(
    createBody(p, epochMs(0)),
    { segments: [{ start: epochMs(0), end: epochMs(2 * MS_PER_DAY), ngPerDay: mcgPerDay * 1000 }] },
    epochMs(2 * MS_PER_DAY),
  );
  return observe(b).masContinuous;
};

const median = (a: readonly number[]): number =>
  [...a].sort((x, y) => x - y)[Math.floor((a.length - 1) / 2)] as number;
const p90 = (a: readonly number[]): number =>
  [...a].sort((x, y) => x - y)[Math.floor(0.9 * (a.length - 1))] as number;

describe('fit of the screening trial (MAP, population prior)', () => {
  // Stated error (docs/advice.md): over virtual patients whose kinetics also vary, the fitted patient predicts
  // tone on a 100–400 µg/day infusion within a median 0.3 and a 90th centile 0.7 MAS grade, and better than
  // the population's typical patient; baseline and Emax are recovered within the stated log errors.
  it('recovers virtual patients’ dose response from their simulated trials within the stated error', () => {
    const fitErr: number[] = [];
    const priorErr: number[] = [];
    const logErr: Record<string, number[]> = {};
    for (let seed = 2000; seed < 2024; seed++) {
      const { patient, trial } = trialOf(seed);
      const fit = fitTrial(trial);
      const fitted = patientAt('adult-spinal', fit.zMap);
      for (const n of FITTED) (logErr[n] ??= []).push(Math.abs(Math.log(fit.map[n] / patient[n])));
      for (const dose of [100, 200, 400]) {
        const truth = toneOnInfusion(patient, dose);
        fitErr.push(Math.abs(toneOnInfusion(fitted, dose) - truth));
        priorErr.push(Math.abs(toneOnInfusion(defaultPatient(), dose) - truth));
      }
    }
    expect(median(fitErr)).toBeLessThan(0.3);
    expect(p90(fitErr)).toBeLessThan(0.7);
    expect(median(fitErr)).toBeLessThan(median(priorErr));
    expect(median(logErr.baselineMas as number[])).toBeLessThan(0.04);
    expect(median(logErr.emaxMas as number[])).toBeLessThan(0.12);
  }, 60_000);

  it('is deterministic: the same trial gives the same fit', () => {
    const { trial } = trialOf(7);
    const a: TrialFit = fitTrial(trial);
    expect(fitTrial(trial)).toEqual(a);
  });

  it('narrows the prior where the trial informs it', () => {
    const fit = fitTrial(trialOf(3).trial);
    expect(fit.posteriorOmega.baselineMas).toBeLessThan(fit.priors.baselineMas.omega);
    expect(fit.posteriorOmega.emaxMas).toBeLessThan(fit.priors.emaxMas.omega);
  });

  it('refuses a malformed trial with ITB_E_ADVISE_INVALID_TRIAL', () => {
    const { trial } = trialOf(1);
    const day = trial.days[0] as TrialObservation['days'][number];
    for (const bad of [
      { ...trial, days: [] },
      { ...trial, muscleGroups: 0 },
      { ...trial, days: [{ ...day, doseMcg: 5000 }] },
      { ...trial, days: [{ ...day, preDose: { meanMas: 7 } }] },
      {
        ...trial,
        days: [
          {
            ...day,
            assessments: [
              { hours: 2, meanMas: 2 },
              { hours: 1, meanMas: 2 },
            ],
          },
        ],
      },
    ]) {
      expect(() => fitTrial(bad as TrialObservation)).toThrow(
        expect.objectContaining({ code: 'ITB_E_ADVISE_INVALID_TRIAL' }),
      );
    }
  });

  describe('follow-up tone scores are fitted', () => {
    // The infusion starts two days after the last bolus at 200 µg/day; tone is scored on day 3 of it.
    const withFollowUp = (trial: TrialObservation, meanMas: number): TrialObservation => {
      const start = (trial.days.at(-1)?.givenAtHours ?? 0) + 48;
      return {
        ...trial,
        infusion: {
          doses: [{ fromHours: start, doseMcgPerDay: 200 }],
          assessments: [{ hours: start + 72, meanMas }],
        },
      };
    };
    const predictedAt200 = (fit: TrialFit): number =>
      toneOnInfusion(patientAt('adult-spinal', fit.zMap), 200);

    it('a follow-up assessment moves the fit in the right direction', () => {
      const { trial } = trialOf(7);
      const before = fitTrial(trial);
      const expected = predictedAt200(before);
      // Tone higher on the infusion than the trial's fit predicts: the refit predicts more tone at that dose
      // (which parameter moves — EC50 or Emax — the data near the plateau cannot say; the prediction can).
      const higher = fitTrial(withFollowUp(trial, Math.min(4, expected + 1)));
      expect(higher.observations).toBe(before.observations + 1);
      expect(predictedAt200(higher)).toBeGreaterThan(expected + 0.2);
      // Lower than predicted: less tone.
      const lower = fitTrial(withFollowUp(trial, Math.max(0, expected - 1)));
      expect(predictedAt200(lower)).toBeLessThan(expected - 0.2);
    });

    it('refuses an infusion that starts before the last bolus or a dose above the hard maximum', () => {
      const { trial } = trialOf(1);
      const ok = withFollowUp(trial, 2);
      const inf = ok.infusion as NonNullable<TrialObservation['infusion']>;
      for (const bad of [
        { ...ok, infusion: { ...inf, doses: [{ fromHours: 0, doseMcgPerDay: 200 }] } },
        { ...ok, infusion: { ...inf, doses: [{ ...inf.doses[0], doseMcgPerDay: 5000 }] } },
        { ...ok, infusion: { ...inf, assessments: [{ hours: 1, meanMas: 2 }] } },
        { ...ok, infusion: { ...inf, assessments: [{ ...inf.assessments[0], meanMas: 5 }] } },
      ]) {
        expect(() => fitTrial(bad as TrialObservation)).toThrow(
          expect.objectContaining({ code: 'ITB_E_ADVISE_INVALID_TRIAL' }),
        );
      }
    });

    it('a follow-up assessment records overdose signs as true or false, and the fit keeps the dose they were seen at', () => {
      const { trial } = trialOf(1);
      const ok = withFollowUp(trial, 2);
      const inf = ok.infusion as NonNullable<TrialObservation['infusion']>;
      const start = inf.doses[0]?.fromHours as number;
      const signs = {
        ...ok,
        infusion: {
          doses: [...inf.doses, { fromHours: start + 96, doseMcgPerDay: 240 }],
          assessments: [
            { ...inf.assessments[0], overdoseSigns: false },
            { hours: start + 120, meanMas: 1, overdoseSigns: true },
          ],
        },
      } as TrialObservation;
      expect(fitTrial(signs).sedatingDosesMcgPerDay).toEqual([240]);
      expect(fitTrial(ok).sedatingDosesMcgPerDay).toEqual([]);
      for (const value of ['yes', 1, null]) {
        const bad = {
          ...ok,
          infusion: { ...inf, assessments: [{ ...inf.assessments[0], overdoseSigns: value }] },
        };
        expect(() => fitTrial(bad as unknown as TrialObservation)).toThrow(
          /overdoseSigns must be true or false/,
        );
        expect(() => fitTrial(bad as unknown as TrialObservation)).toThrow(
          expect.objectContaining({ code: 'ITB_E_ADVISE_INVALID_TRIAL' }),
        );
      }
    });
  });
});
