import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkConcentrationForDrug,
  checkDoseForDrug,
  detectConcentrationSlip,
  detectDoseSlip,
  doseRangeReasons,
  usualRange,
} from './dose-check.ts';
import { DRUG_LIBRARY, getDrug, inRange } from './drug-library.ts';
import { ItbError } from './codes.ts';
import { NG_PER_MG, mcgPerDay, mcgPerMl } from './quantities.ts';

const baclofen = getDrug('baclofen');
const codes = (r: { reasons: readonly { code: string }[] }) => r.reasons.map((x) => x.code);

function thrown(fn: () => unknown): ItbError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ItbError) return e;
  }
  throw new Error('expected an ItbError');
}

describe('checkDoseForDrug: baclofen ranges [C: Lioresal Intrathecal / Gablofen labels]', () => {
  it.each([
    [500, 'adult-spinal', 'ok', 'ITB_R_DOSE_WITHIN_RANGE'], // spinal 300–800
    [900, 'adult-spinal', 'warn', 'ITB_R_DOSE_ABOVE_USUAL_RANGE'],
    [250, 'adult-spinal', 'warn', 'ITB_R_DOSE_BELOW_USUAL_RANGE'],
    [703, 'adult-cerebral', 'ok', 'ITB_R_DOSE_WITHIN_RANGE'], // cerebral 90–703
    [704, 'adult-cerebral', 'warn', 'ITB_R_DOSE_ABOVE_USUAL_RANGE'],
    [1199, 'child-under-12', 'ok', 'ITB_R_DOSE_WITHIN_RANGE'], // children 24–1199
    [20, 'child-under-12', 'warn', 'ITB_R_DOSE_BELOW_USUAL_RANGE'],
    [2003, 'adult-spinal', 'warn', 'ITB_R_DOSE_ABOVE_USUAL_RANGE'], // labelled adult max 2003
    [2004, 'adult-spinal', 'block', 'ITB_R_DOSE_ABOVE_HARD_LIMIT'],
    [11, 'adult-spinal', 'block', 'ITB_R_DOSE_BELOW_HARD_LIMIT'], // labelled adult min 12
    [0, 'adult-spinal', 'block', 'ITB_R_DOSE_BELOW_HARD_LIMIT'],
  ] as const)('%s mcg/day for %s → %s (%s)', (mcg, population, verdict, code) => {
    const r = checkDoseForDrug(baclofen, mcgPerDay(mcg), population);
    expect(r.verdict).toBe(verdict);
    expect(codes(r)).toEqual([code]);
  });

  it('without a population warns only outside every usual range (24–1199 mcg/day)', () => {
    expect(checkDoseForDrug(baclofen, mcgPerDay(250)).verdict).toBe('ok');
    expect(checkDoseForDrug(baclofen, mcgPerDay(1500)).verdict).toBe('warn');
    expect(usualRange(baclofen)).toEqual({ min: mcgPerDay(24), max: mcgPerDay(1199) });
  });

  it('reports limit and value in mcg/day, as the message says', () => {
    const [r] = checkDoseForDrug(baclofen, mcgPerDay(2500), 'adult-spinal').reasons;
    expect(r).toMatchObject({ limit: 2003, value: 2500, severity: 'block' });
    expect(r?.message).toMatch(/2500 mcg\/day.*2003 mcg\/day/);
  });

  it('refuses negative and fractional doses as input errors', () => {
    expect(thrown(() => checkDoseForDrug(baclofen, -1)).code).toBe('ITB_E_NON_POSITIVE');
    expect(thrown(() => checkDoseForDrug(baclofen, 1.5)).code).toBe('ITB_E_INVALID_INPUT');
  });
});

describe('mg/mcg slips are refused, named and never corrected (programming-error hazard, docs/clinical-reference.md §2)', () => {
  it('500 mg/day baclofen asks for 500 mcg/day', () => {
    const e = thrown(() => checkDoseForDrug(baclofen, 500 * NG_PER_MG));
    expect(e.code).toBe('ITB_E_UNIT_SLIP');
    expect(e.message).toContain('500 mg/day is about 1000× the baclofen range');
    expect(e.message).toContain('did you mean 500 mcg/day?');
  });

  it('0.5 mcg/day baclofen asks for 0.5 mg/day', () => {
    const e = thrown(() => checkDoseForDrug(baclofen, mcgPerDay(0.5)));
    expect(e.code).toBe('ITB_E_UNIT_SLIP');
    expect(e.message).toContain('did you mean 0.5 mg/day?');
  });

  it('5 mcg/day morphine asks for 5 mg/day; a near miss is a plain hard-limit block', () => {
    expect(thrown(() => checkDoseForDrug(getDrug('morphine'), mcgPerDay(5))).message).toContain(
      'did you mean 5 mg/day?',
    );
    const near = checkDoseForDrug(getDrug('hydromorphone'), 11 * NG_PER_MG);
    expect(codes(near)).toEqual(['ITB_R_DOSE_ABOVE_HARD_LIMIT']);
    expect(codes(checkDoseForDrug(baclofen, 5 * NG_PER_MG))).toEqual(['ITB_R_DOSE_ABOVE_HARD_LIMIT']);
  });

  it('never calls a dose inside the hard range a slip, for any drug (property)', () => {
    const drugs = Object.values(DRUG_LIBRARY);
    fc.assert(
      fc.property(fc.constantFrom(...drugs), fc.double({ min: 0, max: 1, noNaN: true }), (d, f) => {
        const { min, max } = d.hardDoseRange.value;
        const dose = Math.round(min + f * (max - min));
        expect(detectDoseSlip(d, dose)).toBeUndefined();
      }),
    );
  });

  it('never lets a dose above the hard maximum through (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(DRUG_LIBRARY)),
        fc.integer({ min: 1, max: 1e12 }),
        (d, extra) => {
          const dose = d.hardDoseRange.value.max + extra;
          let verdict: string;
          try {
            verdict = checkDoseForDrug(d, dose, 'adult-spinal').verdict;
          } catch (e) {
            verdict = e instanceof ItbError && e.code === 'ITB_E_UNIT_SLIP' ? 'block' : 'error';
          }
          expect(verdict).toBe('block');
        },
      ),
    );
  });
});

