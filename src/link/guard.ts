/**
 * The pump's wake-up guard (DOMAIN.md §5, Halperin et al. 2008: battery drain by repeated wake-ups).
 * Failed handshakes and stray frames outside a session back the link off exponentially; during a back-off
 * the pump ignores wake-ups without decoding further, answering or logging each one, and only counts them
 * (one summary entry when the back-off ends). Handshakes are also spaced by a minimum interval, so the
 * four X25519 operations of a key agreement can never be forced faster than that. Pure.
 */
import { linkEvent, type LinkEvent } from './events.ts';
import { backoffMs, type LinkLimits } from './limits.ts';

export interface GuardState {
  /** Consecutive failures not yet forgotten. */
  readonly failures: number;
  readonly lastFailureAt: number | undefined;
  /** Wake-ups before this instant are ignored. */
  readonly backoffUntil: number;
  /** Wake-ups ignored since the current back-off began. */
  readonly ignored: number;
  /** When the last key agreement started. */
  readonly lastHandshakeAt: number | undefined;
}

export const INITIAL_GUARD: GuardState = {
  failures: 0,
  lastFailureAt: undefined,
  backoffUntil: 0,
  ignored: 0,
  lastHandshakeAt: undefined,
};

export interface GuardResult {
  readonly guard: GuardState;
  readonly events: readonly LinkEvent[];
}

/**
 * Gate for a wake-up that is not part of an established session. Returns `admit: false` (and counts the
 * wake-up) during a back-off; otherwise admits it and, if a back-off just ended, emits its summary.
 */
export function admitWakeup(g: GuardState, now: number): GuardResult & { readonly admit: boolean } {
  if (now < g.backoffUntil) return { admit: false, guard: { ...g, ignored: g.ignored + 1 }, events: [] };
  if (g.ignored === 0) return { admit: true, guard: g, events: [] };
  return {
    admit: true,
    guard: { ...g, ignored: 0 },
    events: [linkEvent(now, 'ITB_R_LINK_WAKEUPS_IGNORED', { count: g.ignored })],
  };
}

/** Records a failure and starts the next back-off (base × 2^(n−1), capped). */
export function noteFailure(limits: LinkLimits, g: GuardState, now: number): GuardResult {
  const forgotten = g.lastFailureAt !== undefined && now - g.lastFailureAt > limits.failureMemoryMs.value;
  const failures = (forgotten ? 0 : g.failures) + 1;
  const wait = backoffMs(limits, failures);
  return {
    guard: { ...g, failures, lastFailureAt: now, backoffUntil: now + wait },
    events: [linkEvent(now, 'ITB_R_LINK_BACKOFF_STARTED', { failures, backoffMs: wait })],
  };
}

/** A confirmed session clears the failure history. */
export function noteSuccess(g: GuardState): GuardState {
  return { ...g, failures: 0, lastFailureAt: undefined, backoffUntil: 0 };
}

/** Whether a key agreement may start now (minimum spacing between handshakes). */
export function handshakeAllowed(limits: LinkLimits, g: GuardState, now: number): boolean {
  return g.lastHandshakeAt === undefined || now - g.lastHandshakeAt >= limits.handshakeMinIntervalMs.value;
}
