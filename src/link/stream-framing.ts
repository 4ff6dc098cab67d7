/**
 * Frames over a byte stream (docs/protocol.md §2.5): each frame is preceded by its length as a big-endian
 * u16. The length is checked against the protocol's largest frame before any buffering, so a peer cannot
 * make the receiver allocate more than one frame's worth of memory.
 */
import { CRC_SIZE, HEADER_SIZE, MAX_FRAME } from './limits.ts';

/** The smallest frame: header and CRC, empty payload. */
const MIN_FRAME = HEADER_SIZE + CRC_SIZE;

/** Prefixes a frame with its u16 length. */
export function lengthPrefixed(frame: Uint8Array): Uint8Array {
  if (frame.length > MAX_FRAME) throw new RangeError(`frame of ${frame.length} bytes exceeds ${MAX_FRAME}`);
  const out = new Uint8Array(2 + frame.length);
  out[0] = frame.length >>> 8;
  out[1] = frame.length & 0xff;
  out.set(frame, 2);
  return out;
}

/** Splits a byte stream into frames; after a bad length prefix it stays failed (the stream is lost). */
export class FrameStreamDecoder {
  private buf = new Uint8Array(0);
  private failure: string | undefined;

  get failed(): string | undefined {
    return this.failure;
  }

  /** Adds received bytes; returns the complete frames now available. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.failure !== undefined) return [];
    const joined = new Uint8Array(this.buf.length + chunk.length);
    joined.set(this.buf, 0);
    joined.set(chunk, this.buf.length);
    const frames: Uint8Array[] = [];
    let p = 0;
    while (joined.length - p >= 2) {
      const n = (joined[p]! << 8) | joined[p + 1]!;
      if (n < MIN_FRAME || n > MAX_FRAME) {
        this.failure = `ITB_E_LINK_LENGTH: stream frame length ${n} outside ${MIN_FRAME}–${MAX_FRAME}`;
        this.buf = new Uint8Array(0);
        return frames;
      }
      if (joined.length - p - 2 < n) break;
      frames.push(joined.slice(p + 2, p + 2 + n));
      p += 2 + n;
    }
    this.buf = joined.slice(p);
    return frames;
  }
}
