/**
 * The simulated clinic: the run's context, commands to the pump, alarm responses, refill planning (from
 * the projection's refill-by date, docs/clinical-reference.md §1.6) and titration visits (the label's steps towards a tone
 * goal, checked by the titration guardrail before the pump's own checks: defence in depth, docs/architecture.md
 * principle 4). The refill procedure is in refill.ts; injected faults in faults.ts.
 */
import { observe } from '../body/body.ts';
import type { Rng as BodyRng } from '../body/random.ts';
import { rateTone } from '../body/screening.ts';
import type { TitrationPolicy } from '../body/titration.ts';
import type { StepOutputs } from '../pump/draft.ts';
import type { AlarmChange, PumpInput } from '../pump/index.ts';
import type { AlarmType } from '../pump/state.ts';
import type { Prescription } from '../therapy/prescription.ts';
import { projectReservoir } from '../therapy/projection.ts';
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  epochMs,
  mcgPerDay,
  type EpochMs,
  type NanogramsPerDay,
  type NanogramsPerMl,
  type Nanolitres,
} from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import { detectDoseSlip } from '../therapy/dose-check.ts';
import { getDrug } from '../therapy/drug-library.ts';
import { checkTitration, type Origin, type TitrationPhase } from '../therapy/titration.ts';
import type { Reason } from '../therapy/verdict.ts';
import type { Rng as WorldRng } from '../world/index.ts';
import type { Agenda, AgendaItem } from './agenda.ts';
import { isOn, pumpBuild, type ControlsOff } from './controls.ts';
import { pumpInput, syncBody, type Coupled } from './couple.ts';
import { addEvent, recordAlarms, type DetectionSignal, type Recorder } from './record.ts';
import type { Fault } from './scenario.ts';
import { decideVisit, type TitrationMemory } from './titration-visit.ts';

/** A fault as it happened: when it began, and when (and by what) the clinic could first see it. */
export interface FaultRecord {
  readonly kind: Fault['kind'];
  startedAt: EpochMs | null;
  detectedAt: EpochMs | null;
  detectedBy: DetectionSignal | null;
}

/** Resolved, unit-converted settings of a run (the scenario at the runner's edge). */
export interface SimSettings {
  readonly end: EpochMs;
  readonly drug: 'baclofen';
  /** The strength the patient starts on (the clinic may change it at a refill: Sim.concentration). */
  readonly concentration: NanogramsPerMl;
  readonly fillVolume: Nanolitres;
  readonly refills: { readonly everyMs: number | null; readonly marginDays: number } | null;
  readonly alarmResponseMs: number | null;
  readonly titration: { readonly policy: TitrationPolicy; readonly phase: TitrationPhase } | null;
  readonly origin: Origin;
  readonly ageYears: number | undefined;
  readonly catheterVolume: Nanolitres;
  /** Probability of a pocket fill at each refill (population runs), 0 for scenarios. */
  readonly pocketFillPerRefill: number;
  /** Safety controls switched off (controls.ts); empty in every ordinary run. */
  readonly controlsOff: ControlsOff;
}

/** The mutable context of one run (local to the pure runScenario call). */
export interface Sim {
  c: Coupled;
  readonly s: SimSettings;
  /** The strength the clinic prescribes and fills now (concentration-change.ts). */
  concentration: NanogramsPerMl;
  readonly agenda: Agenda;
  readonly rec: Recorder;
  readonly rater: BodyRng;
  faultRng: WorldRng;
  readonly faults: Fault[];
  readonly faultRecords: FaultRecord[];
  refillIndex: number;
  refillsDone: number;
  discrepancies: number;
  programAccepted: number;
  programRefused: number;
  pendingRefill: AgendaItem | null;
  /** False after a missed refill: the clinic has lost track until an alarm response brings the patient in. */
  tracking: boolean;
  lastDoseChangeAt: EpochMs;
  /** The dose (µg/day) the pump ran before the last accepted change: what an overdose response restarts from. */
  doseBeforeChange: number;
  /** The pump stopped for overdose signs (overdose-response.ts): since when, and the dose to restart from. */
  overdoseStop: { readonly since: EpochMs; readonly baseMcg: number } | null;
  /** The last restart after an interruption (restart.ts): when, and at what dose (µg/day). */
  lastRestart: { readonly at: EpochMs; readonly doseMcg: number } | null;
  /** The dose (µg/day) of a restart that overdosed the patient: the next restart is lower (restart.ts). */
  restartOverdosed: number | null;
  /** A pump at ERI has its replacement booked (pump-replacement.ts). */
  replacementBooked: boolean;
  pumpsReplaced: number;
  /** A catheter fault is present (so a detection leads to a revision). */
  catheterFault: boolean;
  /**
   * When a refill's discrepancy led to the study that found the catheter faulty, until the catheter is
   * revised: since then at least the drug has not reached the spine as programmed — the interruption the
   * restart guidance counts at the revision.
   */
  underDeliverySince: EpochMs | null;
  /** Since when each active alarm has been raised (an interruption's start, for the restart guidance). */
  readonly alarmSince: Partial<Record<AlarmType, EpochMs>>;
  cmd: number;
  /** What the clinic remembers between titration visits (titration-visit.ts). */
  readonly titrationMemory: TitrationMemory;
}

