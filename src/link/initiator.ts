/**
 * The programmer's (or patient controller's) side of the link as a pure step function, the mirror of
 * responder.ts: `initiatorStep(ctx, state, input, now) → { state, send, responses, events }`. The initiator
 * accepts the pump's reply only if it proves the session key (sealed session info), then proves its own
 * (CONFIRM) before sending any command. Frames from the pump are checked exactly as the pump checks
 * ours: CRC, header, strictly increasing counter, AEAD. ERROR frames are unauthenticated and reported as
 * advice only; they never change the session.
 */
import { ItbError } from '../therapy/codes.ts';
import type { LinkCode } from './codes.ts';
import { encodeCommand } from './command-codec.ts';
import type { Command } from './commands.ts';
import { decodeClosePayload, decodeErrorPayload, encodeClosePayload } from './control-payloads.ts';
import { KEY_SIZE, nonceFor, type LinkCrypto } from './crypto.ts';
import { assembleFrame, decodeFrame, frameHeader, type Frame } from './frame.ts';
import {
  decodeSessionInfo,
  initiatorKeys,
  transcriptHash,
  type Role,
  type SessionInfo,
  type SessionKeys,
} from './handshake.ts';
import { authenticatedHello, helloKeyOf, helloNonceOf } from './hello-auth.ts';
import { CRC_SIZE, HEADER_SIZE, MAX_COUNTER, TAG_SIZE } from './limits.ts';
import { decodeResponse, type Response } from './responses.ts';
import { toHex } from './wire.ts';

export interface InitiatorConfig {
  readonly role: Role;
  readonly staticPrivate: Uint8Array;
  readonly staticPublic: Uint8Array;
  readonly keyId: Uint8Array;
  readonly pumpPublic: Uint8Array;
  readonly pumpKeyId: Uint8Array;
  /** The pairing's hello key (hello-auth.ts, {@link initiatorHelloKey}): tags every HELLO. */
  readonly helloKey: Uint8Array;
  /** Give up on a handshake not answered within this time. */
  readonly handshakeTimeoutMs: number;
}

/**
 * An initiator's hello key from its static private key and the pump's static public key; throws
 * ITB_E_LINK_KEYS if the pump's key is of low order (no pairing can be derived from it).
 */
export function initiatorHelloKey(
  crypto: LinkCrypto,
  staticPrivate: Uint8Array,
  staticPublic: Uint8Array,
  pumpPublic: Uint8Array,
): Uint8Array {
  const k = helloKeyOf(crypto, staticPrivate, pumpPublic, pumpPublic, staticPublic);
  if (k === undefined)
    throw new ItbError('ITB_E_LINK_KEYS', 'the pump’s public key is not a usable X25519 key');
  return k;
}

export interface InitiatorContext {
  readonly config: InitiatorConfig;
  readonly crypto: LinkCrypto;
}

export type InitiatorState =
  | { readonly phase: 'idle' }
  | {
      readonly phase: 'hello-sent';
      readonly ephemeralPrivate: Uint8Array;
      readonly hello: Frame;
      readonly sentAt: number;
    }
  | {
      readonly phase: 'open';
      readonly sessionId: string;
      readonly keys: SessionKeys;
      readonly info: SessionInfo;
      readonly sendCounter: number;
      readonly recvCounter: number;
      readonly openedAt: number;
    }
  | { readonly phase: 'closed'; readonly reason: LinkCode };

export const INITIAL_INITIATOR: InitiatorState = { phase: 'idle' };

export type InitiatorInput =
  | { readonly kind: 'start'; readonly entropy: Uint8Array }
  | { readonly kind: 'frame'; readonly bytes: Uint8Array }
  | { readonly kind: 'command'; readonly command: Command }
  | { readonly kind: 'close' }
  | { readonly kind: 'tick' };

export type InitiatorEvent =
  | { readonly kind: 'open'; readonly sessionId: string; readonly info: SessionInfo }
  | { readonly kind: 'closed'; readonly reason: LinkCode }
  /** A frame from the link that was refused (noise, replay, forgery): it changed nothing. */
  | { readonly kind: 'refused'; readonly code: LinkCode }
  /** An unauthenticated ERROR frame: advice only. */
  | { readonly kind: 'pump-error'; readonly code: LinkCode; readonly retryAfterMs: number }
  /** An operation was asked for in a phase that cannot do it (e.g. a command before the session is open). */
  | { readonly kind: 'not-ready'; readonly code: LinkCode };

