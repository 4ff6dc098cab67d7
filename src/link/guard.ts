/**
 * The pump's wake-up guard (docs/clinical-reference.md §5; Halperin et al. 2008: battery drain by repeated
 * wake-ups). It protects the battery without letting a sender who holds no key lock the clinic out:
 *
 * - **Receiver budget.** While nothing is in progress, about `wakeupReads` frames are read per
 *   `wakeupWindowMs`, whatever arrives: when the previous window brought more, each frame is read with
 *   probability reads/arrivals (drawn from the frame's fresh entropy), the rest are dropped unread and only
 *   counted (the receiver sleeps). Sampling at random, not first come first served, means a flood cannot
 *   time itself to take every read: a programmer repeating its HELLO gets through in proportion to its
 *   share of the traffic. A window never reads more than twice the budget.
 * - **Key agreements only.** The back-off (base × 2^(n−1), capped) is fed only by handshakes that cost the
 *   four X25519 operations and then failed, and it gates only new key agreements. Frames that fail the
 *   cheap checks (framing, CRC, version, type, replayed or unsolicited handshake material) never feed it:
 *   they cost microseconds, and counting them would let anyone keep every programmer out.
 * - **Replayed HELLOs.** The ephemeral keys of the last `helloMemory` key agreements are remembered; a
 *   HELLO that repeats one is refused before any cryptography. The pump keeps them in its persisted state
 *   (pump-endpoint.ts), so a restart does not let recorded HELLOs through again.
 * - **HELLO tag checks.** A HELLO's proof of pairing (hello-auth.ts) costs an AES-GCM pass; at most about
 *   `helloTagChecks` are made per `wakeupWindowMs`, sampled at random the same way, so a flood made only of
 *   forged HELLOs cannot turn every read into a tag check.
 * - **ERROR answers** to unauthenticated frames are spaced by `errorAnswerMinIntervalMs` (transmit energy).
 *
 * Pure: time comes in as arguments.
 */
import { linkEvent, type LinkEvent } from './events.ts';
import { backoffMs, type LinkLimits } from './limits.ts';

export interface GuardState {
  /** Consecutive failed key agreements not yet forgotten. */
  readonly failures: number;
  readonly lastFailureAt: number | undefined;
  /** New key agreements before this instant are refused. */
  readonly backoffUntil: number;
  /** Frames dropped unread (receiver budget spent) since the last summary. */
  readonly ignored: number;
  /** When the last key agreement started. */
  readonly lastHandshakeAt: number | undefined;
  /** Receiver budget: start of the current window, frames arrived and read in it, arrivals in the last. */
  readonly windowStart: number;
  readonly arrivals: number;
  readonly reads: number;
  readonly lastArrivals: number;
  /** When the last ERROR answer to an unauthenticated frame was sent. */
  readonly lastAnswerAt: number | undefined;
  /** Hex fingerprints (first 8 bytes) of the initiator ephemeral keys of recent key agreements. */
  readonly recentHellos: readonly string[];
  /** HELLO tag-check budget: its own window of arrivals and checks. */
  readonly tags: SampleWindow;
}

/** A window of a random-sampling budget: when it started, arrivals and takes in it, arrivals in the last. */
export interface SampleWindow {
  readonly start: number;
  readonly arrivals: number;
  readonly taken: number;
  readonly lastArrivals: number;
}

/** A fresh guard whose receiver-budget window starts at `now`. */
export const initialGuard = (now = 0): GuardState => ({
  failures: 0,
  lastFailureAt: undefined,
  backoffUntil: 0,
  ignored: 0,
  lastHandshakeAt: undefined,
  windowStart: now,
  arrivals: 0,
  reads: 0,
  lastArrivals: 0,
  lastAnswerAt: undefined,
  recentHellos: [],
  tags: { start: now, arrivals: 0, taken: 0, lastArrivals: 0 },
});

export interface GuardResult {
  readonly guard: GuardState;
  readonly events: readonly LinkEvent[];
}

/**
 * Gate for a frame that arrives while nothing is in progress: reads it with the receiver budget's
 * probability (`coin` is uniform in [0, 1), from the frame's fresh entropy) and then reports the frames
 * dropped before it; otherwise drops it unread and counts it.
 */
