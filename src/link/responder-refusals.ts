/**
 * How the pump refuses a frame (docs/protocol.md §5.3). Outside a session a refusal is a failed wake-up:
 * it is logged, it lengthens the back-off (battery-drain defence) and, for handshake refusals, an ERROR
 * frame tells an honest programmer why. Inside a session a refusal is only logged; it never touches the
 * session. All of it goes through the link's log budget (audit.ts).
 */
import type { LinkCode } from './codes.ts';
import { encodeErrorPayload } from './control-payloads.ts';
import { encodeFrame } from './frame.ts';
import { noteFailure } from './guard.ts';
import type { ResponderContext, StepBuilder } from './responder-state.ts';

/** A clear ERROR frame (counter 0). */
export function errorFrame(code: LinkCode, retryAfterMs: number): Uint8Array {
  return encodeFrame('error', 'from-pump', 0, encodeErrorPayload({ code, retryAfterMs }));
}

/** Refuses an admitted wake-up outside a session: log, count a failure, optionally answer with ERROR. */
export function refuseWakeup(
  ctx: ResponderContext,
  b: StepBuilder,
  code: LinkCode,
  detail: Readonly<Record<string, string | number>>,
  answer: boolean,
): void {
  b.log(code, detail);
  const f = noteFailure(ctx.config.limits, b.state.guard, b.now);
  b.state = { ...b.state, guard: f.guard };
  b.logAll(f.events);
  if (answer) b.send.push(errorFrame(code, Math.max(0, f.guard.backoffUntil - b.now)));
}

/** Refuses a frame while a session or handshake is in progress: logged, no other effect. */
export function refuseQuietly(
  b: StepBuilder,
  code: LinkCode,
  detail: Readonly<Record<string, string | number>>,
): void {
  b.log(code, detail);
}
