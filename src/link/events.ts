/**
 * What the link tells the pump's event log (docs/clinical-reference.md §5: every session and every refused frame leaves a
 * trace). The endpoint state machine emits these; the pump controller's log stores them.
 */
import type { LinkCode } from './codes.ts';

export interface LinkEvent {
  /** When it happened (the endpoint's clock, epoch ms). */
  readonly at: number;
  /** `ITB_E_LINK_*` for a refusal, `ITB_R_LINK_*` for a session fact. */
  readonly code: LinkCode;
  /** Small, bounded facts: counters, key ids (hex), roles, durations. Never key material or payloads. */
  readonly detail: Readonly<Record<string, string | number>>;
}

/** Builds an event. */
export const linkEvent = (
  at: number,
  code: LinkCode,
  detail: Readonly<Record<string, string | number>> = {},
): LinkEvent => ({ at, code, detail });
