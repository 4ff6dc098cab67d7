/**
 * What a run records: the sampled timeline (doses, reservoir true vs calculated, CSF concentrations, tone,
 * withdrawal and overdose stages, active alarms), the events in between (refills, programming, alarms,
 * faults, detections), and the detection signals the clinic could have seen.
 */
import type { Observation } from '../body/body.ts';
import type { MasScore, OverdoseStage, WithdrawalStage } from '../body/scales.ts';
import type { AlarmChange } from '../pump/index.ts';
import type { AlarmType } from '../pump/state.ts';
import { MS_PER_DAY, NG_PER_MCG, NL_PER_ML } from '../therapy/quantities.ts';
import type { Reason } from '../therapy/verdict.ts';
import type { FaultRecord } from './context.ts';
import type { Coupled } from './couple.ts';

/** One sample of the run. Volumes in mL, amounts in µg, concentrations in µg/mL. */
export interface TimelineRow {
  readonly t: string;
  readonly day: number;
  /** The programmed basal daily dose (µg/day); 0 when stopped. */
  readonly doseMcgPerDay: number;
  /** Drug the pump has commanded since the start (what it believes it delivered). */
  readonly pumpDeliveredMcg: number;
  /** Drug that really reached the intrathecal space / tissue since the start. */
  readonly intrathecalMcg: number;
  readonly tissueMcg: number;
  /** Fluid released at the pump site since the start (pump-end leaks, disconnection, pocket fills), mL. */
  readonly pumpSiteFluidMl: number;
  readonly reservoirCalculatedMl: number;
  readonly reservoirTrueMl: number;
  readonly csfTipUgPerMl: number;
  readonly csfSpinalUgPerMl: number;
  readonly csfCranialUgPerMl: number;
  readonly mas: MasScore;
  readonly masContinuous: number;
  readonly withdrawalStage: WithdrawalStage;
  readonly overdoseStage: OverdoseStage;
  readonly alarms: readonly AlarmType[];
}

export type SimEventKind =
  | 'refill'
  | 'refill-missed'
  | 'refill-late'
  | 'discrepancy'
  | 'program'
  | 'program-refused'
  | 'visit'
  | 'alarm'
  | 'alarm-cleared'
  | 'fault'
  | 'response'
  | 'catheter-revision'
  | 'pump-replacement'
  | 'stage';

export interface SimEvent {
  readonly t: string;
  readonly day: number;
  readonly kind: SimEventKind;
  readonly detail: string;
  readonly reasons?: readonly Reason[];
}

/** What the clinic could notice: an alarm, a reconciliation discrepancy, a refusal, symptoms, an overdue refill on the board. */
export type DetectionSignal = `alarm:${AlarmType}` | 'discrepancy' | 'refused' | 'symptoms' | 'overdue-board';

/** What the patient presents with: withdrawal or overdose signs. */
export type Symptom = 'withdrawal' | 'overdose';

/**
 * A signal the clinic could notice. A refusal is the evidence of the one fault it refused (`fault`): it
 * detects that fault and no other; symptoms say which (`symptom`), and only a fault that can cause those
 * detects them (detection.ts).
 */
export interface SignalRecord {
  readonly at: number;
  readonly signal: DetectionSignal;
  readonly fault?: FaultRecord;
  readonly symptom?: Symptom;
}

/**
 * What the run itself reads back from each sample (its summary, the detection of symptoms, the next
 * sample's stage change), kept whether or not the timeline is: the same numbers the row holds, without the
 * row's text and its 6-digit roundings, which a population run (keepTimeline false) never reads.
 */
export interface Sample {
  readonly at: number;
  readonly day: number;
  readonly doseMcgPerDay: number;
  readonly pumpDeliveredMcg: number;
  readonly intrathecalMcg: number;
  readonly tissueMcg: number;
  /** True reservoir volume in nL (the row's reservoirTrueMl is this rounded: both are ≤ 0 together). */
  readonly reservoirTrueNl: number;
  readonly masContinuous: number;
  readonly withdrawalStage: WithdrawalStage;
  readonly overdoseStage: OverdoseStage;
}

