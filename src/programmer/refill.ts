/**
 * Applying a refill plan (refill-plan.ts) once every critical action is confirmed: update the pump
 * (volume, drug, concentration — and, for a new concentration, the physician's prescription in force that
 * names it) with compare-and-set on the
 * interrogated state, read it back, deliver the bridge bolus when the concentration changed, record the
 * refill (with its reconciliation and the recorded explanation), the programming session and the chain
 * entry, and book the next refill before refill-by (docs/clinical-reference.md §3). The injection is a physical fact once
 * confirmed, so the refill is recorded even when the pump update fails — with a critical alert, because a
 * pump that does not know its new contents counts the wrong volume and the wrong concentration.
 */
import { dayText, instantText } from '../therapy/date-text.ts';
import type {
  Alert,
  AlertInput,
  Appointment,
  PrescriptionRecord,
  ProgrammingSession,
  Refill,
} from '../clinic/clinical-records.ts';
import { ItbError } from '../therapy/codes.ts';
import { renderReasonTimes } from '../therapy/verdict.ts';
import { prescriptionToJson } from '../therapy/prescription-json.ts';
import { MS_PER_HOUR } from '../therapy/quantities.ts';
import { toJson } from './diff.ts';
import { snapshotJson, type Snapshot } from './interrogate.ts';
import type { RefillPlan } from './refill-plan.ts';
import {
  tookEffect,
  type Confirmation,
  type WorkflowDeps,
  type WorkflowTarget,
  type WriteStatus,
} from './session.ts';
import { assertConfirmed } from './titrate.ts';
import { alertForWrite, readBackJson, writeAndVerify, writeRecord, type WriteResult } from './write.ts';
import { recordIntent } from './write-intent.ts';
import { clinicTimeZone } from '../clinic/time-zone.ts';

export interface RefillOutcome {
  /** The pump update's status. */
  readonly status: WriteStatus;
  readonly write: WriteResult;
  /** The bridge bolus, when the concentration changed and the pump took the refill. */
  readonly bridge: WriteResult | null;
  readonly refill: Refill;
  readonly session: ProgrammingSession;
  readonly prescription: PrescriptionRecord | null;
  readonly appointment: Appointment | null;
  readonly alerts: readonly Alert[];
}

/** The reservoir read back within this much of the calculated fill counts as matching (delivery since). */
const READBACK_VOLUME_WINDOW_MS = MS_PER_HOUR;

function readBackOf(s: Snapshot, expectedVolume: number) {
  const drift = expectedVolume - s.status.reservoir;
  const window = Math.ceil((s.status.flow * READBACK_VOLUME_WINDOW_MS) / 86_400_000) + 1;
  return {
    drug: s.status.drug ?? null,
    concentration: s.status.concentration,
    reservoirMatches: drift >= 0 && drift <= window,
    prescription: prescriptionToJson(s.prescription),
  };
}

/**
 * Refuses (ITB_E_PROG_PLAN_STALE) a plan made before a refill of the same implant was recorded — the plan of
 * a tab left open while another tab, programmer or colleague refilled the pump: confirmed, it would record a
 * second refill of one reservoir against a pump that has moved on. Nothing is sent or recorded.
 */
async function assertNoRefillSince(
  plan: RefillPlan,
  target: WorkflowTarget,
  deps: WorkflowDeps,
  inZone: (ms: number) => string,
): Promise<void> {
  const known = plan.input.recordedRefills;
  if (known === undefined) return;
  const refills = (await deps.store.listRefills(target.patientId, { actor: target.actor })).filter(
    (r) => r.implantId === target.implantId,
  );
  if (refills.length <= known) return;
  const latest = Math.max(...refills.map((r) => r.at));
  throw new ItbError(
    'ITB_E_PROG_PLAN_STALE',
    `a refill was recorded for this pump after this plan’s interrogation (${inZone(latest)}): nothing was ` +
      'sent or recorded — interrogate again and start a new refill',
    { recordedRefills: refills.length, planKnew: known },
  );
}

/**
 * Updates the pump and records the refill. Refuses (ITB_E_PROG_STEP_INCOMPLETE) a plan that is not ready,
 * and like every write an unconfirmed, blocked or unjustified one; the explanation of a discrepancy is the
 * recorded justification unless another is given.
 */
