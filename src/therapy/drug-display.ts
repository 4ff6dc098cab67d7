/**
 * Doses as the drug's label states them, in one place: baclofen in mcg ("300 mcg/day", "50 mcg"), morphine
 * and the other drugs the library keeps in mg in mg ("3 mg/day", "0.2 mg", "25 mg/mL"), numbers with the
 * locale's separators (display-numbers.ts). Every change line, reason and page that names a dose of a known
 * drug writes it through here, so a page never says "1000 mcg" beside "1,000 mcg" or "3000 mcg/day" for a
 * drug labelled in mg. An unknown or absent drug reads in mcg.
 */
import { num } from './display-numbers.ts';
import type { DrugId, LabelUnit } from './drug.ts';
import { DRUG_IDS, getDrug } from './drug-library.ts';

const NG_PER: Record<LabelUnit, number> = { mcg: 1_000, mg: 1_000_000 };
const DECIMALS: Record<LabelUnit, number> = { mcg: 2, mg: 3 };

/** The unit the drug's label states doses in; mcg for an unknown or absent drug. */
export function labelUnitOf(drug: string | null | undefined): LabelUnit {
  return typeof drug === 'string' && (DRUG_IDS as readonly string[]).includes(drug)
    ? getDrug(drug).labelUnit
    : 'mcg';
}

const amount = (ng: number, unit: LabelUnit): string => num(ng / NG_PER[unit], DECIMALS[unit]);

/** A mass (a bolus): "50 mcg", "0.2 mg" for morphine. */
export const massText = (ng: number, drug?: string | null): string => {
  const unit = labelUnitOf(drug);
  return `${amount(ng, unit)} ${unit}`;
};
/** A daily dose: "1,000 mcg/day", "3.3 mg/day" for morphine. */
export const doseText = (ngPerDay: number, drug?: string | null): string => {
  const unit = labelUnitOf(drug);
  return `${amount(ngPerDay, unit)} ${unit}/day`;
};
/** A concentration: "2,000 mcg/mL", "25 mg/mL" for morphine. */
export const concentrationText = (ngPerMl: number, drug?: string | null): string => {
  const unit = labelUnitOf(drug);
  return `${amount(ngPerMl, unit)} ${unit}/mL`;
};

/**
 * The record's spasticity origin as a fact to show ("spinal origin"), or null when the patient's drug does
 * not treat spasticity: for a pain patient on morphine the field means nothing and is not shown. A patient
 * with no drug on record (a candidate for baclofen) shows it.
 */
export function spasticityOriginText(etiology: string, drug: DrugId | null | undefined): string | null {
  if (drug !== null && drug !== undefined && getDrug(drug).treats !== 'spasticity') return null;
  return `${etiology} origin`;
}
