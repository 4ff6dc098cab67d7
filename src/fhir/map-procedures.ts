/**
 * Implant, refill and screening trial → Procedures with `focalDevice` (docs/clinical-reference.md §6), and each refill's
 * expected vs measured residual → an Observation (mL) carrying the reconciliation verdict (Maino 2017: > 1 mL
 * in a 20 mL pump, > 2 mL in a 40 mL pump is potentially consequential).
 */
import { concentrationText } from '../therapy/drug-display.ts';
import type { Refill, Trial } from '../clinic/clinical-records.ts';
import type { Implant } from '../clinic/records.ts';
import { getProfile } from '../pump/profiles.ts';
import { formatVolume } from '../therapy/units.ts';
import { CPT, LOCAL, SNOMED, SYSTEMS } from './codes.ts';
import type { CodeableConcept } from './datatypes.ts';
import {
  actorRef,
  catheterDeviceId,
  fhirIdOf,
  instant,
  local,
  medicationConcept,
  ml,
  pumpDeviceId,
  ref,
  snomed,
} from './map-common.ts';
import type { ObservationResource, ProcedureResource } from './schemas.ts';

const IMPLANT_ACTION: CodeableConcept = { coding: [snomed(SNOMED.implantationAction)] };

/**
 * The implantation of pump and catheter. Its code is the CPT procedure (62362 programmable, 62361
 * non-programmable; docs/clinical-reference.md §6 [C], code only): SNOMED 129336009 is an action
 * qualifier, valid as focalDevice.action but not as what the procedure was. A SNOMED CT procedure concept
 * for this implantation is not confirmed from a primary source here [U] (docs/fhir.md "Codes").
 */
export function implantProcedure(implant: Implant, patientId: string): ProcedureResource {
  const programmable = getProfile(implant.deviceProfileId).kind !== 'constant-flow';
  return {
    resourceType: 'Procedure',
    id: fhirIdOf(implant.id, 'implant'),
    status: 'completed',
    code: {
      coding: [
        { system: SYSTEMS.cpt, code: programmable ? CPT.implantProgrammable : CPT.implantNonProgrammable },
      ],
      text: 'Implantation of intrathecal drug pump and catheter',
    },
    subject: ref('Patient', patientId),
    performedDateTime: implant.implantDate,
    focalDevice: [
      { action: IMPLANT_ACTION, manipulated: ref('Device', pumpDeviceId(implant.id)) },
      { action: IMPLANT_ACTION, manipulated: ref('Device', catheterDeviceId(implant.id)) },
    ],
    note: [{ text: `Catheter tip at ${implant.catheter.tipLevel}; pump in ${implant.pocketSide} pocket.` }],
  };
}

/** A refill: drain, measure, add drug (docs/clinical-reference.md §3 refill procedure). */
export function refillProcedure(r: Refill, patientId: string): ProcedureResource {
  const notes = [
    `Lot ${r.lot}; added ${formatVolume(r.volumeAddedNl)} of ${concentrationText(r.concentrationNgPerMl, r.drug)}; new reservoir volume ${formatVolume(r.volumeAddedNl)} (residual drained).`,
  ];
  if (r.justification !== null) notes.push(`Override justification: ${r.justification}`);
  return {
    resourceType: 'Procedure',
    id: fhirIdOf(r.id),
    status: 'completed',
    code: {
      coding: [local(LOCAL.refill), { system: SYSTEMS.cpt, code: CPT.refill }],
      text: LOCAL.refill.display,
    },
    subject: ref('Patient', patientId),
    performedDateTime: instant(r.at),
    performer: [{ actor: actorRef(r.createdBy) }],
    focalDevice: [
      {
        action: { coding: [local(LOCAL.refillAction)] },
        manipulated: ref('Device', pumpDeviceId(r.implantId)),
      },
    ],
    usedCode: [medicationConcept(r.drug, r.concentrationNgPerMl)],
    note: notes.map((text) => ({ text })),
  };
}

const interpretation = (verdict: Refill['reconciliation']['verdict']): CodeableConcept =>
  verdict === 'ok'
    ? { coding: [{ system: SYSTEMS.observationInterpretation, code: 'N', display: 'Normal' }] }
    : {
        coding: [{ system: SYSTEMS.observationInterpretation, code: 'A', display: 'Abnormal' }],
        text: `Residual discrepancy: ${verdict}`,
      };

/** Expected vs measured residual (mL) and their difference, part of the refill Procedure. */
export function residualObservation(r: Refill, patientId: string): ObservationResource {
  const rec = r.reconciliation;
  const notes = rec.reasons.map((x) => ({ text: `${x.code}: ${x.message}` }));
  const out: ObservationResource = {
    resourceType: 'Observation',
    id: fhirIdOf(r.id, 'residual'),
    status: 'final',
    partOf: [ref('Procedure', fhirIdOf(r.id))],
    category: [{ coding: [{ system: SYSTEMS.observationCategory, code: 'procedure' }] }],
    code: { coding: [local(LOCAL.residual)], text: LOCAL.residual.display },
    subject: ref('Patient', patientId),
    effectiveDateTime: instant(r.at),
    performer: [actorRef(r.createdBy)],
    interpretation: [interpretation(rec.verdict)],
    device: ref('Device', pumpDeviceId(r.implantId)),
    component: [
      { code: { coding: [local(LOCAL.expectedResidual)] }, valueQuantity: ml(r.expectedResidualNl) },
      { code: { coding: [local(LOCAL.measuredResidual)] }, valueQuantity: ml(r.measuredResidualNl) },
      {
        code: { coding: [local(LOCAL.discrepancy)] },
        valueQuantity: ml(rec.discrepancyNl),
        interpretation: [interpretation(rec.verdict)],
      },
    ],
  };
  if (notes.length > 0) out.note = notes;
  return out;
}

/** A screening trial (docs/clinical-reference.md §1.1); the bolus itself is a MedicationAdministration part of it. */
export function trialProcedure(t: Trial, patientId: string): ProcedureResource {
  const outcome =
    t.responded === null
      ? undefined
      : { text: t.responded ? 'Responded to the test bolus' : 'Did not respond to the test bolus' };
  const notes: string[] = [`Method: ${t.method}.`];
  if (t.effectHours !== null) notes.push(`Effect lasted ${t.effectHours} h.`);
  if (t.notes !== undefined && t.notes !== '') notes.push(t.notes);
  const out: ProcedureResource = {
    resourceType: 'Procedure',
    id: fhirIdOf(t.id),
    status: t.responded === null ? 'in-progress' : 'completed',
    code: { coding: [local(LOCAL.screeningTrial)], text: LOCAL.screeningTrial.display },
    subject: ref('Patient', patientId),
    performedDateTime: instant(t.at),
    performer: [{ actor: actorRef(t.createdBy) }],
    note: notes.map((text) => ({ text })),
  };
  if (outcome !== undefined) out.outcome = outcome;
  return out;
}
