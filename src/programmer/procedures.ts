/**
 * Two short pump procedures (docs/clinical-reference.md §3). **Alarm test**: the programmer sounds the pump's alarm so the
 * patient learns it; whether they heard or felt it is recorded, and an alert says so when they did not —
 * deep implants and hearing loss make alarms inaudible, and the clinic must never rely on the alarm alone.
 * Protocol v1 has no opcode that sounds a tone, so the test reads the pump's alarms and records the
 * clinician's observation of the programmer's own tone. **Catheter change**: record the new catheter volume
 * in the pump, then the priming bolus that fills it — always supervised, because at priming rates drug
 * mixes with the fluid in the catheter and dosing is uncertain (therapy/catheter.ts).
 */
import type { Alert, ProgrammingSession } from '../clinic/clinical-records.ts';
import type { PumpProfile } from '../pump/profile.ts';
import { primingBolus, type PrimingResult } from '../therapy/catheter.ts';
import { ItbError } from '../therapy/codes.ts';
import type { Nanolitres } from '../therapy/quantities.ts';
import { formatVolume } from '../therapy/units.ts';
import { progReason } from './codes.ts';
import { toJson } from './diff.ts';
import { interrogate, snapshotJson, type Snapshot } from './interrogate.ts';
import { tookEffect, type Confirmation, type WorkflowDeps, type WorkflowTarget } from './session.ts';
import { assertWritable } from './titrate.ts';
import { alertForWrite, readBackJson, writeAndVerify, writeRecord, type WriteResult } from './write.ts';

export interface AlarmTestOutcome {
  readonly heard: boolean;
  readonly session: ProgrammingSession;
  readonly alert: Alert | null;
}

/** Records an alarm test: what the pump reports (status and alarms) and whether the patient heard it. */
export async function runAlarmTest(
  observation: { readonly heard: boolean; readonly notes?: string },
  target: WorkflowTarget,
  deps: WorkflowDeps,
): Promise<AlarmTestOutcome> {
  const snapshot = await interrogate(deps.client);
  const alarms = await deps.client.read({ op: 'interrogate-alarms', commandId: deps.client.newCommandId() });
  const reason = observation.heard
    ? progReason('ITB_R_PROG_ALARM_HEARD', 'ok', 'the patient heard or felt the alarm test')
    : progReason(
        'ITB_R_PROG_ALARM_NOT_HEARD',
        'warn',
        'the patient could not hear or feel the alarm test: do not rely on pump alarms — track refill dates ' +
          'and battery in the clinic, and give the caregiver the emergency card [docs/clinical-reference.md §3]',
      );
  const ctx = { actor: target.actor };
  const session = await deps.store.recordProgrammingSession(
    {
      patientId: target.patientId,
      implantId: target.implantId,
      at: deps.now(),
      interrogation: {
        workflow: 'alarm-test',
        snapshot: toJson(snapshotJson(snapshot)),
        alarms: toJson(alarms.outcome === 'refused' ? { refused: alarms.error } : alarms.body),
        heard: observation.heard,
        notes: observation.notes ?? null,
        reasons: toJson([reason]),
      },
      diff: [],
    },
    ctx,
  );
  const alert = observation.heard
    ? null
    : await deps.store.raiseAlert(
        {
          patientId: target.patientId,
          implantId: target.implantId,
          kind: 'pump-alarm',
          severity: 'warning',
          cause: { kind: 'alarm-not-heard' },
          message: reason.message,
          reasons: [reason],
        },
        ctx,
      );
  return { heard: observation.heard, session, alert };
}

export interface CatheterChangePlan {
  readonly snapshot: Snapshot;
  readonly catheterVolume: Nanolitres;
  readonly priming: PrimingResult;
}

