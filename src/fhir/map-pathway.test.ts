/**
 * Issue 12, "FHIR for evaluations, post-op checks, explants, and pain/goal scores": each pathway record maps
 * to the R4 resource that fits, valid against the project's schemas AND the official R4
 * StructureDefinitions (@medplum/core), with LOINC where a code exists.
 */
import { describe, expect, it } from 'vitest';
import { epochMs } from '../therapy/quantities.ts';
import { patientResources, type PatientRecord } from './bundle.ts';
import { CPT, LOINC, SNOMED, SYSTEMS } from './codes.ts';
import { r4Issues } from './r4-test-support.ts';
import { RESOURCE_SCHEMAS, type FhirResource } from './schemas.ts';
import { SAMPLE_NOW, implant, sampleRecord } from './test-fixtures.ts';

const opts = { baseUrl: 'https://clinic.example/fhir', now: SAMPLE_NOW };

/** The sample record with its pump taken out (infection), the catheter removed with it. */
function explanted(): PatientRecord {
  const r = sampleRecord();
  return {
    ...r,
    explants: [
      {
        id: 'explant-1',
        createdAt: epochMs(SAMPLE_NOW - 1000),
        createdBy: 'user:physician-1',
        patientId: r.patient.id,
        implantId: implant.id,
        at: SAMPLE_NOW - 1000,
        reason: 'infection',
        catheter: 'removed',
        replacementImplantId: null,
        notes: '',
      },
    ],
  };
}

const resources = (r: PatientRecord): FhirResource[] => patientResources(r, opts);
const byId = (all: readonly FhirResource[], id: string) => all.find((x) => x.id === id);

