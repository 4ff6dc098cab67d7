/**
 * The prescription as the patient's own page says it, in plain words and in the unit of the drug's label
 * (src/therapy/drug-display.ts): "3 milligrams (mg) of morphine" for a morphine pump, "400 micrograms
 * (mcg) of baclofen" for baclofen. A patient who reads their morphine dose in mcg reads a number a
 * thousand times the one on their label and on the clinic's letters.
 */
import type { PrescriptionJson } from './api.ts';
import { dailyDoseMcg } from './chart-data.ts';
import { NG_PER_MCG, num } from './format.ts';
import { labelUnitOf, ngPerLabelUnit } from '../../src/therapy/drug-display.ts';

const UNIT_WORDS = { mcg: 'micrograms (mcg)', mg: 'milligrams (mg)' } as const;

/** An amount in the API's mcg as the patient reads it: (3000, 'morphine') → "3 milligrams (mg)". */
export function plainAmount(mcg: number, drug: string): string {
  const unit = labelUnitOf(drug);
  return `${num((mcg * NG_PER_MCG) / ngPerLabelUnit(drug), unit === 'mg' ? 3 : 2)} ${UNIT_WORDS[unit]}`;
}

/**
 * What the pump gives, in one or two sentences. A pump that delivers nothing now (stopped by the clinic,
 * empty, stalled: src/clinic/not-delivering.ts) is said to be set to give it, never to give it.
 */
export function plainPrescription(p: PrescriptionJson, delivering = true): string {
  const gives = delivering ? 'Your pump gives' : 'Your pump is set to give';
  const notNow = delivering ? '' : ' It is not giving it now.';
  switch (p.mode) {
    case 'stopped':
      return 'Your pump is stopped: it is not giving any medicine.';
    case 'minimum-rate':
      return 'Your pump runs at its minimum rate: almost no medicine.';
    case 'simple-continuous':
      return `${gives} ${plainAmount(p.doseMcgPerDay, p.drug)} of ${p.drug} every day, at the same rate day and night.${notNow}`;
    case 'flex':
      return `${gives} ${p.drug} at different rates at different times of day: about ${plainAmount(dailyDoseMcg(p), p.drug)} a day in total.${notNow}`;
  }
}

/** The strength of the medicine in the pump: "10 milligrams (mg) in each millilitre"; null when stopped. */
export function plainConcentration(p: PrescriptionJson): string | null {
  return p.mode === 'stopped'
    ? null
    : `The medicine in the pump has ${plainAmount(p.concentrationMcgPerMl, p.drug)} in each millilitre.`;
}

/**
 * A new prescription whose medicine the next refill brings in, said as what comes then — never as what is
 * in the pump now (the pump runs its old medicine until that refill); null for a stop.
 */
export function plainNextRefill(p: PrescriptionJson): string | null {
  return p.mode === 'stopped'
    ? null
    : `From your next refill, the pump will hold medicine with ${plainAmount(p.concentrationMcgPerMl, p.drug)} in each millilitre: the clinic sets your pump for it at that refill.`;
}

/** The page's heading: "Your morphine pump", "Your baclofen pump"; "Your pump" when no drug is on record. */
export function pumpTitle(p: PrescriptionJson | null): string {
  return p === null || p.mode === 'stopped' ? 'Your pump' : `Your ${p.drug} pump`;
}
