/**
 * Issue 16, "no terminology validator": @medplum/core accepted a made-up LOINC code and the unit `furlongs`.
 * The terminology check holds every coded element of the export against the table of the codes the project
 * uses (each with its display and source, listed in docs/fhir.md) and every unit against UCUM
 * (@lhncbc/ucum-lhc, independent of the project).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { patientResources } from './bundle.ts';
import { capabilityStatement } from './capability.ts';
import { SYSTEMS } from './codes.ts';
import { MAS_CODE_SYSTEM } from './map-observations.ts';
import { terminologyProblems } from './terminology-check.ts';
import { ucumValid } from './terminology-test-support.ts';
import { EXTERNAL_CODES, UCUM_UNITS } from './terminology.ts';
import { SAMPLE_NOW, sampleRecord } from './test-fixtures.ts';

const opts = { baseUrl: 'https://clinic.example/fhir', now: SAMPLE_NOW };

describe('terminology check (issue 16: no terminology validator)', () => {
  it('every unit the export uses is valid UCUM; furlongs and a mistyped unit are not', () => {
    for (const u of UCUM_UNITS) expect(ucumValid(u), u).toBe(true);
    expect(ucumValid('furlongs')).toBe(false);
    expect(ucumValid('mcg/day')).toBe(false);
  });

  it('no terminology validator: a made-up code, a wrong display, a CPT display and a non-UCUM unit are each found', () => {
    const bad = {
      resourceType: 'Observation',
      code: {
        coding: [
          { system: SYSTEMS.loinc, code: '99999-9', display: 'Made up' },
          { system: SYSTEMS.loinc, code: '72514-3', display: 'Pain score' },
          { system: SYSTEMS.cpt, code: '62362', display: 'Implantation of pump' },
          { system: 'urn:itb:CodeSystem:alert-kind', code: 'no-such-kind' },
        ],
      },
      valueQuantity: { value: 3, unit: 'furlongs', system: SYSTEMS.ucum, code: 'furlongs' },
      component: [{ valueQuantity: { value: 1, unit: 'cc', system: SYSTEMS.ucum, code: 'cc' } }],
    };
    const problems = terminologyProblems(bad, ucumValid);
    expect(problems).toEqual([
      '$.code.coding[0]: unknown code http://loinc.org|99999-9',
      '$.code.coding[1]: wrong display for http://loinc.org|72514-3: "Pain score", expected "Pain severity - 0-10 verbal numeric rating [Score] - Reported"',
      '$.code.coding[2]: http://www.ama-assn.org/go/cpt|62362 must carry no display (has "Implantation of pump")',
      '$.code.coding[3]: unknown code urn:itb:CodeSystem:alert-kind|no-such-kind',
      '$.valueQuantity: unit furlongs is not one the project uses',
      '$.component[0].valueQuantity: unit cc is not one the project uses',
    ]);
  });

  it('every coded element of a full export (pathway, follow-up, projected dates) and the CapabilityStatement is a known code with its display', () => {
    const all = patientResources(sampleRecord(), opts);
    expect(terminologyProblems(all, ucumValid)).toEqual([]);
    expect(
      terminologyProblems(
        MAS_CODE_SYSTEM.concept?.map((c) => ({ system: SYSTEMS.masGrade, ...c })),
        ucumValid,
      ),
    ).toEqual([]);
    expect(terminologyProblems(capabilityStatement(opts.baseUrl, '0.0.0', SAMPLE_NOW), ucumValid)).toEqual(
      [],
    );
  });

  it('docs/fhir.md lists every external code with its display', () => {
    const doc = readFileSync(new URL('../../docs/fhir.md', import.meta.url), 'utf8');
    for (const e of EXTERNAL_CODES) {
      expect(doc, `${e.system}|${e.code}`).toContain(e.code);
      if (e.display !== null) expect(doc, `${e.system}|${e.code}`).toContain(e.display);
    }
  });
});
