/**
 * Login throttling in memory, per e-mail and per client address (OWASP Authentication Cheat Sheet: lock
 * out after repeated failures, exponentially). After `freeFailures` failures a key is locked for
 * `baseLockMs`, doubling with each further failure up to `maxLockMs`. A key's count is forgotten
 * `forgetAfterMs` after its last failure. A success clears the e-mail's count but not the address's: one
 * compromised account must not reset a password spray from the same address. The map is bounded
 * (oldest entries evicted) so random e-mails cannot exhaust memory.
 */
export interface RateLimitOptions {
  readonly freeFailures: number;
  readonly baseLockMs: number;
  readonly maxLockMs: number;
  readonly forgetAfterMs: number;
  readonly maxEntries: number;
}

/** Our defaults [A]: 5 free failures per e-mail, 20 per address (a clinic shares one NAT address). */
export const EMAIL_LIMIT: RateLimitOptions = {
  freeFailures: 5,
  baseLockMs: 30_000,
  maxLockMs: 60 * 60_000,
  forgetAfterMs: 24 * 60 * 60_000,
  maxEntries: 10_000,
};
export const ADDRESS_LIMIT: RateLimitOptions = { ...EMAIL_LIMIT, freeFailures: 20 };

interface Entry {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

export class FailureLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    private readonly options: RateLimitOptions,
  ) {}

  /** Milliseconds the key stays locked (0 = may try). */
  lockedFor(key: string): number {
    const e = this.live(key);
    return e === undefined ? 0 : Math.max(0, e.lockedUntil - this.now());
  }

  /** Records a failure; returns the lock now in force (ms, 0 = none). */
  fail(key: string): number {
    const t = this.now();
    const e = this.live(key) ?? { failures: 0, lastFailure: t, lockedUntil: 0 };
    e.failures += 1;
    e.lastFailure = t;
    const over = e.failures - this.options.freeFailures;
    if (over >= 0) {
      const lock = Math.min(this.options.maxLockMs, this.options.baseLockMs * 2 ** Math.min(over, 30));
      e.lockedUntil = t + lock;
    }
    this.entries.delete(key); // re-insert: Map order is then least-recently-failed first
    this.entries.set(key, e);
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return Math.max(0, e.lockedUntil - t);
  }

  clear(key: string): void {
    this.entries.delete(key);
  }

  private live(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (e !== undefined && this.now() - e.lastFailure > this.options.forgetAfterMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }
}
