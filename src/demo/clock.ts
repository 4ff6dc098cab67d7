/**
 * The demo world's clock: it runs at `timeScale` × real time from `start` and can be fast-forwarded, so
 * refills and alarms come due in a demo session instead of in months. Every virtual pump, the clinic
 * store's time stamps and the API's "now" read this one clock.
 */
import type { LinkClock } from '../link/clock.ts';

export class DemoClock implements LinkClock {
  #origin: number;
  #base: number;

  constructor(
    start: number,
    readonly timeScale = 1,
    private readonly real: () => number = Date.now,
  ) {
    if (!(timeScale > 0)) throw new RangeError('a clock must run forwards');
    this.#origin = real();
    this.#base = start;
  }

  now(): number {
    return Math.floor(this.#base + (this.real() - this.#origin) * this.timeScale);
  }

  realDelay(t: number): number {
    return Math.max(0, Math.ceil((t - this.now()) / this.timeScale));
  }

  /** Jumps forward by `ms` (never backwards: pumps and records never see time run back). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('the demo clock only moves forwards');
    this.#base += ms;
  }

  /** Sets the clock to `t` if it is later than now (used while seeding the history). */
  advanceTo(t: number): void {
    this.advance(Math.max(0, t - this.now()));
  }
}
