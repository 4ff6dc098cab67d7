import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { samplePatient } from '../body/patient.ts';
import { DEFAULT_SCREENING_PROTOCOL, screeningTrial } from '../body/screening.ts';
import { getDrug } from '../therapy/drug-library.ts';
import { mcgPerDay } from '../therapy/quantities.ts';
import { checkTitration, type Origin, type TitrationRules } from '../therapy/titration.ts';
import { sideEffectReductionPercent } from '../therapy/titration-steps.ts';
import { advise, type Advice, type AdviceRequest } from './advice.ts';
import { fitTrial, type TrialFit } from './fit.ts';
import type { FollowUpAssessment, TrialObservation } from './trial.ts';

interface Fitted {
  readonly trial: TrialObservation;
  readonly fit: TrialFit;
  readonly doseMcg: number;
  readonly effectHours: number;
}

/** Responders among the first virtual patients, fitted once (a fit takes ~0.1 s). */
const RESPONDERS: readonly Fitted[] = [1, 2, 3, 5, 6, 8].flatMap((seed) => {
  const r = screeningTrial(samplePatient(seed), { ...DEFAULT_SCREENING_PROTOCOL, seed });
  if (r.decision.kind !== 'responder') return [];
  const trial: TrialObservation = { population: 'adult-spinal', days: r.days, muscleGroups: 4 };
  return [
    {
      trial,
      fit: fitTrial(trial),
      doseMcg: r.decision.doseMcg,
      effectHours: Math.max(1, r.decision.effectHours),
    },
  ];
});

const requestOf = (f: Fitted, extra: Partial<AdviceRequest> = {}): AdviceRequest => ({
  fit: f.fit,
  screeningDoseMcg: f.doseMcg,
  effectHours: f.effectHours,
  origin: 'spinal',
  samples: 12,
  seed: 1,
  ...extra,
});

/** A clinic's edited copy of baclofen's rules with another titration step range. */
function rulesWithSteps(min: number, max: number): TitrationRules {
  const base = getDrug('baclofen').titration;
  if (base.increase.kind !== 'percent') throw new Error('baclofen steps are percentages');
  const steps = base.increase.steps;
  const range = { ...steps.titration.spinal, value: { min, max } };
  return {
    ...base,
    increase: {
      ...base.increase,
      steps: { ...steps, titration: { spinal: range, 'cerebral-or-child': range } },
    },
  };
}

/** The label's reduction for side effects, from the drug library (the advice must use the same one). */
const REDUCTION = (() => {
  const r = sideEffectReductionPercent(getDrug('baclofen').titration);
  if (r === null) throw new Error('baclofen has a reduction rule');
  return r.percent;
})();

type Dose = { readonly day: number; readonly doseMcgPerDay: number };

/**
 * The path continued on `today` after the doses `given` (day 0 = the infusion's start, two days after the
 * last bolus) with follow-up assessments on `days` of the infusion, fitted.
 */
function continuedAfter(
  f: Fitted,
  doses: readonly Dose[],
  today: number,
  assessments: readonly (Omit<FollowUpAssessment, 'hours'> & { readonly day: number })[],
  extra: Partial<AdviceRequest> = {},
): Advice {
  const start = (f.trial.days.at(-1)?.givenAtHours ?? 0) + 48;
  const infusion = {
    doses: doses.map((d) => ({ fromHours: start + d.day * 24, doseMcgPerDay: d.doseMcgPerDay })),
    assessments: assessments.map(({ day, ...a }) => ({ ...a, hours: start + day * 24 })),
  };
  return advise(requestOf(f, { fit: fitTrial({ ...f.trial, infusion }), given: { doses, today }, ...extra }));
}

/** A responder's first advised path as the doses given. */
const givenPath = (f: Fitted): Dose[] =>
  advise(requestOf(f)).steps.map((s) => ({ day: s.day, doseMcgPerDay: s.doseMcgPerDay }));

