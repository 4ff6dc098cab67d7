/**
 * The virtual pump on the link: the pure {@link endpointStep} driven by transports and timers. It persists
 * the pump's state after every change and only then transmits (an answer never claims what a reset could
 * undo), steps the controller at its next event on a real or scaled clock, and checks link timeouts.
 */
import { nextEventTime } from '../pump/controller.ts';
import type { StepOutputs } from '../pump/draft.ts';
import type { PumpSignal } from '../pump/inputs.ts';
import type { PumpState } from '../pump/state.ts';
import { systemClock, type LinkClock } from './clock.ts';
import { KEY_SIZE } from './crypto.ts';
import { nodeEntropy } from './crypto-node.ts';
import { drawnOnDemand } from './frame-entropy.ts';
import type { LinkEvent } from './events.ts';
import {
  bootEndpoint,
  endpointStep,
  type EndpointInput,
  type EndpointState,
  type EndpointStep,
} from './pump-endpoint.ts';
import type { ResponderContext } from './responder-state.ts';
import type { Transport } from './transport.ts';

export interface PumpServerOptions {
  readonly ctx: ResponderContext;
  readonly pump: PumpState;
  readonly clock?: LinkClock;
  readonly entropy?: (n: number) => Uint8Array;
  /** Called with the new state after every change, before anything is transmitted; may throw. */
  readonly persist?: (state: PumpState) => void;
  readonly onEvents?: (events: readonly LinkEvent[]) => void;
  readonly onOutputs?: (outputs: StepOutputs) => void;
  /** Called when persisting failed (a frame's step was then re-run with changes of therapy refused). */
  readonly onError?: (error: unknown) => void;
  /** Real milliseconds between link timeout checks (0: none; tests call tick()). */
  readonly linkTickMs?: number;
}

/** Longest single timer (setTimeout's limit); a later pump event is reached in several hops. */
const MAX_TIMER_MS = 2_147_483_647;

/** What the link did, for pricing its energy (energy.ts): frames received, read, sent; key agreements. */
export interface LinkMeter {
  received: number;
  /** Received frames dropped unread (receiver budget spent, guard.ts). */
  dropped: number;
  sent: number;
  keyAgreements: number;
}

export class PumpServer {
  /** Counters since start (not persisted). */
  readonly meter: LinkMeter = { received: 0, dropped: 0, sent: 0, keyAgreements: 0 };
  private st: EndpointState;
  private last: Transport | undefined;
  private sessionTransport: Transport | undefined;
  /** The connection whose HELLO (its tag proved the pairing) started the pending handshake. */
  private handshakeTransport: Transport | undefined;
  private pumpTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly linkTimer: ReturnType<typeof setInterval> | undefined;
  private readonly clock: LinkClock;
  private stopped = false;

  constructor(private readonly o: PumpServerOptions) {
    this.clock = o.clock ?? systemClock;
    this.st = bootEndpoint(o.pump, o.ctx.config.limits, this.clock.now());
    const every = o.linkTickMs ?? 1_000;
    if (every > 0) {
      this.linkTimer = setInterval(() => this.run({ kind: 'link-tick' }, this.last), every);
      this.linkTimer.unref();
    }
    this.schedulePump();
  }

  get state(): EndpointState {
    return this.st;
  }

  /**
   * Whether `t` carries the current authenticated session, or the handshake opening one (a HELLO that
   * proved the pairing): a listener never evicts it. Connections of anyone without keys evicted a
   * programmer between its HELLO and its CONFIRM, and each lost handshake fed the back-off.
   */
  holdsSessionOrHandshake(t: Transport): boolean {
    const { session, pending } = this.st.link;
    return (
      (session !== undefined && this.sessionTransport === t) ||
      (pending !== undefined && this.handshakeTransport === t)
    );
  }

  attach(t: Transport): void {
    t.onFrame((bytes) =>
      this.run({ kind: 'frame', bytes, entropy: drawnOnDemand(this.o.entropy ?? nodeEntropy, KEY_SIZE) }, t),
    );
  }

