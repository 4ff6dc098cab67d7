/**
 * The care pathway's records (src/clinic/pathway/) → FHIR R4 (docs/fhir.md "Care pathway"):
 *
 * - the candidacy evaluation → a ClinicalImpression (diagnosis, distribution, oral baclofen tried — or for
 *   pain the pain's type and distribution, the systemic opioids and conservative treatments tried —
 *   contraindications answered yes as findings, the team's decision with who decided as its summary) and
 *   one Goal per goal of therapy;
 * - a post-operative check → an Observation panel (wound, CSF-leak and infection signs as components) with
 *   the body temperature as its own vital-signs Observation (LOINC 8310-5, UCUM `Cel`) as a member;
 * - an explant → a Procedure (CPT 62365, removal action on the pump, and on the catheter when it came out).
 *
 * Pure: records in, resources out. The domain rules (what a concern is, fever) are the pathway's own. The dates in words a person reads are in the clinic's zone (clinic/time-zone.ts, docs/invariants.md I20);
 * FHIR's date elements stay ISO.
 */
import type { Evaluation } from '../clinic/pathway/evaluation-records.ts';
import { clinicDayText } from '../clinic/time-zone.ts';
import type { Explant } from '../clinic/pathway/explant-records.ts';
import { FEVER_C, postOpConcerns, type PostOpCheck } from '../clinic/pathway/postop-checks.ts';
import { CPT, LOCAL, LOINC, SNOMED, SYSTEMS } from './codes.ts';
import type { CodeableConcept, Coding } from './datatypes.ts';
import {
  actorRef,
  catheterDeviceId,
  fhirIdOf,
  instant,
  local,
  pumpDeviceId,
  ref,
  snomed,
} from './map-common.ts';
import type { ClinicalImpressionResource, GoalResource } from './schemas-pathway.ts';
import type { ObservationResource, ProcedureResource } from './schemas.ts';

const loinc = (c: { code: string; display: string }): Coding => ({ system: SYSTEMS.loinc, ...c });
const category = (code: string, display: string): CodeableConcept[] => [
  { coding: [{ system: SYSTEMS.observationCategory, code, display }] },
];
const ABNORMAL: CodeableConcept = {
  coding: [{ system: SYSTEMS.observationInterpretation, code: 'A', display: 'Abnormal' }],
};
const HIGH: CodeableConcept = {
  coding: [{ system: SYSTEMS.observationInterpretation, code: 'H', display: 'High' }],
};

/** The contraindication and caution questions, in clinicians' words. */
const CONTRAINDICATION_TEXT: Record<keyof Evaluation['contraindications'], string> = {
  activeInfection: 'Active infection',
  bodyHabitusTooSmall: 'Body habitus too small for the pump',
  uncontrolledSeizures: 'Uncontrolled seizures',
  pregnancy: 'Pregnancy',
  anticoagulation: 'Anticoagulation',
};

/** The Goal ids of an evaluation's goals of therapy, in order. */
export const goalIdsOf = (e: Evaluation): string[] => e.goals.map((_, i) => fhirIdOf(e.id, `goal-${i}`));

/** The diagnosis and the indication's own findings: the spasticity's origin and extent, or the pain's. */
const describe = (e: Evaluation): string =>
  e.pain === undefined
    ? `${e.diagnosis} (${e.etiology}); spasticity: ${e.distribution}`
    : `${e.diagnosis}; pain: ${e.pain.type}, ${e.pain.distribution}${e.pain.cancerRelated ? ', cancer-related' : ''}`;

/** The candidacy evaluation and the team's decision. */
export function evaluationToFhir(e: Evaluation, patientId: string): ClinicalImpressionResource {
  const d = e.decision;
  const tried = (what: string, o: { maxDailyDoseMg: number; response: string; intolerance: string }) =>
    `${what} up to ${o.maxDailyDoseMg} mg/day: response ${o.response}` +
    (o.intolerance === '' ? '' : `; limited by ${o.intolerance}`);
  const notes = [
    ...(e.oralBaclofen ?? []).map((o) => tried('Oral baclofen', o)),
    ...(e.pain?.systemicOpioids ?? []).map((o) => tried(`Systemic ${o.drug}`, o)),
  ];
  const conservative = e.pain?.conservativeTreatments ?? [];
  if (conservative.length > 0) notes.push(`Conservative treatments tried: ${conservative.join(', ')}`);
  if (e.notes !== '') notes.push(e.notes);
  const findings = (Object.keys(CONTRAINDICATION_TEXT) as (keyof Evaluation['contraindications'])[])
    .filter((k) => e.contraindications[k])
    .map((k) => ({
      itemCodeableConcept: { text: CONTRAINDICATION_TEXT[k] },
      basis: 'Answered yes at evaluation',
    }));
  const out: ClinicalImpressionResource = {
    resourceType: 'ClinicalImpression',
    id: fhirIdOf(e.id),
    status: d === null ? 'in-progress' : 'completed',
    code: { coding: [local(LOCAL.candidacyEvaluation)], text: LOCAL.candidacyEvaluation.display },
    description: describe(e),
    subject: ref('Patient', patientId),
    effectiveDateTime: instant(e.at),
    date: instant(e.createdAt),
    assessor: actorRef(e.createdBy),
    summary:
      d === null
        ? 'The team has not decided yet'
        : `Team decision ${clinicDayText(d.decidedAt)}: ${d.outcome}, by ${d.decidedBy}. ${d.rationale}`,
  };
  if (d !== null) {
    out.prognosisCodeableConcept = [
      { coding: [{ system: SYSTEMS.teamOutcome, code: d.outcome }], text: d.outcome },
    ];
  }
  if (findings.length > 0) out.finding = findings;
  if (notes.length > 0) out.note = notes.map((text) => ({ text }));
  return out;
}