/** Plans the priming bolus for a new catheter (pure); it always warns: supervise it. */
export function planCatheterChange(input: {
  readonly snapshot: Snapshot;
  readonly profile: PumpProfile;
  readonly catheterVolume: Nanolitres;
}): CatheterChangePlan {
  return {
    snapshot: input.snapshot,
    catheterVolume: input.catheterVolume,
    priming: primingBolus({
      catheterVolume: input.catheterVolume,
      pumpDeadVolume: input.profile.internalVolume,
      concentration: input.snapshot.status.concentration,
    }),
  };
}

export interface CatheterChangeOutcome {
  readonly catheter: WriteResult;
  readonly priming: WriteResult | null;
  readonly session: ProgrammingSession;
  readonly alerts: readonly Alert[];
}

/**
 * Writes the catheter volume (compare-and-set), then starts the priming bolus. `supervisedBy` names who
 * watches the patient during priming; it is the recorded justification of the priming warning.
 */
export async function applyCatheterChange(
  plan: CatheterChangePlan,
  confirmation: Confirmation & { readonly supervisedBy: string },
  target: WorkflowTarget,
  deps: WorkflowDeps,
): Promise<CatheterChangeOutcome> {
  const supervisor = confirmation.supervisedBy.trim();
  if (supervisor === '') {
    throw new ItbError('ITB_E_PROG_JUSTIFICATION_REQUIRED', 'name who supervises the priming bolus');
  }
  const justification = [`priming supervised by ${supervisor}`, confirmation.justification?.trim()]
    .filter(Boolean)
    .join('; ');
  const diff = [{ path: 'catheterVolume', before: null, after: plan.catheterVolume }];
  assertWritable(plan.priming, { confirm: confirmation.confirm, justification }, diff);
  const v0 = plan.snapshot.stateVersion;
  const catheter = await writeAndVerify(
    deps.client,
    {
      op: 'set-catheter',
      commandId: deps.client.newCommandId(),
      volume: plan.catheterVolume,
      expectedVersion: v0,
    },
    // The status does not carry the catheter volume: the read-back can only show the state moved on.
    { expected: { changed: true }, actual: (s) => ({ changed: s.stateVersion > v0 }) },
  );
  const priming = tookEffect(catheter.status) ? await startPriming(deps, plan.priming.volume) : null;
  const ctx = { actor: target.actor };
  const applied = catheter.execution.outcome === 'applied';
  const session = await deps.store.recordProgrammingSession(
    {
      patientId: target.patientId,
      implantId: target.implantId,
      at: deps.now(),
      interrogation: {
        workflow: 'catheter-change',
        snapshot: toJson(snapshotJson(plan.snapshot)),
        after: readBackJson(catheter, priming),
        write: writeRecord(catheter),
        priming: priming === null ? null : writeRecord(priming),
        primingPlan: toJson(plan.priming.view),
      },
      diff: applied
        ? [
            ...diff,
            ...(priming?.execution.outcome === 'applied'
              ? [{ path: 'primingBolusNl', before: null, after: plan.priming.volume }]
              : []),
          ]
        : [],
      guardrail: { verdict: plan.priming.verdict, reasons: [...plan.priming.reasons] },
      justification,
    },
    ctx,
  );
  const alerts: Alert[] = [];
  for (const [w, what] of [
    [catheter, 'catheter volume'],
    [priming, `priming bolus ${formatVolume(plan.priming.volume)}`],
  ] as const) {
    const a = w === null ? null : alertForWrite(w, target, what);
    if (a !== null) alerts.push(await deps.store.raiseAlert(a, ctx));
  }
  return { catheter, priming, session, alerts };
}

/** Starts the priming bolus of `volume` and reads back that the pump is priming (one write). */
export function startPriming(deps: WorkflowDeps, volume: Nanolitres): Promise<WriteResult> {
  return writeAndVerify(
    deps.client,
    { op: 'priming-bolus', commandId: deps.client.newCommandId(), volume, duration: undefined },
    { expected: { bolus: 'priming-bolus' }, actual: (s) => ({ bolus: s.status.bolus ?? null }) },
  );
}
