/**
 * An in-memory link between an initiator and a pump, for tests and simulation, with fault injection
 * (LoopKit MockKit habit: explicit fault switches). A fault hook sees every frame and decides what the
 * other end receives: nothing (drop), several copies (duplicate), a changed frame (corrupt), later
 * (delay — which also reorders). Deliveries are asynchronous through a scheduler, `setTimeout` by default.
 */
import type { Direction } from './frame.ts';
import { TransportBase, type Transport } from './transport.ts';

/** One delivery of a frame: its bytes (possibly altered) after a delay. */
export interface Delivery {
  readonly bytes: Uint8Array;
  readonly delayMs: number;
}

/** Decides the deliveries of the `index`-th frame sent in `direction` (0-based per direction). */
export type FaultHook = (frame: Uint8Array, direction: Direction, index: number) => readonly Delivery[];

/** Runs `fn` after `delayMs`. */
export type Scheduler = (fn: () => void, delayMs: number) => void;

export const defaultScheduler: Scheduler = (fn, delayMs) => void setTimeout(fn, delayMs);

/** Delivers every frame once, immediately. */
export const noFaults: FaultHook = (frame) => [{ bytes: frame, delayMs: 0 }];

class MemoryEnd extends TransportBase implements Transport {
  peer: MemoryEnd | undefined;
  private sent = 0;
  constructor(
    private readonly direction: Direction,
    private readonly faults: FaultHook,
    private readonly schedule: Scheduler,
  ) {
    super();
  }

  send(frame: Uint8Array): void {
    if (this.closed) return;
    const deliveries = this.faults(frame.slice(), this.direction, this.sent++);
    for (const d of deliveries) {
      this.schedule(() => this.peer?.receive(d.bytes), d.delayMs);
    }
  }

  receive(bytes: Uint8Array): void {
    if (!this.closed) this.frameHandler(bytes);
  }

  close(): void {
    // Like a socket's end(): frames already handed over are delivered before the peer sees the close.
    if (this.markClosed('closed locally')) this.schedule(() => this.peer?.markPeerClosed(), 0);
  }

  markPeerClosed(): void {
    this.markClosed('closed by peer');
  }
}

/** A connected pair: `initiator` sends to-pump frames, `pump` sends from-pump frames. */
export function memoryLink(options: { readonly faults?: FaultHook; readonly schedule?: Scheduler } = {}): {
  readonly initiator: Transport;
  readonly pump: Transport;
} {
  const faults = options.faults ?? noFaults;
  const schedule = options.schedule ?? defaultScheduler;
  const initiator = new MemoryEnd('to-pump', faults, schedule);
  const pump = new MemoryEnd('from-pump', faults, schedule);
  initiator.peer = pump;
  pump.peer = initiator;
  return { initiator, pump };
}

/** A small seeded PRNG (mulberry32) so fault schedules are reproducible from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Probabilities of each fault, per frame. */
export interface FaultRates {
  readonly drop: number;
  readonly duplicate: number;
  readonly corrupt: number;
  readonly delay: number;
  /** Longest delay, in ms. */
  readonly maxDelayMs: number;
}

/** A reproducible random fault hook: drops, duplicates, corrupts (one flipped bit) and delays frames. */
export function randomFaults(seed: number, rates: FaultRates): FaultHook {
  const rnd = seededRandom(seed);
  return (frame) => {
    if (rnd() < rates.drop) return [];
    const copies = rnd() < rates.duplicate ? 2 : 1;
    const out: Delivery[] = [];
    for (let i = 0; i < copies; i++) {
      let bytes = frame;
      if (rnd() < rates.corrupt && frame.length > 0) {
        bytes = frame.slice();
        const bit = Math.floor(rnd() * frame.length * 8);
        bytes[bit >> 3]! ^= 1 << (bit & 7);
      }
      const delayMs = rnd() < rates.delay ? Math.floor(rnd() * rates.maxDelayMs) : 0;
      out.push({ bytes, delayMs });
    }
    return out;
  };
}
