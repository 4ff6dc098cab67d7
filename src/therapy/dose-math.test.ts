import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  dailyDose,
  deviceStepStarts,
  doseRateAt,
  flexDayFor,
  flowAt,
  flowIntegral,
  localDay,
  segmentsBetween,
  type FlowSegment,
} from './dose-math.ts';
import { DRUG_LIBRARY } from './drug-library.ts';
import type { FlexDay, Prescription, Weekday } from './prescription.ts';
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  doseToFlow,
  epochMs,
  flowToDose,
  mcgPerDay,
  mcgPerMl,
  mcgToNg,
  millis,
  nanolitresPerDay,
  volumeForMass,
  volumeOver,
  type NanogramsPerMl,
} from './quantities.ts';
import {
  BACLOFEN_STRENGTHS,
  flexPrescriptionArb,
  simplePrescriptionArb,
} from './prescription.arbitraries.ts';

const C2000 = mcgPerMl(2000);
const baclofen = (concentration: NanogramsPerMl = C2000) => ({ drug: 'baclofen' as const, concentration });
const SAT_2024_01_06 = Date.UTC(2024, 0, 6); // a Saturday, local midnight at offset 0

/** 400 mcg/day from midnight, 600 mcg/day from noon, plus 50 mcg over 1 h at 06:00. */
const day: FlexDay = {
  steps: [
    { startMinute: 0, dose: mcgPerDay(400) },
    { startMinute: 720, dose: mcgPerDay(600) },
  ],
  boluses: [{ startMinute: 360, amount: mcgToNg(50), duration: millis(MS_PER_HOUR) }],
};
const flex: Prescription = { mode: 'flex', drug: baclofen(), schedule: { everyDay: day } };

describe('dailyDose', () => {
  it('simple continuous: the prescribed dose', () => {
    expect(dailyDose({ mode: 'simple-continuous', drug: baclofen(), dose: mcgPerDay(500) })).toBe(
      mcgPerDay(500),
    );
  });

  it('flex: time-weighted steps plus boluses (SynchroMed flexible mode, docs/clinical-reference.md §3)', () => {
    // half a day at 400, half at 600 → 500, plus the 50 mcg bolus
    expect(dailyDose(flex)).toBe(mcgPerDay((400 + 600) / 2 + 50));
  });

  it('uses the weekday variant when one exists', () => {
    const sat: FlexDay = { steps: [{ startMinute: 0, dose: mcgPerDay(300) }], boluses: [] };
    const p: Prescription = { ...flex, schedule: { everyDay: day, byWeekday: { 6: sat } } };
    expect(dailyDose(p, 6)).toBe(mcgPerDay(300));
    expect(dailyDose(p, 5)).toBe(dailyDose(flex));
    expect(flexDayFor(p.mode === 'flex' ? p.schedule : { everyDay: day }, 6)).toBe(sat);
  });

  it('minimum-rate and stopped', () => {
    const min: Prescription = { mode: 'minimum-rate', drug: baclofen() };
    expect(() => dailyDose(min)).toThrow(expect.objectContaining({ code: 'ITB_E_INVALID_INPUT' }));
    expect(dailyDose(min, undefined, { minimumRateFlow: nanolitresPerDay(6000) })).toBe(mcgPerDay(12));
    expect(dailyDose({ mode: 'stopped' })).toBe(0);
  });

  it('refuses a malformed flex day', () => {
    const bad: Prescription = {
      ...flex,
      schedule: { everyDay: { steps: [{ startMinute: 60, dose: mcgPerDay(400) }], boluses: [] } },
    };
    expect(() => dailyDose(bad)).toThrow(expect.objectContaining({ code: 'ITB_E_INVALID_PRESCRIPTION' }));
  });

  it('equals the sum of the steps’ duration-weighted doses plus the boluses (property)', () => {
    fc.assert(
      fc.property(flexPrescriptionArb(), fc.integer({ min: 0, max: 6 }), (p, w) => {
        if (p.mode !== 'flex') return;
        const d = flexDayFor(p.schedule, w as Weekday);
        // independent: the dose in force minute by minute
        let perMinute = 0;
        for (let m = 0; m < 1440; m++) perMinute += d.steps.findLast((s) => s.startMinute <= m)?.dose ?? 0;
        const boluses = d.boluses.reduce((s, b) => s + b.amount, 0);
        expect(Math.abs(dailyDose(p, w as Weekday) - (perMinute / 1440 + boluses))).toBeLessThanOrEqual(0.5);
      }),
    );
  });
});

