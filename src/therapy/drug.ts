/**
 * The shape of a drug-library entry. The entries themselves (data with sources) live in drug-library.ts.
 * A drug in the reservoir must match an authenticated drug-library entry (Open PCA Pump requirements).
 */
import type { NanogramsPerDay, NanogramsPerMl, Nanograms } from './quantities.ts';
import type { Sourced } from './sourced.ts';

export type DrugId =
  'baclofen' | 'morphine' | 'hydromorphone' | 'ziconotide' | 'clonidine' | 'bupivacaine' | 'saline';

/** Patient groups with their own dosing ranges (DOMAIN.md §1.5). */
export type Population = 'adult-spinal' | 'adult-cerebral' | 'child-under-12';

/** A daily-dose range in ng/day, inclusive. */
export interface DoseRange {
  readonly min: NanogramsPerDay;
  readonly max: NanogramsPerDay;
}

/** Which concentrations may be in the reservoir: a list of label strengths, or anything up to a maximum. */
export type ConcentrationRule =
  | { readonly kind: 'listed'; readonly allowed: Sourced<readonly NanogramsPerMl[]> }
  | { readonly kind: 'up-to'; readonly max: Sourced<NanogramsPerMl> };

export interface DrugEntry {
  readonly id: DrugId;
  readonly name: string;
  /** SNOMED CT substance code, ATC code where known (DOMAIN.md §6). */
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
  /** Whether a patient-activated bolus may be enabled for this drug. */
  readonly patientBolusAllowed: Sourced<boolean>;
  /** True for drugs with a boxed withdrawal warning: stopping is itself a hazard. */
  readonly withdrawalRisk: boolean;
  /**
   * After an interruption longer than `afterHours` (empty reservoir, stopped pump), the prior full dose is
   * not simply restarted: `guidance` says how to restart (tolerance is lost; overdose risk).
   */
  readonly restartAfterInterruption?: Sourced<{ readonly afterHours: number; readonly guidance: string }>;
}
