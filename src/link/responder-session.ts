/**
 * The pump's side of an established session (docs/protocol.md §4–§6): replay and reorder rejection by
 * strictly increasing per-direction counters (checked before decryption: cheap, and the counter is bound
 * into the nonce and the associated data anyway), AEAD with the header as associated data, the typed
 * command decoder and the role table. A frame that does not authenticate changes nothing but the log.
 */
import { decodeCommand, peekOpAndId } from './command-codec.ts';
import { COMMAND_ID_SIZE, type CommandId } from './commands.ts';
import type { LinkCode } from './codes.ts';
import { encodeClosePayload } from './control-payloads.ts';
import { nonceFor } from './crypto.ts';
import { assembleFrame, frameHeader, type Frame } from './frame.ts';
import { MAX_COUNTER, MAX_PAYLOAD, TAG_SIZE } from './limits.ts';
import { refuseQuietly } from './responder-refusals.ts';
import type { ResponderContext, Session, StepBuilder } from './responder-state.ts';
import { encodeResponse, NULL_COMMAND_ID, type Response } from './responses.ts';
import { mayIssue } from './roles.ts';
import { toHex } from './wire.ts';

/** Seals a from-pump session frame with the next counter; undefined if the counter is exhausted. */
function sealFromPump(
  ctx: ResponderContext,
  b: StepBuilder,
  s: Session,
  type: 'response' | 'close',
  plain: Uint8Array,
): Uint8Array | undefined {
  if (s.sendCounter >= MAX_COUNTER) return undefined;
  const counter = s.sendCounter + 1;
  const header = frameHeader(type, 'from-pump', counter, plain.length + TAG_SIZE);
  const sealed = ctx.crypto.seal(s.keys.fromPump, nonceFor('from-pump', counter), plain, header);
  b.state = { ...b.state, session: { ...s, sendCounter: counter } };
  return assembleFrame(header, sealed);
}

/** Ends the session: optionally tells the peer with a sealed CLOSE, logs it with the reason. */
export function closeSession(ctx: ResponderContext, b: StepBuilder, why: string, notify: boolean): void {
  const s = b.state.session;
  if (s === undefined) return;
  if (notify) {
    const expired = why === 'idle' || why === 'max-duration';
    const code: LinkCode = expired ? 'ITB_E_LINK_SESSION_EXPIRED' : 'ITB_R_LINK_SESSION_CLOSED';
    const frame = sealFromPump(ctx, b, s, 'close', encodeClosePayload(code));
    if (frame !== undefined) b.send.push(frame);
  }
  b.log('ITB_R_LINK_SESSION_CLOSED', {
    session: s.id,
    why,
    minutes: Math.floor((b.now - s.openedAt) / 60_000),
  });
  b.state = { ...b.state, session: undefined };
}

/** Seals a response to the current session. */
export function respond(ctx: ResponderContext, b: StepBuilder, response: Response): void {
  const s = b.state.session;
  if (s === undefined) {
    b.log('ITB_E_LINK_NO_SESSION', { dropped: response.commandId });
    return;
  }
  let plain: Uint8Array;
  try {
    plain = encodeResponse(response);
    if (plain.length + TAG_SIZE > MAX_PAYLOAD) throw new RangeError('response above the payload limit');
  } catch {
    // The endpoint built an answer that does not fit its layout (a bug): the peer still gets an answer.
    b.log('ITB_E_LINK_MALFORMED_COMMAND', { session: s.id, response: response.commandId });
    plain = encodeResponse({
      op: response.op,
      commandId: response.commandId,
      outcome: 'refused',
      error: 'ITB_E_INTERNAL',
      reasons: [],
    });
  }
  const frame = sealFromPump(ctx, b, s, 'response', plain);
  if (frame === undefined) return closeSession(ctx, b, 'counter-exhausted', false);
  b.send.push(frame);
}

/** A refusal answered inside the session (the command authenticated, so the peer deserves to know). */
function refuseCommand(
  ctx: ResponderContext,
  b: StepBuilder,
  response: Response & { outcome: 'refused' },
  code: LinkCode,
): void {
  b.log(code, { session: b.state.session?.id ?? '', op: response.op, command: response.commandId });
  respond(ctx, b, response);
}

/** Handles a COMMAND or CLOSE frame while a session exists. */
export function onSessionFrame(ctx: ResponderContext, b: StepBuilder, frame: Frame, s: Session): void {
  if (frame.counter <= s.recvCounter) {
    return refuseQuietly(b, 'ITB_E_LINK_REPLAY', {
      session: s.id,
      counter: frame.counter,
      last: s.recvCounter,
    });
  }
  const plain = ctx.crypto.open(
    s.keys.toPump,
    nonceFor('to-pump', frame.counter),
    frame.payload,
    frame.header,
  );
  if (plain === undefined) {
    return refuseQuietly(b, 'ITB_E_LINK_AUTH', { session: s.id, counter: frame.counter });
  }
  // Authenticated: the counter is consumed whatever the content turns out to be.
  const session: Session = { ...s, recvCounter: frame.counter, lastActivity: b.now };
  b.state = { ...b.state, session };
  if (frame.type === 'close') return closeSession(ctx, b, 'peer', false);
  const decoded = decodeCommand(plain);
  if (!decoded.ok) {
    const head = peekOpAndId(plain);
    const commandId =
      plain.length >= 1 + COMMAND_ID_SIZE
        ? (toHex(plain.slice(1, 1 + COMMAND_ID_SIZE)) as CommandId)
        : NULL_COMMAND_ID;
    const op = head.ok ? head.value.op : 'unknown';
    return refuseCommand(
      ctx,
      b,
      { op, commandId, outcome: 'refused', error: decoded.code, reasons: [] },
      decoded.code,
    );
  }
  const command = decoded.value;
  if (!mayIssue(session.role, command.op)) {
    return refuseCommand(
      ctx,
      b,
      {
        op: command.op,
        commandId: command.commandId,
        outcome: 'refused',
        error: 'ITB_E_LINK_ROLE_FORBIDDEN',
        reasons: [],
      },
      'ITB_E_LINK_ROLE_FORBIDDEN',
    );
  }
  b.commands.push({ sessionId: session.id, role: session.role, peerKeyId: session.peerKeyId, command });
}

/** Closes an idle or over-long session (time passing, not a frame, ends it). */
export function expireSession(ctx: ResponderContext, b: StepBuilder): void {
  const s = b.state.session;
  if (s === undefined) return;
  const { sessionIdleTimeoutMs, sessionMaxMs } = ctx.config.limits;
  if (b.now - s.lastActivity >= sessionIdleTimeoutMs.value) closeSession(ctx, b, 'idle', true);
  else if (b.now - s.openedAt >= sessionMaxMs.value) closeSession(ctx, b, 'max-duration', true);
}
