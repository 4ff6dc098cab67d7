// Each drug is titrated, started and refilled by its own label (docs/clinical-reference.md §2), not by
// baclofen's: the findings as named cases, then properties over every drug in the library.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DrugEntry } from './drug.ts';
import { DRUG_IDS, getDrug } from './drug-library.ts';
import { checkPrescriptionStep, checkStartPrescription } from './prescription-change.ts';
import { prescriptionFromJson } from './prescription-json.ts';
import { projectReservoir } from './projection.ts';
import { MS_PER_DAY, epochMs, mcgPerDay, mcgPerMl, mlToNl, nanogramsPerDay } from './quantities.ts';
import { checkTitration, type TitrationInput } from './titration.ts';

const ziconotide = getDrug('ziconotide');
const morphine = getDrug('morphine');
const codes = (r: { reasons: readonly { code: string }[] }) => r.reasons.map((x) => x.code);
const zico = (from: number, to: number, extra: Partial<TitrationInput> = {}) =>
  checkTitration({
    current: mcgPerDay(from),
    proposed: mcgPerDay(to),
    origin: 'spinal',
    phase: 'titration',
    ageYears: 50,
    increasesInPastWeek: 0,
    drug: ziconotide,
    ...extra,
  });

describe('ziconotide is titrated by its own label [C: Prialt label §2.2]', () => {
  it('ziconotide 2.4 → 4.8 mcg/day after 72 h is allowed (the label increment of 2.4 mcg/day)', () => {
    const r = zico(2.4, 4.8, { hoursSinceLastChange: 72, cnsDepressantsReviewed: true });
    expect(r.verdict).toBe('ok');
  });

  it('ziconotide 14.4 → 16.8 mcg/day 24 h after the last increase passed without a word: allowed (minimum 24 h, Prialt label section 14) but warned, the EU label recommending 48 h or more', () => {
    const r = zico(14.4, 16.8, {
      hoursSinceLastChange: 24,
      increasesInPastWeek: 1,
      cnsDepressantsReviewed: true,
    });
    expect(r.verdict).toBe('warn');
    expect(r.reasons.filter((x) => x.severity !== 'ok').map((x) => x.code)).toEqual([
      'ITB_R_TITRATION_SOONER_THAN_RECOMMENDED',
    ]);
    const at48 = zico(14.4, 16.8, {
      hoursSinceLastChange: 48,
      increasesInPastWeek: 1,
      cnsDepressantsReviewed: true,
    });
    expect(at48.verdict).toBe('ok');
  });

  it('ziconotide 14.4 → 16.8 mcg/day 23 h after the last increase is blocked (minimum interval 24 h)', () => {
    const r = zico(14.4, 16.8, { hoursSinceLastChange: 23 });
    expect(r.verdict).toBe('block');
    expect(codes(r)).toContain('ITB_R_TITRATION_TOO_SOON');
  });

  it('ziconotide: three increases two days apart pass, the fourth within 7 days is blocked (no more than 2–3 times per week)', () => {
    const step = (n: number) =>
      zico(2.4 * (n + 1), 2.4 * (n + 2), {
        hoursSinceLastChange: 48,
        increasesInPastWeek: n,
        cnsDepressantsReviewed: true,
      });
    expect([0, 1, 2].map((n) => step(n).verdict)).toEqual(['ok', 'ok', 'ok']);
    expect(step(3).verdict).toBe('block');
    expect(codes(step(3))).toContain('ITB_R_TITRATION_WEEKLY_COUNT_REACHED');
  });

  it('ziconotide: an increase above 2.4 mcg/day is blocked whatever its percentage', () => {
    const r = zico(14.4, 17, { hoursSinceLastChange: 96 });
    expect(r.verdict).toBe('block');
    expect(codes(r)).toContain('ITB_R_TITRATION_ABOVE_LABEL_INCREMENT');
  });

  it('ziconotide: a fourth increase within 7 days is blocked; an unknown count warns', () => {
    expect(codes(zico(4.8, 7.2, { hoursSinceLastChange: 48, increasesInPastWeek: 3 }))).toContain(
      'ITB_R_TITRATION_WEEKLY_COUNT_REACHED',
    );
    const unknown = checkTitration({
      current: mcgPerDay(4.8),
      proposed: mcgPerDay(7.2),
      origin: 'spinal',
      phase: 'titration',
      hoursSinceLastChange: 48,
      drug: ziconotide,
    });
    expect(unknown.verdict).toBe('warn');
    expect(codes(unknown)).toContain('ITB_R_TITRATION_WEEKLY_COUNT_UNKNOWN');
  });

  it('ziconotide: starting above 2.4 mcg/day is blocked, at 2.4 it is not', () => {
    expect(codes(zico(0, 3.6))).toContain('ITB_R_START_ABOVE_LABEL_MAX');
    expect(zico(0, 3.6).verdict).toBe('block');
    expect(zico(0, 2.4).verdict).not.toBe('block');
  });

  it('ziconotide may be reduced or stopped at once: no withdrawal syndrome [C: Prialt boxed warning]', () => {
    expect(zico(19.2, 2.4).verdict).toBe('ok');
    expect(zico(19.2, 0).verdict).toBe('ok');
  });

  it('ziconotide prescription change 2.4 → 4.8 mcg/day through the programmer path is judged as ziconotide', () => {
    const rx = (mcg: number) =>
      prescriptionFromJson({
        mode: 'simple-continuous',
        drug: 'ziconotide',
        concentrationMcgPerMl: 25,
        doseMcgPerDay: mcg,
      });
    const s = checkPrescriptionStep({
      before: rx(2.4),
      after: rx(4.8),
      origin: 'spinal',
      phase: 'titration',
      hoursSinceLastChange: 72,
      increasesInPastWeek: 0,
      cnsDepressantsReviewed: true,
    });
    expect(s.verdict).toBe('ok');
  });

  it('ziconotide first refill of a new pump is due at 14 days, not 84 [C: Prialt label §2.3]', () => {
    const start = epochMs(Date.UTC(2026, 0, 1));
    const input = {
      reservoir: mlToNl(20),
      prescription: {
        mode: 'simple-continuous' as const,
        drug: { drug: 'ziconotide' as const, concentration: mcgPerMl(25) },
        dose: mcgPerDay(2.4),
      },
      lowAlarmThreshold: mlToNl(2),
      start,
    };
    const first = projectReservoir({ ...input, newPump: true });
    expect(first.refillBy).toBe(start + 14 * MS_PER_DAY);
    expect(codes(first)).toContain('ITB_R_REFILL_BY_FIRST_FILL');
    expect(codes(first)).not.toContain('ITB_R_REFILL_INTERVAL_SHORT');
    expect(projectReservoir(input).refillBy).toBe(start + 84 * MS_PER_DAY);
  });

  it('ziconotide undiluted (the 25 and 100 mcg/mL vials) is refilled by 84 days, not 40; a diluted strength by 40 (Prialt label section 2: 40 days diluted, 84 undiluted)', () => {
    const start = epochMs(Date.UTC(2026, 0, 1));
    const project = (concentrationMcgPerMl: number, doseMcg: number) =>
      projectReservoir({
        reservoir: mlToNl(40),
        prescription: {
          mode: 'simple-continuous' as const,
          drug: { drug: 'ziconotide' as const, concentration: mcgPerMl(concentrationMcgPerMl) },
          dose: mcgPerDay(doseMcg),
        },
        lowAlarmThreshold: mlToNl(2),
        start,
      });
    // 25 mcg/mL at 2.4 mcg/day and 100 mcg/mL at 9.6 mcg/day: 0.096 mL/day, a 40 mL fill lasts over a year.
    expect(project(25, 2.4).refillBy).toBe(start + 84 * MS_PER_DAY);
    expect(project(100, 9.6).refillBy).toBe(start + 84 * MS_PER_DAY);
    // A strength a clinic dilutes (5 mcg/mL at 0.48 mcg/day: 0.096 mL/day) keeps the diluted 40 days.
    expect(project(5, 0.48).refillBy).toBe(start + 40 * MS_PER_DAY);
  });
});

