/**
 * Mass conservation (the world's core invariant, docs/clinical-reference.md §3–§4): drug is never created or lost. Whatever
 * the sequence of deliveries, catheter faults, refills, pocket fills, MRI stalls and catheter revisions,
 *   pumped out of the reservoir + primed into catheters
 *     = arrived at the spine + arrived in tissue through leaks + still in the catheter + explanted,
 *   filled − drained − pumped = still in the reservoir, and pocketed = absorbed from the pocket + still there.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MS_PER_HOUR, type EpochMs, type Nanolitres } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import { applyDelivery } from './delivery.ts';
import { BACLOFEN_2000, T0, massWhere, segment } from './test-fixtures.ts';
import { startMri } from './mri.ts';
import { massOf, volumeOf } from './plug-flow.ts';
import { applyRefill } from './refill.ts';
import type { Arrival, CatheterState, World } from './types.ts';
import { advanceWorld, createWorld, replaceCatheter, setCatheter } from './world.ts';

const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const catheterState: fc.Arbitrary<CatheterState> = fc.oneof(
  fc.constant({ kind: 'patent' } as const),
  fraction.map((f) => ({ kind: 'partly-occluded', fraction: f }) as const),
  fc.constant({ kind: 'occluded' } as const),
  fc
    .tuple(fraction, fc.constantFrom('pump-end' as const, 'tip' as const))
    .map(([f, where]) => ({ kind: 'leaking', fraction: f, at: where }) as const),
  fc.constant({ kind: 'disconnected' } as const),
);
const hoursMs = (max: number) => fc.integer({ min: 0, max: max * MS_PER_HOUR });

const op = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('deliver' as const),
      gap: hoursMs(6),
      duration: fc.integer({ min: 1, max: 72 * MS_PER_HOUR }),
      volume: fc.integer({ min: 0, max: 3_000_000 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('catheter' as const),
      after: hoursMs(48),
      state: catheterState,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('refill' as const),
      gap: hoursMs(6),
      volume: fc.integer({ min: 0, max: 20_000_000 }),
      concentration: fc.integer({ min: 0, max: 4_000_000 }),
      pocketFill: fc.option(fraction, { nil: undefined }),
      drain: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('mri' as const), after: hoursMs(6) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), gap: hoursMs(24) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('revise' as const),
      gap: hoursMs(6),
      volume: fc.integer({ min: 0, max: 300_000 }),
    }),
  },
);

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function run(world: World, ops: Op[]): { world: World; arrivals: Arrival[] } {
  let w = world;
  const arrivals: Arrival[] = [];
  const take = (from: number, got: { world: World; arrivals: Arrival[] }): void => {
    for (const a of got.arrivals) {
      expect(a.start).toBeGreaterThanOrEqual(from);
      expect(a.end).toBeGreaterThanOrEqual(a.start);
      expect(a.end).toBeLessThanOrEqual(got.world.now);
      expect(a.mass).toBeGreaterThanOrEqual(0);
      expect(a.ngPerDay).toBeGreaterThanOrEqual(0);
    }
    arrivals.push(...got.arrivals);
    w = got.world;
  };
  for (const o of ops) {
    const from = w.now;
    switch (o.kind) {
      case 'deliver': {
        const start = w.now + o.gap;
        take(from, applyDelivery(w, segment(start, start + o.duration, o.volume)));
        break;
      }
      case 'catheter':
        w = setCatheter(w, o.state, (w.now + o.after) as EpochMs);
        break;
      case 'refill': {
        const refill = {
          volumeAdded: o.volume as Nanolitres,
          concentration: o.concentration as typeof BACLOFEN_2000,
          drug: 'baclofen' as const,
          drainResidual: o.drain,
          ...(o.pocketFill === undefined ? {} : { pocketFill: o.pocketFill }),
        };
        take(from, applyRefill(w, refill, (w.now + o.gap) as EpochMs));
        break;
      }
      case 'mri':
        w = startMri(w, (w.now + o.after) as EpochMs).world;
        break;
      case 'advance':
        take(from, advanceWorld(w, (w.now + o.gap) as EpochMs));
        break;
      case 'revise':
        take(from, replaceCatheter(w, o.volume as Nanolitres, (w.now + o.gap) as EpochMs));
        break;
    }
  }
  return { world: w, arrivals };
}

describe('mass conservation (property)', () => {
  it('holds to the nanogram through any sequence of events', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 0, max: 400_000 }),
        fc.double({ min: -0.2, max: 0.2, noNaN: true }),
        fc.array(op, { minLength: 5, maxLength: 30, size: 'max' }),
        (seed, catheterVolume, errorMean, ops) => {
          const world = createWorld(
            {
              catheterVolume: sourced(catheterVolume as Nanolitres, 'A', 'property test'),
              catheterContent: { drug: 'baclofen', concentration: BACLOFEN_2000 },
              reservoir: { drug: 'baclofen', concentration: BACLOFEN_2000, volume: 5_000_000 as Nanolitres },
              deliveryError: { perRefillMean: sourced(errorMean, 'A', 'property test') },
            },
            seed,
            T0,
          );
          const { world: w, arrivals } = run(world, ops);
          const t = w.totals;
          const viaCatheter = massWhere(arrivals, (a) => a.origin !== 'pocket');
          const fromPocket = massWhere(arrivals, (a) => a.origin === 'pocket');

          expect(t.filled - t.drained - t.pumped).toBe(w.reservoir.mass);
          expect(t.pumped + t.primed).toBe(viaCatheter + massOf(w.catheter.line) + t.explanted);
          expect(t.pocketed).toBe(fromPocket + massOf(w.pocket));
          expect(t.intrathecal).toBe(massWhere(arrivals, (a) => a.site === 'intrathecal'));
          expect(t.tissue).toBe(massWhere(arrivals, (a) => a.site === 'tissue'));
          expect(volumeOf(w.catheter.line)).toBe(w.catheter.volume);
          expect(w.reservoir.volume).toBeGreaterThanOrEqual(0);
          expect(w.reservoir.mass).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
