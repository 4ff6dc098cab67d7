/**
 * The initiator's link shell: one authenticated session over a transport, driving the pure
 * {@link initiatorStep}. `request` sends one command and resolves with the pump's response to that command
 * id, or rejects with a typed error (timeout, closed). It never retries: deciding whether a command may be
 * sent again is the programmer client's job (programmer-client.ts), which asks for the id's result instead.
 */
import { ItbError } from '../therapy/codes.ts';
import { LINK_CODES, type LinkCode } from './codes.ts';
import type { Command, CommandId } from './commands.ts';
import { KEY_SIZE } from './crypto.ts';
import { nodeEntropy } from './crypto-node.ts';
import {
  initiatorStep,
  INITIAL_INITIATOR,
  type InitiatorContext,
  type InitiatorInput,
  type InitiatorState,
} from './initiator.ts';
import type { Response } from './responses.ts';
import type { Transport } from './transport.ts';

interface Waiter {
  resolve(r: Response): void;
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export interface SessionClientOptions {
  readonly ctx: InitiatorContext;
  readonly transport: Transport;
  readonly clock?: () => number;
  readonly entropy?: (n: number) => Uint8Array;
  /**
   * The same HELLO is repeated this often until the pump answers (default 100 ms; 0: never). A pump under
   * a flood reads only part of what arrives (its receiver budget, guard.ts); copies cost it no new key
   * agreement (docs/protocol.md §3.4), so repeating is how an honest programmer gets through.
   */
  readonly helloRepeatMs?: number;
}

/** Margin before the pump's idle timeout at which a session is no longer used (at most a tenth of it). */
const IDLE_MARGIN_MS = 1_000;

/** Pump answers that mean these keys will never open a session with this pump: retrying cannot help. */
const NOT_THIS_PUMP: ReadonlySet<string> = new Set([
  'ITB_E_LINK_NOT_THIS_PUMP',
  'ITB_E_LINK_UNKNOWN_KEY',
  'ITB_E_LINK_WRONG_ROLE',
]);

/** The error an ERROR advice during the handshake becomes. */
function handshakeRefusal(code: LinkCode, retryAfterMs: number): ItbError {
  if (NOT_THIS_PUMP.has(code)) {
    return new ItbError(
      'ITB_E_LINK_KEYS_NOT_THIS_PUMP',
      `these keys are not this pump's (the pump answered ${code}): use the keys file paired with this pump`,
      { pumpCode: code },
    );
  }
  // The code's own summary says why; the wait, when the pump gave one, says when to try again.
  const retry = retryAfterMs > 0 ? `; try again in ${Math.ceil(retryAfterMs / 1000)} s` : '';
  return new ItbError(
    code,
    `the pump refused the session: ${LINK_CODES[code].summary.replace(/\.$/, '')}${retry}`,
    { retryAfterMs },
  );
}

export class SessionClient {
  private st: InitiatorState = INITIAL_INITIATOR;
  private readonly waiters = new Map<CommandId, Waiter>();
  private opened: { resolve(): void; reject(e: Error): void } | undefined;
  private readonly clock: () => number;
  /** When the last frame was sent (the pump's idle timer restarts on each authenticated frame). */
  private lastSent = 0;

  private constructor(private readonly o: SessionClientOptions) {
    this.clock = o.clock ?? Date.now;
    o.transport.onFrame((bytes) => this.run({ kind: 'frame', bytes }));
    o.transport.onClose((reason) => this.fail(new ItbError('ITB_E_LINK_TRANSPORT', reason)));
  }

