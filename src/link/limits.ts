/**
 * The link's numbers: sizes, timeouts and back-off. None of them comes from a published source; they are
 * modelling assumptions [A] of ours, kept as named, overridable data (docs/clinical-reference.md tags) and documented in
 * docs/protocol.md §8. A deployment may pass its own {@link LinkLimits}; the protocol maxima below are
 * part of the protocol version and are not overridable.
 */
import { sourced, type Sourced } from '../therapy/sourced.ts';

/**
 * Protocol version spoken by this code (header byte 2). Version 2 added the HELLO's proof of pairing
 * (hello-auth.ts); version 1 HELLOs could be forged by anyone who knew a paired key id.
 */
export const PROTOCOL_VERSION = 3;
/** Largest payload (after the header, before the CRC), including any AEAD tag: bounds every buffer. */
export const MAX_PAYLOAD = 2048;
/** Header bytes before the payload. */
export const HEADER_SIZE = 12;
/** CRC-32 trailer bytes. */
export const CRC_SIZE = 4;
/** AEAD tag bytes (AES-256-GCM). */
export const TAG_SIZE = 16;
/** Largest whole frame. */
export const MAX_FRAME = HEADER_SIZE + MAX_PAYLOAD + CRC_SIZE;
/** Largest counter value; a session whose counter would pass it ends. */
export const MAX_COUNTER = 0xffff_ffff;

/** Timeouts and back-off that govern battery use and session lifetime. All values in milliseconds. */
export interface LinkLimits {
  /** A pending handshake that is not confirmed within this time is dropped and counts as a failure. */
  readonly handshakeTimeoutMs: Sourced<number>;
  /** A session with no authenticated frame for this long is closed. */
  readonly sessionIdleTimeoutMs: Sourced<number>;
  /** A session is closed this long after it opened, whatever its activity (bounds radio-on time). */
  readonly sessionMaxMs: Sourced<number>;
  /** Two handshakes (each costing four X25519 operations) never start closer together than this. */
  readonly handshakeMinIntervalMs: Sourced<number>;
  /** First back-off after a failure; each further failure doubles it. */
  readonly backoffBaseMs: Sourced<number>;
  /** The back-off never exceeds this, so a legitimate programmer can always get in eventually. */
  readonly backoffMaxMs: Sourced<number>;
  /** Failures older than this are forgotten, so a noisy afternoon does not lock the link for a week. */
  readonly failureMemoryMs: Sourced<number>;
  /** HELLO tags (proofs of pairing) checked per `wakeupWindowMs`, sampled at random (guard.ts). */
  readonly helloTagChecks: Sourced<number>;
  /** Frames the receiver reads per window while nothing is in progress, sampled at random (guard.ts). */
  readonly wakeupReads: Sourced<number>;
  /** The receiver budget's window. */
  readonly wakeupWindowMs: Sourced<number>;
  /** Initiator ephemeral keys remembered to refuse a replayed HELLO before any cryptography. */
  readonly helloMemory: Sourced<number>;
  /** ERROR answers to unauthenticated frames are at least this far apart (transmit energy). */
  readonly errorAnswerMinIntervalMs: Sourced<number>;
  /** Link log entries that may be written in a burst (session opened/closed are always written). */
  readonly logBudget: Sourced<number>;
  /** One more link log entry is allowed per this interval. */
  readonly logRefillMs: Sourced<number>;
}

const A = (value: number, why: string): Sourced<number> => sourced(value, 'A', why);

/** Default limits (all [A]); see docs/protocol.md §8 for the reasoning. */
export const DEFAULT_LINK_LIMITS: LinkLimits = {
  handshakeTimeoutMs: A(5_000, 'assumption: three small frames over a short-range link take well under 1 s'),
  sessionIdleTimeoutMs: A(
    300_000,
    'assumption: a clinician reviewing the pending-vs-current screen may stay silent a few minutes',
  ),
  sessionMaxMs: A(3_600_000, 'assumption: no programming or refill session needs more than an hour'),
  handshakeMinIntervalMs: A(1_000, 'assumption: a person does not reconnect more than once a second'),
  backoffBaseMs: A(1_000, 'assumption: one lost frame costs a legitimate user about a second'),
  backoffMaxMs: A(
    600_000,
    'assumption: an attacker forces at most one key agreement per 10 min (Halperin 2008 battery drain)',
  ),
  failureMemoryMs: A(3_600_000, 'assumption: an hour without failures clears the back-off history'),
  wakeupReads: A(
    40,
    'assumption: 40 frames/s read at ~150 nJ each is 0.52 J/day, about 5 % of the pump’s daily energy',
  ),
  helloTagChecks: A(
    20,
    'assumption: 20 tag checks/s at ~100 nJ is 0.17 J/day, ~2 % of the daily energy; a programmer sends 10 HELLOs/s',
  ),
  wakeupWindowMs: A(1_000, 'assumption: a second is short next to a programmer’s 10 s to get in'),
  helloMemory: A(1_024, 'assumption: more key agreements than a pump sees in years of clinic visits'),
  errorAnswerMinIntervalMs: A(
    30_000,
    'assumption: 2,880 answers/day at ~50 µJ is 0.14 J/day; an honest programmer gets the first at once',
  ),
  logBudget: A(64, 'assumption: enough to diagnose a bad afternoon, a quarter of a 256-entry log ring'),
  logRefillMs: A(1_800_000, 'assumption: 48 refusal entries a day cannot flush a dose history'),
};

/** Back-off after `failures` consecutive failures: base × 2^(failures−1), capped. */
export function backoffMs(limits: LinkLimits, failures: number): number {
  if (failures <= 0) return 0;
  const exp = Math.min(failures - 1, 30);
  return Math.min(limits.backoffBaseMs.value * 2 ** exp, limits.backoffMaxMs.value);
}
