/** Event rates for long runs (docs/clinical-reference.md §4). */
import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../therapy/quantities.ts';
import {
  DEFAULT_COMPLICATION_RISK,
  MS_PER_YEAR,
  WORLD_EVENT_RATES,
  drawPocketFill,
  nextCatheterComplication,
} from './event-rates.ts';
import { T0 } from './test-fixtures.ts';
import { seedRng, type Rng } from './random.ts';

describe('nextCatheterComplication', () => {
  it('is ×3 as likely in the first year after surgery as in later years (docs/clinical-reference.md §4)', () => {
    const risk = DEFAULT_COMPLICATION_RISK;
    const n = 20_000;
    let rng: Rng = seedRng(1, 'test');
    let firstYear = 0;
    let secondYear = 0;
    for (let i = 0; i < n; i++) {
      const [event, next] = nextCatheterComplication(rng, T0, T0, risk);
      rng = next;
      const years = ((event?.at ?? Infinity) - T0) / MS_PER_YEAR;
      if (years < 1) firstYear++;
      else if (years < 2) secondYear++;
    }
    const high = risk.perYear * risk.firstYearMultiplier;
    const pFirst = 1 - Math.exp(-high);
    const pSecond = Math.exp(-high) * (1 - Math.exp(-risk.perYear));
    const se = (p: number) => Math.sqrt((p * (1 - p)) / n);
    expect(Math.abs(firstYear / n - pFirst)).toBeLessThan(5 * se(pFirst));
    expect(Math.abs(secondYear / n - pSecond)).toBeLessThan(5 * se(pSecond));
  });

  it('starts from `from` when the first year is long past, and never happens at zero risk', () => {
    const later = (T0 + 5 * MS_PER_YEAR) as EpochMs;
    const [event] = nextCatheterComplication(seedRng(2), T0, later);
    expect(event?.at).toBeGreaterThan(later);
    const [never] = nextCatheterComplication(seedRng(2), T0, T0, {
      ...DEFAULT_COMPLICATION_RISK,
      perYear: 0,
    });
    expect(never).toBeUndefined();
  });

  it('picks complication kinds by their [A] weights', () => {
    const counts = new Map<string, number>();
    let rng = seedRng(3);
    const n = 10_000;
    for (let i = 0; i < n; i++) {
      const [event, next] = nextCatheterComplication(rng, T0, T0);
      rng = next;
      const key = JSON.stringify(event?.state);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const { weight, state } of WORLD_EVENT_RATES.complicationKinds.value) {
      const p = (counts.get(JSON.stringify(state)) ?? 0) / n;
      expect(Math.abs(p - weight)).toBeLessThan(5 * Math.sqrt((weight * (1 - weight)) / n));
    }
  });
});

describe('drawPocketFill', () => {
  it('happens at the requested per-refill probability', () => {
    let rng = seedRng(4);
    let hits = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const [hit, next] = drawPocketFill(rng, 0.01);
      rng = next;
      if (hit) hits++;
    }
    expect(Math.abs(hits / n - 0.01)).toBeLessThan(5 * Math.sqrt((0.01 * 0.99) / n));
  });
});
