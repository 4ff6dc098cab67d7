/** Command results and the handler signature shared by the command modules. */
import type { Reason } from '../therapy/verdict.ts';
import type { PumpBuild } from './build.ts';
import type { Draft, StepOutputs } from './draft.ts';
import type { PumpCommand } from './inputs.ts';
import type { CommandResult } from './state.ts';

/** A command handler: checks first, then changes the draft only if it accepts. */
export type Handler<C extends PumpCommand = PumpCommand> = (
  d: Draft,
  out: StepOutputs,
  cmd: C,
  build: PumpBuild,
) => CommandResult;

/** A refusal with its error code and every reason. */
export const refused = (code: string, reasons: readonly Reason[]): CommandResult => ({
  ok: false,
  code,
  reasons,
});

/** An acceptance, with advisory (ok/warn) reasons if any. */
export const accepted = (reasons: readonly Reason[] = []): CommandResult => ({ ok: true, reasons });
