/**
 * Command handling: shape validation, idempotency by command id, compare-and-set on the state version, the
 * pump's own safety checks, and then the change. A refused command changes nothing but the event log and
 * the remembered result (so a repeat gets the same answer); the draft is restored from a snapshot on
 * refusal, so no handler can leak a half-applied change. Nothing but an accepted command changes the
 * prescription (docs/architecture.md principle 5).
 */
import { z } from 'zod';
import { ItbError } from '../therapy/codes.ts';
import { pumpReason } from './codes.ts';
import { writeLog, type Draft, type StepOutputs } from './draft.ts';
import { commandSchema, type PumpCommand } from './inputs.ts';
import { BOLUS_HANDLERS } from './bolus-commands.ts';
import type { PumpBuild } from './build.ts';
import { CONFIG_HANDLERS } from './config-commands.ts';
import { outOfService } from './flows.ts';
import type { CommandResult } from './state.ts';
import { refused, type Handler } from './results.ts';

/** How many command results the pump remembers (in state, so it survives a reset). */
export const MIN_COMMAND_MEMORY = 64;

/** Commands refused once the pump is out of service (they would start or change delivery). */
const NEEDS_SERVICE = new Set<PumpCommand['kind']>([
  'program',
  'bolus',
  'priming-bolus',
  'bridge-bolus',
  'patient-bolus',
  'resume',
]);

function dispatch(d: Draft, out: StepOutputs, cmd: PumpCommand, build: PumpBuild): CommandResult {
  if (NEEDS_SERVICE.has(cmd.kind) && outOfService(d)) {
    return refused('ITB_E_PUMP_OUT_OF_SERVICE', [
      pumpReason('ITB_R_PUMP_END_OF_SERVICE', 'block', 'the pump has reached end of service: replace it'),
    ]);
  }
  const expected = 'expectedVersion' in cmd ? cmd.expectedVersion : undefined;
  if (expected !== undefined && expected !== d.version) {
    return refused('ITB_E_PUMP_VERSION_CONFLICT', [
      pumpReason(
        'ITB_R_PUMP_VERSION_CONFLICT',
        'block',
        `the command was prepared against state version ${expected}; the pump is at ${d.version}: interrogate and review again`,
        d.version,
        expected,
      ),
    ]);
  }
  const handler = (BOLUS_HANDLERS[cmd.kind] ?? CONFIG_HANDLERS[cmd.kind]) as Handler | undefined;
  if (handler === undefined)
    return refused('ITB_E_PUMP_INVALID_COMMAND', [
      pumpReason('ITB_R_PUMP_MALFORMED', 'block', `unknown command ${cmd.kind}`),
    ]);
  return handler(d, out, cmd, build);
}

/**
 * Runs a handler; an exception (a bug, or an input no check foresaw) becomes a refusal, so a command can
 * never crash the pump or leave it half-changed (the draft is restored like any refusal).
 */
function safely(run: () => CommandResult): CommandResult {
  try {
    return run();
  } catch (e) {
    const code = e instanceof ItbError ? e.code : 'ITB_E_INTERNAL';
    const message = e instanceof Error ? e.message : String(e);
    return refused(code, [
      pumpReason('ITB_R_PUMP_MALFORMED', 'block', `the command could not be applied: ${message}`),
    ]);
  }
}

function remember(d: Draft, id: string, result: CommandResult): void {
  const { capacity, entries } = d.recentCommands;
  const kept = entries.length >= capacity ? entries.slice(entries.length - capacity + 1) : entries;
  d.recentCommands = { capacity, entries: [...kept, { id, result }] };
}

/** Applies one command (already advanced to its instant) and returns its result. */
export function applyCommand(d: Draft, out: StepOutputs, raw: PumpCommand, build: PumpBuild): CommandResult {
  const parsed = commandSchema.safeParse(raw);
  const id =
    typeof (raw as { commandId?: unknown }).commandId === 'string'
      ? (raw as { commandId: string }).commandId
      : undefined;
  const prior = id === undefined ? undefined : d.recentCommands.entries.find((e) => e.id === id);
  if (prior !== undefined) {
    writeLog(
      d,
      out,
      'command-repeated',
      `command ${id} seen before: its stored result is returned, nothing is done again`,
      { commandId: id ?? null },
    );
    return prior.result;
  }
  if (!parsed.success) {
    const result = refused('ITB_E_PUMP_INVALID_COMMAND', [
      pumpReason('ITB_R_PUMP_MALFORMED', 'block', z.prettifyError(parsed.error)),
    ]);
    writeLog(
      d,
      out,
      'command-refused',
      `malformed ${String((raw as { kind?: unknown }).kind)} command refused`,
      { commandId: id ?? null, code: result.code ?? null },
    );
    if (id !== undefined && id.length > 0 && id.length <= 128) remember(d, id, result);
    return result;
  }
  const cmd = parsed.data as PumpCommand;
  const snapshot: Draft = { ...d };
  const lengths = { segments: out.segments.length, alarms: out.alarms.length };
  const result = safely(() => dispatch(d, out, cmd, build));
  if (!result.ok) {
    const log = d.log;
    Object.assign(d, snapshot, { log });
    out.segments.length = lengths.segments;
    out.alarms.length = lengths.alarms;
    writeLog(
      d,
      out,
      'command-refused',
      // Codes only: the full reasons are in the remembered result, and the log must stay small enough
      // for the non-volatile image.
      `${cmd.kind} refused: ${result.code ?? ''} (${result.reasons.map((r) => r.code).join(', ')})`,
      { commandId: cmd.commandId, code: result.code ?? null },
    );
  } else {
    writeLog(d, out, 'command-accepted', `${cmd.kind} accepted`, {
      commandId: cmd.commandId,
      version: d.version,
    });
  }
  remember(d, cmd.commandId, result);
  return result;
}
