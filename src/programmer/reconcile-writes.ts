/**
 * Resolving writes whose outcome the record does not know (write-intent.ts), at the next interrogation: the
 * pump remembers the result of each recent command by id (protocol.md, query-result), so the record can be
 * brought level with what the pump did instead of guessing. Applied → the record says so (the chain entry or
 * the refill the write stood for, then a resolved session); not found → it was never applied and never will
 * be (this session is newer than the lost one: the link's fencing); refused → nothing changed. A write the
 * pump cannot account for stays unresolved and raises a critical alert: never a guess.
 */
import type { Alert, ProgrammingSession } from '../clinic/clinical-records.ts';
import type { ClinicStore } from '../clinic/store.ts';
import type { CommandId } from '../link/commands.ts';
import { prescriptionToJson } from '../therapy/prescription-json.ts';
import { diffJson, toJson } from './diff.ts';
import type { Snapshot } from './interrogate.ts';
import type { LinkClient, WorkflowDeps, WorkflowTarget, WriteStatus } from './session.ts';
import { intentOf, writeCommandId, type WriteIntent } from './write-intent.ts';

export interface ResolvedWrite {
  readonly commandId: string;
  readonly op: WriteIntent['op'];
  /** What the pump says happened; `unknown` when it could not tell (the intent stays open). */
  readonly status: WriteStatus;
  readonly session: ProgrammingSession | null;
  readonly alerts: readonly Alert[];
}

type Deps = Pick<WorkflowDeps, 'now'> & {
  readonly store: WorkflowDeps['store'] & Pick<ClinicStore, 'listProgrammingSessions'>;
};

/** Field by field, whatever the key order. */
const same = (a: unknown, b: unknown) => diffJson(a, b).length === 0;

/** Intents of this implant with no later record of the same command id, oldest first. */
export function openIntents(sessions: readonly ProgrammingSession[], implantId: string): WriteIntent[] {
  const recorded = new Set<string>();
  for (const s of sessions) {
    if (intentOf(s) !== undefined) continue;
    const id = writeCommandId(s.interrogation);
    if (id !== undefined) recorded.add(id);
  }
  return sessions
    .filter((s) => s.implantId === implantId)
    .map(intentOf)
    .filter((i): i is WriteIntent => i !== undefined && !recorded.has(i.commandId))
    .sort((a, b) => a.at - b.at);
}

/** Asks the pump what became of `intent`'s command: applied, refused, never applied, or it cannot tell. */
async function askPump(client: LinkClient, intent: WriteIntent): Promise<WriteStatus> {
  const r = await client.read({
    op: 'query-result',
    commandId: client.newCommandId(),
    target: intent.commandId as CommandId,
  });
  if (r.outcome === 'refused' || r.body.kind !== 'result') return 'unknown';
  const found = r.body.found;
  if (found === undefined) return 'not-applied';
  return found.outcome === 'refused' ? 'refused' : 'applied-unverified';
}

/**
 * Resolves every open intent of `target`'s implant against the pump (just interrogated: `snapshot`) and
 * records each resolution. Returns what it resolved (empty when nothing was open).
 */
export async function reconcileWrites(
  client: LinkClient,
  snapshot: Snapshot,
  target: WorkflowTarget,
  deps: Deps,
): Promise<ResolvedWrite[]> {
  const ctx = { actor: target.actor };
  const open = openIntents(await deps.store.listProgrammingSessions(target.patientId, ctx), target.implantId);
  const out: ResolvedWrite[] = [];
  const running = prescriptionToJson(snapshot.prescription);
  for (const intent of open) {
    let status = await askPump(client, intent);
    const effect = intent.effect;
    let prescriptionId: string | null = null;
    let refillId: string | null = null;
    if (status === 'not-applied' && effect.kind === 'titration' && same(effect.pending, running)) {
      // The pump runs what was meant but no longer remembers the command: it cannot say which write did it.
      status = 'unknown';
    }
    if (status === 'applied-unverified' && effect.kind === 'titration') {
      const head = await deps.store.currentPrescription(target.patientId, ctx);
      if (same(effect.pending, running)) status = 'verified';
      // The pump took the change: the chain gets it (once — unless a later record already holds it).
      if (head === null || !same(head.prescription, effect.pending)) {
        const entry = await deps.store.appendPrescription(target.patientId, effect.pending, {
          ...ctx,
          expectedHeadId: head?.id ?? null,
          implantId: target.implantId,
          ...(effect.justification === null ? {} : { justification: effect.justification }),
        });
        prescriptionId = entry.id;
      }
    }
    if (status === 'applied-unverified' && effect.kind === 'refill') {
      const refill = await deps.store.recordRefill(
        { ...effect.refill, patientId: target.patientId, implantId: target.implantId },
        ctx,
      );
      refillId = refill.id;
      status = 'verified';
    }
    const alerts: Alert[] = [];
    if (status === 'unknown') {
      alerts.push(
        await deps.store.raiseAlert(
          {
            patientId: target.patientId,
            implantId: target.implantId,
            kind: 'other',
            severity: 'critical',
            cause: { kind: 'write-unconfirmed', ref: intent.commandId },
            message:
              `a ${intent.op} command (${intent.commandId}) was cut off before its outcome was recorded and the ` +
              'pump cannot say whether it applied it: compare the pump with the record and record what it runs',
          },
          ctx,
        ),
      );
      out.push({ commandId: intent.commandId, op: intent.op, status, session: null, alerts });
      continue;
    }
    const applied = status === 'verified' || status === 'applied-unverified';
    if (!applied && effect.kind === 'refill') {
      alerts.push(
        await deps.store.raiseAlert(
          {
            patientId: target.patientId,
            implantId: target.implantId,
            kind: 'other',
            severity: 'critical',
            cause: { kind: 'pump-not-updated' },
            message:
              `a refill's pump update (${intent.commandId}) was cut off and never applied: if the syringe was ` +
              'injected, the pump does not know its new volume or concentration — record the refill and update the pump now',
          },
          ctx,
        ),
      );
    }
    const session = await deps.store.recordProgrammingSession(
      {
        patientId: target.patientId,
        implantId: target.implantId,
        at: deps.now(),
        interrogation: {
          workflow: 'reconcile-write',
          write: { op: intent.op, commandId: intent.commandId, status, via: 'query' },
          intentSessionId: intent.sessionId,
          refillId,
          attemptedDiff: toJson(intent.attemptedDiff),
        },
        diff: applied ? [...intent.attemptedDiff] : [],
        prescriptionId,
      },
      ctx,
    );
    out.push({ commandId: intent.commandId, op: intent.op, status, session, alerts });
  }
  return out;
}
