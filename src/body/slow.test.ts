// docs/clinical-reference.md §4 [A]: tolerance is a slowly rising EC50 multiplier (×1–5 over months) that reverses over ~10
// days without drug; dependence is an adaptation state with a time constant of ~14 days.
import { describe, expect, it } from 'vitest';
import { addBolus, linearModel } from './linear.ts';
import { defaultPatient } from './patient.ts';
import { effectDrive, N_STATES } from './pk.ts';
import {
  advanceTogether,
  EFFECT_TOLERANCE,
  INITIAL_SLOW,
  STEP_TOLERANCE,
  type SlowState,
  type StepTolerances,
} from './slow.ts';
import { occupancy, overdoseStageOf, sedationFraction, withdrawalStageOf } from './effect.ts';

const p = defaultPatient();
const m = linearModel(p);
const zero = new Float64Array(N_STATES);

describe('slow states', () => {
  const onDrug = advanceTogether(m, zero, INITIAL_SLOW, 300 / 24, 24 * 120);

  it('builds tolerance over months, within ×1–5', () => {
    const month = advanceTogether(m, zero, INITIAL_SLOW, 300 / 24, 24 * 30);
    expect(month.slow.tolerance).toBeGreaterThan(1.2);
    expect(onDrug.slow.tolerance).toBeGreaterThan(month.slow.tolerance);
    expect(onDrug.slow.tolerance).toBeLessThanOrEqual(p.toleranceMax);
  });

  it('reverses most tolerance within ~10 days without drug', () => {
    const off = advanceTogether(m, onDrug.x, onDrug.slow, 0, 24 * 10);
    expect(off.slow.tolerance - 1).toBeLessThan(0.1 * (onDrug.slow.tolerance - 1));
  });

  it('adapts dependence with a ~14-day time constant (63 % of the way after 14 days)', () => {
    const d14 = advanceTogether(m, zero, INITIAL_SLOW, 300 / 24, 24 * 14).slow.dependence;
    const d120 = onDrug.slow.dependence;
    expect(d14 / d120).toBeGreaterThan(0.5);
    expect(d14 / d120).toBeLessThan(0.75);
  });

  it('does not depend on how the interval is cut (error-controlled step)', () => {
    const whole = advanceTogether(m, zero, INITIAL_SLOW, 300 / 24, 24 * 20);
    let part: { x: Float64Array; slow: SlowState } = { x: zero, slow: INITIAL_SLOW };
    for (let i = 0; i < 20; i++) part = advanceTogether(m, part.x, part.slow, 300 / 24, 24);
    expect(part.slow.tolerance).toBeCloseTo(whole.slow.tolerance, 5);
    expect(part.slow.dependence).toBeCloseTo(whole.slow.dependence, 5);
    expect(part.slow.effect).toBeCloseTo(whole.slow.effect, 5);
  });

  it('tone follows occupancy with a lag: the expressed effect rises towards it and is cut-independent after a bolus', () => {
    const x0 = addBolus(p, zero, 50_000, 1);
    const whole = advanceTogether(m, x0, INITIAL_SLOW, 0, 6);
    let part: { x: Float64Array; slow: SlowState } = { x: x0, slow: INITIAL_SLOW };
    for (let i = 0; i < 24; i++) part = advanceTogether(m, part.x, part.slow, 0, 0.25);
    expect(part.slow.effect).toBeCloseTo(whole.slow.effect, 5);
    const early = advanceTogether(m, x0, INITIAL_SLOW, 0, 0.25).slow.effect;
    expect(early).toBeGreaterThan(0);
    expect(early).toBeLessThan(whole.slow.effect + 0.5);
  });

  it('the expressed effect settles on the occupancy at steady state, even when tone responds fast', () => {
    const fast = linearModel({ ...p, toneResponsePerH: 5 });
    const run = advanceTogether(fast, zero, INITIAL_SLOW, 300 / 24, 24 * 20);
    const u = occupancy(fast.params, effectDrive(fast.params, run.x), run.slow.tolerance);
    expect(run.slow.effect).toBeGreaterThan(0);
    expect(run.slow.effect).toBeLessThanOrEqual(1);
    expect(run.slow.effect).toBeCloseTo(u, 3);
  });
});

