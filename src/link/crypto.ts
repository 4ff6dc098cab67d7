/**
 * The cryptography the link needs, as an interface, so the session state machines stay pure functions of
 * their inputs (docs/architecture.md principle 1): the shell passes {@link nodeCrypto} (crypto-node.ts); tests may
 * wrap it to count operations. Every function here is deterministic; randomness enters only as explicit
 * bytes (ephemeral private keys, command ids) chosen by the caller.
 */
import type { Direction } from './frame.ts';

export interface LinkCrypto {
  /** The X25519 public key of a 32-byte private key (RFC 7748). */
  x25519PublicKey(privateKey: Uint8Array): Uint8Array;
  /** The X25519 shared secret, or undefined if `publicKey` is malformed or of low order (all-zero result). */
  x25519(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array | undefined;
  sha256(data: Uint8Array): Uint8Array;
  /** HKDF with SHA-256 (RFC 5869). */
  hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array;
  /** AES-256-GCM: ciphertext followed by the 16-byte tag. */
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array;
  /** AES-256-GCM: the plaintext, or undefined if the tag does not verify. Never throws on bad input. */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | undefined;
}

/** Sizes of keys and related values. */
export const KEY_SIZE = 32;
export const NONCE_SIZE = 12;
/** Key ids: the first 8 bytes of SHA-256 of a static public key (cheap lookup before any X25519). */
export const KEY_ID_SIZE = 8;

/**
 * The 96-bit AEAD nonce of a frame: direction (u32: 0 to-pump, 1 from-pump), four zero bytes, then the
 * frame counter (u32), all big-endian. Keys are fresh per session and per direction and counters strictly
 * increase, so a (key, nonce) pair is never used twice (protocol.md §4.2).
 */
export function nonceFor(direction: Direction, counter: number): Uint8Array {
  const n = new Uint8Array(NONCE_SIZE);
  n[3] = direction === 'from-pump' ? 1 : 0;
  n[8] = counter >>> 24;
  n[9] = (counter >>> 16) & 0xff;
  n[10] = (counter >>> 8) & 0xff;
  n[11] = counter & 0xff;
  return n;
}

/** The key id of a static public key. */
export function keyIdOf(crypto: LinkCrypto, publicKey: Uint8Array): Uint8Array {
  return crypto.sha256(publicKey).slice(0, KEY_ID_SIZE);
}

/** Concatenates byte strings. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** ASCII bytes of a label. */
export function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0x7f;
  return out;
}
