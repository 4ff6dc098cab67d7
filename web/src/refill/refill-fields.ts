/**
 * The refill wizard's fields as the server names them (the refill plan body), for its refusals at the
 * field. The concentration is typed in the label unit of the syringe's drug (mg/mL for morphine) but the
 * API takes mcg/mL: a bound the server states in mcg/mL is said in the unit the field is typed in.
 */
import { apiToInputNumber, inputUnit } from '../../../src/therapy/dose-input.ts';
import type { FieldSpec } from '../field-errors.ts';

export const refillFields = (drug: string | null): Readonly<Record<string, FieldSpec>> => ({
  measuredResidualMl: { id: 'residual', label: 'Measured residual', unit: 'mL' },
  volumeMl: { id: 'volume', label: 'Volume to add', unit: 'mL' },
  concentrationMcgPerMl: {
    id: 'conc',
    label: 'Concentration',
    unit: inputUnit('concentration', drug),
    fromServer: (mcgPerMl) => Number(apiToInputNumber(mcgPerMl, drug)),
  },
  drug: { id: 'drug', label: 'Drug' },
  lot: { id: 'lot', label: 'Drug lot' },
  explanation: { id: 'expl', label: 'Explanation' },
});
