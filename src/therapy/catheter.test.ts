import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  PROMETRA_CATHETER,
  PUMP_DEAD_VOLUME_UNSET,
  catheterTransitTime,
  catheterVolume,
  cmToMm,
  primingBolus,
} from './catheter.ts';
import { MS_PER_HOUR, mcgPerMl, mlPerDay, mlToNl, nanolitres } from './quantities.ts';
import { sourced } from './sourced.ts';

describe('catheterVolume — Prometra [C: Prometra II implant manual, 0.0026 mL/cm × (110 cm − trimmed)]', () => {
  it('untrimmed catheter: 110 cm × 0.0026 mL/cm = 0.286 mL', () => {
    const r = catheterVolume({ kind: 'prometra', trimmedMm: 0 });
    expect(r.volume).toBe(mlToNl(0.286));
    expect(r.view.implantedLengthCm).toBe(110);
    expect(r.verdict).toBe('ok');
  });

  it('15 cm trimmed: 95 cm implanted, 0.247 mL; the reason shows the formula and its source', () => {
    const r = catheterVolume({ kind: 'prometra', trimmedMm: cmToMm(15) });
    expect(r.volume).toBe(mlToNl(0.247));
    expect(r.view.catheterVolumeMl).toBe(0.247);
    expect(r.reasons[0]?.code).toBe('ITB_R_CATHETER_VOLUME');
    expect(r.reasons[0]?.message).toMatch(/0\.0026 mL\/cm × 95 cm = 0\.247 mL$/);
    expect(r.reasons[0]?.source).toMatch(/^C: Prometra/);
  });

  it.each([
    [{ kind: 'prometra', trimmedMm: 1_100 } as const],
    [{ kind: 'prometra', trimmedMm: -10 } as const],
    [{ kind: 'prometra', trimmedMm: 2.5 } as const],
    [{ kind: 'other', volumePerCm: sourced(2_000, 'U', 'test'), implantedLengthMm: 0 } as const],
  ])('refuses an impossible length: %j', (spec) => {
    expect(() => catheterVolume(spec)).toThrow(expect.objectContaining({ code: 'ITB_E_CATHETER_LENGTH' }));
  });

  it('other catheters take their volume per cm as a sourced parameter', () => {
    const perCm = sourced(2_200, 'U', 'catheter manual (test value)');
    const r = catheterVolume({ kind: 'other', volumePerCm: perCm, implantedLengthMm: 500 });
    expect(r.volume).toBe(mlToNl(0.11));
    expect(r.reasons[0]?.source).toMatch(/^U: catheter manual/);
    expect(() =>
      catheterVolume({ kind: 'other', volumePerCm: sourced(0, 'U', 'x'), implantedLengthMm: 500 }),
    ).toThrow(expect.objectContaining({ code: 'ITB_E_NON_POSITIVE' }));
  });

  it('cmToMm reads a clinician’s centimetres to the millimetre and refuses negatives', () => {
    expect(cmToMm(15.5)).toBe(155);
    expect(() => cmToMm(-1)).toThrow(expect.objectContaining({ code: 'ITB_E_CATHETER_LENGTH' }));
  });
});

describe('catheterVolume — properties', () => {
  it('is linear in the implanted length (exact for Prometra: 260 nL per mm)', () => {
    const perMm = PROMETRA_CATHETER.volumePerCm.value / 10;
    const supplied = PROMETRA_CATHETER.suppliedLengthMm.value;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: supplied - 1 }), (trimmed) => {
        const v = catheterVolume({ kind: 'prometra', trimmedMm: trimmed }).volume;
        expect(v).toBe(perMm * (supplied - trimmed));
      }),
    );
  });

  it('V(a + b) = V(a) + V(b) within 1 nL of rounding for any volume per cm', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 1, max: 5_000 }),
        (perCm, a, b) => {
          const at = (mm: number) =>
            catheterVolume({ kind: 'other', volumePerCm: sourced(perCm, 'U', 't'), implantedLengthMm: mm })
              .volume;
          expect(Math.abs(at(a + b) - at(a) - at(b))).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe('catheterTransitTime — plug flow [A; docs/clinical-reference.md §4: 50 cm at 0.15 mL/day holds ~21 h]', () => {
  it('a 50 cm catheter (0.0026 mL/cm) at 0.15 mL/day holds about 21 h of drug', () => {
    const v = catheterVolume({ kind: 'prometra', trimmedMm: 600 }).volume; // 50 cm implanted
    const t = catheterTransitTime(v, mlPerDay(0.15)) ?? 0;
    expect(t / MS_PER_HOUR).toBeGreaterThan(20);
    expect(t / MS_PER_HOUR).toBeLessThan(22);
  });

  it('is undefined without flow', () => {
    expect(catheterTransitTime(mlToNl(0.1), mlPerDay(0))).toBeUndefined();
  });
});

describe('primingBolus [C: docs/clinical-reference.md §3 — priming must be supervised; drug mixes in the catheter]', () => {
  it('fills the catheter and always warns that it must be supervised', () => {
    const r = primingBolus({ catheterVolume: mlToNl(0.247) });
    expect(r.volume).toBe(mlToNl(0.247));
    expect(r.verdict).toBe('warn');
    expect(r.reasons[0]?.code).toBe('ITB_R_PRIMING_SUPERVISED');
    expect(r.reasons[0]?.message).toMatch(/supervision/);
    expect(r.reasons[0]?.message).toMatch(/mixes/);
    expect(r.view.pumpDeadVolumeMl).toBe(PUMP_DEAD_VOLUME_UNSET.value);
  });

  it('adds the pump dead volume, a named [U] parameter, and states the most drug that can reach the patient', () => {
    const dead = sourced(nanolitres(200_000), 'U', 'device profile (test)');
    const r = primingBolus({
      catheterVolume: mlToNl(0.247),
      pumpDeadVolume: dead,
      concentration: mcgPerMl(2_000),
    });
    expect(r.volume).toBe(mlToNl(0.447));
    expect(r.drugAtMost).toBe(894_000); // 0.447 mL × 2000 µg/mL = 894 µg
    expect(r.reasons[0]?.message).toMatch(/894 mcg/);
  });

  it('refuses an empty or negative volume', () => {
    expect(() => primingBolus({ catheterVolume: nanolitres(0) })).toThrow(
      expect.objectContaining({ code: 'ITB_E_NON_POSITIVE' }),
    );
    expect(() =>
      primingBolus({ catheterVolume: mlToNl(0.2), pumpDeadVolume: sourced(nanolitres(-1), 'U', 'x') }),
    ).toThrow(expect.objectContaining({ code: 'ITB_E_NON_POSITIVE' }));
  });
});
