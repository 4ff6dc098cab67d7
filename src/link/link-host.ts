/**
 * The pump's link shell: runs the pure {@link responderStep} over one or more transports on a clock, hands
 * authenticated commands to a handler (the pump endpoint), seals its answers and passes log events on.
 * Frames are answered on the transport they came from; frames the pump starts itself (an idle CLOSE) go to
 * the transport of the current session. All of the decisions stay in the pure state machine.
 */
import { nodeCrypto, nodeEntropy } from './crypto-node.ts';
import type { LinkEvent } from './events.ts';
import { KEY_SIZE } from './crypto.ts';
import { drawnOnDemand } from './frame-entropy.ts';
import { responderStep, type ResponderInput } from './responder.ts';
import {
  initialResponder,
  type DeliveredCommand,
  type ResponderContext,
  type ResponderState,
} from './responder-state.ts';
import type { Response } from './responses.ts';
import type { Transport } from './transport.ts';

export interface LinkHostOptions {
  readonly ctx: ResponderContext;
  /** Executes an authenticated, role-checked command and returns the pump's answer. */
  readonly handle: (command: DeliveredCommand, now: number) => Response;
  readonly onEvents?: (events: readonly LinkEvent[]) => void;
  /** Milliseconds since the epoch; `Date.now` unless a scaled or simulated clock is given. */
  readonly clock?: () => number;
  readonly entropy?: (n: number) => Uint8Array;
  readonly initial?: ResponderState;
  /** How often timeouts are checked; 0 disables the timer (tests call tick()). */
  readonly tickMs?: number;
}

export class LinkHost {
  private st: ResponderState;
  private sessionTransport: Transport | undefined;
  private readonly timer: ReturnType<typeof setInterval> | undefined;
  private readonly clock: () => number;
  private readonly entropy: (n: number) => Uint8Array;

  constructor(private readonly o: LinkHostOptions) {
    this.clock = o.clock ?? Date.now;
    this.entropy = o.entropy ?? nodeEntropy;
    this.st = o.initial ?? initialResponder(o.ctx.config.limits, this.clock());
    const every = o.tickMs ?? 1_000;
    if (every > 0) {
      this.timer = setInterval(() => this.tick(), every);
      this.timer.unref();
    }
  }

  get state(): ResponderState {
    return this.st;
  }

  /** Listens to a transport's frames. */
  attach(t: Transport): void {
    t.onFrame((bytes) =>
      this.run({ kind: 'frame', bytes, entropy: drawnOnDemand(this.entropy, KEY_SIZE) }, t),
    );
  }

  /** Applies timeouts now. */
  tick(): void {
    this.run({ kind: 'tick' }, this.sessionTransport);
  }

  /** Ends the session (if any) and stops the timer. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.run({ kind: 'close' }, this.sessionTransport);
  }

  private run(input: ResponderInput, from: Transport | undefined): void {
    const now = this.clock();
    const before = this.st.session?.id;
    const r = responderStep(this.o.ctx, this.st, input, now);
    this.st = r.state;
    if (r.state.session !== undefined && r.state.session.id !== before) this.sessionTransport = from;
    for (const f of r.send) from?.send(f);
    if (r.events.length > 0) this.o.onEvents?.(r.events);
    for (const d of r.commands) {
      const response = this.o.handle(d, now);
      this.run({ kind: 'respond', response }, from);
    }
    if (this.st.session === undefined) this.sessionTransport = undefined;
  }
}

/** A host with the node:crypto implementation (the usual case). */
export function nodeLinkHost(
  o: Omit<LinkHostOptions, 'ctx'> & { readonly config: ResponderContext['config'] },
): LinkHost {
  return new LinkHost({ ...o, ctx: { config: o.config, crypto: nodeCrypto } });
}