describe('an escalating opioid requirement (docs/clinical-reference.md §2, catheter-tip granuloma)', () => {
  const step = (drug: DrugEntry, lowestMcg: number | undefined) =>
    checkTitration({
      current: mcgPerDay(3_600),
      proposed: mcgPerDay(4_200), // +16.7 %: within the 10–20 % step, a day after the last change
      origin: 'spinal',
      phase: 'maintenance',
      ageYears: 50,
      hoursSinceLastChange: 30,
      opioidStatus: 'tolerant',
      drug,
      ...(lowestMcg === undefined ? {} : { lowestRecentDose: mcgPerDay(lowestMcg) }),
    });

  it('H41 catheter-tip granuloma: an opioid increase beyond twice the lowest dose of the last 90 days warns and needs a justification', () => {
    const escalating = step(morphine, 2_000); // 4.2 mg/day against 2 mg/day 90 days back: 2.1×
    expect(escalating.verdict).toBe('warn');
    const r = escalating.reasons.find((x) => x.code === 'ITB_R_TITRATION_ESCALATING');
    expect(r?.message).toMatch(/granuloma/);
    expect(r?.value).toBe(2.1);
    expect(step(getDrug('hydromorphone'), 2_000).reasons.map((x) => x.code)).toContain(
      'ITB_R_TITRATION_ESCALATING',
    );
    // Within twice the baseline, no baseline known, or not an opioid: the ordinary step answers.
    for (const calm of [step(morphine, 2_100), step(morphine, undefined), step(getDrug('clonidine'), 2_000)])
      expect(codes(calm)).not.toContain('ITB_R_TITRATION_ESCALATING');
  });
});

