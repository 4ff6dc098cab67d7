/**
 * The weekly count of increases, from the prescription history (titration-history.ts): the input of the
 * per-week limits (ziconotide, docs/clinical-reference.md §2 [C: Prialt label §2.2]).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { continuous } from '../pump/test-fixtures.ts';
import { MS_PER_DAY, mcgPerDay, mcgPerMl } from './quantities.ts';
import { increasesInPastWeek, lastDoseChangeAt, lowestDoseSince, WEEK_MS } from './titration-history.ts';

const NOW = Date.UTC(2026, 0, 15);
const at = (daysAgo: number, mcg: number) => ({
  at: NOW - daysAgo * MS_PER_DAY,
  prescription: continuous(mcg),
});

describe('increases in the past week, from the history', () => {
  it('counts the increases of the last 7 days only, each against the prescription before it', () => {
    const history = [at(20, 300), at(9, 330), at(6, 360), at(4, 340), at(2, 370), at(0, 400)];
    // 9 days ago is outside; 4 days ago was a decrease.
    expect(increasesInPastWeek(history, NOW)).toBe(3);
  });

  it('counts a change exactly 7 days old as outside the window, and one made now as inside', () => {
    expect(increasesInPastWeek([at(30, 300), at(7, 330)], NOW)).toBe(0);
    expect(increasesInPastWeek([at(30, 300), at(0, 330)], NOW)).toBe(1);
  });

  it('never counts more than the changes in the window, nor a history that only decreases', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ daysAgo: fc.integer({ min: 0, max: 30 }), mcg: fc.integer({ min: 50, max: 900 }) }),
          {
            maxLength: 12,
          },
        ),
        (entries) => {
          const sorted = [...entries].sort((a, b) => b.daysAgo - a.daysAgo);
          const history = sorted.map((e) => at(e.daysAgo, e.mcg));
          const inWindow = history.slice(1).filter((h) => h.at > NOW - WEEK_MS && h.at <= NOW).length;
          const n = increasesInPastWeek(history, NOW);
          expect(n).toBeGreaterThanOrEqual(0);
          expect(n).toBeLessThanOrEqual(inWindow);
          const falling = sorted.map((e, i) => at(e.daysAgo, 900 - i));
          expect(increasesInPastWeek(falling, NOW)).toBe(0);
        },
      ),
    );
  });

  it('the lowest dose since a time: the prescription in force then and every later one, stopped and other drugs left out', () => {
    const since = NOW - 90 * MS_PER_DAY;
    const stopped = { at: NOW - 30 * MS_PER_DAY, prescription: { mode: 'stopped' as const } };
    const history = [at(200, 100), at(120, 300), at(60, 350), stopped, at(10, 500)];
    // In force 90 days ago: the 300 of day 120 (the 100 of day 200 was replaced before the window).
    expect(lowestDoseSince(history, 'baclofen', since, NOW)).toBe(mcgPerDay(300));
    expect(lowestDoseSince(history, 'morphine', since, NOW)).toBeUndefined();
    expect(lowestDoseSince([at(10, 500)], 'baclofen', since, NOW)).toBe(mcgPerDay(500));
  });
});

describe('when the dose last changed, from the history', () => {
  const strength = (mcg: number, mcgPerMlValue: number) =>
    continuous(mcg, { drug: 'baclofen', concentration: mcgPerMl(mcgPerMlValue) });

  it('titration clock: a concentration-only prescription restarted the wait between titration steps; the dose change before it is when the dose last changed', () => {
    const history = [
      { at: NOW - 3 * MS_PER_DAY, prescription: strength(300, 500) },
      { at: NOW - 2 * MS_PER_DAY, prescription: strength(360, 500) },
      // A refill's new strength at the same dose.
      { at: NOW - 1 * 3_600_000, prescription: strength(360, 2000) },
    ];
    expect(lastDoseChangeAt(history)).toBe(NOW - 2 * MS_PER_DAY);
  });

  it('counts a stop, a restart and another drug as changes, and the first entry when none changed', () => {
    expect(lastDoseChangeAt([])).toBeUndefined();
    expect(lastDoseChangeAt([at(5, 300), at(3, 300)])).toBe(NOW - 5 * MS_PER_DAY);
    expect(lastDoseChangeAt([at(5, 300), { at: NOW - MS_PER_DAY, prescription: { mode: 'stopped' } }])).toBe(
      NOW - MS_PER_DAY,
    );
    expect(
      lastDoseChangeAt([
        at(5, 300),
        { at: NOW - 2 * MS_PER_DAY, prescription: { mode: 'stopped' } },
        at(1, 300),
      ]),
    ).toBe(NOW - MS_PER_DAY);
  });

  it('is the latest entry whose dose differs from the one before it, whatever the strengths (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(300, 360, 400), fc.constantFrom(500, 2000)), {
          minLength: 1,
          maxLength: 12,
        }),
        (entries) => {
          const history = entries.map(([mcg, c], i) => ({
            at: NOW + i * MS_PER_DAY,
            prescription: strength(mcg, c),
          }));
          let expected = NOW;
          entries.forEach(([mcg], i) => {
            if (i > 0 && mcg !== entries[i - 1]?.[0]) expected = NOW + i * MS_PER_DAY;
          });
          expect(lastDoseChangeAt(history)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