export interface InitiatorStep {
  readonly state: InitiatorState;
  readonly send: readonly Uint8Array[];
  readonly responses: readonly Response[];
  readonly events: readonly InitiatorEvent[];
}

/** The empty list every step shares (frozen: a caller cannot add to another step's result). */
const NONE: readonly never[] = Object.freeze([]);
const step = (state: InitiatorState, extra: Partial<Omit<InitiatorStep, 'state'>> = {}): InitiatorStep => ({
  state,
  send: extra.send ?? NONE,
  responses: extra.responses ?? NONE,
  events: extra.events ?? NONE,
});

/** A refused frame: the state is unchanged, the refusal is reported. */
const refusal = (state: InitiatorState, code: LinkCode): InitiatorStep =>
  step(state, { events: [{ kind: 'refused', code }] });

function start(ctx: InitiatorContext, entropy: Uint8Array, now: number): InitiatorStep {
  if (entropy.length !== KEY_SIZE) throw new RangeError('a handshake needs 32 bytes of fresh entropy');
  const { config, crypto } = ctx;
  const bytes = authenticatedHello(crypto, config.helloKey, {
    role: config.role,
    initiatorKeyId: config.keyId,
    pumpKeyId: config.pumpKeyId,
    ephemeralPublic: crypto.x25519PublicKey(entropy),
    nonce: helloNonceOf(crypto, entropy),
  });
  const hello: Frame = {
    type: 'hello',
    direction: 'to-pump',
    counter: 0,
    header: bytes.slice(0, HEADER_SIZE),
    payload: bytes.slice(HEADER_SIZE, bytes.length - CRC_SIZE),
  };
  return step({ phase: 'hello-sent', ephemeralPrivate: entropy, hello, sentAt: now }, { send: [bytes] });
}

function onReply(
  ctx: InitiatorContext,
  s: Extract<InitiatorState, { phase: 'hello-sent' }>,
  f: Frame,
  now: number,
): InitiatorStep {
  const { config, crypto } = ctx;
  if (f.payload.length < KEY_SIZE + TAG_SIZE || f.counter !== 0) return refusal(s, 'ITB_E_LINK_PAYLOAD');
  const pumpEphemeral = f.payload.slice(0, KEY_SIZE);
  const transcript = transcriptHash(
    crypto,
    config.pumpPublic,
    config.staticPublic,
    s.hello.header,
    s.hello.payload,
    pumpEphemeral,
  );
  const keys = initiatorKeys(crypto, {
    ephemeralPrivate: s.ephemeralPrivate,
    staticPrivate: config.staticPrivate,
    pumpEphemeral,
    pumpStatic: config.pumpPublic,
    transcript,
  });
  if (keys === undefined) return refusal(s, 'ITB_E_LINK_BAD_KEY');
  const plain = crypto.open(keys.fromPump, nonceFor('from-pump', 0), f.payload.slice(KEY_SIZE), f.header);
  // Not the pump we paired with, or a forgery: keep waiting for the real reply until the timeout.
  if (plain === undefined) return refusal(s, 'ITB_E_LINK_HANDSHAKE_FAILED');
  const info = decodeSessionInfo(plain);
  if (!info.ok) return refusal(s, info.code);
  const header = frameHeader('confirm', 'to-pump', 1, TAG_SIZE);
  const confirm = assembleFrame(
    header,
    crypto.seal(keys.toPump, nonceFor('to-pump', 1), new Uint8Array(0), header),
  );
  const sessionId = toHex(transcript.slice(0, 8));
  return step(
    { phase: 'open', sessionId, keys, info: info.value, sendCounter: 1, recvCounter: 0, openedAt: now },
    { send: [confirm], events: [{ kind: 'open', sessionId, info: info.value }] },
  );
}