export async function applyRefill(
  plan: RefillPlan,
  confirmation: Confirmation,
  target: WorkflowTarget,
  deps: WorkflowDeps,
): Promise<RefillOutcome> {
  const { input } = plan;
  const fill = input.fill;
  // The booking note's zone, resolved before anything is sent: a bad ITB_TIME_ZONE refuses, changing nothing.
  const zone = clinicTimeZone();
  const inZone = (ms: number) => instantText(ms, zone);
  const dayOf = (ms: number) => dayText(ms, zone);
  if (plan.next !== 'ready' || fill === undefined || input.measuredResidual === undefined) {
    throw new ItbError(
      'ITB_E_PROG_STEP_INCOMPLETE',
      `the refill waits at "${plan.next}": complete it first`,
      {
        steps: plan.steps,
      },
    );
  }
  const explanation = input.explanation?.trim() || undefined;
  // No "no change" refusal: a refill exchanges the drug even when the pump reads the same numbers after it
  // (a full pump refilled with its own volume), and its plan said it was ready.
  const justification = assertConfirmed(plan.guardrail, {
    ...confirmation,
    ...(confirmation.justification === undefined && explanation ? { justification: explanation } : {}),
  });
  const ctx = { actor: target.actor };
  await assertNoRefillSince(plan, target, deps, inZone);
  const { snapshot } = input;
  const expectedPrescription = plan.newPrescription ?? snapshot.prescription;

  const command = {
    op: 'refill',
    commandId: deps.client.newCommandId(),
    expectedVersion: snapshot.stateVersion,
    drug: fill.drug,
    concentration: fill.concentration,
    volumeAdded: fill.volume,
    newVolume: fill.volume,
    drainedVolume: input.measuredResidual,
    prescription: plan.newPrescription ?? undefined,
  } as const;
  const refillRecord = {
    at: deps.now(),
    expectedResidualNl: snapshot.status.reservoir,
    measuredResidualNl: input.measuredResidual,
    drug: fill.drug,
    concentrationNgPerMl: fill.concentration,
    lot: fill.lot,
    volumeAddedNl: fill.volume,
    // The note that answered any warning of the plan (a discrepancy, ERI, a restart, a small fill): the
    // printed refill record carries it, not only the session behind it.
    justification: justification ?? null,
  };
  // Recorded before it is sent: a crash after the pump's write must not leave the record behind the pump.
  await recordIntent(deps, target, command, plan.diff, { kind: 'refill', refill: refillRecord });
  const write = await writeAndVerify(deps.client, command, {
    expected: {
      drug: fill.drug,
      concentration: fill.concentration,
      reservoirMatches: true,
      prescription: prescriptionToJson(expectedPrescription),
    },
    actual: (s) => readBackOf(s, fill.volume),
  });
  const took = tookEffect(write.status);

  // The bridge keeps the dose continuous while the catheter's old fluid clears (therapy/bridge.ts).
  let bridge: WriteResult | null = null;
  if (took && plan.bridge?.needed === true) {
    bridge = await writeAndVerify(
      deps.client,
      {
        op: 'bridge-bolus',
        commandId: deps.client.newCommandId(),
        volume: plan.bridge.volume,
        duration: plan.bridge.bridgeDuration,
      },
      { expected: { bolus: 'bridge-bolus' }, actual: (s) => ({ bolus: s.status.bolus ?? null }) },
    );
  }

  const refill = await deps.store.recordRefill(
    { ...refillRecord, patientId: target.patientId, implantId: target.implantId, at: deps.now() },
    ctx,
  );

  // The new contents' prescription is already the chain head (a physician's change names it:
  // refill-plan.ts assertSyringeMatches); the pump now runs it.
  const prescription: PrescriptionRecord | null = took && plan.newPrescription !== null ? input.head : null;

  const applied = took || write.status === 'readback-mismatch';
  const session = await deps.store.recordProgrammingSession(
    {
      patientId: target.patientId,
      implantId: target.implantId,
      at: deps.now(),
      interrogation: {
        workflow: 'refill',
        snapshot: toJson(snapshotJson(snapshot)),
        // The pump as read back after the update: what it reports now (clinic/pump-conditions.ts).
        after: readBackJson(write, bridge),
        steps: toJson(
          plan.steps.map((s) => ({ step: s.step, state: s.state, codes: s.reasons.map((r) => r.code) })),
        ),
        write: writeRecord(write),
        bridge: bridge === null ? null : writeRecord(bridge),
        bridgePlan: plan.bridge === null ? null : toJson(plan.bridge.view),
        refillId: refill.id,
        attemptedDiff: toJson(plan.diff),
      },
      diff: applied ? [...plan.diff] : [],
      prescriptionId: prescription?.id ?? null,
      guardrail: { verdict: plan.guardrail.verdict, reasons: [...plan.guardrail.reasons] },
      justification,
    },
    ctx,
  );

  let appointment: Appointment | null = null;
  if (plan.bookAt !== null && plan.projection !== null && plan.projection.refillBy !== null) {
    appointment = await deps.store.bookAppointment(
      {
        patientId: target.patientId,
        implantId: target.implantId,
        kind: 'refill',
        at: plan.bookAt,
        durationMinutes: 30,
        // Words a person reads wherever the booking is shown: the dates in the clinic's zone, never ISO text,
        // and dated as what the refill projected — a later dose change moves refill-by, and a bare "refill by
        // <day>" kept in the booking then contradicted the board and the patient page.
        notes: `booked at the refill of ${dayOf(deps.now())}, when refill-by was ${inZone(plan.projection.refillBy)} (low-reservoir alarm ${
          plan.projection.lowAlarmAt === null ? 'not projected' : inZone(plan.projection.lowAlarmAt)
        })`,
      },
      ctx,
    );
  }

  const alerts: AlertInput[] = [];
  const base = { patientId: target.patientId, implantId: target.implantId };
  const writeAlert = alertForWrite(write, target, 'refill');
  if (writeAlert !== null) alerts.push(writeAlert);
  if (!took && write.status !== 'readback-mismatch' && write.status !== 'unknown') {
    alerts.push({
      ...base,
      kind: 'other',
      severity: 'critical',
      cause: { kind: 'pump-not-updated' },
      message:
        `the reservoir was refilled but the pump was not updated (${write.status}${write.error ? `: ${write.error}` : ''}): ` +
        'it does not know its new volume or concentration — re-interrogate and update it now',
    });
  }
  if (bridge !== null) {
    const a = alertForWrite(bridge, target, 'bridge bolus');
    if (a !== null) alerts.push(a);
    if (bridge.status === 'refused' || bridge.status === 'not-applied') {
      alerts.push({
        ...base,
        kind:
          plan.bridge !== null && plan.bridge.withoutBridge.drugDifference > 0
            ? 'overdose-risk'
            : 'withdrawal-risk',
        severity: 'critical',
        cause: { kind: 'bridge-not-delivered' },
        message: `the bridge bolus was not delivered (${bridge.status}): ${plan.bridge?.reasons[0]?.message ?? ''}`,
      });
    }
  }
  const restart = restartAlert(plan, took, justification, inZone);
  if (restart !== null) alerts.push({ ...base, ...restart });
  if (plan.reconciliation?.verdict === 'warn') {
    alerts.push({
      ...base,
      kind: 'residual-discrepancy',
      severity: 'warning',
      message: `residual discrepancy explained at the refill as: ${explanation ?? justification ?? ''}; follow up`,
      reasons: [...plan.reconciliation.reasons],
    });
  }
  const raised: Alert[] = [];
  for (const a of alerts) raised.push(await deps.store.raiseAlert(a, ctx));
  return { status: write.status, write, bridge, refill, session, prescription, appointment, alerts: raised };
}

/**
 * After a long interruption the refill restarts the dose the pump ran before it stopped, into a patient who
 * may have lost tolerance (refill-plan.ts `restartReason`; docs/clinical-reference.md §2): the plan's warning
 * and the note that answered it go to the physician's inbox, the patient page and the board as an open
 * overdose-risk alert, so the team knows to lower the restart dose and to observe — not only the screen of
 * the one who refilled.
 */
function restartAlert(
  plan: RefillPlan,
  took: boolean,
  justification: string | null,
  inZone: (ms: number) => string,
): Pick<AlertInput, 'kind' | 'severity' | 'message' | 'reasons'> | null {
  const restart = plan.guardrail.reasons.find((r) => r.code === 'ITB_R_PROG_RESTART_AFTER_INTERRUPTION');
  if (!took || restart === undefined) return null;
  return {
    kind: 'overdose-risk',
    severity: 'warning',
    message:
      `the refill restarted delivery at the dose the pump ran before it stopped — ${renderReasonTimes(restart, inZone).message}` +
      (justification === null ? '' : `. Noted at the refill: ${justification}`),
    reasons: [restart],
  };
}
