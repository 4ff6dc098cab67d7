import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DRUG_IDS, getDrug } from './drug-library.ts';
import { mcgPerDay, nanogramsPerDay } from './quantities.ts';
import { checkTitration, type TitrationInput } from './titration.ts';
import type { Verdict } from './verdict.ts';

type Opts = Partial<Omit<TitrationInput, 'current' | 'proposed'>>;
/** Like Opts, but optional fields may be present as undefined (as fast-check's option() makes them). */
type LooseOpts = { [K in keyof Opts]?: Opts[K] | undefined };
const run = (currentMcg: number, proposedMcg: number, opts: Opts = {}) =>
  checkTitration({
    current: mcgPerDay(currentMcg),
    proposed: mcgPerDay(proposedMcg),
    origin: 'spinal',
    phase: 'titration',
    hoursSinceLastChange: 24,
    ...opts,
  });
const codes = (r: { reasons: readonly { code: string }[] }) => r.reasons.map((x) => x.code);

describe('checkTitration — titration steps [C: label, CMSC 2015: spinal +10–30 %, cerebral/children +5–15 %]', () => {
  it('spinal +20 % is within the step', () => {
    const r = run(300, 360);
    expect(r.verdict).toBe('ok');
    expect(r.view.changePercent).toBe(20);
    expect(codes(r)).toContain('ITB_R_TITRATION_WITHIN_STEP');
  });

  it('spinal: +30 % ok, +31 % warns (override), +60 % (2× max [A]) warns, +61 % blocks', () => {
    expect(run(300, 390).verdict).toBe('ok');
    expect(codes(run(300, 393))).toContain('ITB_R_TITRATION_ABOVE_STEP');
    expect(run(300, 393).verdict).toBe('warn');
    expect(run(300, 480).verdict).toBe('warn');
    expect(codes(run(300, 483))).toContain('ITB_R_TITRATION_FAR_ABOVE_STEP');
    expect(run(300, 483).verdict).toBe('block');
  });

  it('cerebral origin: +15 % ok, +16 % warns, +31 % blocks', () => {
    const o: Opts = { origin: 'cerebral' };
    expect(run(200, 230, o).verdict).toBe('ok');
    expect(run(200, 232, o).verdict).toBe('warn');
    expect(run(200, 262, o).verdict).toBe('block');
  });

  it('a child under 12 of spinal origin takes the smaller steps (+20 % warns)', () => {
    const r = run(200, 240, { ageYears: 8 });
    expect(r.population).toBe('child-under-12');
    expect(codes(r)).toContain('ITB_R_TITRATION_ABOVE_STEP');
    expect(run(200, 240, { ageYears: 12 }).verdict).toBe('ok');
  });

  it('an increase smaller than the usual step is allowed (ok, noted)', () => {
    const r = run(400, 412);
    expect(r.verdict).toBe('ok');
    expect(codes(r)).toContain('ITB_R_TITRATION_BELOW_STEP');
  });
});

describe('checkTitration — maintenance steps [U: label: spinal 10–40 %, cerebral 5–20 %]', () => {
  it('spinal +40 % ok, +41 % warns', () => {
    const o: Opts = { phase: 'maintenance' };
    expect(run(400, 560, o).verdict).toBe('ok');
    expect(run(400, 564, o).verdict).toBe('warn');
  });

  it('cerebral +20 % ok, +21 % warns', () => {
    const o: Opts = { phase: 'maintenance', origin: 'cerebral' };
    expect(run(300, 360, o).verdict).toBe('ok');
    expect(run(300, 363, o).verdict).toBe('warn');
  });
});

