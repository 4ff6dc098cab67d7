/**
 * The bound on how fast one signed-in account may ask (a token bucket per account). Every read of a record
 * is its own durable, hash-chained audit entry — one per read, by design: who read what and when is what
 * the trail is for, and a patient may be shown it (docs/fhir.md) — so an account looping reads grew the
 * trail and held the store's writer as fast as it could ask. Refusals have their own bound on what they
 * write (refusal-budget.ts); this one bounds every request of the account, reads and writes alike.
 *
 * An account starts with `burst` requests and earns `perMinute` more a minute, up to `burst`. Beyond it the
 * request is refused before anything is read or written (ITB_E_RATE_LIMITED, 429, Retry-After). In memory:
 * a restart gives every account a full bucket, which no client can cause.
 */

export interface RequestLimit {
  readonly burst: number;
  readonly perMinute: number;
}

/**
 * Our defaults [A]: the web app does not poll, but a page asks a few dozen requests; a browser walk through a
 * dozen screens by script (test/browser/unhappy-walk) asked 417 in 42 s, at most 46 in a second and 237 in
 * ten. A person is slower than that script. A script reading in a loop is held to 5 a second — at most
 * about 70 audit entries a second (`$everything` writes 14), not the ~490 one connection managed, with no
 * bound on connections.
 */
export const REQUEST_LIMIT: RequestLimit = { burst: 1_000, perMinute: 300 };

/** One bucket per account that has asked (the accounts are the clinic's: an admin creates each). */
export class RequestBudget {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly now: () => number,
    private readonly limit: RequestLimit,
  ) {}

  /** Spends one request of `account`; returns 0, or the milliseconds until it may ask again. */
  take(account: string): number {
    const t = this.now();
    const b = this.buckets.get(account);
    const earned =
      b === undefined ? this.limit.burst : b.tokens + (Math.max(0, t - b.at) * this.limit.perMinute) / 60_000;
    const tokens = Math.min(this.limit.burst, earned);
    if (tokens < 1) return Math.ceil(((1 - tokens) * 60_000) / this.limit.perMinute);
    this.buckets.set(account, { tokens: tokens - 1, at: Math.max(t, b?.at ?? t) });
    return 0;
  }
}
