/**
 * The pump endpoint: the link state machine and the pump controller in one pure step,
 * `endpointStep(ctx, state, input, now) → { state, send, events, outputs, changed }`.
 *
 * Authenticated commands become controller inputs (pump-mapping.ts); interrogations read the controller's
 * state; query-result reads the controller's memory of command results (it applies an id at most once).
 * A session that opens is charged to the battery (`telemetry-session`). Link log events go into the
 * pump's event log. Frames that are refused never step the controller, so a flood can neither change
 * therapy nor make the pump write its memory more than the link's log budget allows; the only other write
 * a frame without a session causes is a started key agreement's HELLO fingerprint (`linkHellos`: a replay
 * stays refused after a restart), at most one per `handshakeMinIntervalMs` and only for a HELLO whose tag
 * proves the pairing. When `changed` is
 * true the shell must persist `state.pump` before it transmits `send` (an answer never outruns the
 * memory write that makes it true).
 */
import { step as pumpStep } from '../pump/controller.ts';
import type { StepOutputs } from '../pump/draft.ts';
import { appendLog } from '../pump/event-log.ts';
import type { PumpCommand, PumpSignal } from '../pump/inputs.ts';
import type { PumpState } from '../pump/state.ts';
import { epochMs } from '../therapy/quantities.ts';
import type { Command, CommandId, CommandOp } from './commands.ts';
import type { LinkEvent } from './events.ts';
import type { Role } from './handshake.ts';
import type { FrameEntropy } from './frame-entropy.ts';
import { alarmsOf, logPage, resultResponse, statusOf, toPumpCommand } from './pump-mapping.ts';
import { responderStep } from './responder.ts';
import type { LinkLimits } from './limits.ts';
import {
  initialResponder,
  type DeliveredCommand,
  type ResponderContext,
  type ResponderState,
} from './responder-state.ts';
import type { Response, ResponseBody } from './responses.ts';

/** Who sent a recent command id, and what it was (query-result needs both). */
export interface Issuer {
  readonly id: CommandId;
  readonly role: Role;
  readonly op: CommandOp;
}

export interface EndpointState {
  readonly pump: PumpState;
  readonly link: ResponderState;
  /** The last {@link MAX_ISSUERS} command ids executed, with role and opcode (not persisted). */
  readonly issuers: readonly Issuer[];
}

export const MAX_ISSUERS = 64;

/**
 * The endpoint of a pump that has just booted with `pump` as its stored state: no session, no handshake,
 * and the memory of recent HELLOs the state kept (a HELLO recorded before the restart stays refused).
 */
export function bootEndpoint(pump: PumpState, limits: LinkLimits, now: number): EndpointState {
  const link = initialResponder(limits, now);
  return {
    pump,
    link: { ...link, guard: { ...link.guard, recentHellos: pump.linkHellos ?? [] } },
    issuers: [],
  };
}

export type EndpointInput =
  | {
      readonly kind: 'frame';
      readonly bytes: Uint8Array;
      readonly entropy: FrameEntropy;
      /**
       * The pump's memory could not be written: every command that would change the pump's state is
       * refused with ITB_E_LINK_NOT_STORED (the shell re-runs the step with this set after a failed
       * write, so an answer never claims a change a reset would undo).
       */
      readonly memoryFailed?: boolean;
    }
  /** Link timeouts, and the controller advanced to `now` (its next event is due). */
  | { readonly kind: 'tick' }
  /** Link timeouts only: the controller is not stepped (a periodic check must not write memory). */
  | { readonly kind: 'link-tick' }
  | { readonly kind: 'close' }
  | { readonly kind: 'signal'; readonly signal: PumpSignal };

export interface EndpointStep {
  readonly state: EndpointState;
  readonly send: readonly Uint8Array[];
  readonly events: readonly LinkEvent[];
  /** What the controller emitted (delivery segments, alarm changes, log entries), in order. */
  readonly outputs: StepOutputs;
  /** True if the pump's state changed: persist it before sending. */
  readonly changed: boolean;
}

class Run {
  readonly send: Uint8Array[] = [];
  readonly events: LinkEvent[] = [];
  readonly outputs: StepOutputs = { segments: [], alarms: [], log: [] };
  constructor(
    public s: EndpointState,
    readonly now: number,
    readonly memoryFailed = false,
  ) {}

  /** Steps the controller; never backwards (a wall clock may jump back), never throwing out of here. */
  pump(input: PumpInput): ReturnType<typeof pumpStep> | undefined {
    const t = epochMs(Math.max(this.now, this.s.pump.clock));
    try {
      const r = pumpStep(this.s.pump, input, t);
      this.s = { ...this.s, pump: r.state };
      this.outputs.segments.push(...r.outputs.segments);
      this.outputs.alarms.push(...r.outputs.alarms);
      this.outputs.log.push(...r.outputs.log);
      return r;
    } catch {
      return undefined;
    }
  }
}
type PumpInput = PumpCommand | PumpSignal;

function remember(s: EndpointState, issuer: Issuer): EndpointState {
  const kept = s.issuers.filter((i) => i.id !== issuer.id);
  return { ...s, issuers: [...kept.slice(Math.max(0, kept.length - MAX_ISSUERS + 1)), issuer] };
}

