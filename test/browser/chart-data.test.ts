/**
 * The web app's chart series (web/src/chart-data.ts): the daily dose of each prescription mode, the
 * reservoir sawtooth (docs/clinical-reference.md §3: the residual is drained at a refill, so the fill leaves the volume
 * added; it falls at dose ÷ concentration), and MAS "1+" as a grade between 1 and 2 (docs/clinical-reference.md §4).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Implant, PrescriptionJson, PrescriptionRecord, Refill, Session } from '../../web/src/api.ts';
import {
  assessmentSeries,
  chartFills,
  dailyDoseMcg,
  doseSeries,
  followUpSeries,
  masLabel,
  masValue,
  pumpDoseTimeline,
  reservoirSeries,
} from '../../web/src/chart-data.ts';

const DAY = 86_400_000;
const rx = (createdAt: number, prescription: PrescriptionJson): PrescriptionRecord => ({
  id: `rx-${createdAt}`,
  createdAt,
  prescription,
  verdict: 'ok',
  justification: null,
});
const cont = (doseMcgPerDay: number): PrescriptionJson => ({
  mode: 'simple-continuous',
  drug: 'baclofen',
  concentrationMcgPerMl: 500,
  doseMcgPerDay,
});
/** The dose the pump ran, from prescriptions alone (no fill or session says otherwise) or with them. */
const doses = (
  chain: readonly PrescriptionRecord[],
  refills: readonly Refill[] = [],
  sessions: readonly Session[] = [],
) => pumpDoseTimeline({ prescriptions: chain, implants: [], refills, sessions });
const refill = (at: number, addedMl: number, residualMl = 2, concMcgPerMl = 500): Refill => ({
  id: `r-${at}`,
  at,
  createdAt: at,
  createdBy: 'user:n1',
  implantId: 'i',
  measuredResidualNl: residualMl * 1e6,
  expectedResidualNl: residualMl * 1e6,
  volumeAddedNl: addedMl * 1e6,
  concentrationNgPerMl: concMcgPerMl * 1000,
  drug: 'baclofen',
  lot: 'L',
  reconciliation: { verdict: 'ok', reasons: [], discrepancyNl: 0 },
});

describe('daily dose', () => {
  it('continuous is its dose; stopped and minimum rate deliver no therapeutic dose', () => {
    expect(dailyDoseMcg(cont(400))).toBe(400);
    expect(dailyDoseMcg({ mode: 'stopped' })).toBe(0);
    expect(dailyDoseMcg({ mode: 'minimum-rate', drug: 'baclofen', concentrationMcgPerMl: 500 })).toBe(0);
  });

  const flex = (everyDay: unknown, byWeekday?: unknown) =>
    ({
      mode: 'flex',
      drug: 'baclofen',
      concentrationMcgPerMl: 500,
      everyDay,
      ...(byWeekday === undefined ? {} : { byWeekday }),
    }) as PrescriptionJson;

  it('flex is the time-weighted mean of its steps plus its periodic boluses (therapy/dose-math.ts)', () => {
    // 300 mcg/day 00:00–06:00 and 18:00–24:00, 600 06:00–18:00 → 450; a 20 mcg bolus → 470.
    const steps = [
      { startMinute: 0, doseMcgPerDay: 300 },
      { startMinute: 360, doseMcgPerDay: 600 },
      { startMinute: 1080, doseMcgPerDay: 300 },
    ];
    expect(dailyDoseMcg(flex({ steps, boluses: [] }))).toBe(450);
    expect(
      dailyDoseMcg(flex({ steps, boluses: [{ startMinute: 420, amountMcg: 20, durationMinutes: 60 }] })),
    ).toBe(470);
  });

  it('with a weekday variant, the daily dose is the mean over the week', () => {
    const p = flex(
      { steps: [{ startMinute: 0, doseMcgPerDay: 400 }], boluses: [] },
      { saturday: { steps: [{ startMinute: 0, doseMcgPerDay: 470 }], boluses: [] } },
    );
    expect(dailyDoseMcg(p)).toBe(410);
  });

  it('steps at each prescription and holds the head until now', () => {
    const s = doseSeries(doses([rx(10 * DAY, cont(400)), rx(0, cont(350))]), 20 * DAY);
    expect(s).toEqual({ x: [0, 10 * DAY, 20 * DAY], dose: [350, 400, 400] });
  });

  it('dose after the pump was removed: the chart held the last dose up to today; it falls to nothing at the removal', () => {
    const s = doseSeries(doses([rx(10 * DAY, cont(400)), rx(0, cont(350))]), 20 * DAY, 15 * DAY);
    expect(s).toEqual({ x: [0, 10 * DAY, 15 * DAY, 20 * DAY], dose: [350, 400, 0, 0] });
  });
});

