/**
 * The pump's side of the link as one pure step function, like the pump controller:
 * `responderStep(ctx, state, input, now) → { state, send, commands, events }` (docs/architecture.md principle 1).
 * Randomness enters with the input (32 bytes of entropy with each frame, or a source of them, read only if
 * the frame is a wake-up or starts a handshake: frame-entropy.ts); cryptography through the
 * {@link LinkCrypto} in the context.
 *
 * Order of checks for every frame (docs/protocol.md §5.3), cheapest first: receiver budget (when nothing
 * is in progress) → frame decoding (size, magic, length, CRC, version, flags, type) → direction →
 * per-type handling (handshake: addressed, copy, replay, paired key, role, back-off and spacing, then
 * X25519; session: counter, then AEAD, then command layout and role table). Therapy is never touched here: a refusal only produces log events,
 * and closing a session changes nothing the pump delivers (docs/architecture.md principle 5).
 */
import { decodeFrame } from './frame.ts';
import { refill } from './audit.ts';
import { entropyBytes, type FrameEntropy } from './frame-entropy.ts';
import { admitWakeup, coinOf } from './guard.ts';
import { abandon, onConfirm, onHello } from './responder-handshake.ts';
import { refuseQuietly, refuseWakeup } from './responder-refusals.ts';
import { closeSession, expireSession, onSessionFrame, respond } from './responder-session.ts';
import {
  StepBuilder,
  type ResponderContext,
  type ResponderState,
  type ResponderStep,
} from './responder-state.ts';
import type { Response } from './responses.ts';

export type ResponderInput =
  /** Bytes from the radio/transport, and 32 fresh random bytes (or their source) in case they start a handshake. */
  | { readonly kind: 'frame'; readonly bytes: Uint8Array; readonly entropy: FrameEntropy }
  /** The endpoint's answer to a delivered command. */
  | { readonly kind: 'respond'; readonly response: Response }
  /** Time passes: timeouts are applied. */
  | { readonly kind: 'tick' }
  /** The pump ends the session (e.g. shutting the radio down). */
  | { readonly kind: 'close' };

/** Applies handshake and session timeouts. */
function expire(ctx: ResponderContext, b: StepBuilder): void {
  const p = b.state.pending;
  if (p !== undefined && b.now - p.startedAt >= ctx.config.limits.handshakeTimeoutMs.value) {
    abandon(ctx, b, p, 'stale');
  }
  expireSession(ctx, b);
}

/** Passes a wake-up through the receiver budget; false if it was dropped unread (and counted). */
function admit(ctx: ResponderContext, b: StepBuilder, entropy: FrameEntropy): boolean {
  const g = admitWakeup(ctx.config.limits, b.state.guard, b.now, coinOf(entropyBytes(entropy)));
  b.state = { ...b.state, guard: g.guard };
  b.logAll(g.events);
  return g.admit;
}

function onFrame(ctx: ResponderContext, b: StepBuilder, bytes: Uint8Array, entropy: FrameEntropy): void {
  const busy = b.state.session !== undefined || b.state.pending !== undefined;
  // Nothing in progress: the frame is a wake-up; beyond the receiver budget it is counted, not even read.
  if (!busy && !admit(ctx, b, entropy)) return;
  const decoded = decodeFrame(bytes);
  if (!decoded.ok) {
    if (busy) return refuseQuietly(b, decoded.code, { size: bytes.length });
    // A version mismatch deserves an answer (an honest newer programmer); noise does not.
    return refuseWakeup(ctx, b, decoded.code, { size: bytes.length }, decoded.code === 'ITB_E_LINK_VERSION');
  }
  const f = decoded.value;
  if (f.direction !== 'to-pump') {
    // The pump's own frames reflected back at it.
    if (busy) return refuseQuietly(b, 'ITB_E_LINK_FLAGS', { type: f.type });
    return refuseWakeup(ctx, b, 'ITB_E_LINK_FLAGS', { type: f.type }, false);
  }
  const { session, pending } = b.state;
  switch (f.type) {
    case 'hello':
      return onHello(ctx, b, f, bytes, entropyBytes(entropy));
    case 'confirm':
      if (pending !== undefined) return onConfirm(ctx, b, f, pending);
      if (session !== undefined) return refuseQuietly(b, 'ITB_E_LINK_STATE', { type: f.type });
      return refuseWakeup(ctx, b, 'ITB_E_LINK_NO_SESSION', { type: f.type }, true);
    case 'command':
    case 'close':
      if (session !== undefined) return onSessionFrame(ctx, b, f, session);
      // A CLOSE for a session that already ended (it expired, or the pump closed it) is simply done: no
      // answer; a command gets the advice that the session is gone, so its sender opens a new one at once.
      if (pending !== undefined || f.type === 'close') {
        return refuseQuietly(b, 'ITB_E_LINK_NO_SESSION', { type: f.type });
      }
      return refuseWakeup(ctx, b, 'ITB_E_LINK_NO_SESSION', { type: f.type }, true);
    default:
      // Types that only travel from the pump were refused by the direction check above.
      return refuseWakeup(ctx, b, 'ITB_E_LINK_FRAME_TYPE', { type: f.type }, false);
  }
}

/** One step of the pump's link state machine. Pure: same context, state, input and time → same result. */
export function responderStep(
  ctx: ResponderContext,
  state: ResponderState,
  input: ResponderInput,
  now: number,
): ResponderStep {
  const limits = ctx.config.limits;
  const audit = refill(limits, state.audit, now);
  const b = new StepBuilder(audit === state.audit ? state : { ...state, audit }, now, limits);
  expire(ctx, b);
  switch (input.kind) {
    case 'tick':
      break;
    case 'close':
      closeSession(ctx, b, 'pump', true);
      break;
    case 'respond':
      respond(ctx, b, input.response);
      break;
    case 'frame':
      onFrame(ctx, b, input.bytes, input.entropy);
      break;
  }
  return b.done();
}