describe('checkTitration — at most one increase per 24 h [C: label]', () => {
  it('an increase within 24 h of the last change blocks', () => {
    const r = run(300, 330, { hoursSinceLastChange: 23.5 });
    expect(r.verdict).toBe('block');
    expect(codes(r)).toContain('ITB_R_TITRATION_TOO_SOON');
  });

  it('exactly 24 h is allowed; an unknown time warns', () => {
    expect(run(300, 330, { hoursSinceLastChange: 24 }).verdict).toBe('ok');
    const unknown = checkTitration({
      current: mcgPerDay(300),
      proposed: mcgPerDay(330),
      origin: 'spinal',
      phase: 'titration',
    });
    expect(unknown.verdict).toBe('warn');
    expect(codes(unknown)).toContain('ITB_R_TITRATION_TIMING_UNKNOWN');
  });

  it('a reduction for side effects is not held back by the 24 h rule', () => {
    expect(run(400, 340, { hoursSinceLastChange: 1 }).verdict).toBe('ok');
  });
});

describe('checkTitration — reductions [U: label 10–20 % for side effects; boxed warning]', () => {
  it('−15 % ok; −5 % ok (smaller step); −25 % warns of withdrawal', () => {
    expect(codes(run(400, 340))).toContain('ITB_R_TITRATION_WITHIN_STEP');
    expect(codes(run(400, 380))).toContain('ITB_R_TITRATION_BELOW_STEP');
    const large = run(400, 300);
    expect(large.verdict).toBe('warn');
    expect(codes(large)).toContain('ITB_R_TITRATION_REDUCTION_LARGE');
    expect(large.reasons.find((x) => x.code === 'ITB_R_TITRATION_REDUCTION_LARGE')?.message).toMatch(
      /withdrawal/,
    );
  });

  it('a reduction of more than half warns strongly (abrupt)', () => {
    const r = run(800, 390);
    expect(r.verdict).toBe('warn');
    expect(codes(r)).toContain('ITB_R_TITRATION_REDUCTION_ABRUPT');
  });

  it('a stop warns strongly and is not judged as a dose (below the hard minimum is not a block)', () => {
    const r = run(300, 0);
    expect(r.direction).toBe('stop');
    expect(r.verdict).toBe('warn');
    expect(codes(r)).toEqual(['ITB_R_TITRATION_REDUCTION_ABRUPT']);
    expect(r.reasons[0]?.message).toMatch(/rhabdomyolysis/);
    expect(r.view.changePercent).toBe(-100);
  });
});

describe('checkTitration — drug library ranges for the population [C: label ranges; library hard limits]', () => {
  it('above the usual adult spinal range (300–800 µg/day) warns', () => {
    const r = run(700, 840);
    expect(r.verdict).toBe('warn');
    expect(codes(r)).toContain('ITB_R_DOSE_ABOVE_USUAL_RANGE');
  });

  it('above the absolute maximum blocks, whatever the step', () => {
    const r = run(1800, 2160);
    expect(r.verdict).toBe('block');
    expect(codes(r)).toContain('ITB_R_DOSE_ABOVE_HARD_LIMIT');
  });

  it('a running dose below the absolute minimum blocks', () => {
    expect(codes(run(14, 11))).toContain('ITB_R_DOSE_BELOW_HARD_LIMIT');
    expect(run(14, 11).verdict).toBe('block');
  });

  it('a change that moves toward the usual range is not warned for the range', () => {
    const up = run(100, 120); // below 300–800, moving up
    expect(up.verdict).toBe('ok');
    expect(up.reasons.find((x) => x.code === 'ITB_R_DOSE_BELOW_USUAL_RANGE')?.severity).toBe('ok');
    const down = run(100, 85); // below and moving further down
    expect(down.reasons.find((x) => x.code === 'ITB_R_DOSE_BELOW_USUAL_RANGE')?.severity).toBe('warn');
  });
});

