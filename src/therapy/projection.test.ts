import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { segmentsBetween } from './dose-math.ts';
import type { Prescription } from './prescription.ts';
import { flexPrescriptionArb, simplePrescriptionArb } from './prescription.arbitraries.ts';
import {
  REFILL_MARGIN_DAYS,
  projectRefill,
  projectReservoir,
  timeToDeliverVolume,
  type ProjectionInput,
} from './projection.ts';
import { refillByCauseText } from './refill-by-cause.ts';
import {
  MS_PER_DAY,
  epochMs,
  mcgPerDay,
  mcgPerMl,
  mlToNl,
  nanogramsPerDay,
  nanolitres,
  nanolitresPerDay,
  type EpochMs,
} from './quantities.ts';

const START = epochMs(Date.UTC(2025, 0, 1));
const BACLOFEN_2000 = { drug: 'baclofen' as const, concentration: mcgPerMl(2000) };
const simple = (mcg: number, concentrationMcg = 2000): Prescription => ({
  mode: 'simple-continuous',
  drug: { drug: 'baclofen', concentration: mcgPerMl(concentrationMcg) },
  dose: mcgPerDay(mcg),
});
const input = (p: Prescription, fillMl: number, extra: Partial<ProjectionInput> = {}): ProjectionInput => ({
  reservoir: mlToNl(fillMl),
  prescription: p,
  lowAlarmThreshold: mlToNl(2),
  start: START,
  ...extra,
});
const codes = (r: { reasons: readonly { code: string }[] }) => r.reasons.map((x) => x.code);

