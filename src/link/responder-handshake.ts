/**
 * The pump's half of the handshake (docs/protocol.md §3). Checks run cheapest first: payload layout,
 * addressed pump, copy of the pending HELLO, replayed ephemeral key, paired key, the HELLO's proof of
 * pairing (hello-auth.ts), role, back-off and spacing — and only then the four X25519 operations (docs/clinical-reference.md §5, battery drain). Only
 * a key agreement that then fails (stale, bad key) feeds the back-off. No command is accepted until the
 * initiator's CONFIRM proves it derived the same keys.
 */
import { KEY_SIZE, nonceFor } from './crypto.ts';
import { assembleFrame, frameHeader, type Frame } from './frame.ts';
import {
  admitTagCheck,
  coinOf,
  helloSeen,
  keyAgreementAllowed,
  noteFailure,
  noteSuccess,
  rememberHello,
  takeAnswer,
} from './guard.ts';
import { decodeHello, encodeSessionInfo, pumpKeys, transcriptHash, type SessionKeys } from './handshake.ts';
import { helloAuthentic } from './hello-auth.ts';
import { MAX_PAYLOAD, TAG_SIZE } from './limits.ts';
import { closeSession } from './responder-session.ts';
import { errorFrame, refuseQuietly, refuseWakeup } from './responder-refusals.ts';
import type { Pending, ResponderContext, StepBuilder } from './responder-state.ts';
import { bytesEqual, toHex } from './wire.ts';

/** A re-sent HELLO (same bytes) gets the stored reply again, at most this often: no new key agreement. */
const MAX_REPLY_RESENDS = 2;

/** Handles an admitted HELLO (the guard has already let the wake-up through). */
export function onHello(
  ctx: ResponderContext,
  b: StepBuilder,
  frame: Frame,
  raw: Uint8Array,
  entropy: Uint8Array,
): void {
  const { config, crypto } = ctx;
  const hello = decodeHello(frame.payload);
  if (!hello.ok) return refuseWakeup(ctx, b, hello.code, { frame: 'hello' }, true);
  const h = hello.value;
  // Another pump's keys: not logged (not ours); answered so that a programmer holding the wrong pump's keys
  // can say so at once instead of timing out (the answer is spaced like every unauthenticated answer).
  if (!bytesEqual(h.pumpKeyId, config.keyId)) {
    const a = takeAnswer(config.limits, b.state.guard, b.now);
    b.state = { ...b.state, guard: a.guard };
    if (a.answer) b.send.push(errorFrame('ITB_E_LINK_NOT_THIS_PUMP', 0));
    return;
  }
  const pending = b.state.pending;
  if (pending !== undefined && bytesEqual(pending.helloFrame, raw)) {
    // A copy (lost reply, duplicating channel, or a replay): the stored reply again, a bounded number of
    // times; further copies are only counted, and the pending handshake still expires on time.
    if (pending.resends >= MAX_REPLY_RESENDS) {
      return refuseQuietly(b, 'ITB_R_LINK_DUPLICATE_HELLO', { peer: toHex(h.initiatorKeyId) });
    }
    b.log('ITB_R_LINK_DUPLICATE_HELLO', { peer: toHex(h.initiatorKeyId) });
    b.send.push(pending.replyFrame);
    b.state = { ...b.state, pending: { ...pending, resends: pending.resends + 1 } };
    return;
  }
  const peerHex = toHex(h.initiatorKeyId);
  // A recorded HELLO played back: refused before any cryptography, and it does not feed the back-off.
  const fingerprint = toHex(h.ephemeralPublic.slice(0, 8));
  if (helloSeen(b.state.guard, fingerprint)) {
    return refuseWakeup(ctx, b, 'ITB_E_LINK_REPLAY', { peer: peerHex, frame: 'hello' }, false);
  }
  const peer = config.peers.find((p) => bytesEqual(p.keyId, h.initiatorKeyId));
  if (peer === undefined) return refuseWakeup(ctx, b, 'ITB_E_LINK_UNKNOWN_KEY', { peer: peerHex }, true);
  // Version 2: the HELLO must prove the pairing (its tag under the peer's hello key, one AES-GCM pass)
  // before anything else happens. Key ids travel in clear, so a forged HELLO naming a paired key is dropped
  // here: not answered, not counted against anyone, and no X25519 is spent on it.
  // The tag check has its own random-sampling budget, so a flood of forged HELLOs cannot make every read
  // an AES-GCM pass (energy.ts); a HELLO not sampled is dropped like one the receiver did not read.
  const t = admitTagCheck(config.limits, b.state.guard, b.now, coinOf(entropy.subarray(2)));
  b.state = { ...b.state, guard: t.guard };
  if (!t.admit) return;
  if (!helloAuthentic(crypto, peer.helloKey, frame)) {
    return refuseQuietly(b, 'ITB_E_LINK_AUTH', { peer: peerHex, frame: 'hello' });
  }
  if (peer.role !== h.role) {
    return refuseWakeup(ctx, b, 'ITB_E_LINK_WRONG_ROLE', { peer: peerHex, claimed: h.role }, true);
  }
  // A patient controller never ends a clinician's session or handshake (the clinician may be part-way
  // through a refill or a dose change, docs/protocol.md §5.1): it is told to wait, and nothing changes.
  // Cheap and before any key agreement, so it costs no X25519 and feeds no back-off.
  const holder = b.state.session?.role ?? b.state.pending?.peer.role;
  if (peer.role === 'patient' && holder === 'clinician') {
    return refuseWakeup(ctx, b, 'ITB_E_LINK_BUSY', { peer: peerHex, holder }, true);
  }
  const gate = keyAgreementAllowed(config.limits, b.state.guard, b.now);
  if (!gate.allowed) {
    return refuseWakeup(ctx, b, gate.code, { peer: peerHex }, true, gate.retryAfterMs);
  }
  if (entropy.length !== KEY_SIZE) throw new RangeError('a HELLO needs 32 bytes of fresh entropy');
  // Expensive part: one scalar multiplication for the ephemeral key, three for ee, es, se.
  const ephemeralPublic = crypto.x25519PublicKey(entropy);
  const transcript = transcriptHash(
    crypto,
    config.staticPublic,
    peer.publicKey,
    frame.header,
    frame.payload,
    ephemeralPublic,
  );
  const keys = pumpKeys(crypto, {
    ephemeralPrivate: entropy,
    staticPrivate: config.staticPrivate,
    initiatorEphemeral: h.ephemeralPublic,
    initiatorStatic: peer.publicKey,
    transcript,
  });
  const guard = rememberHello(config.limits, { ...b.state.guard, lastHandshakeAt: b.now }, fingerprint);
  b.state = { ...b.state, guard };
  if (keys === undefined) {
    // The key agreement was spent on a malformed key: a failure that costs energy, so it backs off.
    const f = noteFailure(config.limits, b.state.guard, b.now);
    b.state = { ...b.state, guard: f.guard };
    refuseWakeup(ctx, b, 'ITB_E_LINK_BAD_KEY', { peer: peerHex }, true, f.guard.backoffUntil - b.now);
    b.logAll(f.events);
    return;
  }
  if (pending !== undefined) abandon(ctx, b, pending, 'superseded');
  const replyFrame = sealReply(ctx, keys, ephemeralPublic);
  const next: Pending = { helloFrame: raw, replyFrame, resends: 0, peer, keys, startedAt: b.now };
  b.state = { ...b.state, pending: next };
  b.send.push(replyFrame);
  b.log('ITB_R_LINK_HANDSHAKE_STARTED', { peer: peerHex, role: peer.role });
}

