/**
 * The byte layout of one non-volatile image (all integers little-endian):
 *
 * | offset  | size | field                                                        |
 * |---------|------|--------------------------------------------------------------|
 * | 0       | 4    | magic "ITB1"                                                 |
 * | 4       | 2    | format version (1)                                           |
 * | 6       | 2    | flags, 0                                                     |
 * | 8       | 4    | generation (u32, wraps; newer = serial-number arithmetic)    |
 * | 12      | 4    | payload length n                                             |
 * | 16      | n    | payload (the controller's encoded state; opaque here)        |
 * | 16 + n  | 4    | CRC-32/ISO-HDLC of bytes [0, 16 + n)                         |
 * | 20 + n  | 1    | commit mark 0xA5                                             |
 *
 * The commit mark is programmed last and is never the erased value, so a write interrupted at any byte
 * leaves a page that is recognisably incomplete, whatever the CRC happens to be; the CRC catches bit flips.
 */
import { crc32 } from './nvm-crc32.ts';
import { ERASED } from './nvm-flash.ts';

export const MAGIC = 0x31425449; // "ITB1" read as a little-endian u32
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 16;
export const COMMIT_MARK = 0xa5;
/** Header, CRC and commit mark: the bytes an image needs besides its payload. */
export const OVERHEAD_BYTES = HEADER_BYTES + 4 + 1;

/** Why a page holds no usable image. */
export type InvalidWhy = 'bad-magic' | 'unknown-version' | 'bad-length' | 'not-committed' | 'bad-crc';

/** What one page holds. */
export type PageStatus =
  | { readonly kind: 'blank' }
  | { readonly kind: 'invalid'; readonly why: InvalidWhy }
  | { readonly kind: 'valid'; readonly generation: number; readonly payload: Uint8Array };

/** The image bytes for `payload` at `generation` (not padded to a page). */
export function encodeImage(payload: Uint8Array, generation: number): Uint8Array {
  const n = payload.length;
  const image = new Uint8Array(n + OVERHEAD_BYTES);
  const view = new DataView(image.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint16(4, FORMAT_VERSION, true);
  view.setUint16(6, 0, true);
  view.setUint32(8, generation >>> 0, true);
  view.setUint32(12, n, true);
  image.set(payload, HEADER_BYTES);
  view.setUint32(HEADER_BYTES + n, crc32(image, 0, HEADER_BYTES + n), true);
  image[HEADER_BYTES + n + 4] = COMMIT_MARK;
  return image;
}

/** Classifies the bytes of a whole page. */
export function decodePage(page: Uint8Array): PageStatus {
  // A written page starts with the magic, so one byte usually settles it before scanning the rest.
  if (page[0] === ERASED && page.every((b) => b === ERASED)) return { kind: 'blank' };
  if (page.length < OVERHEAD_BYTES) return { kind: 'invalid', why: 'bad-length' };
  const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
  if (view.getUint32(0, true) !== MAGIC) return { kind: 'invalid', why: 'bad-magic' };
  if (view.getUint16(4, true) !== FORMAT_VERSION) return { kind: 'invalid', why: 'unknown-version' };
  const n = view.getUint32(12, true);
  if (n > page.length - OVERHEAD_BYTES) return { kind: 'invalid', why: 'bad-length' };
  if (page[HEADER_BYTES + n + 4] !== COMMIT_MARK) return { kind: 'invalid', why: 'not-committed' };
  if (view.getUint32(HEADER_BYTES + n, true) !== crc32(page, 0, HEADER_BYTES + n)) {
    return { kind: 'invalid', why: 'bad-crc' };
  }
  return {
    kind: 'valid',
    generation: view.getUint32(8, true),
    payload: page.slice(HEADER_BYTES, HEADER_BYTES + n),
  };
}

/**
 * True when generation `a` is newer than `b` under u32 serial-number arithmetic (RFC 1982): the counter
 * may wrap from 0xFFFFFFFF to 0 in a pump that writes often for years, and 0 must then count as newer.
 */
export function isNewerGeneration(a: number, b: number): boolean {
  const d = (a - b) >>> 0;
  return d !== 0 && d < 0x80000000;
}
