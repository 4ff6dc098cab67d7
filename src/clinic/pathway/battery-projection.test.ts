/**
 * ERI/EOS projection (battery-projection.ts) checked against the pump's own battery: a pump run by the
 * controller (src/pump) is interrogated mid-life, the projection made from that reading, and the run
 * continued until the pump itself raises ERI and EOS. The projection may be early (the percent is rounded
 * down) but never late.
 */
import { describe, expect, it } from 'vitest';
import { batteryFraction } from '../../pump/battery.ts';
import { step } from '../../pump/controller.ts';
import { getProfile } from '../../pump/profiles.ts';
import type { PumpState } from '../../pump/state.ts';
import { BACLOFEN_2000, DAY, T0, continuous, filledPump, newId, runUntil } from '../../pump/test-fixtures.ts';
import { epochMs, mlToNl, nanolitres, type EpochMs } from '../../therapy/quantities.ts';
import {
  EOS_PASSED_POLICY,
  projectBattery,
  replacementPlan,
  REPLACEMENT_MARGIN,
} from './battery-projection.ts';

const profile = getProfile('peristaltic-40');
const model = profile.battery!;

/** Runs the pump to `untilDay`, refilling to 40 mL every 30 days so it never runs dry. */
function runTo(s0: PumpState, fromDay: number, untilDay: number): PumpState {
  let s = s0;
  for (let d = fromDay; d < untilDay; d = Math.min(untilDay, d + 30)) {
    const end = Math.min(untilDay, d + 30);
    s = runUntil(s, T0 + end * DAY, false).state;
    if (end === untilDay) break;
    s = step(
      s,
      {
        kind: 'refill',
        commandId: newId(),
        drug: BACLOFEN_2000.drug,
        concentration: BACLOFEN_2000.concentration,
        volumeAdded: nanolitres(mlToNl(40) - s.reservoir.volume),
        newVolume: mlToNl(40),
      },
      epochMs(T0 + end * DAY),
    ).state;
  }
  return s;
}

describe('battery projection against the pump’s own battery', () => {
  it('from a day-900 interrogation at 1 mL/day, ERI and EOS are projected early by < 25 days, never late', () => {
    const pump = filledPump({ profile, prescription: continuous(2000), fillMl: 40 }); // 1 mL/day
    const mid = runTo(pump, 0, 900);
    const percent = Math.floor(batteryFraction(mid)! * 100);
    const projection = projectBattery({
      model,
      strokeVolumeNl: profile.strokeVolume.value,
      meanFlowNlPerDay: mlToNl(1),
      implantedAt: T0,
      reading: { at: epochMs(T0 + 900 * DAY), percent, eriReported: false, eriSince: null },
    });
    expect(projection.limitedBy).toBe('energy');
    const end = runTo(mid, 900, 7 * 365);
    const eri = end.battery!.eriAt!;
    const eos = end.battery!.eosAt!;
    for (const [projected, actual] of [
      [projection.eriAt, eri],
      [projection.eosAt, eos],
    ] as const) {
      expect(projected).toBeLessThanOrEqual(actual);
      expect((actual - projected) / DAY).toBeLessThan(25);
    }
  });

  it('an idle pump is limited by age: ERI 90 days before the 7-year hard stop', () => {
    const p = projectBattery({
      model,
      strokeVolumeNl: profile.strokeVolume.value,
      meanFlowNlPerDay: 0,
      implantedAt: T0,
      reading: { at: epochMs(T0 + 100 * DAY), percent: 99, eriReported: false, eriSince: null },
    });
    expect(p.limitedBy).toBe('age');
    expect((p.eosAt - T0) / DAY).toBeCloseTo(7 * 365.25, 5);
    expect((p.eosAt - p.eriAt) / DAY).toBeCloseTo(90, 5);
  });

  it('a reported ERI is due now; the surgery is planned a margin before EOS, never in the past', () => {
    const now = epochMs(T0 + 1000 * DAY);
    const p = projectBattery({
      model,
      strokeVolumeNl: profile.strokeVolume.value,
      meanFlowNlPerDay: mlToNl(1),
      implantedAt: T0,
      reading: { at: now, percent: 5, eriReported: true, eriSince: now },
    });
    expect(p.eriAt).toBe(now);
    const plan = replacementPlan(p, now);
    expect(plan.due).toBe(true);
    expect(plan.surgeryBy).toBe(Math.max(now, p.eosAt - REPLACEMENT_MARGIN.value));
    expect(plan.refillPolicy).toMatch(/last refill/);
    const late = replacementPlan({ ...p, eosAt: (now + DAY) as EpochMs }, now);
    expect(late.surgeryBy).toBe(now);
  });

  it('a pump whose projected EOS had passed was still "ERI — replace, surgery by today" (walk of the demo two months on): once the projected EOS passes with no reading since, the plan says the pump may have stopped', () => {
    const eriSince = epochMs(T0 + 100 * DAY);
    const p = projectBattery({
      model,
      strokeVolumeNl: profile.strokeVolume.value,
      meanFlowNlPerDay: mlToNl(0.15),
      implantedAt: T0,
      reading: { at: eriSince, percent: 20, eriReported: true, eriSince },
    });
    const before = replacementPlan(p, epochMs(p.eosAt - 1));
    expect([before.due, before.eosPassed]).toEqual([true, false]);
    expect(before.refillPolicy).toMatch(/last refill/);
    const after = replacementPlan(p, epochMs(p.eosAt + DAY / 24));
    expect([after.due, after.eosPassed]).toEqual([true, true]);
    expect(after.refillPolicy).toBe(EOS_PASSED_POLICY);
    // Also without a reported ERI: a pump not read since before both projected dates.
    const unread = { ...p, eriReported: false };
    expect(replacementPlan(unread, epochMs(p.eosAt)).eosPassed).toBe(true);
    expect(replacementPlan(unread, epochMs(p.eosAt)).due).toBe(true);
  });

  it('EOS projected years after a reported ERI: a reported ERI caps EOS at the 90-day lead, whatever the age estimate', () => {
    // The demo's ERI pump: a battery older than its implant record, reading 20 % with ERI reported.
    const now = epochMs(T0 + 100 * DAY);
    const p = projectBattery({
      model,
      strokeVolumeNl: profile.strokeVolume.value,
      meanFlowNlPerDay: mlToNl(0.15),
      implantedAt: T0,
      reading: { at: now, percent: 20, eriReported: true, eriSince: now },
    });
    expect(p.eriAt).toBe(now);
    expect(p.eosAt).toBe(now + model.eriLeadTime.value);
    expect(replacementPlan(p, now).surgeryBy).toBe(now + model.eriLeadTime.value - REPLACEMENT_MARGIN.value);
  });
  it('EOS slid later with every interrogation at ERI (walk, round 13: ERI since 24 Oct, EOS 3 Mar then 2 Apr): the 90 days count from the first report', () => {
    const firstReport = epochMs(T0 + 100 * DAY);
    const reading = (at: EpochMs) => ({ at, percent: 20, eriReported: true, eriSince: firstReport });
    const project = (at: EpochMs) =>
      projectBattery({
        model,
        strokeVolumeNl: profile.strokeVolume.value,
        meanFlowNlPerDay: mlToNl(0.15),
        implantedAt: T0,
        reading: reading(at),
      });
    for (const later of [0, 10, 30, 60]) {
      const p = project(epochMs(firstReport + later * DAY));
      expect(p.eosAt, `read ${later} days after the first report`).toBe(
        firstReport + model.eriLeadTime.value,
      );
      expect(p.eriAt).toBe(firstReport);
    }
  });
});
