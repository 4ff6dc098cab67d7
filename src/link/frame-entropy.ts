/**
 * The fresh randomness that comes with each received frame (docs/protocol.md §5.3). Only a frame that may
 * start a handshake needs it: a wake-up's receiver-budget coin and a HELLO's ephemeral key. A frame inside an
 * open session needs none, so the shells pass a source that draws the bytes on first use instead of 32
 * bytes from the operating system for every frame (issue 14: that draw was a twentieth of a round trip).
 * The step functions stay pure: whatever the source returns is an input like any other.
 */

/** A frame's entropy: the bytes themselves, or a source that yields them when (and only when) needed. */
export type FrameEntropy = Uint8Array | (() => Uint8Array);

/**
 * A source that draws `n` bytes from `draw` on its first call and returns those same bytes on every later
 * call: a step re-run with the same input (pump-server.ts after a failed memory write) sees the same bytes.
 */
export function drawnOnDemand(draw: (n: number) => Uint8Array, n: number): () => Uint8Array {
  let bytes: Uint8Array | undefined;
  return () => (bytes ??= draw(n));
}

/** The bytes of a frame's entropy (drawing them now if they come from a source). */
export const entropyBytes = (e: FrameEntropy): Uint8Array => (typeof e === 'function' ? e() : e);
