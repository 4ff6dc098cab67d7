/**
 * The terminology check: every coded element of a resource against the table of the codes the project uses
 * (terminology.ts), and every Quantity's unit against UCUM. Independent of the structure validators
 * (@medplum/core accepts a made-up LOINC code and the unit `furlongs`: docs/fhir.md "Validation").
 * Pure: the UCUM validator is passed in (the test passes @lhncbc/ucum-lhc's).
 */
import { SYSTEMS } from './codes.ts';
import { OPEN_SYSTEMS, TERMINOLOGY, UCUM_UNITS } from './terminology.ts';

/** Whether a UCUM expression is valid. */
export type UcumValidator = (code: string) => boolean;

const isQuantity = (o: Record<string, unknown>): boolean => 'value' in o || 'unit' in o;

function checkCoding(o: Record<string, unknown>, system: string, code: string, path: string): string[] {
  if (OPEN_SYSTEMS.includes(system)) return [];
  const entry = TERMINOLOGY.get(`${system}|${code}`);
  if (entry === undefined) return [`${path}: unknown code ${system}|${code}`];
  if (o['display'] === undefined) return [];
  const display = JSON.stringify(o['display']);
  if (entry.display === null) return [`${path}: ${system}|${code} must carry no display (has ${display})`];
  return o['display'] === entry.display
    ? []
    : [`${path}: wrong display for ${system}|${code}: ${display}, expected "${entry.display}"`];
}

function checkQuantity(system: string, code: string, path: string, ucum: UcumValidator): string[] {
  if (system !== SYSTEMS.ucum) return [`${path}: a quantity's unit system is ${system}, not UCUM`];
  if (!UCUM_UNITS.includes(code)) return [`${path}: unit ${code} is not one the project uses`];
  return ucum(code) ? [] : [`${path}: ${code} is not valid UCUM`];
}

/** Every terminology problem in `value` (a resource, a Bundle …), each with its JSON path; empty when none. */
export function terminologyProblems(value: unknown, ucum: UcumValidator, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => terminologyProblems(v, ucum, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const o = value as Record<string, unknown>;
  const out: string[] = [];
  const { system, code } = o;
  if (typeof system === 'string' && typeof code === 'string') {
    out.push(
      ...(isQuantity(o) ? checkQuantity(system, code, path, ucum) : checkCoding(o, system, code, path)),
    );
  }
  for (const [k, v] of Object.entries(o)) out.push(...terminologyProblems(v, ucum, `${path}.${k}`));
  return out;
}
