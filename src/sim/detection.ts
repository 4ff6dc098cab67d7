/**
 * When the clinic could first see each fault, and by what. A fault is detected by the first signal its kind
 * can cause (DETECTED_BY) inside its own window (DETECTION_WINDOWS: while the fault can still cause it) — a
 * refusal only for the fault it refused, symptoms only of a kind the fault can cause (SYMPTOMS_CAUSED) and
 * only when no later fault that can cause them is under way at their onset. A fault with no such signal is
 * undetected.
 */
import {
  OVERDOSE_STAGES,
  WITHDRAWAL_STAGES,
  stageRank,
  type OverdoseStage,
  type WithdrawalStage,
} from '../body/scales.ts';
import { MS_PER_DAY } from '../therapy/quantities.ts';
import { DETECTION_WINDOWS, type WindowEnd } from './campaign/detection-windows.ts';
import type { FaultRecord } from './context.ts';
import type { DetectionSignal, Recorder, Sample, SignalRecord, SimEvent, Symptom } from './record.ts';
import type { FaultKind } from './scenario.ts';

/** What the clinic can see of each fault kind (alarms it raises, a discrepancy at refill, a refusal, symptoms). */
export const DETECTED_BY: Readonly<Record<FaultKind, readonly DetectionSignal[]>> = {
  'missed-refill': ['overdue-board', 'alarm:low-reservoir', 'alarm:empty-reservoir', 'symptoms'],
  'late-refill': ['overdue-board', 'alarm:low-reservoir', 'alarm:empty-reservoir', 'symptoms'],
  'pocket-fill': ['discrepancy', 'alarm:empty-reservoir', 'symptoms'],
  // Reconciliation compares volumes, not strengths: only the patient shows a wrong concentration.
  'wrong-concentration': ['symptoms'],
  // A strength typed wrong at refill: refused by the syringe match (or the library), else only the patient shows it.
  'strength-typed': ['refused', 'symptoms'],
  // The clinic's own change of strength (out of stock): nothing to detect; the bridge is what protects.
  'strength-change': [],
  catheter: ['discrepancy', 'symptoms'],
  mri: ['alarm:motor-stall'],
  'battery-fault': ['alarm:low-battery-reset'],
  'programming-slip': ['refused', 'symptoms'],
};

/**
 * The symptoms each fault kind can cause; both where the fault's direction decides (a stronger or weaker
 * strength, a dose typed up or down; a pocket fill's tissue drug, then its empty reservoir).
 */
export const SYMPTOMS_CAUSED: Readonly<Record<FaultKind, readonly Symptom[]>> = {
  'missed-refill': ['withdrawal'],
  'late-refill': ['withdrawal'],
  'pocket-fill': ['overdose', 'withdrawal'],
  'wrong-concentration': ['overdose', 'withdrawal'],
  'strength-typed': ['overdose', 'withdrawal'],
  'strength-change': [],
  // An occlusion, a leak or a disconnection: less drug reaches the spine.
  catheter: ['withdrawal'],
  mri: [],
  'battery-fault': [],
  'programming-slip': ['overdose', 'withdrawal'],
};

/** The stages at which the patient presents [A]: moderate withdrawal, any overdose sign. */
const PRESENTS: { readonly withdrawal: WithdrawalStage; readonly overdose: OverdoseStage } = {
  withdrawal: 'moderate',
  overdose: 'drowsy',
};

/** A `symptoms` signal at each onset of withdrawal or overdose signs the patient would present with. */
function symptomSignals(samples: readonly Sample[]): SignalRecord[] {
  const shows: Readonly<Record<Symptom, (x: Sample) => boolean>> = {
    withdrawal: (x) =>
      stageRank(WITHDRAWAL_STAGES, x.withdrawalStage) >= stageRank(WITHDRAWAL_STAGES, PRESENTS.withdrawal),
    overdose: (x) =>
      stageRank(OVERDOSE_STAGES, x.overdoseStage) >= stageRank(OVERDOSE_STAGES, PRESENTS.overdose),
  };
  const out: SignalRecord[] = [];
  for (const [i, r] of samples.entries()) {
    const prev = samples[i - 1];
    for (const symptom of ['withdrawal', 'overdose'] as const)
      if (shows[symptom](r) && (prev === undefined || !shows[symptom](prev)))
        out.push({ at: r.at, signal: 'symptoms', symptom });
  }
  return out;
}

/** The events that remove a fault's cause. */
const ENDS: Readonly<Record<WindowEnd, (e: SimEvent) => boolean>> = {
  // A refill done replaces the reservoir's contents; so does a new pump, filled with the prescribed strength.
  refill: (e) => e.kind === 'refill' || e.kind === 'pump-replacement',
  'catheter-revision': (e) => e.kind === 'catheter-revision',
  program: (e) => e.kind === 'program',
};

/** A fault's window: its start to the last instant its evidence counts. */
interface Window {
  readonly fault: FaultRecord;
  readonly from: number;
  readonly to: number;
}

function windowOf(rec: Recorder, f: FaultRecord, from: number): Window {
  const w = DETECTION_WINDOWS[f.kind].value;
  // A refused fault never acted: its refusal is the whole of its window.
  if (rec.signals.some((s) => s.signal === 'refused' && s.fault === f)) return { fault: f, from, to: from };
  let to = w.maxDays === null ? Infinity : from + w.maxDays * MS_PER_DAY;
  const endedBy = w.endedBy;
  if (endedBy !== null) {
    const end = rec.events.reduce((m, e) => {
      const at = Date.parse(e.t);
      return at > from && at < m && ENDS[endedBy](e) ? at : m;
    }, Infinity);
    to = Math.min(to, end + w.afterDays * MS_PER_DAY);
  }
  return { fault: f, from, to };
}

const within = (w: Window, at: number): boolean => at >= w.from && at <= w.to;

/** Whether `s` is evidence of the fault of window `w`, among every fault's window. */
function evidenceOf(w: Window, s: SignalRecord, all: readonly Window[]): boolean {
  if (!within(w, s.at) || !DETECTED_BY[w.fault.kind].includes(s.signal)) return false;
  // A refusal names the fault it refused: it is no evidence of any other (an earlier slip that got through).
  if (s.fault !== undefined && s.fault !== w.fault) return false;
  const symptom = s.symptom;
  if (symptom === undefined) return true;
  const causes = (o: Window) => SYMPTOMS_CAUSED[o.fault.kind].includes(symptom);
  // Symptoms that begin while a later fault that can cause them is under way are that fault's.
  return causes(w) && !all.some((o) => o.from > w.from && within(o, s.at) && causes(o));
}

/** Each fault with when and by what the clinic could first see it (null: never, within its window). */
export function detectFaults(rec: Recorder, faults: readonly FaultRecord[]): FaultRecord[] {
  const signals = [...rec.signals, ...symptomSignals(rec.samples)];
  const windows = faults.flatMap((f) => (f.startedAt === null ? [] : [windowOf(rec, f, f.startedAt)]));
  return faults.map((f) => {
    const w = windows.find((x) => x.fault === f);
    if (w === undefined) return f;
    const hit = signals.filter((s) => evidenceOf(w, s, windows)).sort((a, b) => a.at - b.at)[0];
    return hit ? { ...f, detectedAt: hit.at as never, detectedBy: hit.signal } : f;
  });
}
