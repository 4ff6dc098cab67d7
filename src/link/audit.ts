/**
 * The link's share of the pump's event log, as a token bucket (docs/protocol.md §5.4). docs/clinical-reference.md §5 asks
 * that every session and every refused frame be logged; an attacker who can make the pump log at will
 * could also push the dose history out of a bounded log ring (FDA 2014 hazard "corrupted dose history").
 * So session opened/closed entries (which need an authenticated peer) are always written, and everything
 * else spends a token: when the bucket is empty the entries are counted, and one summary entry with the
 * count is written as soon as a token is available again. Pure.
 */
import type { LinkCode } from './codes.ts';
import { linkEvent, type LinkEvent } from './events.ts';
import type { LinkLimits } from './limits.ts';

export interface AuditState {
  readonly tokens: number;
  /** The instant up to which refills have been credited. */
  readonly refilledAt: number;
  /** Entries not written since the bucket ran dry. */
  readonly suppressed: number;
}

/** A full bucket as of `now`. */
export const initialAudit = (limits: LinkLimits, now = 0): AuditState => ({
  tokens: limits.logBudget.value,
  refilledAt: now,
  suppressed: 0,
});

/** Entries an attacker cannot cause without a paired key: always written. */
const ALWAYS: ReadonlySet<LinkCode> = new Set(['ITB_R_LINK_SESSION_OPENED', 'ITB_R_LINK_SESSION_CLOSED']);

/** Credits the tokens earned since the last refill. */
export function refill(limits: LinkLimits, a: AuditState, now: number): AuditState {
  const every = limits.logRefillMs.value;
  // A full bucket earns nothing: leave the state untouched (an ignored frame changes nothing).
  if (a.tokens >= limits.logBudget.value || now <= a.refilledAt) return a;
  const earned = Math.floor((now - a.refilledAt) / every);
  if (earned === 0) return a;
  const tokens = Math.min(limits.logBudget.value, a.tokens + earned);
  return {
    ...a,
    tokens,
    refilledAt: tokens === limits.logBudget.value ? now : a.refilledAt + earned * every,
  };
}

/** Writes `code` if the budget allows (preceded by the summary of what was suppressed), else counts it. */
export function audit(
  limits: LinkLimits,
  a: AuditState,
  now: number,
  code: LinkCode,
  detail: Readonly<Record<string, string | number>>,
): { audit: AuditState; events: LinkEvent[] } {
  if (ALWAYS.has(code)) return { audit: a, events: [linkEvent(now, code, detail)] };
  if (a.tokens < 1) return { audit: { ...a, suppressed: a.suppressed + 1 }, events: [] };
  // Refills are credited from the moment the bucket stops being full.
  const refilledAt = a.tokens >= limits.logBudget.value ? now : a.refilledAt;
  if (a.suppressed === 0) {
    return { audit: { ...a, tokens: a.tokens - 1, refilledAt }, events: [linkEvent(now, code, detail)] };
  }
  // The summary takes the token; the entry that found it is counted in the summary itself.
  return {
    audit: { tokens: a.tokens - 1, refilledAt, suppressed: 0 },
    events: [linkEvent(now, 'ITB_R_LINK_ENTRIES_SUPPRESSED', { count: a.suppressed + 1, last: code })],
  };
}