describe('systemic CNS depressants (docs/clinical-reference.md §2)', () => {
  it('H49 systemic CNS depressants: an opioid or ziconotide start or increase without the review confirmed warns; confirmed, it is recorded as a reason', () => {
    const up = (drug: DrugEntry, from: number, to: number, reviewed?: boolean) =>
      checkTitration({
        current: mcgPerDay(from),
        proposed: mcgPerDay(to),
        origin: 'spinal',
        phase: 'maintenance',
        ageYears: 50,
        hoursSinceLastChange: 72,
        increasesInPastWeek: 0,
        opioidStatus: 'tolerant',
        drug,
        ...(reviewed === undefined ? {} : { cnsDepressantsReviewed: reviewed }),
      });
    const cases = [
      [morphine, 2_000, 2_200],
      [getDrug('hydromorphone'), 1_000, 1_100],
      [ziconotide, 2.4, 4.8],
      [morphine, 0, 2_000], // a restart from a stop
    ] as const;
    for (const [drug, from, to] of cases) {
      for (const reviewed of [undefined, false]) {
        const r = up(drug, from, to, reviewed);
        expect(r.verdict, `${drug.id} ${from}→${to}`).toBe('warn');
        expect(codes(r)).toContain('ITB_R_CNS_DEPRESSANTS_NOT_REVIEWED');
      }
      expect(codes(up(drug, from, to, true))).toContain('ITB_R_CNS_DEPRESSANTS_REVIEWED');
    }
    expect(up(ziconotide, 2.4, 4.8, true).verdict).toBe('ok');
    // A first prescription is asked too; baclofen and a reduction are not.
    const start = (reviewed: boolean) =>
      checkStartPrescription({
        prescription: prescriptionFromJson({
          mode: 'simple-continuous',
          drug: 'ziconotide',
          concentrationMcgPerMl: 25,
          doseMcgPerDay: 2.4,
        }),
        cnsDepressantsReviewed: reviewed,
      });
    expect(codes(start(false))).toContain('ITB_R_CNS_DEPRESSANTS_NOT_REVIEWED');
    expect(start(true).verdict).toBe('ok');
    expect(codes(up(getDrug('baclofen'), 400, 440))).not.toContain('ITB_R_CNS_DEPRESSANTS_NOT_REVIEWED');
    expect(codes(up(morphine, 2_200, 2_000))).not.toContain('ITB_R_CNS_DEPRESSANTS_NOT_REVIEWED');
  });
});

