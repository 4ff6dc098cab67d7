/**
 * Clocks for the link shells. A virtual pump may run on the wall clock or on a scaled one (an hour of pump
 * time per real second, say), so a simulation can watch a refill interval pass in minutes. The pure state
 * machines only ever see the numbers.
 */

export interface LinkClock {
  /** The pump's current time, epoch ms. */
  now(): number;
  /** Real milliseconds until the pump's clock reaches `t` (0 if it already has). */
  realDelay(t: number): number;
}

/** The wall clock. */
export const systemClock: LinkClock = {
  now: () => Date.now(),
  realDelay: (t) => Math.max(0, t - Date.now()),
};

/** A clock that starts at `start` and runs `factor` times faster than `real` (1 = real time). */
export function scaledClock(start: number, factor: number, real: () => number = Date.now): LinkClock {
  if (!(factor > 0)) throw new RangeError('a clock must run forwards');
  const origin = real();
  const now = () => Math.floor(start + (real() - origin) * factor);
  return { now, realDelay: (t) => Math.max(0, Math.ceil((t - now()) / factor)) };
}
