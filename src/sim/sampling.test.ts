// Issue 14 (population speed): a population run sampled every 12 h moved pump, world and body to every
// grid instant, including the weeks in which nothing happens. The event-driven sampler (sampling.ts) leaps
// over quiet instants and runs a stretch again on the grid when it reads differently after the leap. These
// tests hold it to the grid run it replaces.
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { patientScenario, runPatient } from './population.ts';
import { runScenario } from './runner.ts';
import { parseScenarioText } from './scenario.ts';

/** Tolerance on the time-at-goal fraction (a leap reads the stretch by its two ends, as the grid does). */
const TIME_AT_GOAL_TOLERANCE = 0.005;

describe('event-driven sampling', () => {
  it('population speed: a year of quiet maintenance is leapt over, with the grid run’s harms', () => {
    const scenario = patientScenario(2026, 3, 1);
    const grid = runScenario(scenario, { sampling: 'grid' });
    const events = runScenario(scenario, { sampling: 'events' });
    expect(events.timeline.length).toBeLessThan(grid.timeline.length / 2);
    expect(events.summary?.harm).toEqual(grid.summary?.harm);
    expect(events.summary?.refills).toEqual(grid.summary?.refills);
  }, 60_000);

  it('agrees with the grid on random patients: harm counts and refills identical, time at goal within 0.005', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 500 }), (seed, index) => {
        const grid = runPatient(seed, index, 0.5, { sampling: 'grid' });
        const events = runPatient(seed, index, 0.5, { sampling: 'events' });
        expect(events.harm).toEqual(grid.harm);
        expect(events.refills).toBe(grid.refills);
        expect(events.faults).toEqual(grid.faults);
        expect(Math.abs(events.timeAtGoalFraction - grid.timeAtGoalFraction)).toBeLessThanOrEqual(
          TIME_AT_GOAL_TOLERANCE,
        );
      }),
      { numRuns: 8, seed: 14 },
    );
  }, 300_000);

  it('a change inside a quiet stretch is dated as on the grid: every example’s stages fall on the same days', () => {
    const dir = new URL('../../examples/', import.meta.url);
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
      const scenario = parseScenarioText(readFileSync(new URL(f, dir), 'utf8'));
      const stages = (sampling: 'grid' | 'events') => {
        const r = runScenario(scenario, { sampling });
        return {
          harm: r.summary?.harm,
          stages: r.events.filter((e) => e.kind === 'stage').map((e) => `${e.day} ${e.detail}`),
        };
      };
      expect(stages('events'), f).toEqual(stages('grid'));
    }
  }, 300_000);
});