describe('flow and dose rate at an instant', () => {
  it('500 mcg/day at 2000 mcg/mL is 0.25 mL/day', () => {
    const p: Prescription = { mode: 'simple-continuous', drug: baclofen(), dose: mcgPerDay(500) };
    expect(flowAt(p, 0)).toBe(250_000);
  });

  it('adds the periodic bolus on top of the basal step', () => {
    const basal = doseToFlow(mcgPerDay(400), C2000);
    const bolus = volumeForMass(mcgToNg(50), C2000) * 24; // over one hour
    expect(flowAt(flex, SAT_2024_01_06 + 5 * MS_PER_HOUR)).toBe(basal);
    expect(flowAt(flex, SAT_2024_01_06 + 6.5 * MS_PER_HOUR)).toBe(basal + bolus);
    expect(flowAt(flex, SAT_2024_01_06 + 13 * MS_PER_HOUR)).toBe(doseToFlow(mcgPerDay(600), C2000));
  });

  it('reads the schedule on the pump’s local clock', () => {
    const t = epochMs(SAT_2024_01_06 + 11.5 * MS_PER_HOUR); // 11:30 UTC
    expect(doseRateAt(flex, t, 0)).toBe(mcgPerDay(400));
    expect(doseRateAt(flex, t, 60)).toBe(mcgPerDay(600)); // 12:30 local
    expect(doseRateAt(flex, epochMs(SAT_2024_01_06 + 6 * MS_PER_HOUR), 0)).toBe(
      mcgPerDay(400) + mcgPerDay(50 * 24),
    );
  });

  it('knows the weekday of a local instant', () => {
    expect(localDay(SAT_2024_01_06 + 1).weekday).toBe(new Date(SAT_2024_01_06).getUTCDay());
    expect(localDay(SAT_2024_01_06 - 1).weekday).toBe(5);
  });
});

describe('device step count (13-step limit, docs/clinical-reference.md §3)', () => {
  it('a bolus inside a step splits it into three', () => {
    const d: FlexDay = {
      steps: [{ startMinute: 0, dose: mcgPerDay(400) }],
      boluses: [{ startMinute: 360, amount: mcgToNg(10), duration: millis(MS_PER_HOUR) }],
    };
    expect(deviceStepStarts(d)).toEqual([0, 360 * MS_PER_MINUTE, 420 * MS_PER_MINUTE]);
  });

  it('a bolus on a step boundary, ending at midnight, adds nothing', () => {
    const d: FlexDay = {
      steps: [
        { startMinute: 0, dose: mcgPerDay(400) },
        { startMinute: 1380, dose: mcgPerDay(500) },
      ],
      boluses: [{ startMinute: 1380, amount: mcgToNg(10), duration: millis(MS_PER_HOUR) }],
    };
    expect(deviceStepStarts(d)).toHaveLength(2);
  });
});

function expectTiles(segments: readonly FlowSegment[], from: number, to: number) {
  if (from === to) return expect(segments).toEqual([]);
  expect(segments[0]?.start).toBe(from);
  expect(segments.at(-1)?.end).toBe(to);
  segments.forEach((s, i) => {
    expect(s.end).toBeGreaterThan(s.start);
    const next = segments[i + 1];
    if (next) {
      expect(next.start).toBe(s.end);
      expect(next.flow !== s.flow || next.bolusFlow !== s.bolusFlow).toBe(true); // merged otherwise
    }
  });
}