  /** Something happened to the pump in the world (MRI, motor fault, …). */
  signal(signal: PumpSignal): void {
    this.run({ kind: 'signal', signal }, this.last);
  }

  /** Applies link timeouts and advances the pump to now. */
  tick(): void {
    this.run({ kind: 'tick' }, this.last);
  }

  stop(): void {
    this.stopped = true;
    if (this.linkTimer !== undefined) clearInterval(this.linkTimer);
    if (this.pumpTimer !== undefined) clearTimeout(this.pumpTimer);
    this.run({ kind: 'close' }, this.last);
  }

  private schedulePump(): void {
    if (this.stopped) return;
    if (this.pumpTimer !== undefined) clearTimeout(this.pumpTimer);
    const next = nextEventTime(this.st.pump);
    if (next === null) return;
    const delay = Math.min(this.clock.realDelay(next), MAX_TIMER_MS);
    this.pumpTimer = setTimeout(() => this.tick(), delay);
    this.pumpTimer.unref();
  }

  private count(input: EndpointInput, before: EndpointState, r: EndpointStep): void {
    const g0 = before.link.guard;
    const g1 = r.state.link.guard;
    if (input.kind === 'frame') {
      this.meter.received++;
      if (g1.ignored > g0.ignored) this.meter.dropped++;
    }
    if (g1.lastHandshakeAt !== g0.lastHandshakeAt) this.meter.keyAgreements++;
    this.meter.sent += r.send.length;
  }

  /** Persists a changed pump state; false (reported through onError) if the write failed. */
  private persisted(before: EndpointState, r: EndpointStep): boolean {
    if (r.state.pump === before.pump) return true;
    try {
      this.o.persist?.(r.state.pump);
      return true;
    } catch (e) {
      this.o.onError?.(e);
      return false;
    }
  }

  /**
   * One step, persist first: the new state is committed in memory and its answers sent only once the
   * memory write succeeded. If it failed, a frame's step is re-run from the old state with every change
   * of therapy refused (ITB_E_LINK_NOT_STORED), so the answer never claims what a reset would undo. Time
   * and world signals are kept in memory even if their write failed: the pump did deliver, the motor did
   * stall (the next successful write stores them).
   */
  private run(input: EndpointInput, from: Transport | undefined): void {
    const before = this.st;
    const now = this.clock.now();
    let r = endpointStep(this.o.ctx, before, input, now);
    if (!this.persisted(before, r) && input.kind === 'frame') {
      r = endpointStep(this.o.ctx, before, { ...input, memoryFailed: true }, now);
      this.persisted(before, r);
    }
    this.st = r.state;
    this.count(input, before, r);
    // What a frame causes answers that frame's connection; what time or the pump itself causes (the sealed
    // CLOSE of an idle or over-long session) goes to the connection holding the session — never to
    // whoever sent the last frame, which may be anyone's junk on another connection.
    const to = input.kind === 'frame' ? from : (this.sessionTransport ?? from);
    if (from !== undefined) this.last = from;
    const session = r.state.link.session;
    if (session === undefined) this.sessionTransport = undefined;
    else if (session.id !== before.link.session?.id) this.sessionTransport = from;
    // A copy of the pending HELLO (a replay on another connection) keeps the handshake where it started.
    const pending = r.state.link.pending;
    if (pending === undefined) this.handshakeTransport = undefined;
    else if (pending.helloFrame !== before.link.pending?.helloFrame) this.handshakeTransport = from;
    for (const f of r.send) to?.send(f);
    if (r.events.length > 0) this.o.onEvents?.(r.events);
    if (r.outputs.segments.length + r.outputs.alarms.length + r.outputs.log.length > 0)
      this.o.onOutputs?.(r.outputs);
    if (r.state.pump !== before.pump) this.schedulePump();
  }
}
