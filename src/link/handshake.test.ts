import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeCrypto } from './crypto-node.ts';
import {
  decodeHello,
  encodeHelloBody,
  initiatorKeys,
  pumpKeys,
  HELLO_BODY_SIZE,
  HELLO_SIZE,
} from './handshake.ts';
import { countingBytes } from './test-support.ts';

const key = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe('handshake key schedule (protocol.md §3.3)', () => {
  it('gives both sides the same two keys, distinct per direction', () => {
    fc.assert(
      fc.property(key, key, key, key, key, (ei, si, er, sr, th) => {
        const pub = (k: Uint8Array) => nodeCrypto.x25519PublicKey(k);
        const a = initiatorKeys(nodeCrypto, {
          ephemeralPrivate: ei,
          staticPrivate: si,
          pumpEphemeral: pub(er),
          pumpStatic: pub(sr),
          transcript: th,
        });
        const b = pumpKeys(nodeCrypto, {
          ephemeralPrivate: er,
          staticPrivate: sr,
          initiatorEphemeral: pub(ei),
          initiatorStatic: pub(si),
          transcript: th,
        });
        expect(a).toBeDefined();
        expect(a).toEqual(b);
        expect(a!.toPump).not.toEqual(a!.fromPump);
      }),
      { numRuns: 20 },
    );
  });

  it('refuses low-order public keys (all-zero shared secret)', () => {
    const k = initiatorKeys(nodeCrypto, {
      ephemeralPrivate: countingBytes(1),
      staticPrivate: countingBytes(2),
      pumpEphemeral: new Uint8Array(32),
      pumpStatic: nodeCrypto.x25519PublicKey(countingBytes(3)),
      transcript: new Uint8Array(32),
    });
    expect(k).toBeUndefined();
  });

  it('encodes HELLO in 77 bytes (57 of body, 16 of tag) and refuses other sizes and unknown roles', () => {
    const body = encodeHelloBody({
      role: 'patient',
      initiatorKeyId: countingBytes(1, 8),
      pumpKeyId: countingBytes(9, 8),
      ephemeralPublic: countingBytes(17),
      nonce: countingBytes(49, 12),
    });
    expect(body.length).toBe(HELLO_BODY_SIZE);
    const h = Uint8Array.from([...body, ...countingBytes(61, 16)]);
    expect(h.length).toBe(HELLO_SIZE);
    expect(HELLO_SIZE).toBe(77);
    expect(decodeHello(h)).toMatchObject({ ok: true, value: { role: 'patient' } });
    expect(decodeHello(h.slice(1))).toMatchObject({ ok: false, code: 'ITB_E_LINK_PAYLOAD' });
    expect(decodeHello(Uint8Array.from([3, ...h.slice(1)]))).toMatchObject({
      ok: false,
      code: 'ITB_E_LINK_PAYLOAD',
    });
  });
});
