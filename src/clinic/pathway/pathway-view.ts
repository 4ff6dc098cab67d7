/**
 * One patient's place on the care pathway, read from the store in one call (docs/workflows.md "Care
 * pathway"): the stage, the team's decision in force, the start dose the trial gives for the first
 * programme, the post-operative items still due, the battery projection and replacement plan of the pump
 * in place, and the pumps explanted (their history stays under their implant records).
 */
import { getProfile } from '../../pump/profiles.ts';
import { flowIntegral, segmentsBetween } from '../../therapy/dose-math.ts';
import { prescriptionFromJson } from '../../therapy/prescription-json.ts';
import { epochMs, hours, MS_PER_DAY, nanograms, type EpochMs } from '../../therapy/quantities.ts';
import { startDose } from '../../therapy/start-dose.ts';
import type { Reason } from '../../therapy/verdict.ts';
import type { Trial } from '../clinical-records.ts';
import { implantInUse } from '../implant-in-use.ts';
import { reportedConditions } from '../pump-condition-table.ts';
import type { ActorContext, Implant } from '../records.ts';
import type { ClinicStore } from '../store.ts';
import {
  projectBattery,
  replacementPlan,
  type BatteryProjection,
  type BatteryReading,
  type ReplacementPlan,
} from './battery-projection.ts';
import type { Evaluation, TeamDecision } from './evaluation-records.ts';
import type { Explant } from './explant-records.ts';
import { concernReviewDue } from './postop-alert.ts';
import { postOpDue, type DueItem, type PostOpCheck } from './postop-checks.ts';
import { decisionInForce, pathwayStage, type StageView } from './stage.ts';
import { trialNextStep, type TrialNextStep } from './trial-next-step.ts';

export interface FirstProgramme {
  /** The effective screening trial the dose comes from. */
  readonly trialId: string;
  readonly dailyDoseMcg: number | null;
  readonly rule: 'double' | 'single' | 'none';
  readonly reasons: readonly Reason[];
}

export interface PathwayView extends StageView {
  readonly patientId: string;
  readonly decision: TeamDecision | null;
  readonly firstProgramme: FirstProgramme | null;
  /** At the trial stage: the implant, the trial's response, or the next screening dose, and when it is due. */
  readonly trialNext: TrialNextStep | null;
  readonly postOpDue: readonly DueItem[];
  /** The pump in place: its projection and plan (null for a pump without a battery or no pump). */
  readonly battery:
    (BatteryProjection & { readonly implantId: string; readonly plan: ReplacementPlan }) | null;
  readonly activeImplantId: string | null;
  readonly explants: readonly Explant[];
}

/** The start dose of the first programme, from the last responding trial (therapy/start-dose.ts, label rule). */
export function firstProgrammeFrom(trials: readonly Trial[]): FirstProgramme | null {
  const effective = trials.filter((t) => t.responded === true).at(-1);
  if (effective === undefined) return null;
  const r = startDose({
    screeningDose: nanograms(effective.doseNg),
    effectDuration: hours(effective.effectHours ?? 0),
  });
  return { trialId: effective.id, dailyDoseMcg: r.view.dailyDoseMcg, rule: r.rule, reasons: r.reasons };
}

export type SessionLike = {
  readonly implantId: string;
  readonly at: number;
  readonly interrogation: Record<string, unknown>;
};

/** The last interrogation of `implant` that reported the battery, with when it first reported ERI. */
function lastReading(sessions: readonly SessionLike[], implantId: string): BatteryReading | null {
  const read = sessions.filter((x) => x.implantId === implantId && 'batteryEri' in x.interrogation);
  const s = read.at(-1);
  if (s === undefined) return null;
  const percent = s.interrogation['batteryPercent'];
  // The first report of ERI, by the flag or by the pump status's alarms (a refill's read-back reports the
  // pump's alarms, not the flag): the 90 days to EOS count from it. Counted from the flag alone, a pump
  // whose refill reported ERI on 26 Oct read EOS on 5 Mar, 40 days later than the rule (walk, round 23).
  const firstEri = sessions.find(
    (x) =>
      x.implantId === implantId &&
      (x.interrogation['batteryEri'] === true || (reportedConditions(x.interrogation) ?? []).includes('eri')),
  );
  return {
    at: epochMs(s.at),
    percent: typeof percent === 'number' ? percent : null,
    eriReported: s.interrogation['batteryEri'] === true,
    eriSince: firstEri === undefined ? null : epochMs(firstEri.at),
  };
}