describe('effect', () => {
  it('rises with concentration and falls with tolerance', () => {
    expect(occupancy(p, 0.3, 1)).toBeGreaterThan(occupancy(p, 0.2, 1));
    expect(occupancy(p, 0.3, 2)).toBeLessThan(occupancy(p, 0.3, 1));
    expect(occupancy(p, p.ec50UgPerMl, 1)).toBeCloseTo(0.5, 12);
    expect(occupancy(p, 0, 1)).toBe(0);
  });

  it('names stages in order of severity', () => {
    expect([0, 0.1, 0.35, 0.9].map(withdrawalStageOf)).toEqual(['none', 'early', 'moderate', 'severe']);
    expect([0, 0.3, 0.6, 0.9].map(overdoseStageOf)).toEqual([
      'none',
      'drowsy',
      'respiratory-depression',
      'coma',
    ]);
    expect(sedationFraction(p, 10, 1)).toBeGreaterThan(sedationFraction(p, 10, 4));
  });

  describe("body advance got slower (the expressed effect held to the slow states' tolerance)", () => {
    // The body benchmark's 30 days (bench/body.bench.ts): dose changes and two 50 µg boluses, advanced piece by
    // piece as body.advance does between input changes.
    const PIECES: readonly (readonly [days: number, mcgPerDay: number, bolusAfter: boolean])[] = [
      [3, 200, true],
      [2, 200, false],
      [7, 240, false],
      [8, 280, true],
      [1, 280, false],
      [9, 250, false],
    ];
    const run = (t: StepTolerances) => {
      let s: { x: Float64Array; slow: SlowState } = { x: zero, slow: INITIAL_SLOW };
      let steps = 0;
      for (const [days, mcgPerDay, bolus] of PIECES) {
        const r = advanceTogether(m, s.x, s.slow, mcgPerDay / 24, 24 * days, t);
        steps += r.steps;
        s = { x: bolus ? addBolus(p, r.x, 50_000, 1) : r.x, slow: r.slow };
      }
      return { ...s, steps };
    };
    const hourly = (t: StepTolerances) => {
      let s: { x: Float64Array; slow: SlowState } = { x: addBolus(p, zero, 50_000, 1), slow: INITIAL_SLOW };
      const effect: number[] = [];
      for (let h = 0; h < 24 * 3; h++) {
        s = advanceTogether(m, s.x, s.slow, 300 / 24, 1, t);
        effect.push(s.slow.effect);
      }
      return effect;
    };

    it('takes well under half the steps of holding the effect to 1e-7', () => {
      const strict = run({ slow: STEP_TOLERANCE, effect: STEP_TOLERANCE });
      const now = run({ slow: STEP_TOLERANCE, effect: EFFECT_TOLERANCE });
      expect(now.steps).toBeLessThan(0.6 * strict.steps);
    });

    it('keeps the expressed effect within 1e-4 (3e-4 MAS points) of a 1e-10 reference, hourly and after 30 days', () => {
      const tight = { slow: 1e-10, effect: 1e-10 };
      const ref = hourly(tight);
      hourly({ slow: STEP_TOLERANCE, effect: EFFECT_TOLERANCE }).forEach((e, i) =>
        expect(Math.abs(e - (ref[i] as number))).toBeLessThan(1e-4),
      );
      const end = run({ slow: STEP_TOLERANCE, effect: EFFECT_TOLERANCE }).slow;
      const endRef = run(tight).slow;
      expect(Math.abs(end.effect - endRef.effect)).toBeLessThan(1e-4);
      expect(Math.abs(end.tolerance - endRef.tolerance)).toBeLessThan(1e-5);
      expect(Math.abs(end.dependence - endRef.dependence)).toBeLessThan(1e-5);
    });
  });
});
