/**
 * Write-ahead record of a therapy write (docs/threat-model.md, "Crash tests"). Before a `program` or `refill`
 * command leaves for the pump, the programming session is recorded with the write's outcome `unknown` and
 * what recording it would take (the prescription for the chain, the refill record). If the server dies
 * between the pump's memory write and the record (SIGKILL, power), the record still says that a write with
 * this command id may have been applied, and the next interrogation resolves it from the pump's own memory
 * of command results (reconcile-writes.ts). Without it the pump runs a prescription the record never heard
 * of (finding "a crash between the pump's write and the record leaves the record behind the pump").
 */
import type { RefillInput } from '../clinic/clinical-records.ts';
import type { Command } from '../link/commands.ts';
import type { PrescriptionJson } from '../therapy/prescription-json.ts';
import { toJson, type DiffEntry, type Json } from './diff.ts';
import type { WorkflowDeps, WorkflowTarget } from './session.ts';

/** The `interrogation.workflow` of an intent record. */
export const INTENT_WORKFLOW = 'write-intent';

/** What the write would have the record say, once the pump is known to have applied it. */
export type IntentEffect =
  | {
      readonly kind: 'titration';
      readonly pending: PrescriptionJson;
      readonly expectedHeadId: string | null;
      readonly justification: string | null;
    }
  | { readonly kind: 'refill'; readonly refill: Omit<RefillInput, 'patientId' | 'implantId'> };

/** An intent as read back from a programming session. */
export interface WriteIntent {
  readonly sessionId: string;
  readonly at: number;
  readonly op: Command['op'];
  readonly commandId: string;
  readonly attemptedDiff: readonly DiffEntry[];
  readonly effect: IntentEffect;
}

/** Records that `command` is about to be sent, before it is (its outcome: unknown until resolved). */
export async function recordIntent(
  deps: Pick<WorkflowDeps, 'store' | 'now'>,
  target: WorkflowTarget,
  command: Pick<Command, 'op' | 'commandId'>,
  attemptedDiff: readonly DiffEntry[],
  effect: IntentEffect,
): Promise<void> {
  await deps.store.recordProgrammingSession(
    {
      patientId: target.patientId,
      implantId: target.implantId,
      at: deps.now(),
      interrogation: {
        workflow: INTENT_WORKFLOW,
        write: { op: command.op, commandId: command.commandId, status: 'unknown' },
        attemptedDiff: toJson(attemptedDiff),
        effect: toJson(effect),
      },
      diff: [],
    },
    { actor: target.actor },
  );
}

const obj = (v: unknown): Record<string, Json> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, Json>) : undefined;

/** The command id a session's write names (intents, workflow records and resolutions alike). */
export function writeCommandId(interrogation: unknown): string | undefined {
  const id = obj(obj(interrogation)?.['write'])?.['commandId'];
  return typeof id === 'string' ? id : undefined;
}

/** The intent a programming session holds, or undefined when it is another kind of record. */
export function intentOf(session: {
  readonly id: string;
  readonly at: number;
  readonly interrogation: unknown;
}): WriteIntent | undefined {
  const i = obj(session.interrogation);
  if (i?.['workflow'] !== INTENT_WORKFLOW) return undefined;
  const write = obj(i['write']);
  const commandId = writeCommandId(i);
  if (write === undefined || commandId === undefined) return undefined;
  return {
    sessionId: session.id,
    at: session.at,
    op: write['op'] as Command['op'],
    commandId,
    attemptedDiff: (i['attemptedDiff'] ?? []) as unknown as DiffEntry[],
    effect: i['effect'] as IntentEffect,
  };
}
