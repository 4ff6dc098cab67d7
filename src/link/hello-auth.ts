/**
 * The HELLO's proof of pairing (docs/protocol.md §3.2, protocol version 2). Key ids travel in clear, so
 * without it anyone could forge a HELLO that names a paired key and make the pump spend a key agreement
 * (four X25519) and feed its back-off, keeping the clinician out (Halperin et al. 2008, battery drain and
 * denial of access; docs/clinical-reference.md §5). Each initiator and the pump derive once, at pairing
 * load, a hello key from their static–static X25519 secret; the initiator tags each HELLO with it
 * (AES-256-GCM over the empty string, the header and HELLO body as associated data: a GMAC) and the pump
 * checks the tag — one AES-GCM pass, the cost of a CONFIRM check — before any X25519.
 */
import { ascii, concatBytes, KEY_SIZE, NONCE_SIZE, type LinkCrypto } from './crypto.ts';
import { assembleFrame, frameHeader, type Frame } from './frame.ts';
import { encodeHelloBody, HELLO_BODY_SIZE, HELLO_SIZE, type HelloBody } from './handshake.ts';

const HELLO_KEY_INFO = ascii('itb-link-v2 hello key');
const HELLO_NONCE_LABEL = ascii('itb-link-v2 hello nonce');

/**
 * The hello key of a pairing: HKDF-SHA256(ikm = X25519(own static, peer static), salt = pump static public
 * ‖ initiator static public, info = "itb-link-v2 hello key", 32 bytes). Undefined if the peer's key is of
 * low order. Computed once per paired key when keys are loaded, never per frame.
 */
export function helloKeyOf(
  crypto: LinkCrypto,
  ownStaticPrivate: Uint8Array,
  peerStaticPublic: Uint8Array,
  pumpStaticPublic: Uint8Array,
  initiatorStaticPublic: Uint8Array,
): Uint8Array | undefined {
  const ss = crypto.x25519(ownStaticPrivate, peerStaticPublic);
  if (ss === undefined) return undefined;
  return crypto.hkdfSha256(
    ss,
    concatBytes(pumpStaticPublic, initiatorStaticPublic),
    HELLO_KEY_INFO,
    KEY_SIZE,
  );
}

/** The HELLO's 12-byte nonce, fresh with the ephemeral key: SHA-256("itb-link-v2 hello nonce" ‖ entropy). */
export function helloNonceOf(crypto: LinkCrypto, entropy: Uint8Array): Uint8Array {
  return crypto.sha256(concatBytes(HELLO_NONCE_LABEL, entropy)).slice(0, NONCE_SIZE);
}

/** A whole HELLO frame: header, body, and the body's tag under the hello key. */
export function authenticatedHello(crypto: LinkCrypto, helloKey: Uint8Array, body: HelloBody): Uint8Array {
  const header = frameHeader('hello', 'to-pump', 0, HELLO_SIZE);
  const bytes = encodeHelloBody(body);
  const tag = crypto.seal(helloKey, body.nonce, new Uint8Array(0), concatBytes(header, bytes));
  return assembleFrame(header, concatBytes(bytes, tag));
}

/** Whether a decoded HELLO frame carries a valid tag under `helloKey` (constant time in the tag). */
export function helloAuthentic(crypto: LinkCrypto, helloKey: Uint8Array, frame: Frame): boolean {
  if (frame.payload.length !== HELLO_SIZE) return false;
  const body = frame.payload.subarray(0, HELLO_BODY_SIZE);
  const nonce = body.subarray(HELLO_BODY_SIZE - NONCE_SIZE);
  const tag = frame.payload.subarray(HELLO_BODY_SIZE);
  const plain = crypto.open(helloKey, nonce, tag, concatBytes(frame.header, body));
  return plain !== undefined && plain.length === 0;
}