describe('advice: start dose and titration path', () => {
  it('the advice never proposes a step the guardrails block', () => {
    expect(RESPONDERS.length).toBeGreaterThanOrEqual(4);
    let proposedIncreases = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...RESPONDERS),
        fc.constantFrom<Origin>('spinal', 'cerebral'),
        fc.option(fc.integer({ min: 4, max: 80 }), { nil: undefined }),
        fc.double({ min: 0.2, max: 2.5, noNaN: true }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 1000 }),
        (f, origin, ageYears, goal, min, extra, seed) => {
          const rules = rulesWithSteps(min, min + extra);
          const advice = advise(
            requestOf(f, {
              origin,
              ...(ageYears === undefined ? {} : { ageYears }),
              goalMeanMas: goal,
              rules,
              maxSteps: 8,
              samples: 6,
              seed,
            }),
          );
          for (const [i, step] of advice.steps.entries()) {
            expect(step.guardrail.verdict).not.toBe('block');
            if (i === 0) continue;
            proposedIncreases += 1;
            const previous = advice.steps[i - 1] as (typeof advice.steps)[number];
            const increases = advice.steps.filter((s, k) => k > 0 && k < i && s.day > step.day - 7).length;
            // Re-checked here from scratch, so the advice cannot pass itself.
            const again = checkTitration({
              current: mcgPerDay(previous.doseMcgPerDay),
              proposed: mcgPerDay(step.doseMcgPerDay),
              origin,
              ...(ageYears === undefined ? {} : { ageYears }),
              hoursSinceLastChange: (step.day - previous.day) * 24,
              increasesInPastWeek: increases,
              phase: 'titration',
              rules,
            });
            expect(again.verdict).toBe('ok');
          }
        },
      ),
      { numRuns: 25, seed: 15 },
    );
    // The property is about increases: the runs must have proposed some.
    expect(proposedIncreases).toBeGreaterThan(10);
  }, 60_000);

  it('keeps every proposed increase within the overdose limit', () => {
    for (const f of RESPONDERS) {
      const advice = advise(requestOf(f, { goalMeanMas: 0.5, overdoseLimit: 0.1 }));
      for (const s of advice.steps.slice(1)) expect(s.overdoseProbability).toBeLessThanOrEqual(0.1);
    }
  });

  it('starts at 1 × the screening dose when the fit predicts overdose signs at the label’s 2 ×', () => {
    const risky = RESPONDERS.map((f) => ({ f, a: advise(requestOf(f, { samples: 40 })) })).find(
      ({ a }) => (a.steps[0]?.overdoseProbability ?? 0) > 0,
    );
    expect(risky).toBeDefined();
    const { f } = risky as { f: Fitted };
    const advice = advise(requestOf(f, { samples: 40, overdoseLimit: 0.001 }));
    expect(advice.steps[0]?.doseMcgPerDay).toBe(f.doseMcg);
    expect(advice.steps[0]?.reasons.map((r) => r.code)).toContain('ITB_R_ADVISE_START_LOWERED');
  });

  it('gives no dose when the label’s start-dose rule refuses one', () => {
    const f = RESPONDERS[0] as Fitted;
    const advice = advise(requestOf(f, { screeningDoseMcg: 1500 }));
    expect(advice.steps).toEqual([]);
    expect(advice.reasons.map((r) => r.code)).toContain('ITB_R_DOSE_ABOVE_HARD_LIMIT');
  });

  it('the advice said "117 µg/day" where every page says mcg: no word of it uses µg, which reads as mg by hand (ISMP error-prone abbreviations)', () => {
    const words: string[] = [];
    for (const f of RESPONDERS) {
      const advice = advise(requestOf(f, { goalMeanMas: 0.5 }));
      JSON.stringify(advice, (_k, v: unknown) => {
        if (typeof v === 'string') words.push(v);
        return v;
      });
    }
    expect(words.some((w) => /mcg\/day/.test(w))).toBe(true);
    expect(words.filter((w) => w.includes('µg'))).toEqual([]);
    const f = RESPONDERS[0] as Fitted;
    expect(() => advise(requestOf(f, { screeningDoseMcg: -1 }))).toThrow(/mcg/);
  });

  it('is deterministic for a seed', () => {
    const f = RESPONDERS[1] as Fitted;
    expect(advise(requestOf(f, { seed: 9 }))).toEqual(advise(requestOf(f, { seed: 9 })));
  });

  it('refuses a bad request with ITB_E_ADVISE_INVALID_REQUEST and changes nothing', () => {
    const f = RESPONDERS[0] as Fitted;
    for (const bad of [
      { goalMeanMas: 5 },
      { overdoseLimit: 0 },
      { samples: 0 },
      { screeningDoseMcg: -1 },
      { effectHours: 0 },
      { given: { doses: [], today: 3 } },
      { given: { doses: [{ day: 0, doseMcgPerDay: 100 }], today: 0 } },
      {
        given: {
          doses: [
            { day: 0, doseMcgPerDay: 100 },
            { day: 5, doseMcgPerDay: 120 },
          ],
          today: 4,
        },
      },
    ]) {
      expect(() => advise(requestOf(f, bad))).toThrow(
        expect.objectContaining({ code: 'ITB_E_ADVISE_INVALID_REQUEST' }),
      );
    }
  });

  it('follow-up tone scores are fitted: the path continued from today moves with the follow-up assessment', () => {
    const f = RESPONDERS[0] as Fitted;
    const first = advise(requestOf(f));
    const last = first.steps.at(-1) as (typeof first.steps)[number];
    // The patient followed the path, then held its last dose for a week; tone is scored today.
    const given = {
      doses: first.steps.map((s) => ({ day: s.day, doseMcgPerDay: s.doseMcgPerDay })),
      today: last.day + 7,
    };
    const start = (f.trial.days.at(-1)?.givenAtHours ?? 0) + 48;
    const continuedWith = (meanMas: number) => {
      const infusion = {
        doses: given.doses.map((d) => ({ fromHours: start + d.day * 24, doseMcgPerDay: d.doseMcgPerDay })),
        assessments: [{ hours: start + given.today * 24, meanMas }],
      };
      return advise(requestOf(f, { fit: fitTrial({ ...f.trial, infusion }), given }));
    };
    const high = continuedWith(3);
    const atGoal = continuedWith(1);
    for (const a of [high, atGoal]) {
      expect(a.steps[0]).toMatchObject({ day: given.today, doseMcgPerDay: last.doseMcgPerDay });
      expect(a.steps[0]?.reasons.map((r) => r.code)).toContain('ITB_R_ADVISE_CONTINUED');
      for (const s of a.steps) expect(s.guardrail.verdict).toBe('ok');
    }
    // Tone still high on the dose: the re-fitted path goes on increasing; at goal it holds the dose.
    expect(high.steps.length).toBeGreaterThan(1);
    expect(high.steps.at(-1)?.doseMcgPerDay).toBeGreaterThan(last.doseMcgPerDay);
    expect(atGoal.steps.at(-1)?.doseMcgPerDay).toBeLessThan(high.steps.at(-1)?.doseMcgPerDay as number);
  });

  it('the advised path held a dose at which the patient showed overdose signs: it reduces by the label’s step the same day', () => {
    const f = RESPONDERS[0] as Fitted;
    const doses = givenPath(f);
    const last = doses.at(-1) as Dose;
    const today = last.day + 7;
    // Drowsy today on the path's last dose, tone still above the goal: the label reduces, it does not climb.
    const a = continuedAfter(f, doses, today, [{ day: today, meanMas: 2.5, overdoseSigns: true }]);
    expect(a.steps[0]).toMatchObject({ day: today, doseMcgPerDay: last.doseMcgPerDay });
    const reduced = a.steps[1];
    expect(reduced).toMatchObject({
      day: today,
      doseMcgPerDay: Math.round(last.doseMcgPerDay * (1 - REDUCTION / 100)),
    });
    // −15 % of the dose, rounded to whole mcg/day.
    expect(Math.abs((reduced?.changePercent ?? 0) + REDUCTION)).toBeLessThan(1);
    // The step itself is within the label's 10–20 %; the guardrails may warn that the dose is below the usual range.
    expect(reduced?.guardrail.verdict).not.toBe('block');
    expect(reduced?.guardrail.reasons.map((r) => [r.code, r.severity])).toContainEqual([
      'ITB_R_TITRATION_WITHIN_STEP',
      'ok',
    ]);
    expect(reduced?.reasons.map((r) => [r.code, r.severity])).toEqual([['ITB_R_ADVISE_REDUCED', 'warn']]);
    expect(reduced?.reasons[0]?.message).toMatch(
      new RegExp(`overdose signs were recorded at ${last.doseMcgPerDay} mcg/day: reduce by ${REDUCTION} %`),
    );
    for (const s of a.steps.slice(1)) expect(s.doseMcgPerDay).toBeLessThan(last.doseMcgPerDay);
  });

  it('the continued path stepped back up to a dose that had sedated', () => {
    const f = RESPONDERS[0] as Fitted;
    const path = givenPath(f);
    const last = path.at(-1) as Dose;
    // Drowsy three days after the path ended; the clinic reduced that day; a week later tone is back up.
    const sedated = last.day + 3;
    const doses = [
      ...path,
      { day: sedated, doseMcgPerDay: Math.round(last.doseMcgPerDay * (1 - REDUCTION / 100)) },
    ];
    const today = sedated + 7;
    const a = continuedAfter(
      f,
      doses,
      today,
      [
        { day: sedated, meanMas: 1.5, overdoseSigns: true },
        { day: today, meanMas: 3, overdoseSigns: false },
      ],
      { overdoseLimit: 0.99 },
    );
    expect(a.steps[0]?.reasons.map((r) => r.code)).toContain('ITB_R_ADVISE_CONTINUED');
    // With the predicted-risk limit out of the way (the recorded signs make the fitted patient sensitive),
    // the recorded dose alone holds it: it still titrates toward the goal, but only below the dose that sedated.
    expect(a.steps.slice(1).some((s) => (s.changePercent ?? 0) > 0)).toBe(true);
    for (const s of a.steps) expect(s.doseMcgPerDay).toBeLessThan(last.doseMcgPerDay);
  });

  it('property: a continued path never proposes a step the guardrails block and never reaches a dose recorded with overdose signs', () => {
    const paths = new Map(RESPONDERS.map((f) => [f, givenPath(f)]));
    let reductions = 0;
    let increases = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...RESPONDERS),
        fc.constantFrom(1, 1.1, 1.25),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        fc.double({ min: 0.5, max: 3.5, noNaN: true }),
        fc.double({ min: 0.5, max: 2, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        (f, raise, held, pick, meanMas, goal, seed) => {
          // The first path, held, then maybe raised by the clinic two days after it ended.
          const path = paths.get(f) as Dose[];
          const last = path.at(-1) as Dose;
          const doses =
            raise === 1
              ? path
              : [...path, { day: last.day + 2, doseMcgPerDay: Math.round(last.doseMcgPerDay * raise) }];
          const today = last.day + 2 + held;
          // Overdose signs recorded on one day of the infusion, at the dose then in force.
          const signsDay = 1 + (pick % today);
          const doseOn = (day: number): number =>
            doses.reduce((d, x) => (x.day <= day ? x.doseMcgPerDay : d), doses[0]?.doseMcgPerDay ?? 0);
          const ceiling = doseOn(signsDay);
          const a = continuedAfter(f, doses, today, [{ day: signsDay, meanMas, overdoseSigns: true }], {
            goalMeanMas: goal,
            maxSteps: 8,
            samples: 6,
            seed,
          });
          const steps = a.steps;
          expect(steps[0]).toMatchObject({ day: today, doseMcgPerDay: doseOn(today) });
          for (const [i, step] of steps.entries()) {
            expect(step.guardrail.verdict).not.toBe('block');
            if (i === 0) continue;
            const previous = steps[i - 1] as (typeof steps)[number];
            // Re-checked here from scratch, so the advice cannot pass itself.
            const again = checkTitration({
              current: mcgPerDay(previous.doseMcgPerDay),
              proposed: mcgPerDay(step.doseMcgPerDay),
              origin: 'spinal',
              hoursSinceLastChange: (step.day - previous.day) * 24,
              increasesInPastWeek: 0,
              phase: 'titration',
            });
            expect(again.verdict).not.toBe('block');
            if (step.doseMcgPerDay > previous.doseMcgPerDay) {
              increases += 1;
              expect(again.verdict).toBe('ok');
              expect(step.doseMcgPerDay).toBeLessThan(ceiling);
              expect(step.day).toBeGreaterThan(previous.day);
            } else {
              // Only a reduction may sit at or above the dose that sedated, and only on the way down.
              reductions += 1;
              expect(step.reasons.map((r) => r.code)).toContain('ITB_R_ADVISE_REDUCED');
              expect(previous.doseMcgPerDay).toBeGreaterThanOrEqual(ceiling);
            }
          }
          // A path that began at or above the dose that sedated reduces the same day, and ends below it.
          if ((steps[0]?.doseMcgPerDay ?? 0) >= ceiling) expect(steps[1]?.day).toBe(today);
          expect(steps.at(-1)?.doseMcgPerDay).toBeLessThan(ceiling);
        },
      ),
      { numRuns: 20, seed: 19 },
    );
    // Both sides of the property were exercised.
    expect(reductions).toBeGreaterThan(5);
    expect(increases).toBeGreaterThan(5);
  }, 120_000);

  it('recorded sedation moves the predicted chance of overdose signs: signs at a follow-up raise it, none at a high dose lower it', () => {
    const f = RESPONDERS[0] as Fitted;
    // Three days on 300 mcg/day after 100: is the patient drowsy today?
    const doses = [
      { day: 0, doseMcgPerDay: 100 },
      { day: 3, doseMcgPerDay: 300 },
    ];
    const today = 6;
    const on = (overdoseSigns?: boolean) => {
      const a = { day: today, meanMas: 1, ...(overdoseSigns === undefined ? {} : { overdoseSigns }) };
      const start = (f.trial.days.at(-1)?.givenAtHours ?? 0) + 48;
      const fit = fitTrial({
        ...f.trial,
        infusion: {
          doses: doses.map((d) => ({ fromHours: start + d.day * 24, doseMcgPerDay: d.doseMcgPerDay })),
          assessments: [{ ...a, hours: start + today * 24 }],
        },
      });
      const advice = advise(requestOf(f, { fit, given: { doses, today }, samples: 40 }));
      return { fit, today: advice.steps[0]?.overdoseProbability as number };
    };
    const unrecorded = on();
    const drowsy = on(true);
    const alert = on(false);
    expect(drowsy.today).toBeGreaterThan(unrecorded.today);
    expect(alert.today).toBeLessThan(unrecorded.today);
    // Drowsy: a more sensitive patient than the population's typical (lower sedation EC50), and the reverse.
    expect(unrecorded.fit.sedation).toBeNull();
    expect(drowsy.fit.sedation?.map).toBeLessThan(drowsy.fit.sedation?.prior.median as number);
    expect(alert.fit.sedation?.map).toBeGreaterThan(alert.fit.sedation?.prior.median as number);
    expect(alert.fit.sedation?.posteriorSd).toBeLessThan(1);
  });

  it('a patient drowsy below the goal (issue 13): the advice holds the start dose and says the goal cannot be reached without sedation', () => {
    // Responder 2's twelve posterior draws (seed 1) include one sensitive to sedation who turns drowsy on
    // the first increase: 1 in 12 is above the 5 % limit. Such a patient is an outcome to report, not exclude.
    const f = RESPONDERS[1] as Fitted;
    const advice = advise(requestOf(f));
    const start = advice.steps[0];
    expect(advice.steps).toHaveLength(1);
    expect(start?.predictedMeanMas).toBeGreaterThan(advice.goalMeanMas);
    expect(advice.goalDay).toBeNull();
    expect(advice.reasons.map((r) => [r.code, r.severity])).toEqual([['ITB_R_ADVISE_STOPPED', 'warn']]);
    const m =
      /^no further step on day 1: even the smallest step the guardrails allow predicts overdose signs in (\d+) % \(limit 5 %\): the goal cannot be reached without sedation/.exec(
        advice.reasons[0]?.message ?? '',
      );
    expect(Number(m?.[1])).toBeGreaterThan(5);
  });
});
