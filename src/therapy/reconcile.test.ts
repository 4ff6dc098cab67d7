import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mlToNl, type Nanolitres } from './quantities.ts';
import { RECONCILE_RULES, reconcileResidual } from './reconcile.ts';

const ml = (v: number): Nanolitres => mlToNl(v);
const run = (size: number, expected: number, measured: number) =>
  reconcileResidual({
    reservoirSize: ml(size),
    expected: ml(expected),
    measured: ml(measured),
    drug: 'baclofen',
  });
const codes = (r: { reasons: readonly { code: string }[] }) => r.reasons.map((x) => x.code);

describe('reconcileResidual — thresholds [C: Maino 2017, > 1 mL in 20 mL, > 2 mL in 40 mL pumps]', () => {
  it('20 mL pump: exactly 1 mL is within, more than 1 mL lower warns', () => {
    expect(run(20, 10, 9).verdict).toBe('ok');
    const r = run(20, 10, 8.9);
    expect(r.verdict).toBe('warn');
    expect(r.direction).toBe('lower');
    expect(codes(r)).toEqual(['ITB_R_RESIDUAL_LOWER_THAN_EXPECTED']);
    expect(r.view.discrepancyMl).toBeCloseTo(-1.1, 9);
  });

  it('40 mL pump: exactly 2 mL is within, more than 2 mL higher warns', () => {
    expect(run(40, 20, 22).verdict).toBe('ok');
    const r = run(40, 20, 22.1);
    expect(r.verdict).toBe('warn');
    expect(r.direction).toBe('higher');
    expect(codes(r)).toEqual(['ITB_R_RESIDUAL_HIGHER_THAN_EXPECTED']);
  });

  it('1.5 mL off is consequential in a 20 mL pump but not in a 40 mL pump [Maino 2017]', () => {
    expect(run(20, 10, 11.5).verdict).toBe('warn');
    expect(run(40, 10, 11.5).verdict).toBe('ok');
  });

  it('the thresholds are sourced data, tagged [C]', () => {
    for (const rule of RECONCILE_RULES.values()) {
      expect(rule.investigateAbove.confidence).toBe('C');
      expect(rule.investigateAbove.source).toMatch(/Maino/);
    }
  });
});

describe('reconcileResidual — causes and actions by direction [C: docs/clinical-reference.md §3, refill procedure]', () => {
  it('lower than expected: over-delivery, leak, pocket fill; do not refill; observe for overdose', () => {
    const r = run(20, 12, 9);
    expect(r.causes.join(' ')).toMatch(/over-delivery/);
    expect(r.causes.join(' ')).toMatch(/leak/);
    expect(r.causes.join(' ')).toMatch(/drawn back incompletely/);
    expect(r.actions.join(' ')).toMatch(/do not refill/);
    expect(r.actions.join(' ')).toMatch(/overdose/);
    expect(r.reasons[0]?.message).toMatch(/Possible causes: .*leak/);
  });

  it('higher than expected: occlusion, motor/MRI stall, pocket; observe for withdrawal; catheter study', () => {
    const r = run(20, 5, 8);
    const causes = r.causes.join(' ');
    expect(causes).toMatch(/occlusion/);
    expect(causes).toMatch(/MRI/);
    expect(causes).toMatch(/pocket/);
    expect(r.actions.join(' ')).toMatch(/withdrawal/);
    expect(r.actions.join(' ')).toMatch(/catheter study/);
    expect(r.actions.join(' ')).toMatch(/do not refill/);
  });

  it('within the threshold lists no causes', () => {
    const r = run(20, 5, 5.5);
    expect(r.causes).toEqual([]);
    expect(r.actions).toEqual([]);
  });
});

describe('reconcileResidual — discrepancyPercent (relative to the expected residual)', () => {
  it('is (measured − expected) / expected × 100 to 0.01 %', () => {
    expect(run(20, 10, 8.5).view.discrepancyPercent).toBe(-15);
    expect(run(40, 3, 4).view.discrepancyPercent).toBe(33.33);
  });

  it('is null when the pump calculated an empty reservoir, which itself warns [C: label boxed warning]', () => {
    const r = run(20, 0, 0.5);
    expect(r.view.discrepancyPercent).toBeNull();
    expect(r.verdict).toBe('warn');
    expect(codes(r)).toContain('ITB_R_RESIDUAL_EXPECTED_EMPTY');
  });

  it('the view carries the verdict and reasons of the result', () => {
    const r = run(20, 10, 7);
    expect(r.view.verdict).toBe(r.verdict);
    expect(r.view.reasons).toBe(r.reasons);
  });
});

describe('reconcileResidual — bad input is refused (fail safe)', () => {
  it.each([
    [30, 10, 10, 'ITB_E_UNKNOWN_RESERVOIR_SIZE'],
    [20, -1, 10, 'ITB_E_NON_POSITIVE'],
    [20, 10, -0.1, 'ITB_E_NON_POSITIVE'],
    [20, 10, 21.5, 'ITB_E_RESIDUAL_EXCEEDS_RESERVOIR'],
    [40, 43, 10, 'ITB_E_RESIDUAL_EXCEEDS_RESERVOIR'],
  ])('size %s mL, expected %s mL, measured %s mL → %s', (size, expected, measured, code) => {
    expect(() => run(size, expected, measured)).toThrow(expect.objectContaining({ code }));
  });

  it('a non-integer nanolitre count is refused', () => {
    expect(() =>
      reconcileResidual({
        reservoirSize: ml(20),
        expected: 1.5 as Nanolitres,
        measured: ml(1),
        drug: 'baclofen',
      }),
    ).toThrow(expect.objectContaining({ code: 'ITB_E_INVALID_INPUT' }));
  });
});

describe('reconcileResidual — properties', () => {
  const sizes = [...RECONCILE_RULES.keys()];

  it('is symmetric in sign: ±d give the same verdict and magnitude', () => {
    fc.assert(
      fc.property(fc.constantFrom(...sizes), fc.nat(), fc.nat(), (size, eRaw, dRaw) => {
        const expected = eRaw % (size + 1);
        const d = dRaw % (Math.min(expected, size - expected) + 1);
        const up = reconcileResidual({
          reservoirSize: size as Nanolitres,
          expected: expected as Nanolitres,
          measured: (expected + d) as Nanolitres,
          drug: 'baclofen',
        });
        const down = reconcileResidual({
          reservoirSize: size as Nanolitres,
          expected: expected as Nanolitres,
          measured: (expected - d) as Nanolitres,
          drug: 'baclofen',
        });
        expect(up.verdict).toBe(down.verdict);
        expect(Math.abs(up.discrepancy)).toBe(Math.abs(down.discrepancy));
        expect((up.view.discrepancyPercent ?? 0) + (down.view.discrepancyPercent ?? 0)).toBe(0);
      }),
    );
  });

  it('warns exactly when |measured − expected| exceeds the sourced threshold (expected > 0)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...sizes), fc.nat(), fc.nat(), (size, e, m) => {
        const expected = 1 + (e % size);
        const measured = m % (size + 1);
        const threshold = RECONCILE_RULES.get(size)?.investigateAbove.value ?? 0;
        const r = reconcileResidual({
          reservoirSize: size as Nanolitres,
          expected: expected as Nanolitres,
          measured: measured as Nanolitres,
          drug: 'baclofen',
        });
        expect(r.verdict).toBe(Math.abs(measured - expected) > threshold ? 'warn' : 'ok');
      }),
    );
  });
});
