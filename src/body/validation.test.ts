// The typical patient's rows of docs/model-validation.md, asserted (they are deterministic), and the
// statistics that judge the population rows over seeds. The population rows themselves are judged by
// `npx tsx scripts/model-validation.ts --check` (CI) on fresh random seeds: one seed is not evidence.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HELD_OUT, populationRows, typicalRows } from './validation.ts';
import { falseAlarmRate, missesTarget, passRates, wilson } from './validation-stats.ts';

const rows = typicalRows();

describe('model validation', () => {
  it.each(rows.map((r) => [r.id, r] as const))('%s', (_id, r) => {
    expect(r.pass, `${r.topic} — ${r.measure}: target ${r.target}, model ${r.value} (${r.source})`).toBe(
      true,
    );
  });

  it('row ids are unique, every held-out id is a row, and the report lists every row', () => {
    const ids = [...rows, ...populationRows(1, { populationN: 4, titrationN: 2 })].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of Object.keys(HELD_OUT)) expect(ids).toContain(id);
    const report = readFileSync(new URL('../../docs/model-validation.md', import.meta.url), 'utf8');
    for (const id of ids) expect(report).toContain(`\`${id}\``);
  });
});

describe('pass-rate statistics', () => {
  it('the Wilson interval matches published values and always holds the observed rate', () => {
    // Newcombe 1998, Table I: 81/263 → 0.2553–0.3662; 15/148 → 0.0624–0.1605.
    const a = wilson(81, 263);
    expect(a.lo).toBeCloseTo(0.2553, 4);
    expect(a.hi).toBeCloseTo(0.3662, 4);
    const b = wilson(15, 148);
    expect(b.lo).toBeCloseTo(0.0624, 4);
    expect(b.hi).toBeCloseTo(0.1605, 4);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const k = Math.round(f * n);
        const { lo, hi } = wilson(k, n);
        return lo >= 0 && hi <= 1 && lo <= k / n + 1e-12 && hi >= k / n - 1e-12;
      }),
    );
    expect(() => wilson(3, 2)).toThrow(RangeError);
  });

  it('the criterion flags only rates whose interval lies wholly below the target, with a small false-alarm rate', () => {
    expect(missesTarget(0, 6)).toBe(true);
    expect(missesTarget(6, 6)).toBe(false);
    expect(missesTarget(4, 6)).toBe(false);
    // Exact binomial: P(flagged | true rate 80 %) over 6 seeds = P(X ≤ 2) for X ~ Bin(6, 0.8) = 0.01696.
    expect(falseAlarmRate(6)).toBeCloseTo(0.01696, 5);
    for (const n of [6, 10, 20]) expect(falseAlarmRate(n)).toBeLessThan(0.06);
  });

  it('pass rates gather per-seed rows by id and refuse rows that differ between seeds', () => {
    const row = (id: string, pass: boolean) =>
      ({ id, pass, topic: 't', measure: 'm', target: 't', value: 'v', source: 's' }) as const;
    const r = passRates([1, 2, 3], [[row('a', true)], [row('a', false)], [row('a', true)]]);
    expect(r[0]?.passes).toBe(2);
    expect(r[0]?.perSeed).toEqual([true, false, true]);
    expect(() => passRates([1, 2], [[row('a', true)], [row('b', true)]])).toThrow(RangeError);
  });
});
