import { afterEach, describe, expect, it } from 'vitest';
import { mL, mcg, mcgPerMl, num, numbersText } from './display-numbers.ts';

describe('display numbers', () => {
  const original = Intl.NumberFormat;
  afterEach(() => {
    Intl.NumberFormat = original;
  });

  it('num built a new Intl.NumberFormat on every call: one formatter per number of decimals', () => {
    let built = 0;
    Intl.NumberFormat = new Proxy(original, {
      construct(target, args: Parameters<typeof original>) {
        built++;
        return Reflect.construct<typeof args, Intl.NumberFormat>(target, args);
      },
    });
    const decimals = [0, 1, 2, 3, 2, 0];
    const texts = Array.from({ length: 60 }, (_, i) => num(302930 + i / 7, decimals[i % decimals.length]));
    expect(built).toBeLessThanOrEqual(new Set(decimals).size);
    expect(texts.slice(0, 4)).toEqual(['302,930', '302,930.1', '302,930.29', '302,930.429']);
  });

  it('writes the same figures whether or not the formatter was built before', () => {
    expect([num(302930), num(0.125, 2), num(1234.5678, 3), num(-2.5, 0)]).toEqual([
      '302,930',
      '0.13',
      '1,234.568',
      '-3',
    ]);
    expect([mL(3_920_000), mcg(25_000), mcgPerMl(500_000)]).toEqual(['3.92 mL', '25 mcg', '500 mcg/mL']);
  });

  it('refuses a number of decimals Intl cannot write, every time', () => {
    expect(() => num(1, 101)).toThrow(RangeError);
    expect(() => num(1, 101)).toThrow(RangeError);
  });

  it('an unknown patient id in the URL read "no patient 0-0000-0000-…": digits joined to an identifier are not a number', () => {
    expect(numbersText('no patient 00000000-0000-0000-0000-000000000000')).toBe(
      'no patient 00000000-0000-0000-0000-000000000000',
    );
    expect(numbersText('no implant 12345678-9abc-4def-8123-456789abcdef')).toBe(
      'no implant 12345678-9abc-4def-8123-456789abcdef',
    );
    // The numbers of a sentence still get their separators, and a date its year untouched.
    expect(numbersText('dose 2003 mcg/day; +1415.15 %; on 2026-03-10')).toBe(
      'dose 2,003 mcg/day; +1,415.15 %; on 2026-03-10',
    );
  });
});