describe('concentration slips (2 mcg/mL vs 2 mg/mL)', () => {
  it('2 mcg/mL baclofen asks for 2 mg/mL (2000 mcg/mL)', () => {
    const e = thrown(() => checkConcentrationForDrug(baclofen, mcgPerMl(2)));
    expect(e.code).toBe('ITB_E_UNIT_SLIP');
    expect(e.message).toContain('did you mean 2 mg/mL (2000 mcg/mL)?');
  });

  it('500 mg/mL baclofen asks for 500 mcg/mL', () => {
    const e = thrown(() => checkConcentrationForDrug(baclofen, 500 * NG_PER_MG));
    expect(e.code).toBe('ITB_E_UNIT_SLIP');
    expect(e.message).toContain('did you mean 500 mcg/mL?');
  });

  it('a strength that is no slip is simply not in the library; an allowed one passes', () => {
    expect(thrown(() => checkConcentrationForDrug(baclofen, mcgPerMl(750))).code).toBe(
      'ITB_E_CONCENTRATION_NOT_IN_LIBRARY',
    );
    expect(checkConcentrationForDrug(baclofen, mcgPerMl(2000))).toBe(mcgPerMl(2000));
    expect(detectConcentrationSlip(getDrug('clonidine'), mcgPerMl(1500))).toBeUndefined();
  });
});

describe('other drugs', () => {
  it('has no usual range for a child on a pain drug: warns for review', () => {
    const r = checkDoseForDrug(getDrug('morphine'), 5 * NG_PER_MG, 'child-under-12');
    expect(r.verdict).toBe('warn');
    expect(codes(r)).toEqual(['ITB_R_NO_USUAL_RANGE']);
  });

  it('ziconotide above 19.2 mcg/day blocks [C: docs/clinical-reference.md §2]', () => {
    const z = getDrug('ziconotide');
    expect(checkDoseForDrug(z, mcgPerDay(19.2)).verdict).toBe('ok');
    expect(codes(checkDoseForDrug(z, mcgPerDay(19.3)))).toEqual(['ITB_R_DOSE_ABOVE_HARD_LIMIT']);
  });

  it('saline: 0 passes, any dose blocks', () => {
    const s = getDrug('saline');
    expect(checkDoseForDrug(s, 0).verdict).toBe('ok');
    expect(codes(checkDoseForDrug(s, mcgPerDay(100)))).toEqual(['ITB_R_SALINE_HAS_NO_DOSE']);
  });

  it('uses each population range exactly as the library states (inRange)', () => {
    const r = baclofen.softDoseRange['adult-spinal']?.value;
    expect(r && inRange(r.min, r) && inRange(r.max, r) && !inRange(r.max + 1, r)).toBe(true);
  });
});

describe('the population in a range message', () => {
  it("population ids in range messages: 'adult-spinal' reads as its origin and age, a pain drug's as adults", () => {
    const said = (
      drug: string,
      mcg: number,
      population: 'adult-spinal' | 'adult-cerebral' | 'child-under-12',
    ) =>
      doseRangeReasons(getDrug(drug), mcgPerDay(mcg), population)
        .map((r) => r.message)
        .join(' ');
    expect(said('baclofen', 500, 'adult-spinal')).toContain(
      'usual baclofen range for spasticity of spinal origin, age 12 or over (300–800 mcg/day)',
    );
    expect(said('baclofen', 500, 'adult-cerebral')).toContain('cerebral origin, age 12 or over');
    expect(said('baclofen', 500, 'child-under-12')).toContain('range for children under 12');
    expect(said('ziconotide', 4.8, 'adult-spinal')).toContain('usual ziconotide range for adults');
    for (const id of Object.keys(DRUG_LIBRARY)) {
      for (const p of ['adult-spinal', 'adult-cerebral', 'child-under-12'] as const) {
        for (const mcg of [0.05, 1, 100, 1_000, 50_000]) {
          expect(said(id, mcg, p)).not.toMatch(/adult-spinal|adult-cerebral|child-under-12/);
        }
      }
    }
  });
});