describe('the charts follow what the pump ran (src/clinic/pump-ran.ts)', () => {
  // 400 mcg/day at 500 mcg/mL from day 0; on day 10 a physician prescribes 1,000 mcg/mL at 600 mcg/day,
  // which the pump holds only from the refill on day 20. Until then it runs its own 400 mcg/day, as its
  // interrogation on day 5 reports.
  const old = cont(400);
  const next: PrescriptionJson = {
    mode: 'simple-continuous',
    drug: 'baclofen',
    concentrationMcgPerMl: 1000,
    doseMcgPerDay: 600,
  };
  const chain = [rx(0, old), rx(10 * DAY, next)];
  const fills = [refill(0, 20), refill(20 * DAY, 20, 4, 1000)];
  const interrogated: Session = {
    id: 's5',
    implantId: 'i',
    at: 5 * DAY,
    createdAt: 5 * DAY,
    createdBy: 'user:n1',
    interrogation: {
      workflow: 'interrogate',
      snapshot: {
        prescription: old,
        status: { reservoir: 16e6, drug: 'baclofen', concentration: 500_000 },
      },
    },
    diff: [],
    justification: null,
  };
  const timeline = doses(chain, fills, [interrogated]);

  it('the dose chart dated a new concentration and dose from when it was written, not from the refill that brought it in: it steps at the refill', () => {
    expect(doseSeries(timeline, 25 * DAY)).toEqual({ x: [0, 20 * DAY, 25 * DAY], dose: [400, 600, 600] });
  });

  it('the reservoir line fell at the new dose from the old concentration before the refill: it falls at what the pump ran', () => {
    // 400 mcg/day at 500 mcg/mL = 0.8 mL/day: 20 mL on day 0 leaves 4 mL on day 20 (the measured residual).
    const s = reservoirSeries(chartFills(fills, []), timeline, 25 * DAY);
    const at20 = s.x.indexOf(20 * DAY);
    expect(s.calculated[at20]).toBe(4);
    expect(s.measured[at20]).toBe(4);
    // Then 600 mcg/day at 1,000 mcg/mL = 0.6 mL/day: 17 mL on day 25.
    expect(s.calculated.at(-1)).toBe(17);
  });
});