/** Days from a discrepancy that points to the catheter to its revision [A]. */
export const CATHETER_STUDY_DAYS = sourced(
  2,
  'A',
  'our assumption: catheter study and revision within two days of the discrepancy',
);

/**
 * Without the refill board the clinic books the next refill by the calendar, not by the projection [A: a
 * quarterly booking habit, our assumption for a clinic that does not project the alarm date].
 */
export const CALENDAR_REFILL_DAYS = sourced(
  90,
  'A',
  'our assumption: a clinic without a projected refill-by date books quarterly',
);

/** A fresh command id for the run. */
export const id = (sim: Sim, k: string): string => `sim-${k}-${++sim.cmd}`;

/** Gives the pump an input now and records its alarms; returns the outputs (the result for a command). */
export function command(sim: Sim, cmd: PumpInput): StepOutputs {
  const r = pumpInput(sim.c, cmd, pumpBuild(sim.s.controlsOff));
  sim.c = r.coupled;
  noteAlarms(sim, r.outputs.alarms);
  return r.outputs;
}

/** Critical alarms the simulated clinic responds to (when the scenario gives a response time). */
const RESPONDS_TO: readonly AlarmType[] = ['empty-reservoir', 'low-battery-reset'];

/** Records alarm changes and plans the clinic's response to the critical ones it acts on. */
export function noteAlarms(sim: Sim, changes: readonly AlarmChange[]): void {
  recordAlarms(sim.rec, changes);
  for (const ch of changes) {
    if (ch.change === 'raised') sim.alarmSince[ch.alarm] ??= epochMs(ch.at);
    else if (ch.change === 'cleared') delete sim.alarmSince[ch.alarm];
  }
  const after = sim.s.alarmResponseMs;
  if (after === null || !isOn(sim.s.controlsOff, 'alarm-handling')) return;
  for (const ch of changes) {
    if (ch.change !== 'raised' || !RESPONDS_TO.includes(ch.alarm)) continue;
    const already = sim.agenda.find((x) => x.kind === 'response' && x.alarm === ch.alarm);
    if (!already) sim.agenda.add(epochMs(ch.at + after), { kind: 'response', alarm: ch.alarm });
  }
}

export function signal(sim: Sim, at: number, s: DetectionSignal): void {
  sim.rec.signals.push({ at, signal: s });
}

/** Plans the next scheduled refill: the projection's refill-by date (margin before the low alarm, stability), capped by the interval. */
export function planRefill(sim: Sim): void {
  if (sim.pendingRefill !== null) {
    if (sim.pendingRefill.action.kind === 'refill' && sim.pendingRefill.action.late === true) return;
    sim.agenda.remove(sim.pendingRefill);
    sim.pendingRefill = null;
  }
  const plan = sim.s.refills;
  if (plan === null || !sim.tracking) return;
  const { c } = sim;
  let at = plan.everyMs === null ? Infinity : c.t + plan.everyMs;
  if (!isOn(sim.s.controlsOff, 'refill-board')) {
    // No projection: the calendar alone decides (the hazard the refill-by date exists for).
    at = Math.min(at, c.t + CALENDAR_REFILL_DAYS.value * MS_PER_DAY);
    sim.pendingRefill = sim.agenda.add(epochMs(Math.round(at)), {
      kind: 'refill',
      index: sim.refillIndex + 1,
    });
    return;
  }
  try {
    const p = projectReservoir({
      reservoir: c.pump.reservoir.volume,
      prescription: c.pump.prescription,
      lowAlarmThreshold: c.pump.thresholds.lowReservoir,
      start: c.t,
      refillMarginDays: plan.marginDays,
    });
    if (p.refillBy !== null) at = Math.min(at, p.refillBy);
  } catch {
    // A programme the projection cannot handle: fall back to the interval alone.
  }
  if (!Number.isFinite(at)) return;
  at = Math.max(at, c.t + MS_PER_HOUR); // never at the same instant as the refill that planned it
  sim.pendingRefill = sim.agenda.add(epochMs(Math.round(at)), { kind: 'refill', index: sim.refillIndex + 1 });
}

/** The prescription of `doseMcg` µg/day at `concentration` (default: the strength the patient is on). */
export const continuous = (
  sim: Sim,
  doseMcg: number,
  concentration: NanogramsPerMl = sim.concentration,
): Extract<Prescription, { mode: 'simple-continuous' }> => ({
  mode: 'simple-continuous',
  drug: { drug: sim.s.drug, concentration },
  dose: mcgPerDay(doseMcg),
});