export interface Recorder {
  readonly start: number;
  /** Whether timeline rows are written (runs that return their timeline); samples always are. */
  readonly keepRows: boolean;
  readonly rows: TimelineRow[];
  readonly samples: Sample[];
  readonly events: SimEvent[];
  readonly signals: SignalRecord[];
  readonly alarmsRaised: Partial<Record<AlarmType, number>>;
}

export const newRecorder = (start: number, keepRows = true): Recorder => ({
  start,
  keepRows,
  rows: [],
  samples: [],
  events: [],
  signals: [],
  alarmsRaised: {},
});

const r3 = (v: number): number => Math.round(v * 1000) / 1000;
const r6 = (v: number): number => Number(v.toPrecision(6));
export const dayOf = (rec: Recorder, at: number): number => r3((at - rec.start) / MS_PER_DAY);

export function addEvent(
  rec: Recorder,
  at: number,
  kind: SimEventKind,
  detail: string,
  reasons?: readonly Reason[],
): void {
  rec.events.push({
    t: new Date(at).toISOString(),
    day: dayOf(rec, at),
    kind,
    detail,
    ...(reasons && reasons.length > 0 ? { reasons } : {}),
  });
}

/** Records the pump's alarm changes (raised and cleared; repeat tones are not events). */
export function recordAlarms(rec: Recorder, changes: readonly AlarmChange[]): void {
  for (const a of changes) {
    if (a.change === 'raised') {
      rec.alarmsRaised[a.alarm] = (rec.alarmsRaised[a.alarm] ?? 0) + 1;
      rec.signals.push({ at: a.at, signal: `alarm:${a.alarm}` });
      addEvent(rec, a.at, 'alarm', `${a.severity} alarm raised: ${a.alarm}`);
    } else if (a.change === 'cleared') addEvent(rec, a.at, 'alarm-cleared', `alarm cleared: ${a.alarm}`);
  }
}

/** The programmed basal dose in µg/day (mean over a day for flex), 0 when stopped. */
export function programmedDoseMcg(c: Coupled): number {
  const p = c.pump.prescription;
  if (p.mode === 'simple-continuous') return p.dose / NG_PER_MCG;
  if (p.mode === 'stopped') return 0;
  return (c.pump.meanFlow / NL_PER_ML) * (p.drug.concentration / NG_PER_MCG);
}

/** Samples the coupled state: a {@link Sample} always, and a timeline row when the recorder keeps rows. */
export function sampleRow(rec: Recorder, c: Coupled, o: Observation): void {
  const sample: Sample = {
    at: c.t,
    day: dayOf(rec, c.t),
    doseMcgPerDay: r3(programmedDoseMcg(c)),
    pumpDeliveredMcg: r3(c.pump.totals.deliveredNg / NG_PER_MCG),
    intrathecalMcg: r3(c.intrathecalNg / NG_PER_MCG),
    tissueMcg: r3(c.tissueNg / NG_PER_MCG),
    reservoirTrueNl: c.world.reservoir.volume,
    masContinuous: r3(o.masContinuous),
    withdrawalStage: o.withdrawalStage,
    overdoseStage: o.overdoseStage,
  };
  rec.samples.push(sample);
  if (!rec.keepRows) return;
  rec.rows.push({
    t: new Date(c.t).toISOString(),
    day: sample.day,
    doseMcgPerDay: sample.doseMcgPerDay,
    pumpDeliveredMcg: sample.pumpDeliveredMcg,
    intrathecalMcg: sample.intrathecalMcg,
    tissueMcg: sample.tissueMcg,
    pumpSiteFluidMl: r6(c.world.totals.pumpSiteVolume / NL_PER_ML),
    reservoirCalculatedMl: r6(c.pump.reservoir.volume / NL_PER_ML),
    reservoirTrueMl: r6(c.world.reservoir.volume / NL_PER_ML),
    csfTipUgPerMl: r6(o.csf.tip),
    csfSpinalUgPerMl: r6(o.csf.spinal),
    csfCranialUgPerMl: r6(o.csf.cranial),
    mas: o.mas,
    masContinuous: sample.masContinuous,
    withdrawalStage: o.withdrawalStage,
    overdoseStage: o.overdoseStage,
    alarms: c.pump.alarms.map((a) => a.type),
  });
}