describe('age floors and opioid status [C: Gablofen label §8.4; Infumorph label]', () => {
  const bac = (age: number) =>
    checkTitration({
      current: mcgPerDay(100),
      proposed: mcgPerDay(110),
      origin: 'cerebral',
      phase: 'titration',
      hoursSinceLastChange: 48,
      ageYears: age,
    });

  it('no age floor: baclofen at age 2 warns (Gablofen is labelled from age 4); at 4 it does not', () => {
    expect(bac(2).verdict).toBe('warn');
    expect(codes(bac(2))).toContain('ITB_R_AGE_BELOW_DRUG_LABEL');
    expect(codes(bac(4))).not.toContain('ITB_R_AGE_BELOW_DRUG_LABEL');
  });

  it('morphine under 18 warns (Infumorph is not for patients under 18)', () => {
    const r = checkTitration({
      current: mcgPerDay(2000),
      proposed: mcgPerDay(2200),
      origin: 'spinal',
      phase: 'titration',
      hoursSinceLastChange: 48,
      ageYears: 16,
      drug: morphine,
    });
    expect(codes(r)).toContain('ITB_R_AGE_BELOW_DRUG_LABEL');
  });

  it('morphine: an opioid-naive start above 1 mg/day is blocked; unknown status warns; tolerant may start at 5', () => {
    const start = (status?: 'naive' | 'tolerant') =>
      checkTitration({
        current: nanogramsPerDay(0),
        proposed: mcgPerDay(5000),
        origin: 'spinal',
        phase: 'titration',
        ageYears: 50,
        drug: morphine,
        ...(status === undefined ? {} : { opioidStatus: status }),
      });
    expect(start('naive').verdict).toBe('block');
    expect(codes(start('naive'))).toContain('ITB_R_OPIOID_NAIVE_START_ABOVE_RANGE');
    expect(codes(start())).toContain('ITB_R_OPIOID_STATUS_UNKNOWN');
    expect(start('tolerant').verdict).toBe('warn'); // the restart warning only
    expect(codes(start('tolerant'))).not.toContain('ITB_R_OPIOID_NAIVE_START_ABOVE_RANGE');
  });
});

describe('titrating up into an occluded catheter', () => {
  it('titrating up into an occluded catheter: an increase warns while under-delivery is suspected', () => {
    const input = {
      current: mcgPerDay(400),
      proposed: mcgPerDay(440),
      origin: 'spinal' as const,
      phase: 'titration' as const,
      hoursSinceLastChange: 48,
    };
    const doubted = checkTitration({ ...input, underDeliverySuspected: true });
    expect(doubted.verdict).toBe('warn');
    expect(codes(doubted)).toContain('ITB_R_TITRATION_DELIVERY_IN_DOUBT');
    expect(checkTitration(input).verdict).toBe('ok');
    // A reduction is never held back by it.
    expect(
      codes(checkTitration({ ...input, proposed: mcgPerDay(360), underDeliverySuspected: true })),
    ).not.toContain('ITB_R_TITRATION_DELIVERY_IN_DOUBT');
  });
});

describe('withdrawal by the harm of each drug', () => {
  it('clonidine rebound: stopping clonidine abruptly warns of rebound hypertension, not spasticity', () => {
    const r = checkTitration({
      current: mcgPerDay(300),
      proposed: nanogramsPerDay(0),
      origin: 'spinal',
      phase: 'maintenance',
      ageYears: 50,
      drug: getDrug('clonidine'),
    });
    expect(r.verdict).toBe('warn');
    const abrupt = r.reasons.find((x) => x.code === 'ITB_R_TITRATION_REDUCTION_ABRUPT');
    expect(abrupt?.message).toMatch(/rebound hypertension/);
    expect(abrupt?.message).not.toMatch(/spasticity/);
  });
});