describe('segmentsBetween: the single schedule → flow source', () => {
  it('simple continuous is one segment', () => {
    const p: Prescription = { mode: 'simple-continuous', drug: baclofen(), dose: mcgPerDay(500) };
    const segs = [...segmentsBetween(p, epochMs(0), epochMs(10 * MS_PER_DAY), 0)];
    expect(segs).toEqual([{ start: 0, end: 10 * MS_PER_DAY, flow: 250_000, bolusFlow: 0, purpose: 'basal' }]);
  });

  it('a flex day in pieces, the bolus marked as such', () => {
    const from = epochMs(SAT_2024_01_06);
    const segs = [...segmentsBetween(flex, from, epochMs(from + MS_PER_DAY), 0)];
    expect(segs.map((s) => [(s.start - from) / MS_PER_HOUR, s.purpose])).toEqual([
      [0, 'basal'],
      [6, 'periodic-bolus'],
      [7, 'basal'],
      [12, 'basal'],
    ]);
    // the whole bolus delivers exactly its volume
    const b = segs[1];
    expect(b && volumeOver(b.bolusFlow, millis(b.end - b.start))).toBe(volumeForMass(mcgToNg(50), C2000));
  });

  it('refuses from > to and odd offsets', () => {
    expect(() => segmentsBetween(flex, epochMs(2), epochMs(1), 0).next()).toThrow();
    expect(() => segmentsBetween(flex, epochMs(0), epochMs(1), 15 * 60).next()).toThrow();
  });

  const window = fc.record({
    from: fc.integer({ min: 1.6e12, max: 1.9e12 }),
    length: fc.integer({ min: 0, max: 20 * MS_PER_DAY }),
    cut: fc.double({ min: 0, max: 1, noNaN: true }),
    offset: fc.integer({ min: -720, max: 840 }),
  });

  it('tiles [from, to) exactly, each segment constant and equal to flowAt (property)', () => {
    fc.assert(
      fc.property(fc.oneof(flexPrescriptionArb(), simplePrescriptionArb()), window, (p, w) => {
        const to = w.from + w.length;
        const segs = [...segmentsBetween(p, epochMs(w.from), epochMs(to), w.offset)];
        expectTiles(segs, w.from, to);
        const off = w.offset * MS_PER_MINUTE;
        for (const s of segs) {
          expect(flowAt(p, s.start + off)).toBe(s.flow);
          expect(flowAt(p, s.end - 1 + off)).toBe(s.flow);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('its integral is additive over any split and equals the per-day sum over whole days (property)', () => {
    fc.assert(
      fc.property(flexPrescriptionArb(), window, (p, w) => {
        if (p.mode !== 'flex') return;
        const to = w.from + w.length;
        const mid = Math.round(w.from + w.cut * w.length);
        const whole = flowIntegral(segmentsBetween(p, epochMs(w.from), epochMs(to), w.offset));
        const split =
          flowIntegral(segmentsBetween(p, epochMs(w.from), epochMs(mid), w.offset)) +
          flowIntegral(segmentsBetween(p, epochMs(mid), epochMs(to), w.offset));
        expect(split).toBe(whole);

        // whole local days, computed from steps and boluses separately rather than from segments
        const c = p.drug.concentration;
        const dayIntegral = (d: FlexDay) => {
          let sum = 0n;
          d.steps.forEach((s, i) => {
            const end = d.steps[i + 1]?.startMinute ?? 1440;
            sum += BigInt(doseToFlow(s.dose, c)) * BigInt((end - s.startMinute) * MS_PER_MINUTE);
          });
          for (const b of d.boluses) {
            const bolusFlow = Math.round((volumeForMass(b.amount, c) * MS_PER_DAY) / b.duration);
            sum += BigInt(bolusFlow) * BigInt(b.duration);
          }
          return sum;
        };
        const off = w.offset * MS_PER_MINUTE;
        const firstDay = Math.ceil((w.from + off) / MS_PER_DAY);
        const days = 1 + (w.length % 9);
        let expected = 0n;
        for (let k = 0; k < days; k++) {
          expected += dayIntegral(flexDayFor(p.schedule, localDay((firstDay + k) * MS_PER_DAY).weekday));
        }
        const start = firstDay * MS_PER_DAY - off;
        expect(
          flowIntegral(segmentsBetween(p, epochMs(start), epochMs(start + days * MS_PER_DAY), w.offset)),
        ).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('dose → flow → dose round trip [library concentrations]', () => {
  const strengths = [
    ...new Set(
      Object.values(DRUG_LIBRARY).flatMap((d) =>
        d.concentrations.kind === 'listed' ? d.concentrations.allowed.value : [d.concentrations.max.value],
      ),
    ),
  ].filter((c) => c > 0);

  it('recovers the flow exactly and the dose to within one nL/day of drug (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...strengths), fc.integer({ min: 0, max: 100_000_000 }), (c, dose) => {
        const flow = doseToFlow(dose as never, c);
        const back = flowToDose(flow, c);
        expect(doseToFlow(back, c)).toBe(flow);
        expect(Math.abs(back - dose)).toBeLessThanOrEqual(Math.max(1, Math.ceil(c / 1e6 / 2)));
      }),
    );
    expect(BACLOFEN_STRENGTHS.every((c) => strengths.includes(c))).toBe(true);
  });
});