describe('projectRefill (itb calc refill contract; refill 3–5 days before the alarm [C])', () => {
  it('20 mL of 2000 mcg/mL at 500 mcg/day: 0.25 mL/day, alarm at 2 mL, refill 5 days earlier', () => {
    const r = projectRefill(input(simple(500), 20));
    const mlPerDay = 500 / 2000;
    expect(r.mlPerDay).toBe(mlPerDay);
    expect(r.daysToLowAlarm).toBe((20 - 2) / mlPerDay);
    expect(r.daysToEmpty).toBe(20 / mlPerDay);
    expect(r.lowAlarmAt).toBe(new Date(START + ((20 - 2) / mlPerDay) * MS_PER_DAY).toISOString());
    expect(r.refillBy).toBe(
      new Date(START + ((20 - 2) / mlPerDay - REFILL_MARGIN_DAYS.value) * MS_PER_DAY).toISOString(),
    );
    expect(codes(r)).toEqual(['ITB_R_REFILL_BY_ALARM']);
  });

  it('honours a configured margin', () => {
    const r = projectReservoir(input(simple(500), 20, { refillMarginDays: 3 }));
    expect(r.refillBy).toBe((r.lowAlarmAt ?? 0) - 3 * MS_PER_DAY);
  });

  it('a slow programme is refilled by the 180-day stability limit [C: label]', () => {
    const fill = epochMs(START - 10 * MS_PER_DAY);
    const r = projectReservoir(input(simple(100), 40, { fillTime: fill }));
    expect(r.refillBy).toBe(fill + 180 * MS_PER_DAY);
    expect(codes(r)).toEqual(['ITB_R_REFILL_BY_STABILITY']);
  });

  it('the refill-by cause is data, not parsed words: baclofen by its alarm margin, morphine by its stability limit, a new ziconotide pump by its first fill', () => {
    const baclofen = projectReservoir(input(simple(500), 20));
    expect(baclofen.refillByCause).toEqual({
      kind: 'alarm-margin',
      days: REFILL_MARGIN_DAYS.value,
      drug: 'baclofen',
    });
    const continuous = (drug: 'morphine' | 'ziconotide', mcgPerMlOf: number, mcg: number): Prescription => ({
      mode: 'simple-continuous',
      drug: { drug, concentration: mcgPerMl(mcgPerMlOf) },
      dose: mcgPerDay(mcg),
    });
    const morphine = projectReservoir(input(continuous('morphine', 10_000, 1000), 20));
    expect(morphine.refillBy).toBe(START + 90 * MS_PER_DAY);
    expect(morphine.refillByCause).toEqual({ kind: 'stability', days: 90, drug: 'morphine' });
    const ziconotide = projectReservoir(input(continuous('ziconotide', 25, 2.4), 20, { newPump: true }));
    expect(ziconotide.refillBy).toBe(START + 14 * MS_PER_DAY);
    expect(ziconotide.refillByCause).toEqual({ kind: 'first-fill', days: 14, drug: 'ziconotide' });
    // The reason says the same cause in the same words the page shows.
    for (const p of [baclofen, morphine, ziconotide]) {
      const cause = p.refillByCause;
      if (cause === null) throw new Error('a refill-by without its cause');
      const said = p.reasons.find((r) => r.code.startsWith('ITB_R_REFILL_BY_'))?.message;
      expect(said).toContain(refillByCauseText(cause, true));
    }
    expect(projectReservoir(input({ mode: 'stopped' }, 20)).refillByCause).toBeNull();
  });

  it('flags a refill interval shorter than 30 days', () => {
    const r = projectRefill(input(simple(1000, 500), 40)); // 2 mL/day → alarm at 19 days
    expect(codes(r)).toEqual(['ITB_R_REFILL_BY_ALARM', 'ITB_R_REFILL_INTERVAL_SHORT']);
  });

  it('says when the alarm is already reached, or the reservoir empty', () => {
    expect(codes(projectReservoir(input(simple(500), 1.5)))).toEqual([
      'ITB_R_LOW_ALARM_REACHED',
      'ITB_R_REFILL_BY_ALARM',
      'ITB_R_REFILL_OVERDUE',
    ]);
    const empty = projectReservoir(input(simple(500), 0));
    expect(empty.emptyAt).toBe(START);
    expect(empty.reasons[0]).toMatchObject({ code: 'ITB_R_RESERVOIR_EMPTY', severity: 'block' });
  });

  it('a stopped pump never empties: refill by stability if the drug is named, else unknown', () => {
    const named = projectRefill(input({ mode: 'stopped' }, 20, { drug: 'baclofen' }));
    expect(named).toMatchObject({ mlPerDay: 0, lowAlarmAt: null, emptyAt: null, daysToEmpty: null });
    expect(codes(named)).toEqual(['ITB_R_REFILL_BY_STABILITY', 'ITB_R_NEVER_EMPTIES']);
    const unnamed = projectRefill(input({ mode: 'stopped' }, 20));
    expect(unnamed.refillBy).toBeNull();
    expect(codes(unnamed)).toContain('ITB_R_REFILL_BY_UNKNOWN');
  });

  it('minimum-rate mode uses the device minimum flow', () => {
    const p: Prescription = { mode: 'minimum-rate', drug: BACLOFEN_2000 };
    const r = projectReservoir(input(p, 20, { device: { minimumRateFlow: nanolitresPerDay(6000) } }));
    expect(r.emptyAt).toBe(START + Math.ceil((20e6 / 6000) * MS_PER_DAY));
  });

  it('refuses negative volumes and margins', () => {
    expect(() => projectReservoir(input(simple(500), 20, { refillMarginDays: -1 }))).toThrow();
    expect(() => projectReservoir({ ...input(simple(500), 20), reservoir: -1 as never })).toThrow();
  });
});

/** Independent: walk every segment from the start, no period skipping. */
function naiveTime(p: Prescription, start: EpochMs, volume: number, off: number): number | null {
  const needed = BigInt(volume) * BigInt(MS_PER_DAY);
  let acc = 0n;
  for (const s of segmentsBetween(p, start, epochMs(start + 800 * MS_PER_DAY), off)) {
    const inc = BigInt(s.flow) * BigInt(s.end - s.start);
    if (acc + inc >= needed) return s.start + Number((needed - acc + BigInt(s.flow) - 1n) / BigInt(s.flow));
    acc += inc;
  }
  return null;
}

