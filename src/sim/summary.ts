/**
 * The outcome of a run: harm events by kind (onsets of each withdrawal and overdose stage), time with tone
 * at goal, alarms raised, refills and reconciliation discrepancies, programming refused, and each fault with
 * when it began and how long the clinic took to see it.
 */
import {
  OVERDOSE_STAGES,
  WITHDRAWAL_STAGES,
  stageRank,
  type OverdoseStage,
  type WithdrawalStage,
} from '../body/scales.ts';
import type { AlarmType } from '../pump/state.ts';
import { MS_PER_DAY, MS_PER_HOUR } from '../therapy/quantities.ts';
import type { FaultRecord, Sim } from './context.ts';
import { detectFaults } from './detection.ts';
import type { DetectionSignal } from './record.ts';
import type { FaultKind } from './scenario.ts';

export interface FaultOutcome {
  readonly kind: FaultKind;
  readonly startDay: number | null;
  readonly detectedDay: number | null;
  readonly detectedBy: DetectionSignal | null;
  readonly detectionDelayHours: number | null;
}

export interface RunSummary {
  readonly days: number;
  readonly patientYears: number;
  /** Onsets of each stage (entering it from a milder one), per kind. */
  readonly harm: {
    readonly withdrawal: Readonly<Record<Exclude<WithdrawalStage, 'none'>, number>>;
    readonly overdose: Readonly<Record<Exclude<OverdoseStage, 'none'>, number>>;
  };
  readonly maxWithdrawalStage: WithdrawalStage;
  readonly maxOverdoseStage: OverdoseStage;
  readonly hoursInWithdrawal: number;
  readonly hoursInOverdose: number;
  /** Share of the run with true tone at or below the goal (time-weighted over the samples). */
  readonly timeAtGoalFraction: number;
  readonly goalMeanMas: number;
  readonly alarmsRaised: Readonly<Partial<Record<AlarmType, number>>>;
  readonly refills: { readonly done: number; readonly discrepancies: number };
  readonly programming: { readonly accepted: number; readonly refused: number };
  readonly faults: readonly FaultOutcome[];
  /** First sample with the true reservoir empty (day), null if never. */
  readonly reservoirEmptyDay: number | null;
  readonly finalDoseMcgPerDay: number;
  readonly pumpDeliveredMcg: number;
  readonly intrathecalMcg: number;
  readonly tissueMcg: number;
}

const round = (v: number, d = 3): number => Number(v.toFixed(d));

/** Summarises a finished run. */
export function summarise(sim: Sim, goalMeanMas: number): { summary: RunSummary; faults: FaultRecord[] } {
  const rec = sim.rec;
  const withdrawal = { early: 0, moderate: 0, severe: 0 };
  const overdose = { drowsy: 0, 'respiratory-depression': 0, coma: 0 };
  let maxW: WithdrawalStage = 'none';
  let maxO: OverdoseStage = 'none';
  let hW = 0;
  let hO = 0;
  let atGoal = 0;
  let total = 0;
  let emptyDay: number | null = null;
  for (const [i, r] of rec.samples.entries()) {
    const prev = rec.samples[i - 1];
    const wr = stageRank(WITHDRAWAL_STAGES, r.withdrawalStage);
    const or = stageRank(OVERDOSE_STAGES, r.overdoseStage);
    const pw = prev ? stageRank(WITHDRAWAL_STAGES, prev.withdrawalStage) : 0;
    const po = prev ? stageRank(OVERDOSE_STAGES, prev.overdoseStage) : 0;
    for (let k = pw + 1; k <= wr; k++) withdrawal[WITHDRAWAL_STAGES[k] as keyof typeof withdrawal]++;
    for (let k = po + 1; k <= or; k++) overdose[OVERDOSE_STAGES[k] as keyof typeof overdose]++;
    if (wr > stageRank(WITHDRAWAL_STAGES, maxW)) maxW = r.withdrawalStage;
    if (or > stageRank(OVERDOSE_STAGES, maxO)) maxO = r.overdoseStage;
    if (emptyDay === null && r.reservoirTrueNl <= 0) emptyDay = r.day;
    if (prev) {
      const dt = (r.at - prev.at) / MS_PER_HOUR;
      total += dt;
      if (prev.masContinuous <= goalMeanMas) atGoal += dt;
      if (pw > 0) hW += dt;
      if (po > 0) hO += dt;
    }
  }
  const faults = detectFaults(rec, sim.faultRecords);
  const last = rec.samples.at(-1);
  const days = (sim.s.end - rec.start) / MS_PER_DAY;
  const dayOf = (t: number | null) => (t === null ? null : round((t - rec.start) / MS_PER_DAY));
  return {
    faults,
    summary: {
      days: round(days),
      patientYears: round(days / 365.25, 4),
      harm: { withdrawal, overdose },
      maxWithdrawalStage: maxW,
      maxOverdoseStage: maxO,
      hoursInWithdrawal: round(hW, 1),
      hoursInOverdose: round(hO, 1),
      timeAtGoalFraction: total > 0 ? round(atGoal / total, 4) : 0,
      goalMeanMas,
      alarmsRaised: { ...rec.alarmsRaised },
      refills: { done: sim.refillsDone, discrepancies: sim.discrepancies },
      programming: { accepted: sim.programAccepted, refused: sim.programRefused },
      faults: faults.map((f) => ({
        kind: f.kind,
        startDay: dayOf(f.startedAt),
        detectedDay: dayOf(f.detectedAt),
        detectedBy: f.detectedBy,
        detectionDelayHours:
          f.startedAt === null || f.detectedAt === null
            ? null
            : round((f.detectedAt - f.startedAt) / MS_PER_HOUR, 2),
      })),
      reservoirEmptyDay: emptyDay,
      finalDoseMcgPerDay: last?.doseMcgPerDay ?? 0,
      pumpDeliveredMcg: last?.pumpDeliveredMcg ?? 0,
      intrathecalMcg: last?.intrathecalMcg ?? 0,
      tissueMcg: last?.tissueMcg ?? 0,
    },
  };
}
