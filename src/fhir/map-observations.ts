/**
 * Tone assessments → Observations: one per Modified Ashworth Scale score (SNOMED 765771006; no LOINC code
 * for MAS is confirmed, docs/fhir.md) with the grade from a local CodeSystem — "1+" is a grade, not a number
 * (docs/clinical-reference.md §4) — and the Penn Spasm Frequency Score as an integer. Follow-up scores too:
 * pain on the 0–10 numeric rating scale (LOINC 72514-3) and each goal's Goal Attainment Scaling score
 * (LOINC 107333-7, −2…+2), `focus` → the Goal of the same words when the evaluation recorded one. Trial
 * assessments are `partOf` the trial Procedure, timed after the bolus.
 */
import { MAS_GRADES, type Assessment, type MasScore, type Trial } from '../clinic/clinical-records.ts';
import { LOCAL, LOINC, MAS_GRADE_DISPLAY, SNOMED, SYSTEMS } from './codes.ts';
import { fhirIdOf, instant, local, ref, snomed } from './map-common.ts';
import type { CodeSystemResource, ObservationResource } from './schemas.ts';

const SURVEY = [{ coding: [{ system: SYSTEMS.observationCategory, code: 'survey' }] }];

/** The local MAS grade CodeSystem, for servers that want to validate our codes. */
export const MAS_CODE_SYSTEM: CodeSystemResource = {
  resourceType: 'CodeSystem',
  id: 'itb-mas-grade',
  url: SYSTEMS.masGrade,
  name: 'ItbMasGrade',
  title: 'Modified Ashworth Scale grades',
  status: 'active',
  description: 'Grades of the Modified Ashworth Scale (Bohannon & Smith 1987); 1+ lies between 1 and 2.',
  caseSensitive: true,
  content: 'complete',
  count: MAS_GRADES.length,
  // MAS_GRADES, not Object.keys: integer-like keys ('0'…'4') would be enumerated before '1+'.
  concept: MAS_GRADES.map((code) => ({ code, display: MAS_GRADE_DISPLAY[code] })),
};

interface Context {
  readonly patientId: string;
  readonly at: number;
  readonly idBase: string;
  readonly by: string;
  readonly partOf?: string;
}

function masObservation(s: MasScore, i: number, c: Context): ObservationResource {
  const out: ObservationResource = {
    resourceType: 'Observation',
    id: fhirIdOf(c.idBase, `mas-${i}`),
    status: 'final',
    category: SURVEY,
    code: { coding: [snomed(SNOMED.modifiedAshworth)], text: 'Modified Ashworth Scale' },
    subject: ref('Patient', c.patientId),
    effectiveDateTime: instant(c.at),
    performer: [{ display: c.by }],
    valueCodeableConcept: {
      coding: [{ system: SYSTEMS.masGrade, code: s.grade, display: MAS_GRADE_DISPLAY[s.grade] }],
      text: `MAS ${s.grade}`,
    },
    bodySite: { text: `${s.muscleGroup} (${s.side})` },
  };
  if (c.partOf !== undefined) out.partOf = [ref('Procedure', c.partOf)];
  return out;
}

function pennObservation(score: number, c: Context): ObservationResource {
  const out: ObservationResource = {
    resourceType: 'Observation',
    id: fhirIdOf(c.idBase, 'penn'),
    status: 'final',
    category: SURVEY,
    code: { coding: [local(LOCAL.pennSpasm)], text: LOCAL.pennSpasm.display },
    subject: ref('Patient', c.patientId),
    effectiveDateTime: instant(c.at),
    performer: [{ display: c.by }],
    valueInteger: score,
  };
  if (c.partOf !== undefined) out.partOf = [ref('Procedure', c.partOf)];
  return out;
}

function scored(mas: readonly MasScore[], penn: number | null, c: Context): ObservationResource[] {
  const out = mas.map((s, i) => masObservation(s, i, c));
  if (penn !== null) out.push(pennObservation(penn, c));
  return out;
}

function followUp(a: Assessment, c: Context, goalIds: ReadonlyMap<string, string>): ObservationResource[] {
  const base = {
    resourceType: 'Observation' as const,
    status: 'final' as const,
    category: SURVEY,
    subject: ref('Patient', c.patientId),
    effectiveDateTime: instant(c.at),
    performer: [{ display: c.by }],
  };
  const out: ObservationResource[] = [];
  if (a.painNrs !== null) {
    out.push({
      ...base,
      id: fhirIdOf(c.idBase, 'pain'),
      code: { coding: [{ system: SYSTEMS.loinc, ...LOINC.painNrs }], text: 'Pain (0-10 NRS)' },
      valueInteger: a.painNrs,
    });
  }
  a.goals.forEach((g, i) => {
    const o: ObservationResource = {
      ...base,
      id: fhirIdOf(c.idBase, `gas-${i}`),
      code: {
        coding: [{ system: SYSTEMS.loinc, ...LOINC.goalAttainment }],
        text: `Goal attainment: ${g.goal}`,
      },
      valueInteger: g.score,
    };
    const goal = goalIds.get(goalKey(g.goal));
    if (goal !== undefined) o.focus = [ref('Goal', goal)];
    out.push(o);
  });
  return out;
}

/** The key a goal's words are matched on (case and spacing do not make another goal). */
export const goalKey = (goal: string): string => goal.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * A clinic assessment's scores. `goalIds` maps {@link goalKey} of a goal of therapy to its Goal id. Side
 * effects and notes are not mapped (free text; see docs/fhir.md).
 */
export function assessmentToFhir(
  a: Assessment,
  patientId: string,
  goalIds: ReadonlyMap<string, string> = new Map(),
): ObservationResource[] {
  const c = { patientId, at: a.at, idBase: a.id, by: a.createdBy };
  return [...scored(a.mas, a.pennSpasm, c), ...followUp(a, c, goalIds)];
}

/** A trial's timed assessments, each at bolus time + minutes, part of the trial Procedure. */
export function trialAssessmentsToFhir(t: Trial, patientId: string): ObservationResource[] {
  return t.assessments.flatMap((a, k) =>
    scored(a.mas, a.pennSpasm, {
      patientId,
      at: t.at + a.minutesAfterDose * 60_000,
      idBase: fhirIdOf(t.id, `t${k}`),
      by: t.createdBy,
      partOf: fhirIdOf(t.id),
    }),
  );
}
