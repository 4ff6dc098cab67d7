/**
 * A pocket fill (docs/clinical-reference.md §3: ~1 per 10,000 refills, 8 deaths in 351 reports): the refill goes into the
 * subcutaneous pocket around the pump instead of the reservoir and is absorbed into tissue and plasma over
 * hours — a large systemic dose — while the pump believes it was refilled. Absorption is first order with
 * the [A] time constant of WorldParams; arrivals are emitted in pieces no longer than the resolution so the
 * body model sees the decaying curve, each piece's mass exact (remaining = ⌊M·e^(−Δt/τ)⌋).
 */
import {
  MS_PER_DAY,
  type EpochMs,
  type Nanograms,
  type NanogramsPerDay,
  type Nanolitres,
} from '../therapy/quantities.ts';
import { mulDivExact } from './exact.ts';
import type { Arrival, Parcel } from './types.ts';

/** An arrival over [start, end) carrying `parcel`, with its average rate. */
export function arrivalOf(
  parcel: Parcel,
  start: number,
  end: number,
  site: Arrival['site'],
  origin: Arrival['origin'],
): Arrival {
  const ngPerDay = end > start ? mulDivExact(parcel.mass, MS_PER_DAY, end - start) : 0;
  return {
    start: start as EpochMs,
    end: end as EpochMs,
    ngPerDay: ngPerDay as NanogramsPerDay,
    mass: parcel.mass,
    volume: parcel.volume,
    drug: parcel.drug,
    site,
    origin,
  };
}

/** Absorbs the pocket's deposits over [from, until). */
export function absorbPocket(
  pocket: readonly Parcel[],
  from: number,
  until: number,
  timeConstant: number,
  resolution: number,
): { readonly pocket: Parcel[]; readonly arrivals: Arrival[] } {
  const left: Parcel[] = [];
  const arrivals: Arrival[] = [];
  for (const deposit of pocket) {
    let d = deposit;
    let t = from;
    while (t < until && (d.mass > 0 || d.volume > 0)) {
      const t1 = Math.min(until, t + resolution);
      const keep = Math.exp(-(t1 - t) / timeConstant);
      // Floor, not round: with rounding a few ng would sit in the pocket for ever (3 × 0.85 → 3).
      const mass = Math.floor(d.mass * keep);
      const volume = Math.floor(d.volume * keep);
      const absorbed: Parcel = {
        ...d,
        mass: (d.mass - mass) as Nanograms,
        volume: (d.volume - volume) as Nanolitres,
      };
      if (absorbed.mass > 0 || absorbed.volume > 0) {
        arrivals.push(arrivalOf(absorbed, t, t1, 'tissue', 'pocket'));
      }
      d = { ...d, mass: mass as Nanograms, volume: volume as Nanolitres };
      t = t1;
    }
    if (d.mass > 0 || d.volume > 0) left.push(d);
  }
  return { pocket: left, arrivals };
}