export function admitWakeup(
  limits: LinkLimits,
  g: GuardState,
  now: number,
  coin: number,
): GuardResult & { readonly admit: boolean } {
  const budget = limits.wakeupReads.value;
  const window = limits.wakeupWindowMs.value;
  const elapsed = now - g.windowStart;
  const w =
    elapsed < window
      ? g
      : {
          ...g,
          windowStart: now,
          arrivals: 0,
          reads: 0,
          // A window with nothing in it in between: the rate is the last window's, or nothing.
          lastArrivals: elapsed < 2 * window ? g.arrivals : 0,
        };
  const rate = Math.max(w.lastArrivals, w.arrivals);
  const p = rate <= budget ? 1 : budget / rate;
  const arrived = { ...w, arrivals: w.arrivals + 1 };
  if (w.reads >= 2 * budget || coin >= p) {
    return { admit: false, guard: { ...arrived, ignored: g.ignored + 1 }, events: [] };
  }
  const next = { ...arrived, reads: w.reads + 1, ignored: 0 };
  if (g.ignored === 0) return { admit: true, guard: next, events: [] };
  return {
    admit: true,
    guard: next,
    events: [linkEvent(now, 'ITB_R_LINK_WAKEUPS_IGNORED', { count: g.ignored })],
  };
}

/**
 * One arrival at a random-sampling budget of `budget` per `windowMs`: taken with probability
 * budget/arrival rate (the larger of the last window's and this one's), never more than twice the budget
 * in a window. `coin` is uniform in [0, 1).
 */
export function sampleArrival(
  w: SampleWindow,
  budget: number,
  windowMs: number,
  now: number,
  coin: number,
): { readonly take: boolean; readonly window: SampleWindow } {
  const elapsed = now - w.start;
  const cur =
    elapsed < windowMs
      ? w
      : { start: now, arrivals: 0, taken: 0, lastArrivals: elapsed < 2 * windowMs ? w.arrivals : 0 };
  const rate = Math.max(cur.lastArrivals, cur.arrivals);
  const p = rate <= budget ? 1 : budget / rate;
  const arrived = { ...cur, arrivals: cur.arrivals + 1 };
  if (cur.taken >= 2 * budget || coin >= p) return { take: false, window: arrived };
  return { take: true, window: { ...arrived, taken: cur.taken + 1 } };
}

/** Whether a HELLO's tag may be checked now (the HELLO tag-check budget); a HELLO not checked is dropped. */
export function admitTagCheck(
  limits: LinkLimits,
  g: GuardState,
  now: number,
  coin: number,
): { readonly admit: boolean; readonly guard: GuardState } {
  const s = sampleArrival(g.tags, limits.helloTagChecks.value, limits.wakeupWindowMs.value, now, coin);
  return { admit: s.take, guard: { ...g, tags: s.window } };
}

/** A uniform number in [0, 1) from two bytes of a frame's fresh entropy (for {@link admitWakeup}). */
export const coinOf = (entropy: Uint8Array): number =>
  (((entropy[0] ?? 0) << 8) | (entropy[1] ?? 0)) / 65_536;

/** Records a failed key agreement and starts the next back-off (base × 2^(n−1), capped). */
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

/**
 * Whether a key agreement may start now: not during a back-off and not sooner than the minimum spacing
 * after the previous one. `retryAfterMs` says when it could.
 */
export function keyAgreementAllowed(
  limits: LinkLimits,
  g: GuardState,
  now: number,
): {
  readonly allowed: boolean;
  readonly code: 'ITB_E_LINK_BACKOFF' | 'ITB_E_LINK_RATE_LIMITED';
  readonly retryAfterMs: number;
} {
  if (now < g.backoffUntil)
    return { allowed: false, code: 'ITB_E_LINK_BACKOFF', retryAfterMs: g.backoffUntil - now };
  const spacing = limits.handshakeMinIntervalMs.value;
  const wait = g.lastHandshakeAt === undefined ? 0 : g.lastHandshakeAt + spacing - now;
  return { allowed: wait <= 0, code: 'ITB_E_LINK_RATE_LIMITED', retryAfterMs: Math.max(0, wait) };
}

/** Whether the initiator ephemeral key (its fingerprint) was used in a recent key agreement. */
export const helloSeen = (g: GuardState, fingerprint: string): boolean =>
  g.recentHellos.includes(fingerprint);

/** Remembers a key agreement's initiator ephemeral key, dropping the oldest beyond `helloMemory`. */
export function rememberHello(limits: LinkLimits, g: GuardState, fingerprint: string): GuardState {
  const keep = Math.max(0, limits.helloMemory.value - 1);
  const recent = [...g.recentHellos.slice(Math.max(0, g.recentHellos.length - keep)), fingerprint];
  return { ...g, recentHellos: recent };
}

/** Spends the ERROR-answer allowance if it is available now; returns the guard and whether to answer. */
export function takeAnswer(
  limits: LinkLimits,
  g: GuardState,
  now: number,
): { guard: GuardState; answer: boolean } {
  const free = g.lastAnswerAt === undefined || now - g.lastAnswerAt >= limits.errorAnswerMinIntervalMs.value;
  return free ? { guard: { ...g, lastAnswerAt: now }, answer: true } : { guard: g, answer: false };
}
