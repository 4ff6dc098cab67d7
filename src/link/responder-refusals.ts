/**
 * How the pump refuses a frame (docs/protocol.md §5.3). Outside a session a refusal of an unauthenticated
 * frame is logged (through the log budget, audit.ts) and, where an honest programmer needs to know why,
 * answered with an ERROR frame — at most one per `errorAnswerMinIntervalMs` (transmit energy). It never
 * feeds the back-off: only failed key agreements do (guard.ts), so noise cannot lock a clinician out.
 * Inside a session a refusal is only logged; it never touches the session.
 */
import type { LinkCode } from './codes.ts';
import { encodeErrorPayload } from './control-payloads.ts';
import { encodeFrame } from './frame.ts';
import { takeAnswer } from './guard.ts';
import type { ResponderContext, StepBuilder } from './responder-state.ts';

/** A clear ERROR frame (counter 0). */
export function errorFrame(code: LinkCode, retryAfterMs: number): Uint8Array {
  return encodeFrame('error', 'from-pump', 0, encodeErrorPayload({ code, retryAfterMs }));
}

/** Refuses an unauthenticated frame outside a session: log, and answer with ERROR if asked and allowed. */
export function refuseWakeup(
  ctx: ResponderContext,
  b: StepBuilder,
  code: LinkCode,
  detail: Readonly<Record<string, string | number>>,
  answer: boolean,
  retryAfterMs = 0,
): void {
  b.log(code, detail);
  if (!answer) return;
  const a = takeAnswer(ctx.config.limits, b.state.guard, b.now);
  b.state = { ...b.state, guard: a.guard };
  if (a.answer) b.send.push(errorFrame(code, retryAfterMs));
}

/** Refuses a frame while a session or handshake is in progress: logged, no other effect. */
export function refuseQuietly(
  b: StepBuilder,
  code: LinkCode,
  detail: Readonly<Record<string, string | number>>,
): void {
  b.log(code, detail);
}