const refusal = (c: Pick<Command, 'op' | 'commandId'>, error: string): Response => ({
  op: c.op,
  commandId: c.commandId,
  outcome: 'refused',
  error,
  reasons: [],
});

/** What the pump answers to one delivered command. */
function execute(run: Run, d: DeliveredCommand): Response {
  const c = d.command;
  const read = (body: ResponseBody): Response => ({
    op: c.op,
    commandId: c.commandId,
    outcome: 'applied',
    reasons: [],
    body,
  });
  switch (c.op) {
    case 'interrogate-status':
      run.pump({ kind: 'tick' });
      return read({ kind: 'status', status: statusOf(run.s.pump) });
    case 'interrogate-prescription':
      return read({
        kind: 'prescription',
        stateVersion: run.s.pump.version,
        prescription: run.s.pump.prescription,
        patientBolus: run.s.pump.patientBolus,
      });
    case 'interrogate-log':
      return read({ kind: 'log', ...logPage(run.s.pump, c.fromSeq, c.max) });
    case 'interrogate-alarms':
      run.pump({ kind: 'tick' });
      return read({ kind: 'alarms', alarms: alarmsOf(run.s.pump) });
    case 'query-result': {
      const issuer = run.s.issuers.find((i) => i.id === c.target);
      // A patient may learn the fate of its own commands only (protocol.md §5.1).
      if (d.role === 'patient' && issuer?.role !== 'patient') return refusal(c, 'ITB_E_LINK_ROLE_FORBIDDEN');
      const stored = run.s.pump.recentCommands.entries.find((e) => e.id === c.target);
      const found =
        stored === undefined
          ? undefined
          : resultResponse(
              { op: issuer?.op ?? 'unknown', commandId: c.target },
              stored.result,
              true,
              run.s.pump,
            );
      return read({ kind: 'result', found });
    }
    default: {
      const input = toPumpCommand(c);
      if (input === undefined) return refusal(c, 'ITB_E_INTERNAL');
      // Nothing that changes therapy is answered unless the memory write that keeps it can succeed.
      if (run.memoryFailed) return refusal(c, 'ITB_E_LINK_NOT_STORED');
      const duplicate = run.s.pump.recentCommands.entries.some((e) => e.id === c.commandId);
      const r = run.pump(input);
      const result = r?.outputs.result;
      if (result === undefined) return refusal(c, 'ITB_E_INTERNAL');
      if (!duplicate) run.s = remember(run.s, { id: c.commandId, role: d.role, op: c.op });
      return resultResponse(c, result, duplicate, run.s.pump);
    }
  }
}

/** Writes link events into the pump's event log (their time, their code as the entry type). */
function logLinkEvents(run: Run, events: readonly LinkEvent[]): void {
  let log = run.s.pump.log;
  for (const e of events) {
    const detail = Object.entries(e.detail)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const data = Object.fromEntries(Object.entries(e.detail));
    log = appendLog(log, epochMs(Math.max(e.at, 0)), e.code, detail === '' ? e.code : detail, data).log;
  }
  if (events.length > 0) run.s = { ...run.s, pump: { ...run.s.pump, log } };
}

function linkStep(ctx: ResponderContext, run: Run, input: Parameters<typeof responderStep>[2]): void {
  const r = responderStep(ctx, run.s.link, input, run.now);
  run.s = { ...run.s, link: r.state };
  run.send.push(...r.send);
  run.events.push(...r.events);
  logLinkEvents(run, r.events);
  if (r.events.some((e) => e.code === 'ITB_R_LINK_SESSION_OPENED')) run.pump({ kind: 'telemetry-session' });
  for (const d of r.commands) linkStep(ctx, run, { kind: 'respond', response: execute(run, d) });
}

/** One step of the pump endpoint. Pure given the context's crypto. */
export function endpointStep(
  ctx: ResponderContext,
  state: EndpointState,
  input: EndpointInput,
  now: number,
): EndpointStep {
  const run = new Run(state, now, input.kind === 'frame' && input.memoryFailed === true);
  switch (input.kind) {
    case 'frame':
      linkStep(ctx, run, input);
      break;
    case 'close':
      linkStep(ctx, run, input);
      break;
    case 'tick':
      linkStep(ctx, run, input);
      if (now > run.s.pump.clock) run.pump({ kind: 'tick' });
      break;
    case 'link-tick':
      linkStep(ctx, run, { kind: 'tick' });
      break;
    case 'signal':
      run.pump(input.signal);
      break;
  }
  const hellos = run.s.link.guard.recentHellos;
  if (hellos !== state.link.guard.recentHellos) {
    // A key agreement started: its HELLO is remembered in the pump's memory before the reply goes out. If
    // that write cannot be made, the HELLO is not answered (the initiator repeats it): a reply must never
    // rest on a memory a restart would lose.
    if (run.memoryFailed) return { state, send: [], events: [], outputs: run.outputs, changed: false };
    run.s = { ...run.s, pump: { ...run.s.pump, linkHellos: hellos } };
  }
  return {
    state: run.s,
    send: run.send,
    events: run.events,
    outputs: run.outputs,
    changed: run.s.pump !== state.pump,
  };
}
