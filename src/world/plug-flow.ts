/**
 * The catheter as a plug-flow delay line (docs/clinical-reference.md §4): fluid pushed in at the pump end pushes the same
 * volume out of the tip, first in, first out, without mixing. So a catheter primed with saline delivers
 * saline first, and a new concentration reaches the spine only after one catheter volume has been pushed
 * through — the reason bridge boluses exist (docs/clinical-reference.md §3). Masses split in proportion to volume with the
 * remainder kept on the other side, so no nanogram is created or lost.
 */
import type { Nanograms, Nanolitres } from '../therapy/quantities.ts';
import { mulDivExact } from './exact.ts';
import { scalePpm } from './params.ts';
import type { Parcel } from './types.ts';

/** The same fluid, none of it. */
export const emptyParcel = (p: Parcel): Parcel => ({
  ...p,
  volume: 0 as Nanolitres,
  mass: 0 as Nanograms,
});

/** Splits `volume` (0 < volume < parcel.volume) off a parcel: [taken, rest], masses summing exactly. */
export function splitParcel(parcel: Parcel, volume: number): readonly [Parcel, Parcel] {
  const mass = mulDivExact(parcel.mass, volume, parcel.volume);
  return [
    { ...parcel, volume: volume as Nanolitres, mass: mass as Nanograms },
    {
      ...parcel,
      volume: (parcel.volume - volume) as Nanolitres,
      mass: (parcel.mass - mass) as Nanograms,
    },
  ];
}

/** Splits a fraction (ppm of volume, rounded) off a parcel: [part, rest]; either may be empty. */
export function splitPpm(parcel: Parcel, ppm: number): readonly [Parcel, Parcel] {
  const v = scalePpm(parcel.volume, ppm);
  if (v <= 0) return [emptyParcel(parcel), parcel];
  if (v >= parcel.volume) return [parcel, emptyParcel(parcel)];
  return splitParcel(parcel, v);
}

/** Appends a parcel, merging it into the last one when both come from the same batch (same fluid). */
export function appendParcel(list: Parcel[], parcel: Parcel): void {
  if (parcel.volume <= 0 && parcel.mass <= 0) return;
  const last = list[list.length - 1];
  if (last && last.batch === parcel.batch && last.drug === parcel.drug) {
    list[list.length - 1] = {
      ...last,
      volume: (last.volume + parcel.volume) as Nanolitres,
      mass: (last.mass + parcel.mass) as Nanograms,
    };
  } else {
    list.push(parcel);
  }
}

/**
 * Pushes `inflow` in at the pump end. Returns the new line (tip first, same total volume) and what left
 * the tip, in order of leaving; the outflow's volume equals the inflow's.
 */
export function pushThrough(
  line: readonly Parcel[],
  inflow: Parcel,
): { readonly line: Parcel[]; readonly out: Parcel[] } {
  const queue = [...line];
  appendParcel(queue, inflow);
  const out: Parcel[] = [];
  let remaining: number = inflow.volume;
  let i = 0;
  while (remaining > 0 && i < queue.length) {
    const p = queue[i];
    if (p === undefined) break;
    if (p.volume <= remaining) {
      appendParcel(out, p);
      remaining -= p.volume;
      i++;
    } else {
      const [taken, rest] = splitParcel(p, remaining);
      appendParcel(out, taken);
      queue[i] = rest;
      remaining = 0;
    }
  }
  return { line: queue.slice(i), out };
}

/** Total volume of a list of parcels. */
export const volumeOf = (parcels: readonly Parcel[]): number => parcels.reduce((sum, p) => sum + p.volume, 0);

/** Total drug mass of a list of parcels. */
export const massOf = (parcels: readonly Parcel[]): number => parcels.reduce((sum, p) => sum + p.mass, 0);