/** The goals of therapy of an evaluation: active once the team proceeds, proposed before. */
export function evaluationGoalsToFhir(e: Evaluation, patientId: string): GoalResource[] {
  const ids = goalIdsOf(e);
  const status = e.decision?.outcome === 'proceed-to-trial' ? 'active' : 'proposed';
  return e.goals.map((goal, i) => ({
    resourceType: 'Goal',
    id: ids[i]!,
    lifecycleStatus: e.decision?.outcome === 'not-a-candidate' ? 'rejected' : status,
    description: { text: goal },
    subject: ref('Patient', patientId),
    startDate: instant(e.at).slice(0, 10),
  }));
}

/** The body temperature of a post-operative check (R4 vital signs: LOINC 8310-5, UCUM Cel). */
function temperatureObservation(c: PostOpCheck, patientId: string): ObservationResource {
  const out: ObservationResource = {
    resourceType: 'Observation',
    id: fhirIdOf(c.id, 'temperature'),
    status: 'final',
    category: category('vital-signs', 'Vital Signs'),
    code: { coding: [loinc(LOINC.bodyTemperature)], text: 'Temperature' },
    subject: ref('Patient', patientId),
    effectiveDateTime: instant(c.at),
    performer: [actorRef(c.createdBy)],
    valueQuantity: { value: c.temperatureC, unit: '°C', system: SYSTEMS.ucum, code: 'Cel' },
  };
  if (c.temperatureC >= FEVER_C.value) out.interpretation = [HIGH];
  return out;
}

const sign = (concept: { code: string; display: string }, value: boolean) => ({
  code: { coding: [local(concept)], text: concept.display },
  valueBoolean: value,
});

/** A post-operative check: the panel and its temperature. */
export function postOpCheckToFhir(c: PostOpCheck, patientId: string): ObservationResource[] {
  const concerns = postOpConcerns(c);
  const notes = [...concerns.map((x) => `Concern: ${x}`)];
  if (c.completes.length > 0) notes.push(`Completes: ${c.completes.join(', ')}`);
  if (c.notes !== '') notes.push(c.notes);
  const temperature = temperatureObservation(c, patientId);
  const panel: ObservationResource = {
    resourceType: 'Observation',
    id: fhirIdOf(c.id),
    status: 'final',
    category: category('exam', 'Exam'),
    code: { coding: [local(LOCAL.postOpCheck)], text: LOCAL.postOpCheck.display },
    subject: ref('Patient', patientId),
    focus: [ref('Procedure', fhirIdOf(c.implantId, 'implant'))],
    effectiveDateTime: instant(c.at),
    performer: [actorRef(c.createdBy)],
    hasMember: [ref('Observation', temperature.id)],
    component: [
      {
        code: { coding: [local(LOCAL.woundState)], text: LOCAL.woundState.display },
        valueCodeableConcept: { coding: [{ system: SYSTEMS.woundState, code: c.wound }], text: c.wound },
      },
      sign(LOCAL.positionalHeadache, c.positionalHeadache),
      sign(LOCAL.fluidCollection, c.fluidCollection),
      sign(LOCAL.infectionSigns, c.infectionSigns),
    ],
  };
  if (concerns.length > 0) panel.interpretation = [ABNORMAL];
  if (notes.length > 0) panel.note = notes.map((text) => ({ text }));
  return [panel, temperature];
}

/** A pump taken out: removal of the pump, and of the catheter unless it was kept. */
export function explantToFhir(x: Explant, patientId: string): ProcedureResource {
  const removal: CodeableConcept = { coding: [snomed(SNOMED.removalAction)] };
  const devices = [{ action: removal, manipulated: ref('Device', pumpDeviceId(x.implantId)) }];
  if (x.catheter !== 'kept')
    devices.push({ action: removal, manipulated: ref('Device', catheterDeviceId(x.implantId)) });
  const notes = [`Catheter ${x.catheter}.`];
  if (x.replacementImplantId !== null)
    notes.push(`Replaced by the pump of Procedure/${fhirIdOf(x.replacementImplantId, 'implant')}.`);
  if (x.notes !== '') notes.push(x.notes);
  return {
    resourceType: 'Procedure',
    id: fhirIdOf(x.id),
    status: 'completed',
    code: {
      coding: [local(LOCAL.explant), { system: SYSTEMS.cpt, code: CPT.removal }],
      text: LOCAL.explant.display,
    },
    subject: ref('Patient', patientId),
    performedDateTime: instant(x.at),
    performer: [{ actor: actorRef(x.createdBy) }],
    reasonCode: [{ coding: [{ system: SYSTEMS.explantReason, code: x.reason }], text: x.reason }],
    focalDevice: devices,
    note: notes.map((text) => ({ text })),
  };
}
