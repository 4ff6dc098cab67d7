/**
 * Refills as they really happen (docs/clinical-reference.md §3): the residual the clinician drains is the true one; the
 * delivery error drawn per refill makes it differ from the pump's calculated volume (Wesemann 2014); a
 * pocket fill never reaches the reservoir (Medtronic 2011 correction).
 */
import { describe, expect, it } from 'vitest';
import { MS_PER_HOUR, massInVolume, mlToNl, type EpochMs, type Nanolitres } from '../therapy/quantities.ts';
import { applyDelivery } from './delivery.ts';
import { BACLOFEN_2000, BACLOFEN_500, EXACT, T0, at, massWhere, segment } from './test-fixtures.ts';
import { DEFAULT_WORLD_PARAMS, PPM, scalePpm } from './params.ts';
import { applyRefill, type Refill } from './refill.ts';
import { advanceWorld, createWorld } from './world.ts';

const fill = (ml: number, extra: Partial<Refill> = {}): Refill => ({
  volumeAdded: mlToNl(ml),
  concentration: BACLOFEN_2000,
  drug: 'baclofen',
  ...extra,
});

describe('residual and delivery error', () => {
  it('drains the true residual, which departs from the calculated one by the drawn error', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const w = applyRefill(createWorld({}, seed, T0), fill(20), T0).world;
      const commanded = mlToNl(10);
      const delivered = applyDelivery(w, segment(at(0), at(24 * 40), commanded)).world;
      const { residual, world } = applyRefill(delivered, fill(20), at(24 * 40));
      const truePumped = scalePpm(commanded, PPM + w.deliveryErrorPpm);
      expect(residual.volume).toBe(mlToNl(20) - truePumped);
      expect(residual.volume).not.toBe(mlToNl(20) - commanded); // calculated ≠ true
      expect(world.reservoir.volume).toBe(mlToNl(20));
    }
  });

  it('draws errors with mean +2.5 % per refill and the ±14.5 % band as 2 SD (Wesemann 2014; docs/clinical-reference.md §3)', () => {
    const errors: number[] = [];
    for (let seed = 0; seed < 400; seed++) {
      let w = createWorld({}, seed, T0);
      for (let refill = 0; refill < 5; refill++) {
        w = applyRefill(w, fill(20), at(refill)).world;
        errors.push(w.deliveryErrorPpm / PPM);
      }
    }
    const e = DEFAULT_WORLD_PARAMS.deliveryError;
    const sd = e.accuracy.value / e.accuracySds.value;
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    const observedSd = Math.sqrt(errors.reduce((a, b) => a + (b - mean) ** 2, 0) / errors.length);
    expect(Math.abs(mean - e.perRefillMean.value)).toBeLessThan(5 * (sd / Math.sqrt(errors.length)));
    expect(Math.abs(observedSd - sd) / sd).toBeLessThan(0.1);
    // A new error each refill, not one per pump.
    expect(new Set(errors.slice(0, 5)).size).toBe(5);
  });

  it('mixes an undrained residual of the same drug and refuses a different one', () => {
    const w = applyRefill(createWorld(EXACT, 1, T0), fill(5), T0).world;
    const mixed = applyRefill(w, { ...fill(5), concentration: BACLOFEN_500, drainResidual: false }, at(1));
    expect(mixed.residual.volume).toBe(0);
    expect(mixed.world.reservoir.volume).toBe(mlToNl(10));
    expect(mixed.world.reservoir.mass).toBe(
      massInVolume(mlToNl(5), BACLOFEN_2000) + massInVolume(mlToNl(5), BACLOFEN_500),
    );
    expect(() => applyRefill(w, { ...fill(5), drug: 'morphine', drainResidual: false }, at(1))).toThrow(
      expect.objectContaining({ code: 'ITB_E_WORLD_MIXED_DRUGS' }),
    );
  });

  it('refuses impossible refills', () => {
    const w = createWorld(EXACT, 1, T0);
    for (const bad of [{ pocketFill: 1.2 }, { volumeAdded: -1 as Nanolitres }]) {
      expect(() => applyRefill(w, fill(1, bad), T0)).toThrow(
        expect.objectContaining({ code: 'ITB_E_WORLD_INVALID_REFILL' }),
      );
    }
    expect(() => applyRefill(w, fill(1), (T0 - 1) as EpochMs)).toThrow(
      expect.objectContaining({ code: 'ITB_E_WORLD_TIME_REVERSED' }),
    );
  });
});

describe('pocket fill (docs/clinical-reference.md §3: drug injected into the pocket instead of the reservoir)', () => {
  const tau = DEFAULT_WORLD_PARAMS.pocketAbsorptionTimeConstant.value;

  it('never enters the reservoir: the pump is "refilled" but its reservoir is empty', () => {
    const w = applyRefill(createWorld(EXACT, 1, T0), fill(20), T0).world;
    const { world } = applyRefill(w, fill(20, { pocketFill: 1 }), at(24));
    expect(world.reservoir.volume).toBe(0);
    expect(world.reservoir.mass).toBe(0);
    expect(world.pocket.map((p) => p.mass)).toEqual([massInVolume(mlToNl(20), BACLOFEN_2000)]);

    // The pump goes on commanding its basal: only the catheter's content still reaches the spine.
    const catheterMass = world.catheter.line.reduce((s, p) => s + p.mass, 0);
    const r = applyDelivery(world, segment(at(24), at(24 * 10), mlToNl(2)));
    expect(massWhere(r.arrivals, (a) => a.site === 'intrathecal')).toBe(catheterMass);
  });

  it('splits a partial pocket fill between pocket and reservoir', () => {
    const { world } = applyRefill(createWorld(EXACT, 1, T0), fill(20, { pocketFill: 0.25 }), T0);
    expect(world.reservoir.volume).toBe(mlToNl(15));
    expect(world.pocket[0]?.volume).toBe(mlToNl(5));
  });

  it('is absorbed into tissue first-order with the [A] time constant, in pieces no longer than the resolution', () => {
    const { world } = applyRefill(createWorld(EXACT, 1, T0), fill(20, { pocketFill: 1 }), T0);
    const dose = massInVolume(mlToNl(20), BACLOFEN_2000); // 40 mg
    const oneTau = advanceWorld(world, (T0 + tau) as EpochMs);
    const absorbed = massWhere(oneTau.arrivals, () => true);
    // Each piece rounds to the ng, so allow one ng per piece.
    expect(Math.abs(absorbed - dose * (1 - Math.exp(-1)))).toBeLessThanOrEqual(oneTau.arrivals.length);
    expect(oneTau.arrivals.every((a) => a.site === 'tissue' && a.origin === 'pocket')).toBe(true);
    const resolution = DEFAULT_WORLD_PARAMS.pocketArrivalResolution.value;
    expect(oneTau.arrivals.every((a) => a.end - a.start <= resolution)).toBe(true);
    // Rates fall as the pocket empties.
    const rates = oneTau.arrivals.map((a) => a.ngPerDay);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));

    const later = advanceWorld(oneTau.world, (T0 + 40 * tau) as EpochMs);
    expect(absorbed + massWhere(later.arrivals, () => true)).toBe(dose);
    expect(later.world.pocket).toEqual([]);
    expect(later.world.now - T0).toBeGreaterThan(24 * MS_PER_HOUR);
  });
});