/**
 * The battery projection and replacement plan of `implant` (the pump in place) at `now`, or null for a pump
 * without a battery: the one projection the pathway page and the board read (risk-board.ts takes its
 * projected EOS to put a pump past it in the top tier).
 */
export function batteryOf(
  implant: Implant,
  sessions: readonly SessionLike[],
  prescription: unknown,
  now: EpochMs,
): PathwayView['battery'] {
  const profile = getProfile(implant.deviceProfileId);
  if (profile.battery === undefined) return null;
  let meanFlow = 0;
  if (prescription !== null) {
    // The mean flow over the coming week, as the pump computes it for its own battery (meanFlowOf).
    const week = 7 * MS_PER_DAY;
    const opts = { minimumRateFlow: profile.minimumRateFlow.value };
    const integral = flowIntegral(
      segmentsBetween(prescriptionFromJson(prescription), now, epochMs(now + week), 0, opts),
    );
    meanFlow = Number(integral / BigInt(week));
  }
  const projection = projectBattery({
    model: profile.battery,
    strokeVolumeNl: profile.strokeVolume.value,
    meanFlowNlPerDay: meanFlow,
    implantedAt: epochMs(Date.parse(`${implant.implantDate}T00:00:00Z`)),
    reading: lastReading(sessions, implant.id),
  });
  return { ...projection, implantId: implant.id, plan: replacementPlan(projection, now) };
}

/** A patient's records the pathway is derived from. */
export interface PathwayRecords {
  readonly patientId: string;
  readonly evaluations: readonly Evaluation[];
  readonly trials: readonly Trial[];
  readonly implants: readonly Implant[];
  /** The prescription in force's clinician JSON, or null. */
  readonly prescription: unknown;
  readonly checks: readonly PostOpCheck[];
  readonly explants: readonly Explant[];
  readonly sessions: readonly SessionLike[];
}

/** The pathway view from the records at `now` (pure): the one derivation the page and the board share. */
export function derivePathway(r: PathwayRecords, now: EpochMs): PathwayView {
  const active = implantInUse(r.implants, r.explants);
  const due =
    active === undefined
      ? []
      : [...concernReviewDue(active.id, r.checks, now), ...postOpDue(active, r.checks, now)].sort(
          (a, b) => a.dueAt - b.dueAt,
        );
  const battery = active === undefined ? null : batteryOf(active, r.sessions, r.prescription, now);
  const stage = pathwayStage(
    {
      evaluations: r.evaluations,
      trials: r.trials,
      implants: r.implants,
      explants: r.explants,
      hasPrescription: r.prescription !== null,
      openPostOpChecks: due.filter((d) => d.overdue).length,
      replacementDue: battery?.plan.due ?? false,
    },
    now,
  );
  return {
    ...stage,
    patientId: r.patientId,
    decision: decisionInForce(r.evaluations),
    firstProgramme: firstProgrammeFrom(r.trials),
    trialNext: stage.stage === 'trial' ? trialNextStep(r.trials, r.evaluations) : null,
    postOpDue: due,
    battery,
    activeImplantId: active?.id ?? null,
    explants: r.explants,
  };
}

/** Reads the patient's pathway records (each read audited) and derives the view at `now`. */
export async function pathwayView(
  store: ClinicStore,
  patientId: string,
  ctx: ActorContext,
  now: EpochMs,
): Promise<PathwayView> {
  const [evaluations, trials, implants, current, checks, explants, sessions] = await Promise.all([
    store.listEvaluations(patientId, ctx),
    store.listTrials(patientId, ctx),
    store.listImplants(patientId, ctx),
    store.currentPrescription(patientId, ctx),
    store.listPostOpChecks(patientId, ctx),
    store.listExplants(patientId, ctx),
    store.listProgrammingSessions(patientId, ctx),
  ]);
  const prescription = current?.prescription ?? null;
  return derivePathway(
    { patientId, evaluations, trials, implants, prescription, checks, explants, sessions },
    now,
  );
}
