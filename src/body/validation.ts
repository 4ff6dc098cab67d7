/**
 * The model-validation rows: each published target (DOMAIN.md §1, §2, §4) beside what the model does and
 * whether it passes. scripts/model-validation.ts renders them into docs/model-validation.md and
 * validation.test.ts asserts every one, so the report can never claim a pass the code does not reproduce.
 * The rows themselves live by theme in validation-pk.ts, validation-clinical.ts and validation-safety.ts.
 */
import { screeningRows, titrationRows } from './validation-clinical.ts';
import type { ValidationRow } from './validation-format.ts';
import { bolusRows, infusionRows } from './validation-pk.ts';
import { overdoseRows, withdrawalRows } from './validation-safety.ts';

export type { ValidationRow } from './validation-format.ts';

export interface ValidationOptions {
  /** Patients in the bolus and screening populations. */
  readonly populationN: number;
  /** Patients screened for the two-year titration run (responders are titrated). */
  readonly titrationN: number;
  readonly seed: number;
}

/** Sizes of the generated report. */
export const REPORT_OPTIONS: ValidationOptions = { populationN: 200, titrationN: 100, seed: 1 };
/** Sizes used by validation.test.ts: smaller populations to keep the suite fast; the same bands must hold. */
export const TEST_OPTIONS: ValidationOptions = { populationN: 60, titrationN: 40, seed: 1 };

/** Every validation row, computed from the model with the given population sizes. */
export function validationRows(o: ValidationOptions = REPORT_OPTIONS): ValidationRow[] {
  return [
    ...bolusRows(o.populationN, o.seed),
    ...infusionRows(),
    ...screeningRows(o.populationN, o.seed),
    ...titrationRows(o.titrationN, o.seed),
    ...withdrawalRows(),
    ...overdoseRows(),
  ];
}
