/**
 * State and step result of the pump's side of the link (responder.ts). Split in parts with different
 * rules (docs/protocol.md §5.3): `session` and `pending` change only on authenticated frames (or, for
 * `pending`, on the unauthenticated first handshake message by design); `guard` and `audit` are accounting
 * that any wake-up may update.
 */
import type { Command } from './commands.ts';
import type { LinkCrypto } from './crypto.ts';
import type { LinkEvent } from './events.ts';
import { initialGuard, type GuardState } from './guard.ts';
import type { Role, SessionKeys } from './handshake.ts';
import { DEFAULT_LINK_LIMITS, type LinkLimits } from './limits.ts';
import { audit, initialAudit, type AuditState } from './audit.ts';
import type { LinkCode } from './codes.ts';

/** A key paired with the pump at implant. */
export interface Peer {
  readonly keyId: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly role: Role;
  /** The pairing's hello key (hello-auth.ts), derived once when the keys are loaded. */
  readonly helloKey: Uint8Array;
  /** For people reading the log (e.g. "Clinic programmer 1"). */
  readonly label: string;
}

export interface ResponderConfig {
  readonly staticPrivate: Uint8Array;
  readonly staticPublic: Uint8Array;
  readonly keyId: Uint8Array;
  readonly peers: readonly Peer[];
  readonly limits: LinkLimits;
}

export interface ResponderContext {
  readonly config: ResponderConfig;
  readonly crypto: LinkCrypto;
}

/** A handshake the pump answered but the initiator has not yet confirmed. */
export interface Pending {
  readonly helloFrame: Uint8Array;
  readonly replyFrame: Uint8Array;
  /** How often the stored reply was re-sent for a duplicated HELLO (bounded). */
  readonly resends: number;
  readonly peer: Peer;
  readonly keys: SessionKeys;
  readonly startedAt: number;
}

/** An authenticated session. */
export interface Session {
  /** First 8 bytes of the transcript hash, hex: names the session in the log. */
  readonly id: string;
  readonly peerKeyId: string;
  readonly role: Role;
  readonly keys: SessionKeys;
  /** Last accepted to-pump counter (the CONFIRM used 1). */
  readonly recvCounter: number;
  /** Last used from-pump counter (the HELLO_REPLY used 0). */
  readonly sendCounter: number;
  readonly openedAt: number;
  readonly lastActivity: number;
}

export interface ResponderState {
  readonly guard: GuardState;
  /** The link's event-log budget (audit.ts). */
  readonly audit: AuditState;
  readonly pending: Pending | undefined;
  readonly session: Session | undefined;
}

/** The link state of a freshly implanted pump at `now`. */
export const initialResponder = (limits: LinkLimits, now = 0): ResponderState => ({
  guard: initialGuard(now),
  audit: initialAudit(limits, now),
  pending: undefined,
  session: undefined,
});

/** The initial state under the default limits, at time 0. */
export const INITIAL_RESPONDER: ResponderState = initialResponder(DEFAULT_LINK_LIMITS);

/** A command that authenticated and passed the role table: the endpoint executes it and responds. */
export interface DeliveredCommand {
  readonly sessionId: string;
  readonly role: Role;
  readonly peerKeyId: string;
  readonly command: Command;
}

/** What one step produced: frames to transmit, commands to execute, log entries. */
export interface ResponderStep {
  readonly state: ResponderState;
  readonly send: readonly Uint8Array[];
  readonly commands: readonly DeliveredCommand[];
  readonly events: readonly LinkEvent[];
}

/** A mutable accumulator used inside one step; the step returns it frozen as a {@link ResponderStep}. */
export class StepBuilder {
  readonly send: Uint8Array[] = [];
  readonly commands: DeliveredCommand[] = [];
  readonly events: LinkEvent[] = [];
  constructor(
    public state: ResponderState,
    readonly now: number,
    private readonly limits: LinkLimits,
  ) {}

  /** Logs through the link's log budget (audit.ts). */
  log(code: LinkCode, detail: Readonly<Record<string, string | number>> = {}): void {
    const r = audit(this.limits, this.state.audit, this.now, code, detail);
    this.state = { ...this.state, audit: r.audit };
    this.events.push(...r.events);
  }

  logAll(events: readonly LinkEvent[]): void {
    for (const e of events) this.log(e.code, e.detail);
  }

  done(): ResponderStep {
    return { state: this.state, send: this.send, commands: this.commands, events: this.events };
  }
}
