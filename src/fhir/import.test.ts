// importPatient: FHIR Patient → the store's PatientInput; nothing guessed (docs/architecture.md principle 5).
import { describe, expect, it } from 'vitest';
import { patientInputSchema } from '../clinic/records.ts';
import { ItbError } from '../therapy/codes.ts';
import { EXTENSIONS, SYSTEMS } from './codes.ts';
import { ageBandOn } from '../clinic/patient-age.ts';
import { importPatient } from './import.ts';
import { patientToFhir } from './map-patient.ts';
import { patient } from './test-fixtures.ts';

const opts = { baseUrl: 'https://clinic.example/fhir', now: Date.UTC(2024, 5, 1) };
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof ItbError ? e.code : 'not an ItbError';
  }
  return undefined;
};

const bare = {
  resourceType: 'Patient',
  identifier: [
    {
      type: { coding: [{ system: SYSTEMS.v2IdentifierType, code: 'MR' }] },
      system: 'urn:oid:1.2.3',
      value: 'X-9',
    },
  ],
  name: [{ use: 'official', family: 'Example', given: ['Bo'] }],
  birthDate: '2015-03-02',
  gender: 'female', // an element we do not read is allowed
};

describe('importPatient', () => {
  it('round-trips our own export (extensions carry etiology, age band, high-risk flags, clinic contact)', () => {
    const input = importPatient(patientToFhir(patient, opts));
    const { mrn, name, birthDate, etiology, ageBand, highRisk, clinicContact } = patient;
    expect(input).toEqual({ mrn, name, birthDate, etiology, ageBand, highRisk, clinicContact });
  });

  it('opioid status missing from FHIR: the Patient carries a recorded status and import reads it back', () => {
    const tolerant = patientToFhir({ ...patient, opioidStatus: 'tolerant' }, opts);
    expect(tolerant.extension).toContainEqual({ url: EXTENSIONS.opioidStatus, valueCode: 'tolerant' });
    expect(importPatient(tolerant).opioidStatus).toBe('tolerant');
    // Not recorded: no extension, and import leaves it unrecorded rather than guessing.
    const unknown = patientToFhir({ ...patient, opioidStatus: null }, opts);
    expect(unknown.extension?.map((e) => e.url)).not.toContain(EXTENSIONS.opioidStatus);
    expect(importPatient(unknown).opioidStatus).toBeUndefined();
    // A word that is not a status is refused, never read as "not recorded".
    const odd = {
      ...tolerant,
      extension: [...(unknown.extension ?? []), { url: EXTENSIONS.opioidStatus, valueCode: 'sometimes' }],
    };
    expect(codeOf(() => importPatient(odd))).toBe('ITB_E_FHIR_INVALID_RESOURCE');
  });

  it('takes a foreign Patient with defaults, deriving the age band from the birth date', () => {
    const input = importPatient(bare, {
      etiology: 'cerebral',
      clinicContact: { clinic: 'Neuro', phone: '+44 1' },
      now: opts.now,
    });
    expect(input).toMatchObject({
      mrn: 'X-9',
      name: 'Bo Example',
      ageBand: 'under-12',
      etiology: 'cerebral',
    });
    expect(patientInputSchema.safeParse(input).success).toBe(true);
  });

  it('derives age bands at the birthday boundaries (children < 12: docs/clinical-reference.md §1.5)', () => {
    expect(ageBandOn('2012-06-01', Date.UTC(2024, 4, 31))).toBe('under-12');
    expect(ageBandOn('2012-06-01', Date.UTC(2024, 5, 1))).toBe('12-17');
    expect(ageBandOn('1959-01-01', Date.UTC(2024, 0, 1))).toBe('65-plus');
  });

  it.each([
    ['not a Patient', { resourceType: 'Device' }, 'ITB_E_FHIR_INVALID_RESOURCE'],
    ['not an object', 'Patient', 'ITB_E_FHIR_INVALID_RESOURCE'],
    ['a malformed birth date', { ...bare, birthDate: '02/03/2015' }, 'ITB_E_FHIR_INVALID_RESOURCE'],
    ['no MRN', { ...bare, identifier: [] }, 'ITB_E_FHIR_MISSING_DATA'],
    ['no name', { ...bare, name: [] }, 'ITB_E_FHIR_MISSING_DATA'],
    ['a partial birth date', { ...bare, birthDate: '2015' }, 'ITB_E_FHIR_MISSING_DATA'],
  ])('refuses %s', (_label, resource, code) => {
    expect(
      codeOf(() =>
        importPatient(resource, {
          etiology: 'spinal',
          clinicContact: { clinic: 'N', phone: '1' },
          now: opts.now,
        }),
      ),
    ).toBe(code);
  });

  it('refuses to guess a missing etiology or clinic contact', () => {
    expect(
      codeOf(() => importPatient(bare, { clinicContact: { clinic: 'N', phone: '1' }, now: opts.now })),
    ).toBe('ITB_E_FHIR_MISSING_DATA');
    expect(codeOf(() => importPatient(bare, { etiology: 'spinal', now: opts.now }))).toBe(
      'ITB_E_FHIR_MISSING_DATA',
    );
  });
});
