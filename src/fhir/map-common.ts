/**
 * Small builders shared by the mappers: references, UCUM quantities, instants, the intrathecal route and the
 * medication concept of a drug at a concentration (docs/clinical-reference.md §6).
 */
import { ItbError } from '../therapy/codes.ts';
import type { DrugId } from '../therapy/drug.ts';
import { DRUG_LIBRARY } from '../therapy/drug-library.ts';
import { NG_PER_MCG, NL_PER_ML } from '../therapy/quantities.ts';
import { formatConcentration } from '../therapy/units.ts';
import { LOCAL, SNOMED, SYSTEMS } from './codes.ts';
import type { AuditView } from './map-audit.ts';
import { rxnormOf } from './rxnorm.ts';
import type { CodeableConcept, Coding } from './datatypes.ts';

/** Options every mapper receives. */
export interface MapOptions {
  /** The FHIR base URL, e.g. `https://clinic.example/fhir` (no trailing slash). */
  readonly baseUrl: string;
  /** The export's time (Bundle.timestamp); the mapping itself never reads a clock. */
  readonly now: number;
  /** Identifier system of this clinic's MRNs; default {@link SYSTEMS.mrn}. */
  readonly mrnSystem?: string;
  /** Who reads the audit entries (map-audit.ts); default clinic staff, actors by id only. */
  readonly auditView?: AuditView;
}

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** A store id used as (part of) a FHIR id; the store's UUIDs always pass. */
export function fhirIdOf(storeId: string, suffix?: string): string {
  const id = suffix === undefined ? storeId : `${storeId}-${suffix}`;
  if (!FHIR_ID.test(id)) {
    throw new ItbError('ITB_E_INTERNAL', `record id "${id}" cannot be a FHIR id ([A-Za-z0-9-.]{1,64})`);
  }
  return id;
}

/** A relative literal reference ("Patient/abc"). */
export const ref = (type: string, id: string, display?: string) =>
  display === undefined ? { reference: `${type}/${id}` } : { reference: `${type}/${id}`, display };

/** Epoch ms → R4 instant (UTC, milliseconds). */
export const instant = (ms: number): string => new Date(ms).toISOString();

const round = (v: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
};

/** ng/day → a UCUM `ug/d` quantity (exact: 1 ng resolution is 3 decimals of ug). */
export const ugPerDay = (ngPerDay: number) => ({
  value: round(ngPerDay / NG_PER_MCG, 3),
  unit: 'mcg/day',
  system: SYSTEMS.ucum,
  code: 'ug/d',
});
/** ng → a UCUM `ug` quantity. */
export const ug = (ng: number) => ({
  value: round(ng / NG_PER_MCG, 3),
  unit: 'mcg',
  system: SYSTEMS.ucum,
  code: 'ug',
});
/** nL → a UCUM `mL` quantity (exact: 1 nL is 6 decimals of mL). */
export const ml = (nl: number) => ({
  value: round(nl / NL_PER_ML, 6),
  unit: 'mL',
  system: SYSTEMS.ucum,
  code: 'mL',
});
/** mm → a UCUM `mm` quantity. */
export const mm = (value: number) => ({ value, unit: 'mm', system: SYSTEMS.ucum, code: 'mm' });

export const snomed = (c: { code: string; display: string }): Coding => ({ system: SYSTEMS.snomed, ...c });
export const local = (c: { code: string; display: string }): Coding => ({ system: SYSTEMS.itbConcept, ...c });

/** The intrathecal route, SNOMED 72607000. */
export const INTRATHECAL: CodeableConcept = {
  coding: [snomed(SNOMED.intrathecalRoute)],
  text: 'Intrathecal',
};

/**
 * The medication as a CodeableConcept: SNOMED substance and ATC from the drug library, RxNorm where the
 * concentration has a confirmed code (rxnorm.ts states why the others have none), and the concentration in the text, which is what a reader
 * must not misread (mcg/mL).
 */
export function medicationConcept(drugId: DrugId, concentrationNgPerMl: number): CodeableConcept {
  const drug = DRUG_LIBRARY[drugId];
  const coding: Coding[] = [];
  if (drug.codes.snomed !== undefined) {
    coding.push({
      system: SYSTEMS.snomed,
      code: drug.codes.snomed,
      display: drugId === 'baclofen' ? SNOMED.baclofen.display : drug.name,
    });
  }
  if (drug.codes.atc !== undefined) coding.push({ system: SYSTEMS.atc, code: drug.codes.atc });
  const rx = rxnormOf(drugId, concentrationNgPerMl / NG_PER_MCG);
  if (rx !== undefined) coding.push({ system: SYSTEMS.rxnorm, ...rx });
  const text = `${drug.name} ${formatConcentration(concentrationNgPerMl, drug.labelUnit)}`;
  return coding.length > 0 ? { coding, text } : { text };
}

/** The pump's and catheter's Device ids for an implant. */
export const pumpDeviceId = (implantId: string): string => fhirIdOf(implantId, 'pump');
export const catheterDeviceId = (implantId: string): string => fhirIdOf(implantId, 'catheter');

/** A user or system actor (`user:42`, `system:cli`) as a display-only reference. */
export const actorRef = (actor: string) => ({ display: actor });

export { LOCAL };
