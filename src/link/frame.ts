/**
 * Frame codec (docs/protocol.md §2): a 12-byte header, the payload, and a CRC-32 over both. Decoding runs
 * the cheap checks first — size, magic, length, CRC, version, flags, type — so noise and garbage cost the
 * pump a few hundred instructions and never reach cryptography (docs/clinical-reference.md §5, Halperin 2008 battery drain).
 */
import { crc32 } from '../pump/nvm-crc32.ts';
import { CRC_SIZE, HEADER_SIZE, MAX_COUNTER, MAX_PAYLOAD, PROTOCOL_VERSION, TAG_SIZE } from './limits.ts';
import type { LinkCode } from './codes.ts';
import type { Decoded } from './wire.ts';

export const MAGIC_0 = 0x49; // 'I'
export const MAGIC_1 = 0x54; // 'T'

/** Frame types of the protocol (versions 1 and 2 share them). */
export type FrameType = 'hello' | 'hello-reply' | 'confirm' | 'command' | 'response' | 'close' | 'error';
/** `to-pump`: programmer or patient controller → pump; `from-pump`: the other way. */
export type Direction = 'to-pump' | 'from-pump';

interface TypeRule {
  readonly code: number;
  /** Directions the type may travel in. */
  readonly directions: readonly Direction[];
  /** Whether the payload ends in an AEAD tag (flag bit 1 must be set). */
  readonly sealed: boolean;
}

/** The frame-type table of docs/protocol.md §2.3. */
export const FRAME_TYPES: Readonly<Record<FrameType, TypeRule>> = {
  hello: { code: 0x01, directions: ['to-pump'], sealed: false },
  'hello-reply': { code: 0x02, directions: ['from-pump'], sealed: true },
  confirm: { code: 0x03, directions: ['to-pump'], sealed: true },
  command: { code: 0x10, directions: ['to-pump'], sealed: true },
  response: { code: 0x11, directions: ['from-pump'], sealed: true },
  close: { code: 0x20, directions: ['to-pump', 'from-pump'], sealed: true },
  error: { code: 0x7f, directions: ['from-pump'], sealed: false },
};

const BY_CODE = new Map<number, FrameType>(
  Object.entries(FRAME_TYPES).map(([name, rule]) => [rule.code, name as FrameType]),
);

export const FLAG_FROM_PUMP = 0x01;
export const FLAG_SEALED = 0x02;
const KNOWN_FLAGS = FLAG_FROM_PUMP | FLAG_SEALED;

/** A decoded frame. `header` is the 12 raw header bytes: the AEAD's associated data. */
export interface Frame {
  readonly type: FrameType;
  readonly direction: Direction;
  readonly counter: number;
  readonly header: Uint8Array;
  readonly payload: Uint8Array;
}

/** The 12 header bytes of a frame whose payload will be `payloadLength` bytes long. */
export function frameHeader(
  type: FrameType,
  direction: Direction,
  counter: number,
  payloadLength: number,
): Uint8Array {
  const rule = FRAME_TYPES[type];
  if (!rule.directions.includes(direction)) throw new RangeError(`${type} cannot travel ${direction}`);
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER) {
    throw new RangeError(`counter ${counter} out of range`);
  }
  if (!Number.isInteger(payloadLength) || payloadLength < 0 || payloadLength > MAX_PAYLOAD) {
    throw new RangeError(`payload of ${payloadLength} bytes exceeds ${MAX_PAYLOAD}`);
  }
  const h = new Uint8Array(HEADER_SIZE);
  h[0] = MAGIC_0;
  h[1] = MAGIC_1;
  h[2] = PROTOCOL_VERSION;
  h[3] = rule.code;
  h[4] = (direction === 'from-pump' ? FLAG_FROM_PUMP : 0) | (rule.sealed ? FLAG_SEALED : 0);
  h[5] = 0;
  h[6] = payloadLength >>> 8;
  h[7] = payloadLength & 0xff;
  h[8] = counter >>> 24;
  h[9] = (counter >>> 16) & 0xff;
  h[10] = (counter >>> 8) & 0xff;
  h[11] = counter & 0xff;
  return h;
}

