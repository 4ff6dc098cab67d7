/**
 * {@link LinkCrypto} over node:crypto (docs/architecture.md: node:crypto for all cryptography): X25519 through DER
 * wrappers of raw 32-byte keys, HKDF-SHA256, SHA-256 and AES-256-GCM. The link is shell code, so node:
 * imports are allowed here; the state machines only see the interface.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hkdfSync,
  randomBytes,
} from 'node:crypto';
import { KEY_SIZE, NONCE_SIZE, type LinkCrypto } from './crypto.ts';
import { TAG_SIZE } from './limits.ts';

// RFC 8410 DER prefixes: PKCS#8 private key and SubjectPublicKeyInfo for id-X25519 (1.3.101.110).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

function privateKeyObject(raw: Uint8Array) {
  if (raw.length !== KEY_SIZE) throw new RangeError('X25519 private key must be 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
}

/** A plain Uint8Array copy of a Buffer (never a view into node's shared buffer pool). */
const u8 = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.length).slice();

/**
 * A plain Uint8Array over a Buffer's bytes: a view when the Buffer owns its whole memory (what a cipher's
 * output is), a copy otherwise (a Buffer from node's shared pool must never escape as a view).
 */
function own(b: Buffer): Uint8Array {
  if (b.byteOffset === 0 && b.buffer.byteLength === b.length) return new Uint8Array(b.buffer, 0, b.length);
  return u8(b);
}

/** The node:crypto implementation of {@link LinkCrypto}. */
export const nodeCrypto: LinkCrypto = {
  x25519PublicKey(privateKey) {
    const spki = createPublicKey(privateKeyObject(privateKey)).export({ format: 'der', type: 'spki' });
    return u8(spki.subarray(SPKI_PREFIX.length));
  },
  x25519(privateKey, publicKey) {
    if (publicKey.length !== KEY_SIZE) return undefined;
    try {
      const pub = createPublicKey({
        key: Buffer.concat([SPKI_PREFIX, publicKey]),
        format: 'der',
        type: 'spki',
      });
      // OpenSSL refuses an all-zero shared secret (low-order point), which surfaces as an exception.
      return u8(diffieHellman({ privateKey: privateKeyObject(privateKey), publicKey: pub }));
    } catch {
      return undefined;
    }
  },
  sha256(data) {
    return u8(createHash('sha256').update(data).digest());
  },
  hkdfSha256(ikm, salt, info, length) {
    return new Uint8Array(hkdfSync('sha256', ikm, salt, info, length));
  },
  seal(key, nonce, plaintext, aad) {
    const c = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_SIZE });
    c.setAAD(aad);
    const body = c.update(plaintext);
    const rest = c.final(); // empty for GCM, kept so a change of mode cannot drop bytes silently
    const out = new Uint8Array(body.length + rest.length + TAG_SIZE);
    out.set(body, 0);
    out.set(rest, body.length);
    out.set(c.getAuthTag(), body.length + rest.length);
    return out;
  },
  open(key, nonce, sealed, aad) {
    if (key.length !== KEY_SIZE || nonce.length !== NONCE_SIZE || sealed.length < TAG_SIZE) return undefined;
    try {
      const d = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_SIZE });
      d.setAAD(aad);
      d.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
      const body = d.update(sealed.subarray(0, sealed.length - TAG_SIZE));
      const rest = d.final(); // throws if the tag does not verify: nothing of `body` is returned then
      if (rest.length === 0) return own(body);
      const out = new Uint8Array(body.length + rest.length);
      out.set(body, 0);
      out.set(rest, body.length);
      return out;
    } catch {
      return undefined;
    }
  },
};

/** Fresh random bytes from the operating system's CSPRNG (ephemeral keys, command ids). */
export function nodeEntropy(n: number): Uint8Array {
  return u8(randomBytes(n));
}
