// Every emitted resource is checked against the R4 structure (schemas.ts) and the codes of docs/clinical-reference.md §6.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { patientBundle } from './bundle.ts';
import { CPT, SNOMED, SYSTEMS } from './codes.ts';
import { MAS_CODE_SYSTEM } from './map-observations.ts';
import { bundleSchema, codeSystemSchema, RESOURCE_SCHEMAS, type FhirResource } from './schemas.ts';
import { prescriptions, sampleRecord, SAMPLE_NOW } from './test-fixtures.ts';

const opts = { baseUrl: 'https://clinic.example/fhir/', now: SAMPLE_NOW };
const bundle = patientBundle(sampleRecord(), opts);
const all = bundle.entry.map((e) => e.resource);
const ofType = <T extends FhirResource['resourceType']>(t: T) =>
  all.filter((r): r is Extract<FhirResource, { resourceType: T }> => r.resourceType === t);
const byId = (id: string) => all.find((r) => r.id === id);

function expectValid(r: FhirResource): void {
  const result = RESOURCE_SCHEMAS[r.resourceType].safeParse(r);
  expect(result.error?.issues ?? [], `${r.resourceType}/${r.id}`).toEqual([]);
}

describe('patientBundle (FHIR R4, docs/clinical-reference.md §6)', () => {
  it('is a valid searchset Bundle with a unique fullUrl per entry (bdl-7)', () => {
    expect(bundleSchema.safeParse(bundle).error?.issues ?? []).toEqual([]);
    expect(bundle.type).toBe('searchset');
    for (const e of bundle.entry) {
      expect(e.fullUrl).toBe(`https://clinic.example/fhir/${e.resource.resourceType}/${e.resource.id}`);
    }
  });

  it('emits every resource kind the mapping promises, each valid against its R4 schema', () => {
    const kinds = new Set(all.map((r) => r.resourceType));
    expect([...kinds].sort()).toEqual(Object.keys(RESOURCE_SCHEMAS).sort());
    all.forEach(expectValid);
  });

  it('every relative reference resolves inside the Bundle (except display-only actors)', () => {
    const ids = new Set(all.map((r) => `${r.resourceType}/${r.id}`));
    const refs = JSON.stringify(bundle).match(/"reference":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(10);
    for (const r of refs) expect(ids.has(r.slice(13, -1)), r).toBe(true);
  });

  it('maps the catheter as a Device whose parent is the pump', () => {
    const [pump, catheter] = ofType('Device');
    expect(pump?.serialNumber).toBe('NGP123456H');
    expect(catheter?.parent?.reference).toBe(`Device/${pump?.id}`);
    expect(JSON.stringify(catheter?.property)).toContain('T10');
  });

  it('chains MedicationRequests by priorPrescription with route 72607000 and rates in ug/d', () => {
    const mr = ofType('MedicationRequest');
    expect(mr.map((m) => m.priorPrescription?.reference)).toEqual([
      undefined,
      'MedicationRequest/rx-1',
      'MedicationRequest/rx-2',
    ]);
    expect(mr.map((m) => m.status)).toEqual(['stopped', 'stopped', 'active']);
    const second = mr[1]?.dosageInstruction?.[0];
    expect(second?.route?.coding?.[0]).toMatchObject({
      system: SYSTEMS.snomed,
      code: SNOMED.intrathecalRoute.code,
    });
    // 412.5 mcg/day stays exact (docs/architecture.md principle 3).
    expect(second?.doseAndRate?.[0]?.rateQuantity).toEqual({
      value: 412.5,
      unit: 'mcg/day',
      system: SYSTEMS.ucum,
      code: 'ug/d',
    });
    const codes = mr[0]?.medicationCodeableConcept.coding?.map((c) => `${c.system}|${c.code}`);
    expect(codes).toEqual([
      `${SYSTEMS.snomed}|387342009`,
      `${SYSTEMS.atc}|M03BX01`,
      `${SYSTEMS.rxnorm}|1666613`,
    ]);
  });

  it('writes a flex schedule as one dosage per step and bolus, the Saturday variant on its own day', () => {
    const flex = ofType('MedicationRequest')[2]?.dosageInstruction ?? [];
    const texts = flex.map((d) => d.text);
    expect(texts).toContain('Flex 00:00-08:00: 400 mcg/day');
    expect(texts).toContain('Flex bolus at 06:00: 25 mcg over 60 min');
    expect(texts).toContain('Flex saturday 00:00-24:00: 450 mcg/day');
    expect(flex[0]?.timing?.repeat?.dayOfWeek).not.toContain('sat');
  });

  it('gives MAS scores a local grade code, "1+" kept as a grade', () => {
    const mas = ofType('Observation').filter(
      (o) => o.code.coding?.[0]?.code === SNOMED.modifiedAshworth.code,
    );
    expect(mas.length).toBe(4);
    const grades = mas.map((o) => o.valueCodeableConcept?.coding?.[0]);
    expect(grades.every((g) => g?.system === SYSTEMS.masGrade)).toBe(true);
    expect(grades.map((g) => g?.code)).toContain('1+');
    expect(codeSystemSchema.safeParse(MAS_CODE_SYSTEM).success).toBe(true);
    expect(MAS_CODE_SYSTEM.concept?.map((c) => c.code)).toEqual(['0', '1', '1+', '2', '3', '4']);
  });

  it('reports expected vs measured residual in mL with the reconciliation verdict (Maino 2017)', () => {
    const obs = byId('refill-1-residual');
    expect(obs?.resourceType).toBe('Observation');
    if (obs?.resourceType !== 'Observation') return;
    expect(obs.component?.map((c) => c.valueQuantity?.value)).toEqual([4.2, 2.9, -1.3]);
    expect(obs.interpretation?.[0]?.coding?.[0]?.code).toBe('A');
    expect(obs.partOf?.[0]?.reference).toBe('Procedure/refill-1');
  });

  it('gives implant, refill and trial Procedures a focalDevice or its bolus', () => {
    const implantProc = ofType('Procedure').find((p) => p.code.coding?.[0]?.code === CPT.implantProgrammable);
    expect(implantProc?.focalDevice?.map((f) => f.manipulated.reference)).toHaveLength(2);
    const refill = byId('refill-1');
    expect(refill?.resourceType === 'Procedure' && refill.focalDevice?.[0]?.manipulated.reference).toMatch(
      /^Device\/.*-pump$/,
    );
    const bolus = byId('trial-1-bolus');
    expect(bolus?.resourceType === 'MedicationAdministration' && bolus.dosage?.dose?.value).toBe(50);
  });

  it('codes the implant Procedure with a procedure concept, never SNOMED 129336009, an action qualifier (finding: implant Procedure code)', () => {
    const actions: string[] = [SNOMED.implantationAction, SNOMED.removalAction, SNOMED.replacementAction].map(
      (c) => c.code,
    );
    const procedureCodes = ofType('Procedure').flatMap((p) => p.code.coding ?? []);
    expect(
      procedureCodes.filter((c) => c.system === SYSTEMS.snomed && actions.includes(c.code ?? '')),
    ).toEqual([]);
    const implant = ofType('Procedure').find(
      (p) => p.focalDevice !== undefined && p.focalDevice.length === 2,
    );
    expect(implant?.code.coding).toEqual([{ system: SYSTEMS.cpt, code: CPT.implantProgrammable }]);
    // The action qualifier stays where its binding belongs: what was done to each device.
    expect(implant?.focalDevice?.map((f) => f.action?.coding?.[0]?.code)).toEqual([
      SNOMED.implantationAction.code,
      SNOMED.implantationAction.code,
    ]);
  });

  it('maps alerts to Flags (resolved → inactive) and keeps the audit hash chain', () => {
    expect(ofType('Flag').map((f) => f.status)).toEqual(['active', 'inactive']);
    const audit = ofType('AuditEvent')[1];
    expect(audit?.action).toBe('R');
    expect(audit?.entity?.[0]?.detail).toContainEqual({ type: 'hash', valueString: 'c'.repeat(64) });
  });

  it('delivered periods end where the next programmed prescription starts', () => {
    const periods = ofType('MedicationAdministration').filter((m) => m.effectivePeriod !== undefined);
    expect(periods.map((m) => m.status)).toEqual(['completed', 'in-progress']);
    expect(periods[0]?.effectivePeriod?.end).toBe(periods[1]?.effectivePeriod?.start);
  });

  it('is deterministic for fixed input', () => {
    expect(JSON.stringify(patientBundle(sampleRecord(), opts))).toBe(JSON.stringify(bundle));
  });

  it('property: any representable continuous dose gives a valid MedicationRequest with the exact rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_003_000 }), (ng) => {
        const base = prescriptions[0];
        if (base === undefined) throw new Error('fixture');
        const record = {
          ...sampleRecord(),
          prescriptions: [
            {
              ...base,
              prescription: {
                mode: 'simple-continuous' as const,
                drug: 'baclofen' as const,
                concentrationMcgPerMl: 500,
                doseMcgPerDay: ng / 1000,
              },
            },
          ],
        };
        const mr = patientBundle(record, opts)
          .entry.map((e) => e.resource)
          .find((r) => r.resourceType === 'MedicationRequest');
        if (mr?.resourceType !== 'MedicationRequest') return false;
        expectValid(mr);
        return (
          Math.round((mr.dosageInstruction?.[0]?.doseAndRate?.[0]?.rateQuantity?.value ?? NaN) * 1000) === ng
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('R4 schemas reject what R4 forbids', () => {
  const pump = ofType('Device')[0];
  it.each([
    ['an unknown element', { ...pump, colour: 'blue' }],
    ['a reference to the wrong type', { ...pump, parent: { reference: 'Patient/x' } }],
    ['a bad FHIR id', { ...pump, id: 'has space' }],
  ])('%s', (_label, bad) => {
    expect(RESOURCE_SCHEMAS.Device.safeParse(bad).success).toBe(false);
  });
  it('a Quantity in a non-UCUM system or unit', () => {
    const mr = ofType('MedicationRequest')[1];
    const bad = JSON.parse(JSON.stringify(mr).replace('"ug/d"', '"mg/d"')) as unknown;
    expect(RESOURCE_SCHEMAS.MedicationRequest.safeParse(bad).success).toBe(false);
  });
});
