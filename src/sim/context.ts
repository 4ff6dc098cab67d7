/**
 * The context of one simulated run (local to the pure runScenario call): its resolved settings, the state of
 * the coupled pump, world and body, and what the simulated clinic knows and remembers between events.
 */
import type { Rng as BodyRng } from '../body/random.ts';
import type { TitrationPolicy } from '../body/titration.ts';
import type { AlarmType } from '../pump/state.ts';
import type { EpochMs, NanogramsPerMl, Nanolitres } from '../therapy/quantities.ts';
import type { Origin, TitrationPhase } from '../therapy/titration.ts';
import type { Rng as WorldRng } from '../world/index.ts';
import type { Agenda, AgendaItem } from './agenda.ts';
import type { ControlsOff } from './controls.ts';
import type { Coupled } from './couple.ts';
import type { DetectionSignal, Recorder } from './record.ts';
import type { Fault } from './scenario.ts';
import type { TitrationMemory } from './titration-visit.ts';

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
