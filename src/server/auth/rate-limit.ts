/**
 * Login throttling (OWASP Authentication Cheat Sheet: lock out after repeated failures, exponentially;
 * OWASP "Blocking Brute Force Attacks": lock the attacker, not the account; OWASP device cookies).
 *
 * A browser without a device cookie for the account (device-cookie.ts) is throttled per (account, address)
 * pair, per client address and per account: the pair lock stops guessing one account from one address, the
 * address lock stops spraying many accounts from one address, the account lock stops guessing one account
 * from many addresses. A browser that has signed in to the account before presents its device cookie and is
 * throttled per cookie only: neither a flood through the clinic's NAT nor guesses at the clinician's account
 * from anywhere refuse the right password there. Five wrong passwords from anywhere no longer lock a
 * physician out everywhere, as they once did: the account lock refuses only browsers that never signed in
 * to it (login-throttle.ts).
 *
 * After `freeFailures` failures a key is locked for `baseLockMs`, doubling with each further failure up to
 * `maxLockMs`. A key's count is forgotten `forgetAfterMs` after its last failure. A success clears the
 * pair and the device cookie's count, not the address's or the account's: a sign-in of one account must not
 * reset a password spray from the same place, nor a victim's sign-in an attacker's guesses at the account.
 * The state lives behind {@link ThrottleState} so that it survives a restart (the clinic store keeps it).
 */
import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { ClinicStore } from '../../clinic/store.ts';

export interface RateLimitOptions {
  readonly freeFailures: number;
  readonly baseLockMs: number;
  readonly maxLockMs: number;
  readonly forgetAfterMs: number;
}

/** Our defaults [A]: 5 free failures for one account from one address (NIST SP 800-63B §5.2.2 allows 100). */
export const PAIR_LIMIT: RateLimitOptions = {
  freeFailures: 5,
  baseLockMs: 30_000,
  maxLockMs: 60 * 60_000,
  forgetAfterMs: 24 * 60 * 60_000,
};
/** 50 failures across any accounts from one address: a clinic behind one NAT mistypes far less. */
export const ADDRESS_LIMIT: RateLimitOptions = { ...PAIR_LIMIT, freeFailures: 50 };
/** 20 failures of one account from any addresses [A]: browsers that never signed in to it are locked. */
export const ACCOUNT_LIMIT: RateLimitOptions = { ...PAIR_LIMIT, freeFailures: 20 };
/** 5 failures at one browser that has signed in to the account (its device cookie) [A]. */
export const DEVICE_LIMIT: RateLimitOptions = PAIR_LIMIT;

/** One key's failure record. */
export interface ThrottleEntry {
  readonly failures: number;
  readonly lastFailure: number;
  readonly lockedUntil: number;
}

/** Where the failure records live (the clinic store in the server; anything keyed in tests). */
export interface ThrottleState {
  read(key: string): Promise<ThrottleEntry | undefined>;
  write(key: string, entry: ThrottleEntry): Promise<void>;
  remove(key: string): Promise<void>;
  /** Forgets every key whose last failure was before `before`. */
  purge(before: number): Promise<void>;
}

/** The clinic store's {@link ThrottleState}: lock-outs survive a restart (migration 0004). */
export class StoreThrottleState implements ThrottleState {
  constructor(private readonly store: ClinicStore) {}
  read(key: string): Promise<ThrottleEntry | undefined> {
    return this.store.readLoginThrottle(key);
  }
  write(key: string, entry: ThrottleEntry): Promise<void> {
    return this.store.writeLoginThrottle(key, entry);
  }
  remove(key: string): Promise<void> {
    return this.store.removeLoginThrottle(key);
  }
  async purge(before: number): Promise<void> {
    await this.store.purgeLoginThrottle(before);
  }
}

/** Counts failures per key and answers how long a key stays locked. */
export class FailureLimiter {
  constructor(
    private readonly now: () => number,
    private readonly options: RateLimitOptions,
    private readonly state: ThrottleState,
  ) {}

  /** Milliseconds the key stays locked (0 = may try). */
  async lockedFor(key: string): Promise<number> {
    const e = await this.live(key);
    return e === undefined ? 0 : Math.max(0, e.lockedUntil - this.now());
  }

  /** Records a failure; returns the lock now in force (ms, 0 = none). */
  async fail(key: string): Promise<number> {
    const t = this.now();
    const before = await this.live(key);
    const failures = (before?.failures ?? 0) + 1;
    const over = failures - this.options.freeFailures;
    const lockedUntil =
      over >= 0
        ? t + Math.min(this.options.maxLockMs, this.options.baseLockMs * 2 ** Math.min(over, 30))
        : (before?.lockedUntil ?? 0);
    await this.state.write(key, { failures, lastFailure: t, lockedUntil });
    // Keys sprayed with random e-mails must not pile up: drop every key already past forgetting.
    await this.state.purge(t - this.options.forgetAfterMs);
    return Math.max(0, lockedUntil - t);
  }

  clear(key: string): Promise<void> {
    return this.state.remove(key);
  }

  private async live(key: string): Promise<ThrottleEntry | undefined> {
    const e = await this.state.read(key);
    if (e !== undefined && this.now() - e.lastFailure > this.options.forgetAfterMs) {
      await this.state.remove(key);
      return undefined;
    }
    return e;
  }
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 32);

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a dotted IPv4 tail read), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.split('%')[0] ?? '';
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (tail !== undefined) {
    if (!isIPv4(tail)) return null;
    const [a, b, c, d] = tail.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -tail.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const part = (h: string) => (h === '' ? [] : h.split(':').map((g) => parseInt(g, 16)));
  const head = part(halves[0] ?? '');
  const rest = halves.length === 2 ? part(halves[1] ?? '') : [];
  const fill = halves.length === 2 ? 8 - head.length - rest.length : 0;
  const groups = [...head, ...Array<number>(Math.max(fill, 0)).fill(0), ...rest];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : null;
}

/**
 * The client a login attempt is counted against: an IPv4 address as it is (an IPv4-mapped IPv6 address
 * as its IPv4), an IPv6 address by its /64 — one subscriber's or one LAN's network (RFC 6177): hosts pick
 * their interface identifiers freely, so counting each /128 let anyone with one network escape the address
 * and pair limits by changing the last 64 bits.
 */
export function clientOf(address: string): string {
  if (!isIPv6(address.split('%')[0] ?? '')) return address;
  const g = ipv6Groups(address);
  if (g === null) return address;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return `${g[6]! >> 8}.${g[6]! & 0xff}.${g[7]! >> 8}.${g[7]! & 0xff}`;
  }
  return `${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(':')}::/64`;
}

/**
 * The throttle keys of a login attempt. The e-mail is kept only as a hash (the state may be persisted),
 * the address as given by Fastify (`request.ip`, which honours the trust-proxy setting), IPv6 by its /64
 * ({@link clientOf}).
 */
export function loginKeys(
  email: string,
  address: string,
): { pair: string; address: string; account: string } {
  const client = clientOf(address);
  return {
    pair: `pair:${sha(`${email}\n${client}`)}`,
    address: `ip:${client}`,
    account: `account:${sha(email)}`,
  };
}
