// The edges of each drug's label rules (docs/clinical-reference.md §1.3–§1.5, §2), for every drug of the
// library and every population, phase and origin its rules distinguish: a step the label allows is not
// blocked, one it forbids does not pass — at the boundary itself, not only well inside or outside it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DrugEntry, Population, StepGroup, TitrationPhase } from './drug.ts';
import { DRUG_IDS, getDrug, populationOf } from './drug-library.ts';
import { nanogramsPerDay } from './quantities.ts';
import { checkTitration, type Origin, type TitrationInput } from './titration.ts';

const codes = (r: { reasons: readonly { code: string }[] }) => r.reasons.map((x) => x.code);
const drugs = DRUG_IDS.filter((id) => id !== 'saline').map(getDrug);

/** A patient of each population the drug has a usual range for: origin and age. */
const WHO: Record<Population, { origin: Origin; ageYears: number }> = {
  'adult-spinal': { origin: 'spinal', ageYears: 40 },
  'adult-cerebral': { origin: 'cerebral', ageYears: 40 },
  'child-under-12': { origin: 'cerebral', ageYears: 8 },
};
const groupOf = (p: Population): StepGroup => (p === 'adult-spinal' ? 'spinal' : 'cerebral-or-child');

const cases = drugs.flatMap((drug) =>
  (Object.keys(drug.softDoseRange) as Population[]).flatMap((population) =>
    (['titration', 'maintenance'] as const).map((phase: TitrationPhase) => ({ drug, population, phase })),
  ),
);

/** An increase of `step` ng/day from `current`, on time and within the week's count, CNS depressants reviewed. */
function increase(
  drug: DrugEntry,
  population: Population,
  phase: TitrationPhase,
  current: number,
  step: number,
  extra: Partial<TitrationInput> = {},
) {
  expect(populationOf(WHO[population].origin, WHO[population].ageYears)).toBe(population);
  const perWeek = drug.titration.maxIncreasesPerWeek;
  return checkTitration({
    current: nanogramsPerDay(current),
    proposed: nanogramsPerDay(current + step),
    ...WHO[population],
    phase,
    hoursSinceLastChange: (
      drug.titration.recommendedHoursBetweenIncreases ?? drug.titration.minHoursBetweenIncreases
    ).value,
    increasesInPastWeek: perWeek === undefined ? 0 : perWeek.value - 1,
    opioidStatus: 'tolerant',
    cnsDepressantsReviewed: true,
    drug,
    ...extra,
  });
}

/** The largest step the rule lets through as ok, and the largest it does not refuse (ng/day). */
function edges(drug: DrugEntry, group: StepGroup, phase: TitrationPhase, current: number) {
  const inc = drug.titration.increase;
  if (inc.kind === 'absolute') return { ok: inc.max.value, notRefused: inc.max.value };
  const max = inc.steps[phase][group].value.max;
  return {
    ok: Math.floor((current * max) / 100),
    notRefused: Math.floor((current * max * inc.hardStepFactor.value) / 100),
  };
}