  /** Opens a session: handshake with key confirmation, within `timeoutMs`. */
  /**
   * Opens a session: handshake with key confirmation, within `timeoutMs`. On every failure (timeout, a
   * refusal, the transport closing) the transport is closed, so nothing keeps a caller's process alive.
   */
  static open(o: SessionClientOptions, timeoutMs = o.ctx.config.handshakeTimeoutMs): Promise<SessionClient> {
    const c = new SessionClient(o);
    return new Promise((resolve, reject) => {
      let repeat: ReturnType<typeof setInterval> | undefined;
      const settle = () => {
        clearTimeout(timer);
        if (repeat !== undefined) clearInterval(repeat);
      };
      const timer = setTimeout(() => {
        c.opened?.reject(new ItbError('ITB_E_LINK_TIMEOUT', `no session within ${timeoutMs} ms`));
      }, timeoutMs);
      c.opened = {
        resolve: () => (settle(), resolve(c)),
        reject: (e) => {
          settle();
          c.opened = undefined;
          if (c.st.phase !== 'closed') c.st = { phase: 'closed', reason: 'ITB_E_LINK_TIMEOUT' };
          o.transport.close();
          reject(e);
        },
      };
      const hello = c.run({ kind: 'start', entropy: (o.entropy ?? nodeEntropy)(KEY_SIZE) })[0];
      const every = o.helloRepeatMs ?? 100;
      if (hello !== undefined && every > 0 && c.opened !== undefined) {
        repeat = setInterval(() => {
          if (c.st.phase === 'hello-sent') o.transport.send(hello);
        }, every);
      }
    });
  }

  /**
   * Open, and not about to pass the pump's idle timeout (from its authenticated session info, less a
   * margin of a second or a tenth of it): a long-lived client opens a new session instead of sending into one the pump has
   * already closed and waiting out a request timeout.
   */
  get isOpen(): boolean {
    if (this.st.phase !== 'open' || this.o.transport.closed) return false;
    const idle = this.st.info.idleTimeoutMs;
    return this.clock() - this.lastSent < idle - Math.min(IDLE_MARGIN_MS, idle / 10);
  }

  /** Sends a command; resolves with its response or rejects with ITB_E_LINK_TIMEOUT / _TRANSPORT / _STATE. */
  request(command: Command, timeoutMs: number): Promise<Response> {
    if (!this.isOpen) return Promise.reject(new ItbError('ITB_E_LINK_STATE', 'the session is not open'));
    if (this.waiters.has(command.commandId)) {
      return Promise.reject(new ItbError('ITB_E_LINK_STATE', `${command.commandId} is already in flight`));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(command.commandId);
        reject(new ItbError('ITB_E_LINK_TIMEOUT', `no answer to ${command.op} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(command.commandId, { resolve, reject, timer });
      this.run({ kind: 'command', command });
    });
  }

  /** Ends the session politely and closes the transport. */
  close(): void {
    this.run({ kind: 'close' });
    this.o.transport.close();
  }

  /** Steps the initiator; returns the frames it sent. */
  private run(input: InitiatorInput): readonly Uint8Array[] {
    const r = initiatorStep(this.o.ctx, this.st, input, this.clock());
    this.st = r.state;
    for (const f of r.send) this.o.transport.send(f);
    if (r.send.length > 0) this.lastSent = this.clock();
    for (const e of r.events) {
      if (e.kind === 'open') this.opened?.resolve();
      // Unauthenticated advice: it may end our wait for a handshake, never a command's outcome.
      if (e.kind === 'pump-error' && this.opened !== undefined) {
        this.st = { phase: 'closed', reason: e.code };
        this.opened.reject(handshakeRefusal(e.code, e.retryAfterMs));
      }
      // The pump says it holds no session: ours ended there (expired). Fail waiters now rather than at their
      // timeout; the programmer client then asks for their results on a new session (at most once holds).
      if (e.kind === 'pump-error' && e.code === 'ITB_E_LINK_NO_SESSION' && this.st.phase === 'open') {
        this.fail(new ItbError('ITB_E_LINK_SESSION_EXPIRED', 'the pump holds no session for us any more'));
      }
      if (e.kind === 'closed') this.fail(new ItbError(e.reason, `session closed: ${e.reason}`));
    }
    for (const resp of r.responses) {
      const w = this.waiters.get(resp.commandId);
      if (w === undefined) continue; // a late or duplicated answer: nobody waits for it any more
      this.waiters.delete(resp.commandId);
      clearTimeout(w.timer);
      w.resolve(resp);
    }
    return r.send;
  }

  private fail(e: Error): void {
    if (this.st.phase !== 'closed') this.st = { phase: 'closed', reason: 'ITB_E_LINK_TRANSPORT' };
    this.opened?.reject(e);
    this.opened = undefined;
    for (const [, w] of this.waiters) {
      clearTimeout(w.timer);
      w.reject(e);
    }
    this.waiters.clear();
  }
}
