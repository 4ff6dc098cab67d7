/**
 * The handshake (docs/protocol.md §3): a Noise-KK-like exchange of ephemeral X25519 keys mixed with the
 * static keys paired at implant — ee + es + se through HKDF-SHA256 — followed by explicit key confirmation
 * in both directions. An eavesdropper sees only public keys (CVE-2022-32537: nothing secret goes over the
 * air); a recorded handshake cannot be replayed because the pump's ephemeral key is fresh each time
 * (CVE-2019-10964); neither side can be impersonated without its static private key (es, se).
 */
import { ascii, concatBytes, KEY_ID_SIZE, KEY_SIZE, NONCE_SIZE, type LinkCrypto } from './crypto.ts';
import { MAX_PAYLOAD, TAG_SIZE } from './limits.ts';
import { decoding, Reader, Writer, type Decoded } from './wire.ts';

/** Who holds a paired key: the clinician's programmer or the patient's controller. */
export type Role = 'clinician' | 'patient';

export const ROLE_CODES: Readonly<Record<Role, number>> = { clinician: 1, patient: 2 };
const ROLE_BY_CODE = new Map<number, Role>([
  [1, 'clinician'],
  [2, 'patient'],
]);

/** First handshake message, sent in clear, without its tag (hello-auth.ts). */
export interface HelloBody {
  readonly role: Role;
  /** Key id of the initiator's static public key. */
  readonly initiatorKeyId: Uint8Array;
  /** Key id of the pump's static public key: which pump is addressed. */
  readonly pumpKeyId: Uint8Array;
  readonly ephemeralPublic: Uint8Array;
  /** Fresh per HELLO: the nonce of its tag under the pairing's hello key. */
  readonly nonce: Uint8Array;
}

/** A decoded HELLO: its body and the 16-byte tag that proves the sender holds the pairing. */
export interface Hello extends HelloBody {
  readonly tag: Uint8Array;
}

export const HELLO_BODY_SIZE = 1 + KEY_ID_SIZE + KEY_ID_SIZE + KEY_SIZE + NONCE_SIZE;
export const HELLO_SIZE = HELLO_BODY_SIZE + TAG_SIZE;

/** The HELLO body's bytes (the tag is computed over the header and these, hello-auth.ts). */
export function encodeHelloBody(h: HelloBody): Uint8Array {
  if (h.nonce.length !== NONCE_SIZE) throw new RangeError(`a HELLO nonce is ${NONCE_SIZE} bytes`);
  return new Writer()
    .u8(ROLE_CODES[h.role], 'role')
    .bytes(h.initiatorKeyId)
    .bytes(h.pumpKeyId)
    .bytes(h.ephemeralPublic)
    .bytes(h.nonce)
    .finish();
}

export function decodeHello(payload: Uint8Array): Decoded<Hello> {
  return decoding(() => {
    const r: Reader = new Reader(payload, 'ITB_E_LINK_PAYLOAD');
    if (payload.length !== HELLO_SIZE) r.fail(`hello of ${payload.length} bytes, expected ${HELLO_SIZE}`);
    const code = r.u8('role');
    const role = ROLE_BY_CODE.get(code);
    if (role === undefined) r.fail(`unknown role ${code}`);
    return {
      role,
      initiatorKeyId: r.bytesOf(KEY_ID_SIZE, 'initiator key id'),
      pumpKeyId: r.bytesOf(KEY_ID_SIZE, 'pump key id'),
      ephemeralPublic: r.bytesOf(KEY_SIZE, 'ephemeral key'),
      nonce: r.bytesOf(NONCE_SIZE, 'nonce'),
      tag: r.bytesOf(TAG_SIZE, 'tag'),
    };
  });
}

/** What the pump tells the initiator inside the sealed part of its reply (so it is authenticated). */
export interface SessionInfo {
  readonly idleTimeoutMs: number;
  readonly maxPayload: number;
}

export const SESSION_INFO_SIZE = 6;

