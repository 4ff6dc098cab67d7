/**
 * The programmer's typed client: timeouts and retries that never act twice (docs/protocol.md §6.4).
 *
 * A command is sent with a fresh 16-byte id. If its answer is lost (timeout, broken session), the client
 * does not send the command again: it asks the pump for the id's result (query-result), on the same
 * session or a new one. Found → the command was applied (or refused) exactly once, and that is the answer.
 * Not found → the command never took effect and never will: the query was accepted with a higher counter
 * than the lost frame, or in a newer session, so the pump would now refuse that frame as a replay or a
 * forgery. Only then is the command sent again, under the same id (the pump applies an id at most once).
 * If the pump cannot be reached to find out, the client says so: outcome `unknown`, never a guess.
 */
import { ItbError } from '../therapy/codes.ts';
import type { Command, CommandId } from './commands.ts';
import { commandIdFrom, COMMAND_ID_SIZE } from './commands.ts';
import { nodeEntropy } from './crypto-node.ts';
import type { InitiatorContext } from './initiator.ts';
import type { Response } from './responses.ts';
import { SessionClient } from './session-client.ts';
import type { Transport } from './transport.ts';

export interface ProgrammerClientOptions {
  readonly ctx: InitiatorContext;
  /** Opens a new transport to the pump (one per session attempt). */
  readonly connect: () => Promise<Transport>;
  readonly entropy?: (n: number) => Uint8Array;
  readonly clock?: () => number;
  /** Wait for one answer this long (default 2 s). */
  readonly requestTimeoutMs?: number;
  /** Give up a handshake after this long (default: the keys' handshake timeout). */
  readonly handshakeTimeoutMs?: number;
  /** How often an unanswered HELLO is repeated (SessionClient's default unless given). */
  readonly helloRepeatMs?: number;
  /** Sends, queries and session openings allowed per command (default 8). */
  readonly attempts?: number;
  /** Pause before the n-th retry (default 100 ms × 2^n, at most 5 s). */
  readonly retryDelayMs?: (attempt: number) => number;
}

/** What happened to a command, as far as the pump says. */
export type Execution =
  | {
      readonly outcome: 'applied';
      readonly response: Extract<Response, { outcome: 'applied' | 'duplicate' }>;
      /** `query`: the answer was lost and the stored result was fetched by command id. */
      readonly via: 'response' | 'query';
      readonly attempts: number;
    }
  | {
      readonly outcome: 'refused';
      readonly response: Extract<Response, { outcome: 'refused' }>;
      readonly via: 'response' | 'query';
      readonly attempts: number;
    }
  /** The pump confirmed it never applied the id, and the client ran out of attempts to send it. */
  | { readonly outcome: 'not-applied'; readonly reason: string; readonly attempts: number }
  /** The command may have reached the pump and the client could not find out: check before acting. */
  | { readonly outcome: 'unknown'; readonly reason: string; readonly attempts: number };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class ProgrammerClient {
  private session: SessionClient | undefined;
  private readonly entropy: (n: number) => Uint8Array;

  constructor(private readonly o: ProgrammerClientOptions) {
    this.entropy = o.entropy ?? nodeEntropy;
  }

  /** A fresh random command id. */
  newCommandId(): CommandId {
    return commandIdFrom(this.entropy(COMMAND_ID_SIZE));
  }

  private delay(attempt: number): number {
    return this.o.retryDelayMs?.(attempt) ?? Math.min(5_000, 100 * 2 ** attempt);
  }

  /** An open session, opening one if needed (a pump's ERROR advice sets the wait before the next try). */
  private async open(): Promise<SessionClient> {
    if (this.session?.isOpen) return this.session;
    this.session?.close();
    this.session = undefined;
    const transport = await this.o.connect();
    const clock = this.o.clock;
    const repeat = this.o.helloRepeatMs;
    this.session = await SessionClient.open(
      {
        ctx: this.o.ctx,
        transport,
        entropy: this.entropy,
        ...(clock === undefined ? {} : { clock }),
        ...(repeat === undefined ? {} : { helloRepeatMs: repeat }),
      },
      this.o.handshakeTimeoutMs ?? this.o.ctx.config.handshakeTimeoutMs,
    );
    return this.session;
  }

  private get timeout(): number {
    return this.o.requestTimeoutMs ?? 2_000;
  }

  private async send(command: Command): Promise<Response> {
    const s = await this.open();
    return s.request(command, this.timeout);
  }

  /** Runs one state-changing command so that the pump applies it at most once, and says what happened. */
  async execute(command: Command): Promise<Execution> {
    const attempts = this.o.attempts ?? 8;
    let inDoubt = false; // the command may have reached the pump: resolve by query before anything else
    let last = 'no attempt made';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await sleep(this.waitFor(last, attempt));
      try {
        const session = await this.open(); // a failure here sends nothing
        if (!inDoubt) {
          inDoubt = true;
          return classify(await session.request(command, this.timeout), 'response', attempt);
        }
        const query: Command = {
          op: 'query-result',
          commandId: this.newCommandId(),
          target: command.commandId,
        };
        const q = await session.request(query, this.timeout);
        if (q.outcome === 'refused' || q.body.kind !== 'result') {
          // The pump would not tell (e.g. it forgot who sent the id): the same id again is still safe.
          inDoubt = false;
          last = q.outcome === 'refused' ? q.error : 'unexpected answer';
          continue;
        }
        if (q.body.found !== undefined)
          return classify({ ...q.body.found, op: command.op }, 'query', attempt);
        inDoubt = false; // fenced: the lost frame can no longer be accepted
        last = 'the pump never received the command';
      } catch (e) {
        last = reason(e);
        // Keys that are not this pump's never open a session: say so now (nothing was sent with them).
        if (isFinal(e)) {
          if (inDoubt) return { outcome: 'unknown', reason: last, attempts: attempt };
          throw e;
        }
        this.retryAfter = e instanceof ItbError ? Number(e.details?.retryAfterMs ?? 0) : 0;
        if (this.session !== undefined && !this.session.isOpen) this.session = undefined;
      }
    }
    return inDoubt
      ? { outcome: 'unknown', reason: last, attempts }
      : { outcome: 'not-applied', reason: last, attempts };
  }

  private retryAfter = 0;

  private waitFor(_last: string, attempt: number): number {
    const advised = Math.min(this.retryAfter, 30_000);
    this.retryAfter = 0;
    return Math.max(advised, this.delay(attempt - 1));
  }

  /** A read (interrogation): harmless to repeat, so it is simply retried. */
  async read(command: Command): Promise<Response> {
    const attempts = this.o.attempts ?? 8;
    let last: unknown = new ItbError('ITB_E_LINK_TIMEOUT', 'no attempt made');
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await sleep(this.waitFor('', attempt));
      try {
        return await this.send(command);
      } catch (e) {
        if (isFinal(e)) throw e;
        last = e;
        this.retryAfter = e instanceof ItbError ? Number(e.details?.retryAfterMs ?? 0) : 0;
      }
    }
    throw last instanceof Error ? last : new ItbError('ITB_E_LINK_TIMEOUT', String(last));
  }

  /** Ends the session. */
  close(): void {
    this.session?.close();
    this.session = undefined;
  }
}

/** An error no retry can cure (the keys are not this pump's). */
const isFinal = (e: unknown): boolean => e instanceof ItbError && e.code === 'ITB_E_LINK_KEYS_NOT_THIS_PUMP';

function classify(r: Response, via: 'response' | 'query', attempts: number): Execution {
  if (r.outcome === 'refused') return { outcome: 'refused', response: r, via, attempts };
  return { outcome: 'applied', response: r, via, attempts };
}