describe('checkTitration — other cases', () => {
  it('no change is ok', () => {
    expect(run(300, 300).verdict).toBe('ok');
    expect(run(300, 300).view.changePercent).toBe(0);
  });

  it('restarting from a stopped pump warns (overdose after resuming a prior rate [C: label])', () => {
    const r = run(0, 300);
    expect(r.direction).toBe('restart');
    expect(r.verdict).toBe('warn');
    expect(r.view.changePercent).toBeNull();
    expect(codes(r)).toContain('ITB_R_TITRATION_RESTART');
  });

  it('a morphine restart cites the baclofen label: every drug restarts by its own rule, never another label', () => {
    for (const id of DRUG_IDS) {
      const drug = getDrug(id);
      if (drug.hardDoseRange.value.max === 0) continue;
      const proposed = drug.hardDoseRange.value.min;
      const r = checkTitration({
        current: nanogramsPerDay(0),
        proposed: nanogramsPerDay(proposed),
        origin: 'spinal',
        phase: 'titration',
        hoursSinceLastChange: 24,
        ageYears: 40,
        drug,
        opioidStatus: 'tolerant',
      });
      const restart = r.reasons.find((x) => x.code === 'ITB_R_TITRATION_RESTART');
      const said = `${restart?.message ?? ''} ${restart?.source ?? ''}`;
      const rule = drug.restartAfterInterruption;
      if (rule === undefined) {
        expect(said, id).toMatch(new RegExp(`no restart rule for ${id}`));
        expect(said, id).not.toMatch(/Lioresal|Gablofen|baclofen/i);
      } else {
        expect(said, id).toContain(rule.value.guidance);
      }
    }
  });

  it('morphine step said for spinal origin: a drug whose step does not depend on the origin names no origin (walked: Marie Curie, a pain patient, read "the titration step for spinal origin")', () => {
    for (const id of DRUG_IDS) {
      const drug = getDrug(id);
      const inc = drug.titration.increase;
      if (inc.kind !== 'percent' || drug.hardDoseRange.value.max === 0) continue;
      const rows = inc.steps.titration;
      const byOrigin =
        rows.spinal.value.min !== rows['cerebral-or-child'].value.min ||
        rows.spinal.value.max !== rows['cerebral-or-child'].value.max;
      const current = drug.hardDoseRange.value.min * 2;
      const r = checkTitration({
        current: nanogramsPerDay(current),
        proposed: nanogramsPerDay(current * 3),
        origin: 'spinal',
        phase: 'titration',
        hoursSinceLastChange: 24,
        ageYears: 40,
        drug,
        opioidStatus: 'tolerant',
      });
      const step = r.reasons.find((x) => x.code.startsWith('ITB_R_TITRATION_') && x.message.includes('step'));
      expect(step?.message, id).toBeDefined();
      if (byOrigin) expect(step?.message, id).toMatch(/spinal origin/);
      else expect(step?.message, id).not.toMatch(/origin|children/);
    }
  });

  it('a recorded current dose outside the hard range warns to verify the record', () => {
    expect(codes(run(2500, 2200))).toContain('ITB_R_CURRENT_OUTSIDE_HARD_LIMIT');
  });

  it.each([
    [{ current: nanogramsPerDay(-1) }, 'ITB_E_NON_POSITIVE'],
    [{ current: 1.5 as never }, 'ITB_E_INVALID_INPUT'],
    [{ hoursSinceLastChange: Number.NaN }, 'ITB_E_INVALID_INPUT'],
    [{ ageYears: -1 }, 'ITB_E_INVALID_INPUT'],
    [{ origin: 'other' as never }, 'ITB_E_INVALID_INPUT'],
    [{ phase: 'other' as never }, 'ITB_E_INVALID_INPUT'],
  ])('refuses bad input %j → %s', (patch, code) => {
    const base: TitrationInput = {
      current: mcgPerDay(300),
      proposed: mcgPerDay(330),
      origin: 'spinal',
      phase: 'titration',
    };
    expect(() => checkTitration({ ...base, ...patch })).toThrow(expect.objectContaining({ code }));
  });

  it('the rule table is sourced data and can be overridden', () => {
    const baclofen = getDrug('baclofen').titration;
    if (baclofen.increase.kind !== 'percent') throw new Error('baclofen steps are percentages');
    const increase = baclofen.increase;
    for (const phase of Object.values(increase.steps)) {
      for (const row of Object.values(phase)) expect(row.source).toMatch(/label/);
    }
    expect(increase.hardStepFactor.confidence).toBe('A');
    const rules = {
      ...baclofen,
      increase: { ...increase, hardStepFactor: { ...increase.hardStepFactor, value: 3 } },
    };
    expect(run(300, 483).verdict).toBe('block');
    expect(run(300, 483, { rules }).verdict).toBe('warn');
  });
});