/**
 * Programs the pump stopped (the prescription itself, so no later programme, refill or visit resumes the
 * old dose unawares); a refusal is recorded as a `program-refused` event. Returns whether the pump stopped.
 */
export function stopPump(sim: Sim, why: string): boolean {
  const out = command(sim, {
    kind: 'program',
    commandId: id(sim, 'stop'),
    expectedVersion: sim.c.pump.version,
    prescription: { mode: 'stopped' },
  });
  if (out.result?.ok === true) return true;
  addEvent(
    sim.rec,
    sim.c.t,
    'program-refused',
    `${why}: stop refused by the pump`,
    out.result?.reasons ?? [],
  );
  return false;
}

/** The programmer's checks of a typed dose that the run has switched on: the mg/mcg slip, then the step. */
function programmerReasons(sim: Sim, current: NanogramsPerDay, proposed: NanogramsPerDay): readonly Reason[] {
  const off = sim.s.controlsOff;
  if (isOn(off, 'unit-slip')) {
    const slip = detectDoseSlip(getDrug(sim.s.drug), proposed);
    if (slip !== undefined) return [slip];
  }
  if (!isOn(off, 'titration-guardrails')) return [];
  return checkTitration({
    current,
    proposed,
    origin: sim.s.origin,
    ...(sim.s.ageYears === undefined ? {} : { ageYears: sim.s.ageYears }),
    hoursSinceLastChange: (sim.c.t - sim.lastDoseChangeAt) / MS_PER_HOUR,
    phase: sim.s.titration?.phase ?? 'maintenance',
  }).reasons;
}

/**
 * Programs a new daily dose: the programmer's checks first (unless `pumpOnly`: the mg/mcg slip check and the
 * titration guardrail, each unless switched off), then the pump's own checks. Returns whether the pump runs
 * the new dose.
 */
export function program(sim: Sim, doseMcg: number, why: string, pumpOnly = false): boolean {
  const c = sim.c;
  const current = c.pump.prescription.mode === 'simple-continuous' ? c.pump.prescription.dose : mcgPerDay(0);
  const proposed = mcgPerDay(doseMcg);
  const guard: readonly Reason[] = pumpOnly ? [] : programmerReasons(sim, current, proposed);
  if (guard.some((r) => r.severity === 'block')) {
    sim.programRefused++;
    addEvent(sim.rec, c.t, 'program-refused', `${why}: ${doseMcg} µg/day refused by the programmer`, guard);
    return false;
  }
  const out = command(sim, {
    kind: 'program',
    commandId: id(sim, 'program'),
    expectedVersion: sim.c.pump.version,
    prescription: continuous(sim, doseMcg),
  });
  if (out.result?.ok !== true) {
    sim.programRefused++;
    addEvent(
      sim.rec,
      c.t,
      'program-refused',
      `${why}: ${doseMcg} µg/day refused by the pump`,
      out.result?.reasons ?? [],
    );
    return false;
  }
  sim.programAccepted++;
  sim.lastDoseChangeAt = c.t;
  if (c.pump.prescription.mode === 'simple-continuous') sim.doseBeforeChange = current / 1000;
  addEvent(sim.rec, c.t, 'program', `${why}: ${(current / 1000).toFixed(0)} → ${doseMcg} µg/day`, [
    ...guard,
    ...out.result.reasons,
  ]);
  planRefill(sim);
  return true;
}

/** A titration visit: rate tone, then increase, hold or reduce by the label's rules (titration-visit.ts). */
export function visit(sim: Sim): void {
  const t = sim.s.titration;
  if (t === null) return;
  const c = sim.c;
  const p = c.pump.prescription;
  if (p.mode !== 'simple-continuous' || sim.overdoseStop !== null) return;
  if (c.pump.alarms.some((a) => a.type !== 'low-reservoir')) return;
  sim.c = syncBody(sim.c);
  const tone = rateTone(sim.c.body, sim.rater, t.policy.muscleGroups);
  const o = observe(sim.c.body);
  const day = (c.t - sim.rec.start) / MS_PER_DAY;
  const inTitration = t.phase === 'titration' && day <= t.policy.titrationDays;
  const d = decideVisit(
    t.policy,
    inTitration,
    {
      at: c.t,
      doseMcg: p.dose / 1000,
      meanMas: tone.meanMas,
      overdoseStage: o.overdoseStage,
      withdrawalStage: o.withdrawalStage,
    },
    sim.titrationMemory,
  );
  if (d.kind !== 'change') {
    addEvent(sim.rec, c.t, 'visit', d.why);
    return;
  }
  // A reduction for overdose signs that is refused (a running dose above the absolute range: "verify the
  // record") leaves the clinic the overdose response: stop the pump, restart from the intended dose.
  const reduced = program(sim, d.doseMcg, d.why);
  if (!reduced && o.overdoseStage !== 'none' && !sim.agenda.find((a) => a.kind === 'overdose-response'))
    sim.agenda.add(c.t, { kind: 'overdose-response' });
}
