import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DRUG_IDS,
  DRUG_LIBRARY,
  allowedConcentrationsText,
  checkConcentration,
  getDrug,
  populationOf,
  stabilityOf,
} from './drug-library.ts';
import { mcgPerDay, mcgPerMl, mcgToNg } from './quantities.ts';
import type { Sourced } from './sourced.ts';
import { checkTitration } from './titration.ts';

const isSourced = (s: Sourced<unknown>) =>
  ['C', 'U', 'A'].includes(s.confidence) && s.source.trim().length > 0;

describe('drug library data', () => {
  it('tags every number with a source and confidence (docs/clinical-reference.md: facts carry provenance)', () => {
    for (const d of Object.values(DRUG_LIBRARY)) {
      const facts: Sourced<unknown>[] = [
        d.hardDoseRange,
        d.maxBolus,
        d.stabilityDays,
        d.patientBolusAllowed,
        ...Object.values(d.softDoseRange),
        d.concentrations.kind === 'listed' ? d.concentrations.allowed : d.concentrations.max,
        ...(d.undilutedStability === undefined ? [] : [d.undilutedStability]),
      ];
      for (const f of facts) expect(isSourced(f), `${d.id}: ${JSON.stringify(f)}`).toBe(true);
    }
  });

  it('keeps every usual range inside the hard range, with min ≤ max', () => {
    for (const d of Object.values(DRUG_LIBRARY)) {
      const hard = d.hardDoseRange.value;
      expect(hard.min).toBeLessThanOrEqual(hard.max);
      for (const soft of Object.values(d.softDoseRange)) {
        expect(soft.value.min).toBeGreaterThanOrEqual(hard.min);
        expect(soft.value.max).toBeLessThanOrEqual(hard.max);
        expect(soft.value.min).toBeLessThanOrEqual(soft.value.max);
      }
      expect(d.id).toBe(DRUG_IDS[DRUG_IDS.indexOf(d.id)]);
    }
  });

  it('holds the labelled baclofen facts [C: Lioresal Intrathecal / Gablofen US labels]', () => {
    const b = getDrug('baclofen');
    expect(b.concentrations).toMatchObject({
      kind: 'listed',
      allowed: { value: [50, 500, 1000, 2000].map(mcgPerMl), confidence: 'C' },
    });
    expect(b.softDoseRange['adult-spinal']?.value).toEqual({ min: mcgPerDay(300), max: mcgPerDay(800) });
    expect(b.softDoseRange['adult-cerebral']?.value).toEqual({ min: mcgPerDay(90), max: mcgPerDay(703) });
    expect(b.softDoseRange['child-under-12']?.value).toEqual({
      min: mcgPerDay(24),
      max: mcgPerDay(1199),
    });
    expect(b.hardDoseRange.value).toEqual({ min: mcgPerDay(12), max: mcgPerDay(2003) });
    expect(b.stabilityDays).toMatchObject({ value: 180, confidence: 'C' });
    expect(b.patientBolusAllowed).toMatchObject({ value: false, confidence: 'C' });
    expect(b.maxBolus.value).toBe(mcgToNg(100)); // largest labelled screening bolus
    expect(b.withdrawalRisk).toBe(true); // boxed warning
  });

  it('baclofen 180-day reservoir limit is cited to the pump refill recommendation, not to the drug labels (Gablofen PI 5: "carefully calculate refill intervals")', () => {
    const { stabilityDays } = getDrug('baclofen');
    expect(stabilityDays.value).toBe(180);
    expect(stabilityDays.source).toMatch(/Gillette/);
    expect(stabilityDays.source).not.toMatch(/Lioresal|Gablofen/);
  });

  it('carries the baclofen SNOMED CT and ATC codes (docs/clinical-reference.md §6)', () => {
    expect(getDrug('baclofen').codes).toEqual({ snomed: '387342009', atc: 'M03BX01' });
  });

  it('ziconotide keeps 40 days diluted and 84 as the vials are supplied (docs/clinical-reference.md §2)', () => {
    const z = getDrug('ziconotide');
    expect(z.stabilityDays.value).toBe(40);
    expect(stabilityOf(z).value).toBe(40);
    expect(stabilityOf(z, mcgPerMl(25)).value).toBe(84);
    expect(stabilityOf(z, mcgPerMl(100)).value).toBe(84);
    expect(stabilityOf(z, mcgPerMl(5)).value).toBe(40);
    expect(stabilityOf(getDrug('baclofen'), mcgPerMl(2000)).value).toBe(180);
  });

  it('ziconotide usual range is not tagged confirmed: the Prialt label (section 2.2) gives a start and a 19.2 mcg/day maximum, no minimum', () => {
    const z = getDrug('ziconotide');
    for (const range of [...Object.values(z.softDoseRange), z.hardDoseRange]) {
      expect(range.value.max).toBe(mcgPerDay(19.2));
      expect(range.confidence).toBe('U');
      expect(range.source).toMatch(/min 0\.1 µg\/day our choice/);
    }
  });

  it('lets a pump hold saline with no drug and no dose', () => {
    const s = getDrug('saline');
    expect(checkConcentration(s, 0)).toBe(0);
    expect(s.hardDoseRange.value).toEqual({ min: 0, max: 0 });
    expect(s.withdrawalRisk).toBe(false);
  });
});

