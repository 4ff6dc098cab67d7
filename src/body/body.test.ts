// The virtual patient's API (docs/architecture.md "pure": a value in, a value out, time and randomness as
// arguments) and its safety behaviour from docs/clinical-reference.md §2: abrupt stop → rebound and withdrawal; overdose.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MS_PER_DAY, MS_PER_HOUR, epochMs, mcgToNg } from '../therapy/quantities.ts';
import { advance, createBody, lumbarBolus, observe } from './body.ts';
import { defaultPatient, samplePatient } from './patient.ts';
import { createRng } from './random.ts';
import { WITHDRAWAL_STAGES } from './scales.ts';

const h = (x: number) => epochMs(Math.round(x * MS_PER_HOUR));
const p = defaultPatient();
const infusion = (mcgPerDay: number, from = 0, to = 1e6) => ({
  segments: [{ start: h(from), end: h(to), ngPerDay: mcgPerDay * 1000 }],
});

describe('createBody / advance', () => {
  it('starts drug-free at baseline tone (trials: MAS ~3.9, Penn 3.1–3.3)', () => {
    const o = observe(createBody(p, h(0)));
    expect(o.csf).toEqual({ tip: 0, spinal: 0, cranial: 0 });
    expect(o.masContinuous).toBeCloseTo(3.9, 10);
    expect(o.mas).toBe('4');
    expect(o.penn).toBe(3);
    expect([o.withdrawalStage, o.overdoseStage]).toEqual(['none', 'none']);
  });

  it('does not change the body it was given (immutable values)', () => {
    const b = createBody(p, h(0));
    const later = advance(b, infusion(300), h(24));
    expect(b.now).toBe(h(0));
    expect(observe(b).csf.spinal).toBe(0);
    expect(observe(later).csf.spinal).toBeGreaterThan(0);
  });

  it('gives the same patient whether time is advanced in one call or many (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.double({ min: 0.01, max: 0.99, noNaN: true }), { minLength: 1, maxLength: 4 }),
        (seed, cuts) => {
          const patient = samplePatient(seed);
          const inputs = {
            ...infusion(250, 0, 30),
            boluses: [{ at: h(40), amount: mcgToNg(50), volumeMl: 1 }],
          };
          const one = observe(advance(createBody(patient, h(0)), inputs, h(72)));
          let b = createBody(patient, h(0));
          for (const c of [...cuts].sort((x, y) => x - y))
            b = advance(b, inputs, h(Math.max(b.now / MS_PER_HOUR, 72 * c)));
          const many = observe(advance(b, inputs, h(72)));
          expect(many.csf.spinal).toBeCloseTo(one.csf.spinal, 9);
          expect(many.effectSite).toBeCloseTo(one.effectSite, 9);
          // The slow states come from an error-controlled RK4 (slow.ts) whose step grid depends on where the
          // calls split time: the global error over 72 h is bounded by the per-step tolerance times the step
          // count, not by the per-step tolerance, so they agree to 1e-4 while the exact linear part agrees to 1e-9.
          expect(many.tolerance).toBeCloseTo(one.tolerance, 4);
          expect(many.dependence).toBeCloseTo(one.dependence, 4);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('refuses to go back in time and to take a bolus at another time than now', () => {
    const b = createBody(p, h(10));
    expect(() => advance(b, {}, h(9))).toThrow(
      expect.objectContaining({ code: 'ITB_E_BODY_TIME_BACKWARDS' }),
    );
    expect(() => lumbarBolus(b, mcgToNg(50), 1, h(11))).toThrow(
      expect.objectContaining({ code: 'ITB_E_BODY_TIME_BACKWARDS' }),
    );
  });

  it('refuses invalid patient parameters', () => {
    expect(() => createBody({ ...p, spinalVolumeMl: -1 }, h(0))).toThrow(
      expect.objectContaining({ code: 'ITB_E_BODY_INVALID_PATIENT' }),
    );
    expect(() => createBody({ ...p, ec50UgPerMl: Number.NaN }, h(0))).toThrow(
      expect.objectContaining({ code: 'ITB_E_BODY_INVALID_PATIENT' }),
    );
  });
});

describe('observe', () => {
  it('is noise-free without an rng and reproducible with a seeded one', () => {
    const b = advance(createBody(p, h(0)), infusion(100), h(48));
    expect(observe(b)).toEqual(observe(b));
    const ratings = (seed: number) => {
      const r = createRng(seed);
      return Array.from({ length: 20 }, () => observe(b, r).mas);
    };
    expect(ratings(5)).toEqual(ratings(5));
    expect(new Set(ratings(5)).size).toBeGreaterThan(1); // a rater does not always give the same grade
  });
});

describe('withdrawal and overdose (docs/clinical-reference.md §2, boxed warning)', () => {
  const chronic = advance(createBody(p, h(0)), infusion(200, 0, 60 * 24), h(60 * 24));

  it('after an abrupt stop: tone rebounds within a day and withdrawal deepens stage by stage', () => {
    const onTherapy = observe(chronic).masContinuous;
    let b = chronic;
    let last = 0;
    let reboundAt: number | undefined;
    for (let t = 1; t <= 72; t++) {
      b = advance(b, infusion(200, 0, 60 * 24), h(60 * 24 + t));
      const o = observe(b);
      const rank = WITHDRAWAL_STAGES.indexOf(o.withdrawalStage);
      expect(rank).toBeGreaterThanOrEqual(last); // never improves without the drug
      last = rank;
      if (reboundAt === undefined && o.masContinuous >= onTherapy + 1) reboundAt = t;
    }
    expect(reboundAt).toBeLessThanOrEqual(24);
    expect(last).toBeGreaterThanOrEqual(WITHDRAWAL_STAGES.indexOf('moderate'));
  });

  it('a 10 mg error into the tip zone gives coma within hours (label: coma up to 72 h)', () => {
    const t0 = chronic.now / MS_PER_HOUR;
    const error = { start: h(t0), end: h(t0 + 1), ngPerDay: 10_000_000 * 24 };
    const b = advance(chronic, { segments: [...infusion(200, t0, t0 + 200).segments, error] }, h(t0 + 12));
    expect(observe(b).overdoseStage).toBe('coma');
  });

  it('a single lumbar bolus in a naive patient leaves no withdrawal behind', () => {
    const b = lumbarBolus(createBody(p, h(0)), mcgToNg(100), 2, h(0));
    expect(observe(advance(b, {}, epochMs(3 * MS_PER_DAY))).withdrawalStage).toBe('none');
  });
});