/** Header + payload + CRC-32 (big-endian) over header and payload. */
export function assembleFrame(header: Uint8Array, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_SIZE + payload.length + CRC_SIZE);
  out.set(header, 0);
  out.set(payload, HEADER_SIZE);
  const crc = crc32(out, 0, HEADER_SIZE + payload.length);
  const p = HEADER_SIZE + payload.length;
  out[p] = crc >>> 24;
  out[p + 1] = (crc >>> 16) & 0xff;
  out[p + 2] = (crc >>> 8) & 0xff;
  out[p + 3] = crc & 0xff;
  return out;
}

/** Encodes a frame whose payload is already final (plaintext, or sealed with this header as AAD). */
export function encodeFrame(
  type: FrameType,
  direction: Direction,
  counter: number,
  payload: Uint8Array,
): Uint8Array {
  return assembleFrame(frameHeader(type, direction, counter, payload.length), payload);
}

const err = (code: LinkCode, message: string): Decoded<Frame> => ({ ok: false, code, message });

/**
 * Decodes one whole frame (the transport delimits frames). Never throws; checks run cheapest first. The
 * frame's header and payload are views into `bytes` (no copies per frame): received bytes are never
 * written to after they arrive.
 */
export function decodeFrame(bytes: Uint8Array): Decoded<Frame> {
  const size = bytes.length;
  if (size < HEADER_SIZE + CRC_SIZE) return err('ITB_E_LINK_TRUNCATED', `frame of ${size} bytes`);
  if (bytes[0] !== MAGIC_0 || bytes[1] !== MAGIC_1) return err('ITB_E_LINK_MAGIC', 'bad magic');
  const length = (bytes[6]! << 8) | bytes[7]!;
  if (length > MAX_PAYLOAD) return err('ITB_E_LINK_LENGTH', `declared length ${length} > ${MAX_PAYLOAD}`);
  const expected = HEADER_SIZE + length + CRC_SIZE;
  if (size < expected) return err('ITB_E_LINK_TRUNCATED', `frame of ${size} bytes, declared ${expected}`);
  if (size > expected) return err('ITB_E_LINK_LENGTH', `frame of ${size} bytes, declared ${expected}`);
  const p = HEADER_SIZE + length;
  const crc = ((bytes[p]! << 24) >>> 0) + ((bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!);
  if (crc !== crc32(bytes, 0, p)) return err('ITB_E_LINK_CRC', 'CRC-32 mismatch');
  if (bytes[2] !== PROTOCOL_VERSION) {
    return err('ITB_E_LINK_VERSION', `version ${bytes[2]}, this side speaks ${PROTOCOL_VERSION}`);
  }
  const type = BY_CODE.get(bytes[3]!);
  if (type === undefined) return err('ITB_E_LINK_FRAME_TYPE', `frame type 0x${bytes[3]!.toString(16)}`);
  const flags = bytes[4]!;
  if ((flags & ~KNOWN_FLAGS) !== 0 || bytes[5] !== 0) return err('ITB_E_LINK_FLAGS', 'unknown flag bits');
  const rule = FRAME_TYPES[type];
  const direction: Direction = flags & FLAG_FROM_PUMP ? 'from-pump' : 'to-pump';
  if (!rule.directions.includes(direction))
    return err('ITB_E_LINK_FLAGS', `${type} cannot travel ${direction}`);
  if (Boolean(flags & FLAG_SEALED) !== rule.sealed) return err('ITB_E_LINK_FLAGS', `${type}: sealed flag`);
  if (rule.sealed && length < TAG_SIZE) return err('ITB_E_LINK_PAYLOAD', `${type} shorter than its tag`);
  const counter = ((bytes[8]! << 24) >>> 0) + ((bytes[9]! << 16) | (bytes[10]! << 8) | bytes[11]!);
  return {
    ok: true,
    value: {
      type,
      direction,
      counter,
      header: bytes.subarray(0, HEADER_SIZE),
      payload: bytes.subarray(HEADER_SIZE, p),
    },
  };
}
