/**
 * Doses as the drug's label states them, in one place: baclofen in mcg ("300 mcg/day", "50 mcg"), morphine
 * and the other drugs the library keeps in mg in mg ("3 mg/day", "0.2 mg", "25 mg/mL"), numbers with the
 * locale's separators (the formatters of units.ts, given the drug's unit). Every change line, reason and page that names a dose of a known
 * drug writes it through here, so a page never says "1000 mcg" beside "1,000 mcg" or "3000 mcg/day" for a
 * drug labelled in mg. An unknown or absent drug reads in mcg.
 */
import type { DrugId, LabelUnit } from './drug.ts';
import { DRUG_IDS, getDrug } from './drug-library.ts';
import { NG_PER_MCG, NG_PER_MG } from './quantities.ts';
import { formatConcentration, formatDose, formatMass } from './units.ts';

/** The unit the drug's label states doses in; mcg for an unknown or absent drug. */
export function labelUnitOf(drug: string | null | undefined): LabelUnit {
  return typeof drug === 'string' && (DRUG_IDS as readonly string[]).includes(drug)
    ? getDrug(drug).labelUnit
    : 'mcg';
}

/** Nanograms in one of the drug's label units: 1,000 for mcg, 1,000,000 for mg. */
export const ngPerLabelUnit = (drug: string | null | undefined): number =>
  labelUnitOf(drug) === 'mg' ? NG_PER_MG : NG_PER_MCG;

/** A mass (a bolus): "50 mcg", "0.2 mg" for morphine. */
export const massText = (ng: number, drug?: string | null): string => formatMass(ng, labelUnitOf(drug));
/** A daily dose: "1,000 mcg/day", "3.3 mg/day" for morphine. */
export const doseText = (ngPerDay: number, drug?: string | null): string =>
  formatDose(ngPerDay, labelUnitOf(drug));
/** A concentration: "2,000 mcg/mL", "25 mg/mL" for morphine. */
export const concentrationText = (ngPerMl: number, drug?: string | null): string =>
  formatConcentration(ngPerMl, labelUnitOf(drug));

/**
 * The record's spasticity origin as a fact to show ("spinal origin"), or null when the patient's drug does
 * not treat spasticity: for a pain patient on morphine the field means nothing and is not shown. A patient
 * with no drug on record (a candidate for baclofen) shows it.
 */
export function spasticityOriginText(etiology: string, drug: DrugId | null | undefined): string | null {
  if (drug !== null && drug !== undefined && getDrug(drug).treats !== 'spasticity') return null;
  return `${etiology} origin`;
}
