import { describe, expect, it } from 'vitest';
import { runScenario } from './runner.ts';
import { parseScenario } from './scenario.ts';
import { MIN_REFILL_INTERVAL_DAYS, daysPerFill, strongerStrength } from './strengths.ts';

const SYNCHROMED_MIN_FLOW = 48_000;

describe('a weak concentration the clinic never changes', () => {
  it('a patient whose fill lasts under a month is moved to a stronger strength by prescription, with its bridge', () => {
    // 1450 µg/day on 500 µg/mL: a 20 mL fill lasts under 7 days (seed 1's patient 543 was refilled >1000 times).
    const r = runScenario(
      parseScenario({
        name: 'weak strength',
        days: 120,
        sampleHours: 6,
        startDoseMcgPerDay: 1450,
        drug: { concentrationMcgPerMl: 500 },
        patient: { onTherapyDays: 180 },
        alarmResponseHours: 48,
      }),
    );
    const details = r.events.map((e) => e.detail);
    expect(details).toContain('prescription at a new strength, 500 mcg/mL → 2,000 mcg/mL, same dose');
    expect(details).toContain('bridge after 500 mcg/mL → 2,000 mcg/mL');
    // On 2000 µg/mL a fill lasts about 27 days: 120 days need a handful of refills, not one a week.
    expect(r.summary?.refills.done).toBeLessThanOrEqual(6);
    expect(r.summary?.harm.withdrawal.moderate).toBe(0);
  });

  it('chooses the weakest stronger strength that lasts the interval, else the strongest; none when a fill lasts', () => {
    expect(MIN_REFILL_INTERVAL_DAYS.value).toBe(30);
    expect(strongerStrength(1450, 20, 500, SYNCHROMED_MIN_FLOW)).toBe(2000); // 1000 lasts 13.8 days
    expect(strongerStrength(700, 20, 500, SYNCHROMED_MIN_FLOW)).toBe(2000); // 1000 lasts 28.6 days
    expect(strongerStrength(600, 20, 500, SYNCHROMED_MIN_FLOW)).toBe(1000); // 1000 lasts 33 days
    expect(daysPerFill(20, 300, 500)).toBeGreaterThan(30);
    expect(strongerStrength(300, 20, 500, SYNCHROMED_MIN_FLOW)).toBeNull();
    expect(strongerStrength(5000, 20, 2000, SYNCHROMED_MIN_FLOW)).toBeNull(); // nothing stronger stocked
  });
});