describe('projection properties', () => {
  const anyPrescription = fc.oneof(flexPrescriptionArb(), simplePrescriptionArb());
  const fillNl = fc.integer({ min: 0, max: 40_000_000 });
  const offset = fc.integer({ min: -720, max: 840 });

  it('period skipping gives exactly the instant a segment-by-segment walk gives', () => {
    fc.assert(
      fc.property(anyPrescription, fillNl, offset, (p, v, off) => {
        const fast = timeToDeliverVolume(p, START, v, off);
        const naive = v === 0 ? START : naiveTime(p, START, v, off);
        // the naive walk stops after 800 days; beyond that the fast one must say "later"
        if (naive === null) expect(fast).toBeGreaterThan(START + 800 * MS_PER_DAY);
        else expect(fast).toBe(naive);
      }),
      { numRuns: 60 },
    );
  });

  it('more fill → alarm and empty no earlier', () => {
    fc.assert(
      fc.property(anyPrescription, fillNl, fillNl, offset, (p, a, b, off) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const rLo = projectReservoir({ ...input(p, 0), reservoir: nanolitres(lo), utcOffsetMinutes: off });
        const rHi = projectReservoir({ ...input(p, 0), reservoir: nanolitres(hi), utcOffsetMinutes: off });
        expect(rHi.lowAlarmAt ?? Infinity).toBeGreaterThanOrEqual(rLo.lowAlarmAt ?? Infinity);
        expect(rHi.emptyAt ?? Infinity).toBeGreaterThanOrEqual(rLo.emptyAt ?? Infinity);
      }),
      { numRuns: 100 },
    );
  });

  it('higher dose → alarm no later (every flex step scaled up)', () => {
    fc.assert(
      fc.property(
        anyPrescription,
        fillNl,
        fc.integer({ min: 0, max: 2_000_000 }),
        offset,
        (p, v, extra, off) => {
          const higher: Prescription =
            p.mode === 'simple-continuous'
              ? { ...p, dose: nanogramsPerDay(p.dose + extra) }
              : p.mode === 'flex'
                ? {
                    ...p,
                    schedule: {
                      everyDay: {
                        ...p.schedule.everyDay,
                        steps: p.schedule.everyDay.steps.map((s) => ({
                          ...s,
                          dose: nanogramsPerDay(s.dose + extra),
                        })),
                      },
                    },
                  }
                : p;
          const base: Prescription =
            p.mode === 'flex' ? { ...p, schedule: { everyDay: p.schedule.everyDay } } : p;
          const a = projectReservoir({ ...input(base, 0), reservoir: nanolitres(v), utcOffsetMinutes: off });
          const b = projectReservoir({
            ...input(higher, 0),
            reservoir: nanolitres(v),
            utcOffsetMinutes: off,
          });
          expect(b.lowAlarmAt ?? Infinity).toBeLessThanOrEqual(a.lowAlarmAt ?? Infinity);
          expect(b.refillBy ?? Infinity).toBeLessThanOrEqual(a.refillBy ?? Infinity);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('stays fast over long horizons: a weekly flex schedule emptying over years', () => {
    fc.assert(
      fc.property(flexPrescriptionArb({ minDose: 12_000, maxDose: 13_000, maxBolus: 1 }), (p) => {
        if (p.mode !== 'flex') return;
        const strong: Prescription = { ...p, drug: BACLOFEN_2000 };
        const r = projectReservoir({ ...input(strong, 40), utcOffsetMinutes: 60 });
        expect((r.emptyAt ?? 0) - START).toBeGreaterThan(180 * MS_PER_DAY);
      }),
      { numRuns: 50 },
    );
  });
});