function onSessionFrame(
  ctx: InitiatorContext,
  s: Extract<InitiatorState, { phase: 'open' }>,
  f: Frame,
): InitiatorStep {
  if (f.type !== 'response' && f.type !== 'close') return refusal(s, 'ITB_E_LINK_STATE');
  if (f.counter <= s.recvCounter) return refusal(s, 'ITB_E_LINK_REPLAY');
  const plain = ctx.crypto.open(s.keys.fromPump, nonceFor('from-pump', f.counter), f.payload, f.header);
  if (plain === undefined) return refusal(s, 'ITB_E_LINK_AUTH');
  const next = { ...s, recvCounter: f.counter };
  if (f.type === 'close') {
    const why = decodeClosePayload(plain);
    const reason = why.ok ? why.value : 'ITB_R_LINK_SESSION_CLOSED';
    return step({ phase: 'closed', reason }, { events: [{ kind: 'closed', reason }] });
  }
  const r = decodeResponse(plain);
  if (!r.ok) return refusal(next, r.code);
  return step(next, { responses: [r.value] });
}

function onFrame(ctx: InitiatorContext, s: InitiatorState, bytes: Uint8Array, now: number): InitiatorStep {
  const d = decodeFrame(bytes);
  if (!d.ok) return step(s, { events: [{ kind: 'refused', code: d.code }] });
  const f = d.value;
  if (f.direction !== 'from-pump')
    return step(s, { events: [{ kind: 'refused', code: 'ITB_E_LINK_FLAGS' }] });
  if (f.type === 'error') {
    const e = decodeErrorPayload(f.payload);
    if (!e.ok) return step(s, { events: [{ kind: 'refused', code: e.code }] });
    return step(s, { events: [{ kind: 'pump-error', ...e.value }] });
  }
  if (s.phase === 'hello-sent' && f.type === 'hello-reply') return onReply(ctx, s, f, now);
  if (s.phase === 'open') return onSessionFrame(ctx, s, f);
  return step(s, { events: [{ kind: 'refused', code: 'ITB_E_LINK_STATE' }] });
}

function seal(
  ctx: InitiatorContext,
  s: Extract<InitiatorState, { phase: 'open' }>,
  type: 'command' | 'close',
  plain: Uint8Array,
): { frame: Uint8Array; state: InitiatorState } | undefined {
  if (s.sendCounter >= MAX_COUNTER) return undefined;
  const counter = s.sendCounter + 1;
  const header = frameHeader(type, 'to-pump', counter, plain.length + TAG_SIZE);
  const frame = assembleFrame(
    header,
    ctx.crypto.seal(s.keys.toPump, nonceFor('to-pump', counter), plain, header),
  );
  return { frame, state: { ...s, sendCounter: counter } };
}

/** One step of the initiator. Pure given the context's crypto. */
export function initiatorStep(
  ctx: InitiatorContext,
  state: InitiatorState,
  input: InitiatorInput,
  now: number,
): InitiatorStep {
  switch (input.kind) {
    case 'start':
      if (state.phase === 'hello-sent' || state.phase === 'open') {
        return step(state, { events: [{ kind: 'not-ready', code: 'ITB_E_LINK_STATE' }] });
      }
      return start(ctx, input.entropy, now);
    case 'frame':
      return onFrame(ctx, state, input.bytes, now);
    case 'tick':
      if (state.phase === 'hello-sent' && now - state.sentAt >= ctx.config.handshakeTimeoutMs) {
        const reason: LinkCode = 'ITB_E_LINK_HANDSHAKE_STALE';
        return step({ phase: 'closed', reason }, { events: [{ kind: 'closed', reason }] });
      }
      return step(state);
    case 'command': {
      if (state.phase !== 'open')
        return step(state, { events: [{ kind: 'not-ready', code: 'ITB_E_LINK_STATE' }] });
      const sealed = seal(ctx, state, 'command', encodeCommand(input.command));
      if (sealed === undefined) {
        const reason: LinkCode = 'ITB_E_LINK_COUNTER_EXHAUSTED';
        return step({ phase: 'closed', reason }, { events: [{ kind: 'closed', reason }] });
      }
      return step(sealed.state, { send: [sealed.frame] });
    }
    case 'close': {
      if (state.phase !== 'open') return step(state.phase === 'closed' ? state : { phase: 'idle' });
      const sealed = seal(ctx, state, 'close', encodeClosePayload('ITB_R_LINK_SESSION_CLOSED'));
      const reason: LinkCode = 'ITB_R_LINK_SESSION_CLOSED';
      return step(
        { phase: 'closed', reason },
        { send: sealed ? [sealed.frame] : [], events: [{ kind: 'closed', reason }] },
      );
    }
  }
}
