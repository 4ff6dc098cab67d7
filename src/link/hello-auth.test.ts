/**
 * The HELLO's proof of pairing (protocol version 2, docs/protocol.md §3.1–§3.2): both sides derive the same
 * hello key from their keys files, any change to an authentic HELLO is dropped before any X25519, and a
 * paired key of low order is refused when the keys are loaded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeCrypto } from './crypto-node.ts';
import { initiatorStep } from './initiator.ts';
import { responderConfigFrom } from './keys.ts';
import { HEADER_SIZE } from './limits.ts';
import { responderStep } from './responder.ts';
import { INITIAL_RESPONDER } from './responder-state.ts';
import { countingBytes, countingCrypto, fixture } from './test-support.ts';
import { assembleFrame } from './frame.ts';
import { toHex } from './wire.ts';

const T0 = 1_700_000_000_000;
const fx = fixture();

describe('HELLO proof of pairing (protocol version 2)', () => {
  it('the pump and each initiator derive the same hello key, and different pairings different keys', () => {
    const [clinician, patient] = fx.pump.config.peers;
    expect(toHex(clinician!.helloKey)).toBe(toHex(fx.clinician.config.helloKey));
    expect(toHex(patient!.helloKey)).toBe(toHex(fx.patient.config.helloKey));
    expect(toHex(clinician!.helloKey)).not.toBe(toHex(patient!.helloKey));
  });

  it('any single-byte change to an authentic HELLO (CRC repaired) costs the pump no X25519 and gets no reply', () => {
    const { crypto, counts } = countingCrypto(nodeCrypto);
    const pump = { ...fx.pump, crypto };
    const hello = initiatorStep(
      fx.clinician,
      { phase: 'idle' },
      { kind: 'start', entropy: countingBytes(0x31) },
      T0,
    ).send[0]!;
    const payloadLength = hello.length - HEADER_SIZE - 4;
    fc.assert(
      fc.property(fc.nat(payloadLength - 1), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const payload = hello.slice(HEADER_SIZE, hello.length - 4);
        payload[at]! ^= flip;
        const bytes = assembleFrame(hello.slice(0, HEADER_SIZE), payload);
        const r = responderStep(
          pump,
          INITIAL_RESPONDER,
          { kind: 'frame', bytes, entropy: countingBytes(0x60) },
          T0,
        );
        expect(r.state.pending).toBeUndefined();
        expect(r.state.guard.backoffUntil).toBe(0);
        expect(r.send.every((f) => f[3] !== 0x02)).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(counts.x25519 + counts.x25519PublicKey).toBe(0);
  });

  it('refuses, when the keys are loaded, a paired key from which no hello key can be derived (low order)', () => {
    const file = { ...fx.files.pump, peers: [{ ...fx.files.pump.peers[0]!, publicKey: '00'.repeat(32) }] };
    expect(() => responderConfigFrom(nodeCrypto, file)).toThrow(
      expect.objectContaining({ code: 'ITB_E_LINK_KEYS' }) as Error,
    );
  });
});
