/**
 * Fixed test keys and helpers shared by the link's tests, benchmark and the example frames of
 * docs/protocol.md §10. The keys are public test vectors: never use them for a real pump.
 */
import { millis, nanograms } from '../therapy/quantities.ts';
import type { LinkCrypto } from './crypto.ts';
import { nodeCrypto } from './crypto-node.ts';
import type { Command, CommandId } from './commands.ts';
import { INITIAL_INITIATOR, initiatorStep, type InitiatorContext, type InitiatorState } from './initiator.ts';
import { initiatorConfigFrom, provisionImplant, responderConfigFrom, type ImplantKeys } from './keys.ts';
import { DEFAULT_LINK_LIMITS, type LinkLimits } from './limits.ts';
import { responderStep } from './responder.ts';
import { errorFrame } from './responder-refusals.ts';
import { INITIAL_RESPONDER, type ResponderContext, type ResponderState } from './responder-state.ts';
import type { Response } from './responses.ts';

/** 32 bytes counting up from `start`: readable, distinct test keys. */
export function countingBytes(start: number, n = 32): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (start + i) & 0xff);
}

export const TEST_KEYS = {
  pump: countingBytes(0xa0),
  clinician: countingBytes(0xc0),
  patient: countingBytes(0xe0),
  /** Ephemeral keys of the example handshake. */
  clinicianEphemeral: countingBytes(0x20),
  pumpEphemeral: countingBytes(0x40),
} as const;

/** The example command id 000102…0f. */
export const TEST_COMMAND_ID = '000102030405060708090a0b0c0d0e0f' as CommandId;

export interface Fixture {
  readonly files: ImplantKeys;
  readonly pump: ResponderContext;
  readonly clinician: InitiatorContext;
  readonly patient: InitiatorContext;
}

/** A pump paired with a clinician programmer and a patient controller, from the fixed test keys. */
export function fixture(crypto: LinkCrypto = nodeCrypto, limits: LinkLimits = DEFAULT_LINK_LIMITS): Fixture {
  const files = provisionImplant(
    crypto,
    { pump: TEST_KEYS.pump, clinician: TEST_KEYS.clinician, patient: TEST_KEYS.patient },
    { pump: 'Test pump', clinician: 'Test programmer', patient: 'Test patient controller' },
  );
  return {
    files,
    pump: { config: responderConfigFrom(crypto, files.pump, limits), crypto },
    clinician: { config: initiatorConfigFrom(crypto, files.clinician), crypto },
    patient: { config: initiatorConfigFrom(crypto, files.patient), crypto },
  };
}

/** Wraps a crypto implementation to count the operations the tests care about (battery cost). */
export function countingCrypto(inner: LinkCrypto = nodeCrypto): {
  crypto: LinkCrypto;
  counts: { x25519: number; x25519PublicKey: number; open: number; seal: number };
} {
  const counts = { x25519: 0, x25519PublicKey: 0, open: 0, seal: 0 };
  const crypto: LinkCrypto = {
    ...inner,
    x25519PublicKey: (k) => (counts.x25519PublicKey++, inner.x25519PublicKey(k)),
    x25519: (k, p) => (counts.x25519++, inner.x25519(k, p)),
    open: (k, n, s, a) => (counts.open++, inner.open(k, n, s, a)),
    seal: (k, n, p, a) => (counts.seal++, inner.seal(k, n, p, a)),
  };
  return { crypto, counts };
}

export interface OpenedSession {
  readonly pump: ResponderState;
  readonly initiator: InitiatorState;
  readonly hello: Uint8Array;
  readonly reply: Uint8Array;
  readonly confirm: Uint8Array;
}

/** Runs a complete handshake between `who` and the pump at `now` with the given ephemeral keys. */
export function openSession(
  pumpCtx: ResponderContext,
  who: InitiatorContext,
  now = 0,
  ephemerals: { readonly initiator: Uint8Array; readonly pump: Uint8Array } = {
    initiator: TEST_KEYS.clinicianEphemeral,
    pump: TEST_KEYS.pumpEphemeral,
  },
  pumpState: ResponderState = INITIAL_RESPONDER,
): OpenedSession {
  const a = initiatorStep(who, INITIAL_INITIATOR, { kind: 'start', entropy: ephemerals.initiator }, now);
  const hello = a.send[0]!;
  const b = responderStep(pumpCtx, pumpState, { kind: 'frame', bytes: hello, entropy: ephemerals.pump }, now);
  const reply = b.send[0];
  if (reply === undefined) throw new Error(`pump did not answer: ${JSON.stringify(b.events)}`);
  const c = initiatorStep(who, a.state, { kind: 'frame', bytes: reply }, now);
  const confirm = c.send[0];
  if (confirm === undefined) throw new Error(`initiator refused the reply: ${JSON.stringify(c.events)}`);
  const d = responderStep(pumpCtx, b.state, { kind: 'frame', bytes: confirm, entropy: ephemerals.pump }, now);
  if (d.state.session === undefined) throw new Error(`pump refused CONFIRM: ${JSON.stringify(d.events)}`);
  return { pump: d.state, initiator: c.state, hello, reply, confirm };
}

/** The example command of docs/protocol.md §10: a 50 µg single bolus over one minute. */
export const EXAMPLE_COMMAND: Command = {
  op: 'single-bolus',
  commandId: TEST_COMMAND_ID,
  amount: nanograms(50_000),
  duration: millis(60_000),
};

/** The example response: applied, state version 8. */
export const EXAMPLE_RESPONSE: Response = {
  op: 'single-bolus',
  commandId: TEST_COMMAND_ID,
  outcome: 'applied',
  reasons: [],
  body: { kind: 'version', stateVersion: 8 },
};

/** The example frames of docs/protocol.md §10, rebuilt from the fixed test keys. */
export function exampleFrames(crypto: LinkCrypto = nodeCrypto): Record<string, Uint8Array> {
  const fx = fixture(crypto);
  const s = openSession(fx.pump, fx.clinician, 0);
  const cmd = initiatorStep(fx.clinician, s.initiator, { kind: 'command', command: EXAMPLE_COMMAND }, 0);
  const resp = responderStep(fx.pump, s.pump, { kind: 'respond', response: EXAMPLE_RESPONSE }, 0);
  return {
    hello: s.hello,
    'hello-reply': s.reply,
    confirm: s.confirm,
    command: cmd.send[0]!,
    response: resp.send[0]!,
    error: errorFrame('ITB_E_LINK_UNKNOWN_KEY', 1_000),
  };
}
