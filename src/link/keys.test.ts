import { describe, expect, it } from 'vitest';
import { nodeCrypto } from './crypto-node.ts';
import { initiatorConfigFrom, parseKeysFile, provisionImplant, responderConfigFrom } from './keys.ts';
import { countingBytes, fixture } from './test-support.ts';
import { toHex } from './wire.ts';

describe('pairing and keys.json (protocol.md §3.1)', () => {
  const fx = fixture();

  it('pairs the pump with one clinician and one patient key, each with its role', () => {
    expect(fx.files.pump.peers.map((p) => p.role)).toEqual(['clinician', 'patient']);
    expect(fx.pump.config.peers.map((p) => toHex(p.keyId))).toEqual([
      toHex(fx.clinician.config.keyId),
      toHex(fx.patient.config.keyId),
    ]);
    expect(fx.clinician.config.pumpKeyId).toEqual(fx.pump.config.keyId);
  });

  it('round-trips the files through JSON and the schema', () => {
    for (const f of Object.values(fx.files)) {
      expect(parseKeysFile(JSON.parse(JSON.stringify(f)))).toEqual(f);
    }
  });

  it('refuses malformed files and mismatched key pairs with ITB_E_LINK_KEYS', () => {
    expect(() => parseKeysFile({ ...fx.files.pump, privateKey: 'zz' })).toThrow(
      expect.objectContaining({ code: 'ITB_E_LINK_KEYS' }),
    );
    expect(() => parseKeysFile({ ...fx.files.clinician, extra: 1 })).toThrow(
      expect.objectContaining({ code: 'ITB_E_LINK_KEYS' }),
    );
    const swapped = { ...fx.files.clinician, publicKey: fx.files.patient.publicKey };
    expect(() => initiatorConfigFrom(nodeCrypto, swapped)).toThrow(
      expect.objectContaining({ code: 'ITB_E_LINK_KEYS' }),
    );
    const twice = { ...fx.files.pump, peers: [fx.files.pump.peers[0]!, fx.files.pump.peers[0]!] };
    expect(() => responderConfigFrom(nodeCrypto, twice)).toThrow(
      expect.objectContaining({ code: 'ITB_E_LINK_KEYS' }),
    );
  });

  it('refuses private keys that are not 32 bytes', () => {
    expect(() =>
      provisionImplant(
        nodeCrypto,
        { pump: countingBytes(0, 31), clinician: countingBytes(1), patient: countingBytes(2) },
        { pump: 'p', clinician: 'c', patient: 'x' },
      ),
    ).toThrow(expect.objectContaining({ code: 'ITB_E_LINK_KEYS' }));
  });
});