function sealReply(ctx: ResponderContext, keys: SessionKeys, ephemeralPublic: Uint8Array): Uint8Array {
  const info = encodeSessionInfo({
    idleTimeoutMs: ctx.config.limits.sessionIdleTimeoutMs.value,
    maxPayload: MAX_PAYLOAD,
  });
  const header = frameHeader('hello-reply', 'from-pump', 0, KEY_SIZE + info.length + TAG_SIZE);
  const sealed = ctx.crypto.seal(keys.fromPump, nonceFor('from-pump', 0), info, header);
  const payload = new Uint8Array(KEY_SIZE + sealed.length);
  payload.set(ephemeralPublic, 0);
  payload.set(sealed, KEY_SIZE);
  return assembleFrame(header, payload);
}

/** Drops a pending handshake that will never complete; its key agreement failed, so it backs off. */
export function abandon(ctx: ResponderContext, b: StepBuilder, p: Pending, why: string): void {
  b.log(why === 'stale' ? 'ITB_E_LINK_HANDSHAKE_STALE' : 'ITB_E_LINK_HANDSHAKE_FAILED', {
    peer: toHex(p.peer.keyId),
    why,
  });
  const f = noteFailure(ctx.config.limits, b.state.guard, b.now);
  b.state = { ...b.state, guard: f.guard, pending: undefined };
  b.logAll(f.events);
}

/**
 * Handles a CONFIRM for the pending handshake. It bypasses the receiver budget (it belongs to a handshake
 * the guard already admitted and costs one AES-GCM check); a forged or replayed one is refused without
 * ending the pending handshake — an unauthenticated frame changes nothing — and without feeding the
 * back-off (if the handshake is never confirmed, its expiry counts the failure once).
 */
export function onConfirm(ctx: ResponderContext, b: StepBuilder, frame: Frame, p: Pending): void {
  const plain =
    frame.counter === 1
      ? ctx.crypto.open(p.keys.toPump, nonceFor('to-pump', 1), frame.payload, frame.header)
      : undefined;
  if (plain === undefined || plain.length !== 0) {
    return refuseQuietly(b, 'ITB_E_LINK_HANDSHAKE_FAILED', {
      peer: toHex(p.peer.keyId),
      counter: frame.counter,
    });
  }
  if (b.state.session !== undefined) closeSession(ctx, b, 'superseded', false);
  const id = toHex(p.keys.transcript.slice(0, 8));
  b.state = {
    ...b.state,
    guard: noteSuccess(b.state.guard),
    pending: undefined,
    session: {
      id,
      peerKeyId: toHex(p.peer.keyId),
      role: p.peer.role,
      keys: p.keys,
      recvCounter: 1,
      sendCounter: 0,
      openedAt: b.now,
      lastActivity: b.now,
    },
  };
  b.log('ITB_R_LINK_SESSION_OPENED', {
    session: id,
    peer: toHex(p.peer.keyId),
    role: p.peer.role,
    label: p.peer.label,
  });
}
