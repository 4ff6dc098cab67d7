// Doses typed in a form in the drug's label unit, converted exactly to the API's unit (dose-input.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DRUG_IDS } from './drug-library.ts';
import { apiToInputText, inputToApiText, inputToMcg, inputUnit } from './dose-input.ts';

describe('dose inputs typed in mcg for a morphine patient', () => {
  it('a morphine dose is typed in mg and reaches the API in mcg: 0.2 mg → 200 mcg', () => {
    expect(inputUnit('mass', 'morphine')).toBe('mg');
    expect(inputToApiText('0.2', 'mass', 'morphine')).toBe('200 mcg');
    expect(inputToMcg('0.2', 'mass', 'morphine')).toBe(200);
    expect(inputToApiText('3', 'dose-rate', 'morphine')).toBe('3000 mcg/day');
    expect(inputToApiText('25', 'concentration', 'morphine')).toBe('25000 mcg/mL');
    expect(inputToApiText('200 mcg', 'mass', 'morphine')).toBe('200 mcg');
  });

  it('no float drift: 0.3 mg is exactly 300 mcg (0.1 + 0.2 is not), 0.0003 mg is 0.3 mcg', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(inputToMcg('0.3', 'mass', 'morphine')).toBe(300);
    expect(inputToApiText('0.0003', 'mass', 'morphine')).toBe('0.3 mcg');
    expect(inputToMcg('0.0003', 'mass', 'morphine')).toBe(0.3);
    expect(inputToApiText('1.001', 'dose-rate', 'hydromorphone')).toBe('1001 mcg/day');
  });

  it("baclofen's forms keep mcg: a bare number is mcg", () => {
    expect(inputUnit('mass', 'baclofen')).toBe('mcg');
    expect(inputToApiText('50', 'mass', 'baclofen')).toBe('50 mcg');
    expect(inputToApiText('450', 'dose-rate', null)).toBe('450 mcg/day');
    expect(apiToInputText(450, 'dose-rate', 'baclofen')).toBe('450 mcg/day');
  });

  it('bad input is refused, not guessed', () => {
    expect(() => inputToApiText('0,2', 'mass', 'morphine')).toThrow(/decimal point/);
    expect(() => inputToApiText('0.2 mL', 'mass', 'morphine')).toThrow();
    expect(() => inputToApiText('-1', 'mass', 'morphine')).toThrow();
  });

  it('shown back and typed again, every dose of every drug reads the same (exact round trip)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DRUG_IDS),
        fc.integer({ min: 1, max: 50_000_000 }),
        fc.constantFrom('mass', 'dose-rate', 'concentration' as const),
        (drug, ng, dimension) => {
          const mcg = ng / 1000;
          const shown = apiToInputText(mcg, dimension, drug);
          expect(shown.endsWith(inputUnit(dimension, drug))).toBe(true);
          expect(inputToMcg(shown.split(' ')[0] ?? '', dimension, drug)).toBe(mcg);
        },
      ),
    );
  });
});