describe('reservoir sawtooth', () => {
  it('fills to the volume added, falls at dose ÷ concentration, meets the measured residual', () => {
    // 500 mcg/day at 500 mcg/mL = 1 mL/day: 20 mL filled at day 0 leaves 10 mL at day 10.
    const s = reservoirSeries(
      [refill(0, 20), refill(10 * DAY, 20, 9)],
      doses([rx(-DAY, cont(500))]),
      15 * DAY,
    );
    expect(s.x).toEqual([1, 10 * DAY, 10 * DAY + 1, 15 * DAY]);
    expect(s.calculated).toEqual([20, 10, 20, 15]);
    expect(s.measured).toEqual([null, 9, null, null]);
  });

  it('replaced pump on the reservoir chart: the old pump’s last refill was projected past the replacement, falling while the new pump was full; the new pump’s initial fill ends that line and starts its own', () => {
    const newPump: Implant = {
      id: 'j',
      pumpSerial: 'NEW',
      deviceProfileId: 'peristaltic-20',
      implantDate: '1970-01-11',
      createdAt: 10 * DAY,
      pocketSide: 'right',
      catheter: { model: '8709SC', lengthMm: 500, tipLevel: 'T10' },
      initialFill: {
        drug: 'baclofen',
        concentrationNgPerMl: 500_000,
        volumeNl: 20e6,
        lot: 'NEW',
        at: 10 * DAY,
      },
    };
    // 1 mL/day: the old pump holds 10 mL at the replacement (day 10); the new one 15 mL at day 15.
    const s = reservoirSeries(chartFills([refill(0, 20)], [newPump]), doses([rx(-DAY, cont(500))]), 15 * DAY);
    expect(s.x).toEqual([1, 10 * DAY, 10 * DAY + 1, 15 * DAY]);
    expect(s.calculated).toEqual([20, 10, 20, 15]);
    // No residual was measured at the new pump's fill: the old pump's line ends without one.
    expect(s.measured).toEqual([null, null, null, null]);
    // A new pump with no refill yet has its line from its initial fill.
    const first = reservoirSeries(chartFills([], [newPump]), doses([rx(-DAY, cont(500))]), 15 * DAY);
    expect(first.calculated).toEqual([20, 15]);
  });

  it('re-slopes at a dose change, floors at empty, and marks today', () => {
    // 1 mL/day for 5 days (15 mL left), then 2 mL/day: empty 7.5 days later (day 12.5).
    const s = reservoirSeries(
      [refill(0, 20)],
      doses([rx(0, cont(500)), rx(5 * DAY, cont(1000))]),
      20 * DAY,
      3 * DAY,
    );
    expect(s.x).toEqual([1, 3 * DAY, 5 * DAY, 12.5 * DAY, 20 * DAY]);
    expect(s.calculated).toEqual([20, 17, 15, 0, 0]);
  });

  it('property: never negative, never above the fill, x strictly increasing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 4 }),
        (gapsDays, perDay) => {
          let t = 0;
          const refills = gapsDays.map((g) => refill((t += g * DAY), 20));
          const chain = perDay.map((d, i) => rx(i * 7 * DAY, cont(d)));
          const s = reservoirSeries(refills, doses(chain, refills), t + 60 * DAY, t + DAY);
          s.x.forEach((x, i) => i > 0 && expect(x).toBeGreaterThan(s.x[i - 1] ?? -Infinity));
          for (const v of s.calculated) {
            expect(v).not.toBeNull();
            expect(v ?? -1).toBeGreaterThanOrEqual(0);
            expect(v ?? 99).toBeLessThanOrEqual(20);
          }
        },
      ),
    );
  });
});

describe('assessment scale', () => {
  it('"1+" is plotted between 1 and 2 and labelled "1+", never 1.5', () => {
    expect(masValue('1+')).toBe(1.5);
    expect(masLabel(1.5)).toBe('1+');
    expect(masValue('1.5')).toBeNull();
  });

  it('takes the highest MAS grade across muscle groups and keeps Penn as given', () => {
    const s = assessmentSeries([
      { at: 2, mas: [{ grade: '1' }, { grade: '1+' }], pennSpasm: null },
      { at: 1, mas: [{ grade: '3' }], pennSpasm: 2 },
      { at: 3, mas: [], pennSpasm: 0 },
    ]);
    expect(s).toEqual({ x: [1, 2, 3], mas: [3, 1.5, null], penn: [2, null, 0] });
  });

  it('follow-up trends: pain as scored and the mean goal attainment score, null where not scored', () => {
    const s = followUpSeries([
      { at: 2, painNrs: 3, goals: [{ score: -1 }, { score: 2 }] },
      { at: 1, painNrs: null, goals: [] },
      { at: 3 },
    ]);
    expect(s).toEqual({ x: [1, 2, 3], pain: [null, 3, null], gas: [null, 0.5, null] });
  });
});