describe('every drug, population and phase at the edges of its label (property)', () => {
  it('the largest step the label allows, exactly on the interval and the last of the week, is ok', () => {
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.double({ min: 0, max: 0.4, noNaN: true }), (c, at) => {
        const usual = c.drug.softDoseRange[c.population]!.value;
        const current = Math.round(usual.min + at * (usual.max - usual.min));
        const step = edges(c.drug, groupOf(c.population), c.phase, current).ok;
        fc.pre(step > 0 && current + step <= usual.max);
        const r = increase(c.drug, c.population, c.phase, current, step);
        expect(
          r.verdict,
          `${c.drug.id} ${c.population} ${c.phase}: ${r.reasons.map((x) => x.message).join('; ')}`,
        ).toBe('ok');
      }),
    );
  });

  it('one more than the step the label refuses is blocked; the step at the refusal threshold is not refused', () => {
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.double({ min: 0, max: 0.4, noNaN: true }), (c, at) => {
        const usual = c.drug.softDoseRange[c.population]!.value;
        const current = Math.round(usual.min + at * (usual.max - usual.min));
        const { notRefused } = edges(c.drug, groupOf(c.population), c.phase, current);
        const refusal = ['ITB_R_TITRATION_FAR_ABOVE_STEP', 'ITB_R_TITRATION_ABOVE_LABEL_INCREMENT'];
        const at_ = codes(increase(c.drug, c.population, c.phase, current, notRefused));
        expect(at_.filter((x) => refusal.includes(x))).toEqual([]);
        const over = increase(c.drug, c.population, c.phase, current, notRefused + 1);
        expect(over.verdict).toBe('block');
        expect(codes(over).some((x) => refusal.includes(x))).toBe(true);
      }),
    );
  });

  it('an increase one hour before the interval ends, or past the week count, is blocked', () => {
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.constantFrom('soon' as const, 'often' as const), (c, why) => {
        const perWeek = c.drug.titration.maxIncreasesPerWeek;
        fc.pre(why === 'soon' || perWeek !== undefined);
        const usual = c.drug.softDoseRange[c.population]!.value;
        const step = Math.max(1, Math.floor(edges(c.drug, groupOf(c.population), c.phase, usual.min).ok / 2));
        const r = increase(
          c.drug,
          c.population,
          c.phase,
          usual.min,
          step,
          why === 'soon'
            ? { hoursSinceLastChange: c.drug.titration.minHoursBetweenIncreases.value - 1 }
            : { increasesInPastWeek: perWeek?.value ?? 0 },
        );
        expect(r.verdict).toBe('block');
        expect(codes(r)).toContain(
          why === 'soon' ? 'ITB_R_TITRATION_TOO_SOON' : 'ITB_R_TITRATION_WEEKLY_COUNT_REACHED',
        );
      }),
    );
  });
});

describe('starts and age floors at their edges, every drug', () => {
  const start = (drug: DrugEntry, proposed: number, extra: Partial<TitrationInput> = {}) =>
    checkTitration({
      current: nanogramsPerDay(0),
      proposed: nanogramsPerDay(proposed),
      origin: 'spinal',
      ageYears: 40,
      phase: 'titration',
      cnsDepressantsReviewed: true,
      drug,
      ...extra,
    });

  it('the largest labelled start passes its start rule; one ng/day more is blocked', () => {
    for (const drug of drugs) {
      const max = drug.titration.maxStartDose?.value;
      if (max !== undefined) {
        expect(codes(start(drug, max)), drug.id).not.toContain('ITB_R_START_ABOVE_LABEL_MAX');
        expect(start(drug, max + 1).verdict, drug.id).toBe('block');
      }
      const naive = drug.opioidStartRanges?.naive.value.max;
      if (naive !== undefined) {
        const at = start(drug, naive, { opioidStatus: 'naive' });
        expect(codes(at), drug.id).not.toContain('ITB_R_OPIOID_NAIVE_START_ABOVE_RANGE');
        expect(at.verdict, drug.id).not.toBe('block');
        expect(codes(start(drug, naive + 1, { opioidStatus: 'naive' })), drug.id).toContain(
          'ITB_R_OPIOID_NAIVE_START_ABOVE_RANGE',
        );
      }
    }
  });

  it('a patient at the label age floor is not warned of it; a day younger is', () => {
    for (const drug of drugs) {
      const floor = drug.ageFloorYears?.value;
      if (floor === undefined) continue;
      const usual = Object.values(drug.softDoseRange)[0]!.value;
      const at = (ageYears: number) =>
        codes(
          checkTitration({
            current: usual.min,
            proposed: usual.min,
            origin: 'spinal',
            ageYears,
            phase: 'maintenance',
            drug,
          }),
        );
      expect(at(floor), drug.id).not.toContain('ITB_R_AGE_BELOW_DRUG_LABEL');
      expect(at(floor - 1 / 365), drug.id).toContain('ITB_R_AGE_BELOW_DRUG_LABEL');
    }
  });
});
