/**
 * Frames over a byte stream (docs/protocol.md §2.5): each frame is preceded by its length as a big-endian
 * u16. The length is checked against the protocol's largest frame before any buffering, so a peer cannot
 * make the receiver allocate more than one frame's worth of memory.
 */
import { CRC_SIZE, HEADER_SIZE, MAX_FRAME } from './limits.ts';

/** The smallest frame: header and CRC, empty payload. */
const MIN_FRAME = HEADER_SIZE + CRC_SIZE;

/**
 * Prefixes a frame with its u16 length, in memory from `alloc` (a socket passes `Buffer.allocUnsafe`, so
 * the bytes it writes need no second wrapping; every byte of it is written here).
 */
export function lengthPrefixed<T extends Uint8Array = Uint8Array>(
  frame: Uint8Array,
  alloc: (n: number) => T = (n) => new Uint8Array(n) as T,
): T {
  if (frame.length > MAX_FRAME) throw new RangeError(`frame of ${frame.length} bytes exceeds ${MAX_FRAME}`);
  const out = alloc(2 + frame.length);
  out[0] = frame.length >>> 8;
  out[1] = frame.length & 0xff;
  out.set(frame, 2);
  return out;
}

const EMPTY = new Uint8Array(0);

/**
 * Splits a byte stream into frames; after a bad length prefix it stays failed (the stream is lost). The
 * frames returned are views into the received chunk (a transport hands over a chunk it no longer writes
 * to): only a frame cut across two chunks is copied, so the common case of whole frames costs no copy.
 */
export class FrameStreamDecoder {
  private buf: Uint8Array = EMPTY;
  private failure: string | undefined;

  get failed(): string | undefined {
    return this.failure;
  }

  /** Adds received bytes; returns the complete frames now available. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.failure !== undefined) return [];
    let data = chunk;
    if (this.buf.length > 0) {
      data = new Uint8Array(this.buf.length + chunk.length);
      data.set(this.buf, 0);
      data.set(chunk, this.buf.length);
    }
    const frames: Uint8Array[] = [];
    let p = 0;
    while (data.length - p >= 2) {
      const n = (data[p]! << 8) | data[p + 1]!;
      if (n < MIN_FRAME || n > MAX_FRAME) {
        this.failure = `ITB_E_LINK_LENGTH: stream frame length ${n} outside ${MIN_FRAME}–${MAX_FRAME}`;
        this.buf = EMPTY;
        return frames;
      }
      if (data.length - p - 2 < n) break;
      frames.push(data.subarray(p + 2, p + 2 + n));
      p += 2 + n;
    }
    // The unfinished rest is copied, so a held view never pins more than one partial frame of a chunk.
    this.buf = p === data.length ? EMPTY : data.slice(p);
    return frames;
  }
}
