import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDose, formatFlow, parseAs, parseQuantity } from './units.ts';

describe('parseQuantity: what clinicians type', () => {
  it.each([
    ['500 mcg/day', { dimension: 'dose-rate', ngPerDay: 500_000 }],
    ['0.5 mg/day', { dimension: 'dose-rate', ngPerDay: 500_000 }],
    ['500 µg/d', { dimension: 'dose-rate', ngPerDay: 500_000 }],
    ['500μg/d', { dimension: 'dose-rate', ngPerDay: 500_000 }],
    ['2 mg/mL', { dimension: 'concentration', ngPerMl: 2_000_000 }],
    ['2000 mcg/mL', { dimension: 'concentration', ngPerMl: 2_000_000 }],
    ['0.25 mL/day', { dimension: 'flow', nlPerDay: 250_000 }],
    ['18.5 mL', { dimension: 'volume', nl: 18_500_000 }],
    ['50 mcg', { dimension: 'mass', ng: 50_000 }],
  ])('%s', (text, expected) => {
    expect(parseQuantity(text)).toEqual(expected);
  });

  it.each([
    ['500 mcg/hour', 'ITB_E_UNKNOWN_UNIT'],
    ['500', 'ITB_E_UNKNOWN_UNIT'],
    ['-5 mcg/day', 'ITB_E_NON_POSITIVE'],
    ['0,5 mg/day', 'ITB_E_INVALID_INPUT'],
    ['abc mcg', 'ITB_E_INVALID_INPUT'],
    ['1.2.3 mL', 'ITB_E_INVALID_INPUT'],
    ['0.0000001 mL', 'ITB_E_INVALID_INPUT'],
  ])('rejects %s with %s', (text, code) => {
    expect(() => parseQuantity(text)).toThrow(expect.objectContaining({ code }));
  });

  it('insists on the dimension asked for', () => {
    expect(() => parseAs('2 mg/mL', 'dose-rate')).toThrow(
      expect.objectContaining({ code: 'ITB_E_WRONG_UNIT' }),
    );
    expect(parseAs('500', 'dose-rate', 'mcg/day').ngPerDay).toBe(500_000);
  });

  it('a concentration typed as the screen prints it ("1,000" mcg/mL) was told to use a decimal point, which makes 1.000 — one mcg/mL: the refusal names both readings and what to type for each', () => {
    expect(() => parseAs('1,000 mcg/mL', 'concentration')).toThrow(
      '"1,000 mcg/mL": no commas in a number — type 1000 if you mean 1000 (thousands separator), or 1 if the comma is a decimal comma',
    );
    expect(() => parseAs('2,500 mcg/day', 'dose-rate')).toThrow('type 2500 if you mean 2500');
    expect(() => parseAs('2,500 mcg/day', 'dose-rate')).toThrow('or 2.5 if the comma is a decimal comma');
    expect(() => parseAs('1,000,000 nL', 'volume')).toThrow('type 1000000 without the thousands separator');
    expect(() => parseAs('12,500.5 mcg/day', 'dose-rate')).toThrow('type 12500.5 without');
    // A decimal comma is still refused as one.
    expect(() => parseAs('0,25 mL', 'volume')).toThrow('use a decimal point, not a comma');
    expect(() => parseAs('20,5 mL', 'volume')).toThrow('use a decimal point, not a comma');
    expect(() => parseAs('0,250 mL', 'volume')).toThrow('use a decimal point, not a comma');
  });

  it('formats back to the text it parsed, less its thousands separators (property)', () => {
    // People read "1,000 mcg/day"; typed input refuses a comma (a decimal comma would be a 1000× slip).
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000_000 }), (ngPerDay) => {
        const mcg = Math.round(ngPerDay / 10) * 10; // 0.01 mcg resolution of the formatter
        expect(parseAs(formatDose(mcg).replaceAll(',', ''), 'dose-rate').ngPerDay).toBe(mcg);
      }),
    );
    expect(formatFlow(250_000)).toBe('0.25 mL/day');
  });
});

describe('the unit hint names the units of the field', () => {
  it('a catheter length typed "5O" was told to use mcg, mg or mL with /day: it is told cm or mm', () => {
    expect(() => parseAs('5O', 'length', 'cm')).toThrow(/unknown unit "O"; use cm or mm \(e\.g\. "50 cm"/);
    expect(() => parseAs('5O', 'length', 'cm')).not.toThrow(/mcg|mL/);
  });

  it('every dimension’s hint names its own units (a volume mL, a concentration mcg/mL or mg/mL)', () => {
    expect(() => parseAs('2O', 'volume', 'mL')).toThrow(/use mL \(e\.g\. "19\.5 mL"\)/);
    expect(() => parseAs('2 mcg/mI', 'concentration')).toThrow(/use mcg\/mL or mg\/mL/);
    expect(() => parseAs('5 mcg/dya', 'dose-rate')).toThrow(/use mcg\/day or mg\/day/);
    // The unknown-unit refusal of a quantity read without a field keeps its general hint.
    expect(() => parseQuantity('5 furlongs')).toThrow(/use mcg, mg, mL with \/day or \/mL/);
  });
});
