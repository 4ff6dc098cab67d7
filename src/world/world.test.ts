/** The world as a value: seeded determinism, parameters with sources, catheter revision. */
import { describe, expect, it } from 'vitest';
import { hours, millis, mlToNl, type Nanolitres } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import { applyDelivery } from './delivery.ts';
import { BACLOFEN_2000, EXACT, T0, at, segment } from './test-fixtures.ts';
import { startMri } from './mri.ts';
import { DEFAULT_WORLD_PARAMS, SALINE, catheterVolumeForLength, worldParams } from './params.ts';
import { applyRefill } from './refill.ts';
import type { Arrival, World } from './types.ts';
import { createWorld, replaceCatheter, setCatheter } from './world.ts';

/** A scenario touching every random draw: refills, an MRI, a leak, deliveries. */
function scenario(seed: number): { world: World; arrivals: Arrival[]; residuals: number[] } {
  let w = createWorld({}, seed, T0);
  const arrivals: Arrival[] = [];
  const residuals: number[] = [];
  const fill = { volumeAdded: mlToNl(20), concentration: BACLOFEN_2000, drug: 'baclofen' } as const;
  w = applyRefill(w, fill, T0).world;
  w = setCatheter(w, { kind: 'leaking', fraction: 0.3 }, at(100));
  w = startMri(w, at(50)).world;
  for (let day = 0; day < 20; day++) {
    const r = applyDelivery(w, segment(at(24 * day), at(24 * day + 24), mlToNl(0.5)));
    w = r.world;
    arrivals.push(...r.arrivals);
    if (day % 7 === 6) {
      const refill = applyRefill(w, fill, at(24 * day + 24));
      w = refill.world;
      residuals.push(refill.residual.volume);
    }
  }
  return { world: w, arrivals, residuals };
}

describe('determinism', () => {
  it('replays exactly from the same seed', () => {
    expect(scenario(42)).toEqual(scenario(42));
  });

  it('differs between seeds (delivery errors and MRI recovery are drawn)', () => {
    const a = scenario(1);
    const b = scenario(2);
    expect(a.residuals).not.toEqual(b.residuals);
    expect(a.world.deliveryErrorPpm).not.toBe(b.world.deliveryErrorPpm);
  });

  it('keeps the delivery-error stream independent of MRI draws', () => {
    const saline = { volumeAdded: mlToNl(1), concentration: SALINE.concentration, drug: 'saline' } as const;
    const plain = applyRefill(createWorld({}, 9, T0), saline, T0);
    const scanned = applyRefill(startMri(createWorld({}, 9, T0), T0).world, saline, T0);
    expect(scanned.world.deliveryErrorPpm).toBe(plain.world.deliveryErrorPpm);
  });
});

describe('parameters', () => {
  it('carry a source and confidence tag for every number (docs/clinical-reference.md header)', () => {
    const p = DEFAULT_WORLD_PARAMS;
    const tagged = [
      p.catheterVolume,
      p.pocketAbsorptionTimeConstant,
      p.pocketArrivalResolution,
      p.mriRecoveryDelay,
      p.deliveryError.perRefillMean,
      p.deliveryError.cumulativeMean,
      p.deliveryError.accuracy,
      p.deliveryError.accuracySds,
      p.deliveryError.limit,
    ];
    for (const s of tagged) {
      expect(['C', 'U', 'A']).toContain(s.confidence);
      expect(s.source.length).toBeGreaterThan(5);
    }
    expect(p.deliveryError.perRefillMean.confidence).toBe('C');
    expect(p.deliveryError.accuracy.confidence).toBe('U');
    expect(p.pocketAbsorptionTimeConstant.confidence).toBe('A');
  });

  it('computes catheter volume from length at 0.0026 mL/cm (docs/clinical-reference.md §3)', () => {
    expect(catheterVolumeForLength(110)).toBe(mlToNl(0.286));
    expect(() => catheterVolumeForLength(-1)).toThrow(
      expect.objectContaining({ code: 'ITB_E_WORLD_INVALID_CATHETER' }),
    );
  });

  it('overrides one delivery-error field without losing the others, and validates', () => {
    const p = worldParams({ deliveryError: { perRefillMean: sourced(0.1, 'A', 'test') } });
    expect(p.deliveryError.perRefillMean.value).toBe(0.1);
    expect(p.deliveryError.accuracy).toBe(DEFAULT_WORLD_PARAMS.deliveryError.accuracy);
    expect(() => worldParams({ pocketAbsorptionTimeConstant: sourced(millis(0), 'A', 'test') })).toThrow(
      expect.objectContaining({ code: 'ITB_E_WORLD_INVALID_PARAMS' }),
    );
    expect(() =>
      worldParams({ mriRecoveryDelay: sourced({ min: hours(5), max: hours(1) }, 'A', 'test') }),
    ).toThrow(expect.objectContaining({ code: 'ITB_E_WORLD_INVALID_PARAMS' }));
  });
});

describe('catheter revision', () => {
  it('explants the old content and primes a new patent catheter with saline', () => {
    let w = applyRefill(
      createWorld(EXACT, 1, T0),
      { volumeAdded: mlToNl(20), concentration: BACLOFEN_2000, drug: 'baclofen' },
      T0,
    ).world;
    w = applyDelivery(w, segment(at(0), at(72), mlToNl(0.5))).world;
    w = setCatheter(w, { kind: 'disconnected' }, at(72));
    const inLine = w.catheter.line.reduce((s, p) => s + p.mass, 0);
    const r = replaceCatheter(w, mlToNl(0.2), at(80));
    expect(r.explanted).toBe(inLine);
    expect(r.world.catheter.state).toEqual({ kind: 'patent' });
    expect(r.world.catheter.line).toEqual([
      { volume: mlToNl(0.2), mass: 0, drug: 'saline', batch: expect.any(Number) as number },
    ]);
    expect(() => replaceCatheter(r.world, -1 as Nanolitres, at(81))).toThrow(
      expect.objectContaining({ code: 'ITB_E_WORLD_INVALID_CATHETER' }),
    );
  });
});