describe('getDrug', () => {
  it.each(['aspirin', '__proto__', 'toString', 'Baclofen'])(
    'refuses %s with ITB_E_UNKNOWN_DRUG listing the known ids',
    (id) => {
      expect(() => getDrug(id)).toThrow(
        expect.objectContaining({
          code: 'ITB_E_UNKNOWN_DRUG',
          message: expect.stringContaining(DRUG_IDS.join(', ')) as string,
        }),
      );
    },
  );
});

describe('checkConcentration (wrong-concentration hazard)', () => {
  it('accepts the label strengths of baclofen and refuses others, naming the allowed ones', () => {
    const b = getDrug('baclofen');
    for (const c of [50, 500, 1000, 2000]) expect(checkConcentration(b, mcgPerMl(c))).toBe(c * 1000);
    expect(() => checkConcentration(b, mcgPerMl(750))).toThrow(
      expect.objectContaining({
        code: 'ITB_E_CONCENTRATION_NOT_IN_LIBRARY',
        message: expect.stringContaining('50; 500; 1,000 or 2,000 mcg/mL') as string,
      }),
    );
  });

  it('accepts anything up to the maximum for up-to drugs [U: PACC 2017]', () => {
    const c = getDrug('clonidine');
    expect(allowedConcentrationsText(c)).toBe('up to 1,000 mcg/mL');
    expect(checkConcentration(c, mcgPerMl(1000))).toBe(1_000_000);
    expect(checkConcentration(c, mcgPerMl(150))).toBe(150_000);
    for (const bad of [mcgPerMl(1000) + 1, 0, -1, 1.5]) {
      expect(() => checkConcentration(c, bad)).toThrow(
        expect.objectContaining({ code: 'ITB_E_CONCENTRATION_NOT_IN_LIBRARY' }),
      );
    }
  });
});

describe('populationOf [C: label, children < 12 y]', () => {
  it.each([
    ['spinal', undefined, 'adult-spinal'],
    ['cerebral', undefined, 'adult-cerebral'],
    ['spinal', 11.9, 'child-under-12'],
    ['cerebral', 4, 'child-under-12'],
    ['cerebral', 12, 'adult-cerebral'],
    ['spinal', 40, 'adult-spinal'],
  ] as const)('%s, age %s → %s', (origin, age, expected) => {
    expect(populationOf(origin, age)).toBe(expected);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses age %s', (age) => {
    expect(() => populationOf('spinal', age)).toThrow(
      expect.objectContaining({ code: 'ITB_E_INVALID_INPUT' }),
    );
  });
});

describe('hydromorphone maximum vs PACC 2017', () => {
  it('hydromorphone maximum vs PACC 2017: 10 mg/day and 15 mg/mL cite PACC and stay unconfirmed [U] until its tables are checked', () => {
    const h = getDrug('hydromorphone');
    const limits: Sourced<unknown>[] = [
      h.hardDoseRange,
      ...Object.values(h.softDoseRange),
      ...(h.concentrations.kind === 'up-to' ? [h.concentrations.max] : []),
    ];
    expect(h.hardDoseRange.value.max).toBe(mcgToNg(10_000));
    expect(h.concentrations.kind === 'up-to' && h.concentrations.max.value).toBe(mcgToNg(15_000));
    for (const limit of limits) {
      expect(limit.source).toMatch(/PACC/);
      expect(limit.confidence).toBe('U');
    }
  });
});

describe('the spasticity origin', () => {
  // `itb calc titrate` lets the origin out for these drugs (src/cli/calc.ts originFlag): it must not matter.
  it("a pain drug's verdict does not depend on the spasticity origin", () => {
    const others = DRUG_IDS.map(getDrug).filter((d) => d.treats !== 'spasticity' && d.id !== 'saline');
    expect(others.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(
        fc.constantFrom(...others),
        fc.integer({ min: 0, max: 40_000 }),
        fc.integer({ min: 1, max: 40_000 }),
        fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
        fc.constantFrom('titration' as const, 'maintenance' as const),
        (drug, currentMcg, proposedMcg, hours, phase) => {
          const scale = drug.labelUnit === 'mg' ? 1 : 0.01;
          const at = (origin: 'spinal' | 'cerebral') => {
            const r = checkTitration({
              drug,
              origin,
              phase,
              ageYears: 40,
              opioidStatus: 'tolerant',
              current: mcgPerDay(currentMcg * scale),
              proposed: mcgPerDay(proposedMcg * scale),
              ...(hours === undefined ? {} : { hoursSinceLastChange: hours }),
            });
            return { verdict: r.verdict, reasons: r.reasons.map((x) => [x.code, x.severity]) };
          };
          expect(at('cerebral')).toEqual(at('spinal'));
        },
      ),
      { numRuns: 500 },
    );
  });
});
