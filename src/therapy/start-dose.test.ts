import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MS_PER_HOUR, hours, mcgToNg, millis } from './quantities.ts';
import { START_DOSE_RULES, startDose } from './start-dose.ts';

const run = (mcg: number, h: number) => startDose({ screeningDose: mcgToNg(mcg), effectDuration: hours(h) });
const codes = (r: { reasons: readonly { code: string }[] }) => r.reasons.map((x) => x.code);

describe('startDose — first 24 h [C: Lioresal Intrathecal / Gablofen labels, docs/clinical-reference.md §1.3]', () => {
  it('2× the effective screening dose when the effect lasted 8 h or less', () => {
    const r = run(50, 6);
    expect(r.verdict).toBe('ok');
    expect(r.rule).toBe('double');
    expect(r.view.dailyDoseMcg).toBe(100);
    expect(r.dailyDose).toBe(100_000);
    expect(codes(r)).toEqual(['ITB_R_START_DOSE_DOUBLE', 'ITB_R_START_NO_INCREASE_24H']);
  });

  it('exactly 8 h is still "8 h or less": 2×', () => {
    expect(run(75, 8).view.dailyDoseMcg).toBe(150);
  });

  it('1× the screening dose when the effect lasted more than 8 h (one millisecond is enough)', () => {
    const r = startDose({ screeningDose: mcgToNg(50), effectDuration: millis(8 * MS_PER_HOUR + 1) });
    expect(r.rule).toBe('single');
    expect(r.view.dailyDoseMcg).toBe(50);
    expect(run(100, 12).view.dailyDoseMcg).toBe(100);
  });

  it('the reasons say which rule applied and forbid an increase in the first 24 h', () => {
    const r = run(100, 12);
    expect(r.reasons[0]?.message).toMatch(/more than 8 h/);
    expect(codes(r)).toContain('ITB_R_START_NO_INCREASE_24H');
    expect(r.reasons.find((x) => x.code === 'ITB_R_START_NO_INCREASE_24H')?.message).toMatch(
      /first 24 hours/,
    );
  });

  it('25 µg (very small children) is a protocol dose [C: label]', () => {
    expect(run(25, 5).verdict).toBe('ok');
    expect(run(25, 5).view.dailyDoseMcg).toBe(50);
  });
});

describe('startDose — the screening protocol [C: label; Boster 2016]', () => {
  it('an off-protocol screening dose warns but is still computed', () => {
    const r = run(60, 6);
    expect(r.verdict).toBe('warn');
    expect(codes(r)).toContain('ITB_R_SCREENING_DOSE_OFF_PROTOCOL');
    expect(r.view.dailyDoseMcg).toBe(120);
  });

  it('no response (0 h) blocks and gives no dose: next protocol dose or not a candidate', () => {
    const r = run(100, 0);
    expect(r.verdict).toBe('block');
    expect(r.view.dailyDoseMcg).toBeNull();
    expect(codes(r)).toEqual(['ITB_R_SCREENING_NO_RESPONSE']);
    expect(r.reasons[0]?.message).toMatch(/not a candidate/);
  });

  it('a start dose outside the drug library’s absolute range blocks and prints no dose (unit slip)', () => {
    const slip = run(50_000, 6); // 50 mg typed where 50 µg was meant
    expect(slip.verdict).toBe('block');
    expect(slip.view.dailyDoseMcg).toBeNull();
    expect(codes(slip)).toContain('ITB_R_DOSE_ABOVE_HARD_LIMIT');
    const tiny = run(5, 6);
    expect(tiny.verdict).toBe('block');
    expect(codes(tiny)).toContain('ITB_R_DOSE_BELOW_HARD_LIMIT');
  });

  it.each([
    [50, -1, 'ITB_E_OUT_OF_RANGE'],
    [50, 48.5, 'ITB_E_OUT_OF_RANGE'],
    [0, 6, 'ITB_E_NON_POSITIVE'],
    [-25, 6, 'ITB_E_NON_POSITIVE'],
  ])('screening %s µg, effect %s h → %s', (mcg, h, code) => {
    expect(() => run(mcg, h)).toThrow(expect.objectContaining({ code }));
  });

  it('48 h is the last accepted effect duration', () => {
    expect(run(50, 48).verdict).toBe('ok');
  });
});

describe('startDose — properties', () => {
  const protocol = START_DOSE_RULES.protocolDoses.value;
  const maxEffect = START_DOSE_RULES.effectDurationMax.value;

  it('never more than 2× nor less than 1× the screening dose; never rises with a longer effect', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...protocol),
        fc.integer({ min: 1, max: maxEffect }),
        fc.integer({ min: 1, max: maxEffect }),
        (dose, a, b) => {
          const [short, long] = a <= b ? [a, b] : [b, a];
          const rs = startDose({ screeningDose: dose, effectDuration: millis(short) });
          const rl = startDose({ screeningDose: dose, effectDuration: millis(long) });
          for (const r of [rs, rl]) {
            expect(r.dailyDose).not.toBeNull();
            expect(r.dailyDose ?? 0).toBeGreaterThanOrEqual(dose);
            expect(r.dailyDose ?? 0).toBeLessThanOrEqual(2 * dose);
          }
          expect(rl.dailyDose ?? 0).toBeLessThanOrEqual(rs.dailyDose ?? 0);
        },
      ),
    );
  });
});
