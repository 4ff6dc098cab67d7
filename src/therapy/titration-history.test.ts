/**
 * The weekly count of increases, from the prescription history (titration-history.ts): the input of the
 * per-week limits (ziconotide, docs/clinical-reference.md §2 [C: Prialt label §2.2]).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { continuous } from '../pump/test-fixtures.ts';
import { MS_PER_DAY, mcgPerDay } from './quantities.ts';
import { increasesInPastWeek, lowestDoseSince, WEEK_MS } from './titration-history.ts';

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
