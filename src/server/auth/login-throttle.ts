/**
 * Which locks a login attempt answers to (rate-limit.ts): a browser with a valid device cookie for the
 * account (device-cookie.ts) only to that cookie's; any other to the pair's, the address's and the account's.
 */
import { loginKeys, type FailureLimiter } from './rate-limit.ts';

export interface LoginLimiters {
  /** Failures of one account from one address. */
  readonly byPair: FailureLimiter;
  /** Failures of any accounts from one address. */
  readonly byAddress: FailureLimiter;
  /** Failures of one account from any address, by browsers without its device cookie. */
  readonly byAccount: FailureLimiter;
  /** Failures at one browser that holds the account's device cookie. */
  readonly byDevice: FailureLimiter;
}

/** One attempt's locks: each limiter with its key, and the ones a success clears. */
export interface AttemptLocks {
  readonly checked: readonly (readonly [FailureLimiter, string])[];
  readonly clearedOnSuccess: readonly (readonly [FailureLimiter, string])[];
}

export function attemptLocks(
  l: LoginLimiters,
  email: string,
  address: string,
  deviceKey: string | null,
): AttemptLocks {
  if (deviceKey !== null) {
    const device = [[l.byDevice, deviceKey]] as const;
    return { checked: device, clearedOnSuccess: device };
  }
  const k = loginKeys(email, address);
  return {
    checked: [
      [l.byPair, k.pair],
      [l.byAddress, k.address],
      [l.byAccount, k.account],
    ],
    clearedOnSuccess: [[l.byPair, k.pair]],
  };
}

/** Milliseconds the attempt stays refused (0 = may try). */
export async function lockedFor(locks: AttemptLocks): Promise<number> {
  let most = 0;
  for (const [limiter, key] of locks.checked) most = Math.max(most, await limiter.lockedFor(key));
  return most;
}

export async function recordFailure(locks: AttemptLocks): Promise<void> {
  for (const [limiter, key] of locks.checked) await limiter.fail(key);
}

export async function recordSuccess(locks: AttemptLocks): Promise<void> {
  for (const [limiter, key] of locks.clearedOnSuccess) await limiter.clear(key);
}