export function encodeSessionInfo(s: SessionInfo): Uint8Array {
  return new Writer().u32(s.idleTimeoutMs, 'idle timeout').u16(s.maxPayload, 'max payload').finish();
}

export function decodeSessionInfo(b: Uint8Array): Decoded<SessionInfo> {
  return decoding(() => {
    const r: Reader = new Reader(b, 'ITB_E_LINK_PAYLOAD');
    const info = { idleTimeoutMs: r.u32('idle timeout'), maxPayload: r.u16('max payload') };
    r.end('session info');
    if (info.maxPayload > MAX_PAYLOAD) r.fail('max payload above the protocol maximum');
    return info;
  });
}

/** The two AEAD keys of a session and the transcript hash they were derived from. */
export interface SessionKeys {
  readonly toPump: Uint8Array;
  readonly fromPump: Uint8Array;
  /** SHA-256 of the handshake transcript; its first 8 bytes name the session in logs. */
  readonly transcript: Uint8Array;
}

const TRANSCRIPT_LABEL = ascii('itb-link-v2 handshake');
const KEYS_INFO = ascii('itb-link-v2 session keys');

/** The transcript hash: label, both static keys, the whole HELLO (header + payload), the pump's ephemeral. */
export function transcriptHash(
  crypto: LinkCrypto,
  pumpStatic: Uint8Array,
  initiatorStatic: Uint8Array,
  helloHeader: Uint8Array,
  helloPayload: Uint8Array,
  pumpEphemeral: Uint8Array,
): Uint8Array {
  return crypto.sha256(
    concatBytes(TRANSCRIPT_LABEL, pumpStatic, initiatorStatic, helloHeader, helloPayload, pumpEphemeral),
  );
}

/** HKDF over ee ‖ es ‖ se with the transcript as salt; undefined if any DH result is missing. */
export function expandKeys(
  crypto: LinkCrypto,
  dh: readonly (Uint8Array | undefined)[],
  transcript: Uint8Array,
): SessionKeys | undefined {
  const parts: Uint8Array[] = [];
  for (const d of dh) {
    if (d === undefined) return undefined;
    parts.push(d);
  }
  const okm = crypto.hkdfSha256(concatBytes(...parts), transcript, KEYS_INFO, 2 * KEY_SIZE);
  return { toPump: okm.slice(0, KEY_SIZE), fromPump: okm.slice(KEY_SIZE), transcript };
}

/** The initiator's view: its ephemeral and static private keys, the pump's ephemeral and static public keys. */
export function initiatorKeys(
  crypto: LinkCrypto,
  a: {
    readonly ephemeralPrivate: Uint8Array;
    readonly staticPrivate: Uint8Array;
    readonly pumpEphemeral: Uint8Array;
    readonly pumpStatic: Uint8Array;
    readonly transcript: Uint8Array;
  },
): SessionKeys | undefined {
  return expandKeys(
    crypto,
    [
      crypto.x25519(a.ephemeralPrivate, a.pumpEphemeral), // ee: forward secrecy
      crypto.x25519(a.ephemeralPrivate, a.pumpStatic), // es: only the real pump can derive it
      crypto.x25519(a.staticPrivate, a.pumpEphemeral), // se: only the paired initiator can derive it
    ],
    a.transcript,
  );
}

/** The pump's view of the same three DH values. */
export function pumpKeys(
  crypto: LinkCrypto,
  a: {
    readonly ephemeralPrivate: Uint8Array;
    readonly staticPrivate: Uint8Array;
    readonly initiatorEphemeral: Uint8Array;
    readonly initiatorStatic: Uint8Array;
    readonly transcript: Uint8Array;
  },
): SessionKeys | undefined {
  return expandKeys(
    crypto,
    [
      crypto.x25519(a.ephemeralPrivate, a.initiatorEphemeral),
      crypto.x25519(a.staticPrivate, a.initiatorEphemeral),
      crypto.x25519(a.ephemeralPrivate, a.initiatorStatic),
    ],
    a.transcript,
  );
}