describe('pathway records as FHIR (issue 12: FHIR for evaluations, post-op checks, explants, pain and goal scores)', () => {
  it('every resource of a record with the pathway, follow-up scores and an explant is valid R4 (schemas and StructureDefinitions)', () => {
    for (const r of [...resources(sampleRecord()), ...resources(explanted())]) {
      expect(RESOURCE_SCHEMAS[r.resourceType].safeParse(r).success, `${r.resourceType}/${r.id}`).toBe(true);
      expect(r4Issues(r), r.id).toEqual([]);
    }
  });

  it('the candidacy evaluation is a ClinicalImpression with the team’s decision and who decided; each goal of therapy a Goal', () => {
    const all = resources(sampleRecord());
    const ci = byId(all, 'eval-1');
    if (ci?.resourceType !== 'ClinicalImpression') throw new Error('no ClinicalImpression');
    expect(ci.status).toBe('completed');
    expect(ci.summary).toContain('proceed-to-trial, by Dr A (neurosurgery), B (physiotherapy)');
    expect(ci.finding?.map((f) => f.itemCodeableConcept.text)).toEqual(['Anticoagulation']);
    expect(ci.note?.[0]?.text).toBe('Oral baclofen up to 80 mg/day: response partial; limited by drowsiness');
    const goals = all.filter((r) => r.resourceType === 'Goal');
    expect(goals.map((g) => [g.id, g.description.text, g.lifecycleStatus])).toEqual([
      ['eval-1-goal-0', 'Transfers without help', 'active'],
      ['eval-1-goal-1', 'Easier perineal care', 'active'],
    ]);
  });

  it('the evaluation form was spasticity-only: a pain evaluation maps to a ClinicalImpression with the pain’s type and distribution and the systemic opioids and conservative treatments tried', () => {
    const r = sampleRecord();
    const first = r.evaluations?.[0];
    if (first === undefined) throw new Error('no evaluation');
    const { etiology, distribution, oralBaclofen, ...rest } = first;
    expect([etiology, distribution, oralBaclofen?.length]).toEqual(['spinal', 'lower-limbs', 1]);
    const pain = {
      ...rest,
      indication: 'pain' as const,
      diagnosis: 'Failed back surgery syndrome',
      pain: {
        type: 'neuropathic' as const,
        distribution: 'back-and-legs' as const,
        cancerRelated: false,
        systemicOpioids: [
          {
            drug: 'oral morphine',
            maxDailyDoseMg: 120,
            response: 'partial' as const,
            intolerance: 'sedation',
          },
        ],
        conservativeTreatments: ['physiotherapy', 'nerve blocks'],
      },
    };
    const ci = byId(resources({ ...r, evaluations: [pain] }), 'eval-1');
    if (ci?.resourceType !== 'ClinicalImpression') throw new Error('no ClinicalImpression');
    expect(ci.description).toBe('Failed back surgery syndrome; pain: neuropathic, back-and-legs');
    expect(ci.note?.map((n) => n.text)).toEqual([
      'Systemic oral morphine up to 120 mg/day: response partial; limited by sedation',
      'Conservative treatments tried: physiotherapy, nerve blocks',
    ]);
    expect(r4Issues(ci)).toEqual([]);
  });

  it('a post-operative check with fever: body temperature LOINC 8310-5 in Cel flagged high, the panel flags the wound', () => {
    const all = resources(sampleRecord());
    const temp = byId(all, 'postop-1-temperature');
    const panel = byId(all, 'postop-1');
    if (temp?.resourceType !== 'Observation' || panel?.resourceType !== 'Observation')
      throw new Error('no check');
    expect(temp.code.coding?.[0]).toEqual({ system: SYSTEMS.loinc, ...LOINC.bodyTemperature });
    expect(temp.valueQuantity).toEqual({ value: 38.2, unit: '°C', system: SYSTEMS.ucum, code: 'Cel' });
    expect(temp.interpretation?.[0]?.coding?.[0]?.code).toBe('H');
    expect(panel.hasMember).toEqual([{ reference: 'Observation/postop-1-temperature' }]);
    expect(panel.interpretation?.[0]?.coding?.[0]?.code).toBe('A');
    expect(panel.note?.map((n) => n.text)).toContain('Concern: wound: erythema');
  });

  it('an explant is a Procedure coded CPT 62365 with the removal action on the pump and on the catheter taken out', () => {
    const x = byId(resources(explanted()), 'explant-1');
    if (x?.resourceType !== 'Procedure') throw new Error('no explant');
    expect(x.code.coding?.map((c) => c.code)).toContain(CPT.removal);
    expect(x.reasonCode?.[0]?.coding?.[0]?.code).toBe('infection');
    expect(x.focalDevice?.map((d) => [d.manipulated.reference, d.action?.coding?.[0]?.code])).toEqual([
      [`Device/${implant.id}-pump`, SNOMED.removalAction.code],
      [`Device/${implant.id}-catheter`, SNOMED.removalAction.code],
    ]);
  });

  it('an explanted pump was still exported as an active Device: it and its removed catheter are inactive, history kept', () => {
    const all = resources(explanted());
    const devices = all.filter((r) => r.resourceType === 'Device');
    expect(devices.map((d) => [d.id, d.status])).toEqual([
      [`${implant.id}-pump`, 'inactive'],
      [`${implant.id}-catheter`, 'inactive'],
    ]);
    expect(byId(all, `${implant.id}-implant`)?.resourceType).toBe('Procedure');
  });

  it('removed pump in FHIR: the prescription of a patient whose pump was removed and not replaced was exported as an active MedicationRequest and a refill plan; it is stopped, with no refill due', () => {
    const active = (all: readonly FhirResource[]) =>
      all.filter((r) => r.resourceType === 'MedicationRequest' && r.status === 'active').length;
    expect(active(resources(sampleRecord()))).toBe(1);
    const all = resources(explanted());
    expect(active(all)).toBe(0);
    const requests = all.filter((r) => r.resourceType === 'MedicationRequest');
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.status === 'stopped')).toBe(true);
    const planText = (rs: readonly FhirResource[]) =>
      JSON.stringify(rs.find((r) => r.resourceType === 'CarePlan') ?? {});
    expect(planText(resources(sampleRecord()))).toMatch(/Refill by/);
    expect(planText(all)).not.toMatch(/Refill by/);
  });

  it('follow-up pain is LOINC 72514-3; goal attainment is LOINC 107333-7 with focus on the Goal of the same words', () => {
    const all = resources(sampleRecord());
    const pain = byId(all, 'assess-1-pain');
    const gas = [byId(all, 'assess-1-gas-0'), byId(all, 'assess-1-gas-1')];
    if (pain?.resourceType !== 'Observation') throw new Error('no pain');
    expect([pain.code.coding?.[0]?.code, pain.valueInteger]).toEqual([LOINC.painNrs.code, 3]);
    expect(gas.map((g) => (g?.resourceType === 'Observation' ? g.code.coding?.[0]?.code : null))).toEqual([
      LOINC.goalAttainment.code,
      LOINC.goalAttainment.code,
    ]);
    // "Transfers  without help" (two spaces) is the evaluation's goal; "Sleep through the night" is none.
    expect(gas.map((g) => (g?.resourceType === 'Observation' ? g.focus : null))).toEqual([
      [{ reference: 'Goal/eval-1-goal-0' }],
      undefined,
    ]);
  });
});