describe('checkTitration — the verdict never falls as the change grows (property)', () => {
  const rank: Record<Verdict, number> = { ok: 0, warn: 1, block: 2 };
  const hard = getDrug('baclofen').hardDoseRange.value;
  const context = fc.record({
    origin: fc.constantFrom('spinal' as const, 'cerebral' as const),
    phase: fc.constantFrom('titration' as const, 'maintenance' as const),
    ageYears: fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined }),
    hoursSinceLastChange: fc.option(fc.double({ min: 0, max: 200, noNaN: true }), { nil: undefined }),
  });
  const verdictFor = (ctx: LooseOpts, current: number, proposed: number) =>
    rank[
      checkTitration({
        origin: 'spinal',
        phase: 'titration',
        ...stripUndefined(ctx),
        current: nanogramsPerDay(current),
        proposed: nanogramsPerDay(proposed),
      }).verdict
    ];

  // Changes as a share of the current dose (mostly 0–60 %, up to 300 %), so that both sizes often fall in
  // the narrow windows where rules meet (step limits, usual-range edges); current doses in the hard range.
  const by = (dose: number, bp: number) => Math.round((dose * bp) / 10_000);
  const share = fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: 6_000 }), weight: 4 },
    { arbitrary: fc.integer({ min: 1, max: 30_000 }), weight: 1 },
  );
  const edges = Object.values(getDrug('baclofen').softDoseRange).flatMap((r) => [r.value.min, r.value.max]);
  const current = fc.oneof(
    fc.integer({ min: hard.min, max: hard.max }),
    fc
      .tuple(fc.constantFrom(...edges), fc.integer({ min: 6_000, max: 11_000 }))
      .map(([edge, bp]) => Math.min(Math.max(by(edge, bp), hard.min), hard.max)),
  );

  it('for increases', () => {
    fc.assert(
      fc.property(context, current, share, share, (ctx, cur, a, b) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        expect(verdictFor(ctx, cur, cur + by(cur, small))).toBeLessThanOrEqual(
          verdictFor(ctx, cur, cur + by(cur, large)),
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it('for reductions (to any running dose > 0)', () => {
    fc.assert(
      fc.property(context, current, share, share, (ctx, cur, a, b) => {
        const [small, large] = a % 10_000 <= b % 10_000 ? [a % 10_000, b % 10_000] : [b % 10_000, a % 10_000];
        const lo = Math.max(cur - by(cur, large), 1);
        expect(verdictFor(ctx, cur, cur - by(cur, small))).toBeLessThanOrEqual(verdictFor(ctx, cur, lo));
      }),
      { numRuns: 2_000 },
    );
  });

  it('along a 1 % sweep from every usual-range edge, for every context (deterministic)', () => {
    const currents = edges.flatMap((e) => [9_000, 10_000, 11_000].map((bp) => by(e, bp)));
    const falls: string[] = [];
    for (const origin of ['spinal', 'cerebral'] as const) {
      for (const phase of ['titration', 'maintenance'] as const) {
        for (const ageYears of [undefined, 8]) {
          for (const hoursSinceLastChange of [undefined, 30]) {
            const ctx = stripUndefined({ origin, phase, ageYears, hoursSinceLastChange });
            for (const cur of currents) {
              for (const sign of [1, -1]) {
                let last = 0;
                for (let step = 1; step <= 99; step++) {
                  const v = verdictFor(ctx, cur, Math.max(cur + sign * by(cur, step * 100), 1));
                  if (v < last) falls.push(`${JSON.stringify(ctx)} ${cur} ng/day ${sign * step} %`);
                  last = v;
                }
              }
            }
          }
        }
      }
    }
    expect(falls).toEqual([]);
  });

  it('a stop always warns, never passes silently and is never refused', () => {
    fc.assert(
      fc.property(context, fc.integer({ min: hard.min, max: hard.max }), (ctx, current) => {
        expect(verdictFor(ctx, current, 0)).toBe(rank.warn);
      }),
    );
  });
});

function stripUndefined(o: LooseOpts): Opts {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