/** The largest increase the drug's label allows from `current` (ng/day), and the refused threshold. */
function labelSteps(drug: DrugEntry, current: number): { allowed: number; refusedAbove: number } {
  const inc = drug.titration.increase;
  if (inc.kind === 'absolute') return { allowed: inc.max.value, refusedAbove: inc.max.value };
  const max = inc.steps.titration.spinal.value.max;
  return {
    allowed: Math.floor((current * max) / 100),
    refusedAbove: Math.floor((current * max * inc.hardStepFactor.value) / 100),
  };
}

describe('every drug in the library, by its own rules (property)', () => {
  const drugs = DRUG_IDS.filter((id) => id !== 'saline').map(getDrug);
  const ctx = (drug: DrugEntry, current: number, proposed: number, hours: number, count: number) =>
    checkTitration({
      current: nanogramsPerDay(current),
      proposed: nanogramsPerDay(proposed),
      origin: 'spinal',
      phase: 'titration',
      ageYears: 40,
      hoursSinceLastChange: hours,
      increasesInPastWeek: count,
      opioidStatus: 'tolerant',
      cnsDepressantsReviewed: true, // asked of every opioid and ziconotide increase (H49)
      drug,
    });

  it('no increase the label allows is blocked: on time, within the step, inside the usual range → ok', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...drugs),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        (drug, at, share, extraHours) => {
          const usual = drug.softDoseRange['adult-spinal']!.value;
          const current = Math.round(usual.min + at * (usual.max - usual.min) * 0.5);
          const step = Math.max(1, Math.floor(labelSteps(drug, current).allowed * share));
          const proposed = Math.min(current + step, usual.max);
          fc.pre(proposed > current);
          const t = drug.titration;
          const hours = (t.recommendedHoursBetweenIncreases ?? t.minHoursBetweenIncreases).value + extraHours;
          const count =
            drug.titration.maxIncreasesPerWeek === undefined
              ? 0
              : drug.titration.maxIncreasesPerWeek.value - 1;
          expect(ctx(drug, current, proposed, hours, count).verdict).toBe('ok');
        },
      ),
    );
  });

  it('no increase the label forbids passes: too soon, too often or too large → block', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...drugs),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom('soon' as const, 'often' as const, 'large' as const),
        (drug, at, why) => {
          const hard = drug.hardDoseRange.value;
          const current = Math.round(hard.min + at * (hard.max - hard.min) * 0.5) || 1;
          const rules = drug.titration;
          fc.pre(why !== 'often' || rules.maxIncreasesPerWeek !== undefined);
          const minH = rules.minHoursBetweenIncreases.value;
          const step =
            why === 'large'
              ? labelSteps(drug, current).refusedAbove + 1
              : Math.max(1, Math.floor(current / 100));
          const hours = why === 'soon' ? minH - 1 : minH;
          const count = why === 'often' ? (rules.maxIncreasesPerWeek?.value ?? 0) : 0;
          expect(ctx(drug, current, current + step, hours, count).verdict).toBe('block');
        },
      ),
    );
  });

  it('every rule number of every drug carries a source', () => {
    for (const drug of DRUG_IDS.map(getDrug)) {
      const t = drug.titration;
      expect(t.minHoursBetweenIncreases.source.length).toBeGreaterThan(0);
      if (t.increase.kind === 'absolute') expect(t.increase.max.source).toMatch(/label/);
      if (drug.ageFloorYears) expect(drug.ageFloorYears.source.length).toBeGreaterThan(0);
    }
  });
});

describe('baclofen restart after an interruption', () => {
  it('the ~6 h is when overdose signs appear after a restart, not a labelled interruption length: the threshold is our choice [U]', () => {
    const rule = getDrug('baclofen').restartAfterInterruption;
    // The label gives no interruption length: an honest threshold is tagged unconfirmed, not consensus.
    expect(rule?.confidence).toBe('U');
    expect(rule?.value.interruptedLongerThanHours).toBe(6);
    // The ~6 h onset is observation guidance for after the restart.
    expect(rule?.value.guidance).toMatch(/within about 6 h of the restart/);
  });
});
