// The course of the hazards after therapy is interrupted or mis-programmed (docs/clinical-reference.md §2),
// each test named after what the earlier model got wrong.
import { describe, expect, it } from 'vitest';
import { epochMs } from '../therapy/quantities.ts';
import { advance, createBody } from './body.ts';
import { defaultPatient } from './patient.ts';
import { doseSlip, onTherapy, restartAfterInterruption, untreatedWithdrawal } from './scenarios-hazard.ts';
import { forever } from './scenarios.ts';
import { WITHDRAWAL_STAGES, stageRank } from './scales.ts';

const p = defaultPatient();
const DAY_MS = 24 * 3_600_000;

describe('hazard course', () => {
  it('a restart at 650 mcg/day after a 14-day interruption overdoses within hours, not days', () => {
    // A year at 650 µg/day builds tolerance; 14 days without drug lose it (label: restart after a drug
    // holiday at the prior rate has caused overdose; case series: within ~6–12 h).
    const body = advance(
      createBody(p, epochMs(0)),
      { segments: [forever(epochMs(0), 650_000)] },
      epochMs(365 * DAY_MS),
    );
    const r = restartAfterInterruption({ body, doseMcgPerDay: 650 }, 14, 72);
    expect(r.toleranceBefore).toBeGreaterThan(2);
    expect(r.drowsyHours).not.toBeNull();
    expect(r.drowsyHours as number).toBeLessThanOrEqual(12);
    expect(r.respiratoryHours).not.toBeNull();
    expect(r.respiratoryHours as number).toBeLessThanOrEqual(12);
  });

  it('a 10× programming slip shows overdose within hours, not after a day and a half', () => {
    const r = doseSlip(onTherapy(p, 365), 10, 72);
    expect(r.drowsyHours).not.toBeNull();
    expect(r.drowsyHours as number).toBeLessThanOrEqual(6);
    expect(r.respiratoryHours).not.toBeNull();
    expect(r.respiratoryHours as number).toBeLessThanOrEqual(12);
  });

  it('untreated withdrawal does not ease by itself by day 9 while the drug is absent', () => {
    const w = untreatedWithdrawal(onTherapy(p, 180), 9);
    const worst = Math.max(...w.severityByDay);
    const day9 = w.severityByDay.at(-1) as number;
    expect(w.stageByDay.at(-1)).toBe('severe');
    expect(day9).toBeGreaterThanOrEqual(0.9 * worst);
    // …and it progresses rather than arriving at once: not severe on day 1, severe by day 3 (24–72 h).
    expect(stageRank(WITHDRAWAL_STAGES, w.stageByDay[0] ?? 'none')).toBeLessThan(
      stageRank(WITHDRAWAL_STAGES, 'severe'),
    );
    expect(w.stageByDay[2]).toBe('severe');
  });
});
