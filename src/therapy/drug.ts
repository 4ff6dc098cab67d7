/**
 * The shape of a drug-library entry. The entries themselves (data with sources) live in drug-library.ts and
 * pain-drugs.ts, their titration rules in drug-rules.ts. A drug in the reservoir must match an authenticated
 * drug-library entry (Open PCA Pump requirements).
 */
import type { NanogramsPerDay, NanogramsPerMl, Nanograms } from './quantities.ts';
import type { Sourced } from './sourced.ts';

export type DrugId =
  'baclofen' | 'morphine' | 'hydromorphone' | 'ziconotide' | 'clonidine' | 'bupivacaine' | 'saline';

/** Patient groups with their own dosing ranges (docs/clinical-reference.md §1.5). */
export type Population = 'adult-spinal' | 'adult-cerebral' | 'child-under-12';

export type TitrationPhase = 'titration' | 'maintenance';
/** Step rows: cerebral origin and children < 12 y share the smaller steps [C: baclofen label]. */
export type StepGroup = 'spinal' | 'cerebral-or-child';
/** Whether a patient already takes opioids (Infumorph label: different starting ranges). */
export type OpioidStatus = 'naive' | 'tolerant';

/** A daily-dose range in ng/day, inclusive. */
export interface DoseRange {
  readonly min: NanogramsPerDay;
  readonly max: NanogramsPerDay;
}

/** A labelled step, in percent of the current dose. */
export interface StepRange {
  readonly min: number;
  readonly max: number;
}

/**
 * How far one increase may go: a percentage of the current dose by phase and patient group (baclofen), or
 * a fixed amount whatever the dose (ziconotide: "increments of up to 2.4 mcg/day").
 */
export type IncreaseRule =
  | {
      readonly kind: 'percent';
      readonly steps: Readonly<Record<TitrationPhase, Readonly<Record<StepGroup, Sourced<StepRange>>>>>;
      /** An increase above this multiple of the labelled maximum step is refused. */
      readonly hardStepFactor: Sourced<number>;
    }
  | { readonly kind: 'absolute'; readonly max: Sourced<NanogramsPerDay> };

/** How far one reduction may go before it risks withdrawal. */
export interface ReductionRule {
  /** Usual reduction for side effects, in percent. */
  readonly usual: Sourced<StepRange>;
  /** A reduction above this percent (or a stop) is abrupt: high withdrawal risk. */
  readonly abruptAbove: Sourced<number>;
  /** What an abrupt reduction risks, in clinicians' words, with its source. */
  readonly abruptHarm: Sourced<string>;
}

/** A drug's titration rules as data, one place; pass an edited copy to override [U]/[A] values. */
export interface TitrationRules {
  readonly increase: IncreaseRule;
  /** Increases at most once per this many hours. */
  readonly minHoursBetweenIncreases: Sourced<number>;
  /**
   * A label's recommended interval, longer than the minimum: an increase sooner than this (and not sooner
   * than the minimum) warns and needs a justification.
   */
  readonly recommendedHoursBetweenIncreases?: Sourced<number>;
  /**
   * An increase to more than `factor` × the lowest dose in force in the last `windowDays` warns: a
   * requirement that keeps escalating (opioids: a catheter-tip granuloma, docs/clinical-reference.md §2).
   */
  readonly escalationWatch?: Sourced<{ readonly windowDays: number; readonly factor: number }>;
  /** At most this many increases in any 7 days (absent: no weekly count in the label). */
  readonly maxIncreasesPerWeek?: Sourced<number>;
  /** Absent for a drug without a withdrawal syndrome: any reduction is allowed. */
  readonly reduction?: ReductionRule;
  /** A start (or a restart from 0) above this blocks (absent: the start dose comes from screening). */
  readonly maxStartDose?: Sourced<NanogramsPerDay>;
}

/** Which concentrations may be in the reservoir: a list of label strengths, or anything up to a maximum. */
export type ConcentrationRule =
  | { readonly kind: 'listed'; readonly allowed: Sourced<readonly NanogramsPerMl[]> }
  | { readonly kind: 'up-to'; readonly max: Sourced<NanogramsPerMl> };

/** The mass unit a drug's label states its doses in (Infumorph: mg/day; Lioresal: mcg/day). */
export type LabelUnit = 'mcg' | 'mg';

export interface DrugEntry {
  readonly id: DrugId;
  readonly name: string;
  /** What the drug is given for: only a spasticity drug makes the record's spasticity origin a fact to show. */
  readonly treats: 'spasticity' | 'pain' | 'none';
  /** Doses, boluses and concentrations are shown in this unit everywhere (drug-display.ts), as the label states them. */
  readonly labelUnit: LabelUnit;
  /** SNOMED CT substance code, ATC code where known (docs/clinical-reference.md §6). */
  readonly codes: { readonly snomed?: string; readonly atc?: string };
  readonly concentrations: ConcentrationRule;
  /** Usual maintenance ranges: outside them a change warns and needs a justified override. */
  readonly softDoseRange: Readonly<Partial<Record<Population, Sourced<DoseRange>>>>;
  /** Absolute limits: never passed, by the programmer or by the pump. */
  readonly hardDoseRange: Sourced<DoseRange>;
  /** Largest single bolus the pump will deliver (hard). */
  readonly maxBolus: Sourced<Nanograms>;
  /** Days the drug stays stable in the reservoir; the refill is due before this. */
  readonly stabilityDays: Sourced<number>;
  /**
   * Longer days for the strengths as supplied (undiluted), when the label gives them (ziconotide: 84 days
   * undiluted, 40 diluted); any other strength keeps {@link stabilityDays}. Read through stabilityOf.
   */
  readonly undilutedStability?: Sourced<{
    readonly strengths: readonly NanogramsPerMl[];
    readonly days: number;
  }>;
  /** Days to the first refill after the first fill of a new (drug-naive) pump, when shorter. */
  readonly firstFillRefillDays?: Sourced<number>;
  /** Whether a patient-activated bolus may be enabled for this drug. */
  readonly patientBolusAllowed: Sourced<boolean>;
  /** True for drugs with a boxed withdrawal warning: stopping is itself a hazard. */
  readonly withdrawalRisk: boolean;
  /** How the dose may change: step size, interval, weekly count, start limit. */
  readonly titration: TitrationRules;
  /** Below this age the label does not support the drug (safety and effectiveness not established). */
  readonly ageFloorYears?: Sourced<number>;
  /** An opioid: a catheter-tip granuloma grows with its concentration and dose (docs/clinical-reference.md §2). */
  readonly opioid?: boolean;
  /**
   * What systemic CNS depressants add to this drug, with its source: a start or an increase asks the
   * prescriber to confirm they were reviewed (docs/clinical-reference.md §2; docs/hazards.md H49).
   */
  readonly cnsDepressantRisk?: Sourced<string>;
  /** Starting ranges by opioid status (opioids only). */
  readonly opioidStartRanges?: Readonly<Record<OpioidStatus, Sourced<DoseRange>>>;
  /**
   * After delivery stopped for longer than `interruptedLongerThanHours` (empty reservoir, stopped pump), the
   * prior full dose is not simply restarted: `guidance` says how to restart (tolerance is lost; overdose risk).
   * The length is how long delivery stopped, not how soon signs appear after the restart.
   */
  readonly restartAfterInterruption?: Sourced<{
    readonly interruptedLongerThanHours: number;
    readonly guidance: string;
  }>;
}
