/**
 * For tests: UCUM validity from @lhncbc/ucum-lhc (a development dependency, independent of this project),
 * the validator the terminology check (terminology-check.ts) is given in CI.
 */
import ucum from '@lhncbc/ucum-lhc';
import { terminologyProblems } from './terminology-check.ts';

const utils = ucum.UcumLhcUtils.getInstance();

/** Whether `code` is a valid UCUM expression. */
export const ucumValid = (code: string): boolean => utils.validateUnitString(code).status === 'valid';

/** The terminology problems of `value` with UCUM checked by @lhncbc/ucum-lhc. */
export const termProblems = (value: unknown): string[] => terminologyProblems(value, ucumValid);
