/**
 * Troubleshooting episodes and the implant's initial fill were not in the FHIR export: an episode is a
 * ClinicalImpression (steps as findings, cause, remedy and outcome as its summary and prognosis), the
 * initial fill a MedicationAdministration part of the implant Procedure — valid against the project's
 * schemas and the official R4 StructureDefinitions, every code known to the terminology table.
 */
import { describe, expect, it } from 'vitest';
import type { Episode } from '../clinic/troubleshooting/episode-records.ts';
import { epochMs } from '../therapy/quantities.ts';
import { patientResources, type PatientRecord } from './bundle.ts';
import { r4Issues } from './r4-test-support.ts';
import { RESOURCE_SCHEMAS, type FhirResource } from './schemas.ts';
import { termProblems } from './terminology-test-support.ts';
import { SAMPLE_NOW, implant, sampleRecord } from './test-fixtures.ts';

const opts = { baseUrl: 'https://clinic.example/fhir', now: SAMPLE_NOW };
const HOUR = 3_600_000;

const episode: Episode = {
  id: 'episode-1',
  patientId: sampleRecord().patient.id,
  symptom: 'more-spasticity',
  openedAt: SAMPLE_NOW - 5 * HOUR,
  openedBy: 'user:physician-1',
  findings: {
    presentations: ['more-spasticity'],
    activeAlarms: [],
    deliveryStopped: false,
    reservoirMl: 20,
    emptyThresholdMl: 0.5,
    infectionSigns: false,
    fever: false,
    meningism: false,
    intrathecalOpioid: false,
    drug: null,
    neurologicalSigns: false,
  },
  initialRanking: [
    { id: 'reservoir-empty-or-low', score: 3 },
    { id: 'catheter-disconnection-or-leak', score: 2 },
  ],
  ranking: [
    { id: 'catheter-disconnection-or-leak', score: 5 },
    { id: 'reservoir-empty-or-low', score: 0 },
  ],
  steps: [
    {
      at: SAMPLE_NOW - 4 * HOUR,
      by: 'user:physician-1',
      step: 'interrogate',
      result: 'reservoir 11 mL, no alarms',
      ranking: [{ id: 'catheter-disconnection-or-leak', score: 3 }],
    },
  ],
  closed: {
    at: SAMPLE_NOW - HOUR,
    by: 'user:physician-1',
    cause: 'catheter-disconnection-or-leak',
    remedy: 'surgical revision',
    outcome: 'resolved',
    note: '',
  },
};

/** The sample record with its pump's initial fill and one closed troubleshooting episode. */
function record(): PatientRecord {
  const r = sampleRecord();
  const filled = {
    ...implant,
    initialFill: {
      drug: 'baclofen' as const,
      concentrationNgPerMl: 2_000_000,
      volumeNl: 18_000_000,
      lot: 'IF-7',
      at: epochMs(Date.parse(`${implant.implantDate}T11:00:00Z`)),
    },
  };
  return { ...r, implants: [filled], episodes: [episode] };
}

const byId = (all: readonly FhirResource[], id: string) => all.find((x) => x.id === id);

describe('troubleshooting and the initial fill in the FHIR export', () => {
  it('troubleshooting episodes and the initial fill were not in the FHIR export: both are, valid R4 with known codes', () => {
    const all = patientResources(record(), opts);
    const ci = byId(all, 'episode-1');
    const fill = byId(all, `${implant.id}-initial-fill`);
    expect([ci?.resourceType, fill?.resourceType]).toEqual([
      'ClinicalImpression',
      'MedicationAdministration',
    ]);
    for (const r of [ci, fill]) {
      if (r === undefined) continue;
      expect(RESOURCE_SCHEMAS[r.resourceType].safeParse(r).success, `${r.resourceType}/${r.id}`).toBe(true);
      expect(r4Issues(r), r.id).toEqual([]);
      expect(termProblems(r), r.id).toEqual([]);
    }
  });

  it('the episode carries its steps, cause, remedy and outcome; the fill its volume, lot and implant', () => {
    const all = patientResources(record(), opts);
    const ci = byId(all, 'episode-1');
    if (ci?.resourceType !== 'ClinicalImpression') throw new Error('no ClinicalImpression');
    expect(ci.status).toBe('completed');
    expect(ci.finding?.map((f) => f.itemCodeableConcept.text)).toEqual([
      'interrogate: reservoir 11 mL, no alarms',
    ]);
    expect(ci.summary).toContain(
      'cause catheter-disconnection-or-leak; remedy surgical revision; outcome resolved',
    );
    expect(ci.prognosisCodeableConcept?.[0]?.text).toBe('resolved');
    const fill = byId(all, `${implant.id}-initial-fill`);
    if (fill?.resourceType !== 'MedicationAdministration') throw new Error('no MedicationAdministration');
    expect(fill.partOf).toEqual([{ reference: `Procedure/${implant.id}-implant` }]);
    expect(fill.dosage?.dose).toMatchObject({ value: 18, code: 'mL' });
    expect(fill.note?.[0]?.text).toContain('lot IF-7');
  });

  it('an open episode is in progress with no summary; an implant without an initial fill exports none', () => {
    const open = { ...episode, closed: null, steps: [] };
    const all = patientResources({ ...sampleRecord(), episodes: [open] }, opts);
    const ci = byId(all, 'episode-1');
    if (ci?.resourceType !== 'ClinicalImpression') throw new Error('no ClinicalImpression');
    expect([ci.status, ci.summary, ci.finding]).toEqual(['in-progress', undefined, undefined]);
    expect(byId(all, `${implant.id}-initial-fill`)).toBeUndefined();
  });
});
