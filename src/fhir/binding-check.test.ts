/**
 * Issue 16, "FHIR status values are checked only by the project's own schemas": @medplum/core's validator
 * and the terminology check both pass a made-up `status`. The required-binding check holds every coded
 * element with a required R4 binding to its value set, expanded from the official definitions.
 */
import { describe, expect, it } from 'vitest';
import { patientBundle } from './bundle.ts';
import { capabilityStatement } from './capability.ts';
import { r4BindingProblems, r4Issues } from './r4-test-support.ts';
import { termProblems } from './terminology-test-support.ts';
import { SAMPLE_NOW, sampleRecord } from './test-fixtures.ts';

const flag = {
  resourceType: 'Flag',
  status: 'made-up',
  code: { text: 'Reservoir low' },
  subject: { reference: 'Patient/p1' },
};

describe('required bindings (issue 16: FHIR status values are checked only by the project’s own schemas)', () => {
  it('FHIR status values are checked only by the project’s own schemas: a made-up status passes the other checks and is found here', () => {
    expect(r4Issues(flag)).toEqual([]);
    expect(termProblems(flag)).toEqual([]);
    expect(r4BindingProblems(flag)).toEqual([
      '$.status: "made-up" is not in the required value set http://hl7.org/fhir/ValueSet/flag-status',
    ]);
    expect(r4BindingProblems({ ...flag, status: 'active' })).toEqual([]);
  });

  it('finds codes inside Bundles, backbone elements, datatypes and CodeableConcepts, and passes the right ones', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        {
          search: { mode: 'hit' },
          resource: {
            resourceType: 'MedicationRequest',
            status: 'active',
            intent: 'order',
            subject: { reference: 'Patient/p1' },
            medicationCodeableConcept: { text: 'baclofen' },
            dosageInstruction: [{ timing: { repeat: { dayOfWeek: ['mon', 'funday'], periodUnit: 'd' } } }],
          },
        },
        {
          resource: {
            resourceType: 'Observation',
            status: 'final',
            code: { text: 'x' },
            valueQuantity: { value: 1, comparator: '~', system: 'http://unitsofmeasure.org', code: 'mL' },
          },
        },
        {
          resource: {
            resourceType: 'Appointment',
            status: 'booked',
            participant: [{ status: 'maybe-not', actor: { reference: 'Patient/p1' } }],
          },
        },
        {
          resource: {
            resourceType: 'AuditEvent',
            type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110' },
            action: 'R',
            recorded: '2026-01-01T00:00:00Z',
            agent: [{ requestor: true }],
            source: { observer: { display: 'itb' } },
          },
        },
      ],
    };
    expect(r4BindingProblems(bundle)).toEqual([
      '$.entry[0].search.mode: "hit" is not in the required value set http://hl7.org/fhir/ValueSet/search-entry-mode',
      '$.entry[0].resource.dosageInstruction[0].timing.repeat.dayOfWeek[1]: "funday" is not in the required value set http://hl7.org/fhir/ValueSet/days-of-week',
      '$.entry[1].resource.valueQuantity.comparator: "~" is not in the required value set http://hl7.org/fhir/ValueSet/quantity-comparator',
      '$.entry[2].resource.participant[0].status: "maybe-not" is not in the required value set http://hl7.org/fhir/ValueSet/participationstatus',
    ]);
    const procedure = {
      resourceType: 'Procedure',
      status: 'completed',
      subject: { reference: 'Patient/p1' },
      code: { text: 'x' },
    };
    expect(r4BindingProblems(procedure)).toEqual([]);
    const condition = {
      resourceType: 'Condition',
      subject: { reference: 'Patient/p1' },
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'gone' }],
      },
    };
    expect(r4BindingProblems(condition)).toEqual([
      '$.clinicalStatus: http://terminology.hl7.org/CodeSystem/condition-clinical|gone is not in the required value set http://hl7.org/fhir/ValueSet/condition-clinical',
    ]);
  });

  it('every resource of a full sample export and the CapabilityStatement carry codes from their required value sets', () => {
    const bundle = patientBundle(sampleRecord(), { baseUrl: 'https://clinic.example/fhir', now: SAMPLE_NOW });
    expect(r4BindingProblems(bundle)).toEqual([]);
    const cs = capabilityStatement('https://clinic.example/fhir', '0.0.0', SAMPLE_NOW);
    expect(r4BindingProblems(cs)).toEqual([]);
    expect(r4BindingProblems({ ...cs, format: ['yaml'] })).toEqual([
      '$.format[0]: "yaml" is not in the required value set http://hl7.org/fhir/ValueSet/mimetypes',
    ]);
  });
});
