/**
 * The troubleshooting episode (src/clinic/troubleshooting/: symptom → ranked causes → steps with their
 * results → cause, remedy and outcome) and the implant's initial fill → FHIR R4 (docs/fhir.md):
 *
 * - an episode → a ClinicalImpression: the symptom as its description, each step taken with its result as a
 *   finding, the causes as first and last ranked as notes, and, once closed, the cause, remedy and outcome
 *   as its summary with the outcome coded as its prognosis (in progress until closed);
 * - the initial fill → a MedicationAdministration part of the implant Procedure: the drug and
 *   concentration put into the new pump's empty reservoir at surgery, its volume and lot.
 *
 * Pure: records in, resources out. The dates in words a person reads are in the clinic's zone (clinic/time-zone.ts, docs/invariants.md I20);
 * FHIR's date elements stay ISO.
 */
import { concentrationText } from '../therapy/drug-display.ts';
import type { InitialFill } from '../clinic/initial-fill.ts';
import type { Implant } from '../clinic/records.ts';
import { clinicInstantText } from '../clinic/time-zone.ts';
import type { Episode } from '../clinic/troubleshooting/episode-records.ts';
import { formatVolume } from '../therapy/units.ts';
import { LOCAL, SYSTEMS } from './codes.ts';
import {
  actorRef,
  fhirIdOf,
  instant,
  INTRATHECAL,
  local,
  medicationConcept,
  ml,
  pumpDeviceId,
  ref,
} from './map-common.ts';
import type { ClinicalImpressionResource } from './schemas-pathway.ts';
import type { MedicationAdministrationResource } from './schemas.ts';

const ranked = (r: Episode['ranking']): string => r.map((c) => c.id).join(' > ');

/** A troubleshooting episode as a ClinicalImpression. */
export function episodeToFhir(ep: Episode, patientId: string): ClinicalImpressionResource {
  const out: ClinicalImpressionResource = {
    resourceType: 'ClinicalImpression',
    id: fhirIdOf(ep.id),
    status: ep.closed === null ? 'in-progress' : 'completed',
    code: { coding: [local(LOCAL.troubleshootingEpisode)], text: LOCAL.troubleshootingEpisode.display },
    description: `Presenting symptom: ${ep.symptom}`,
    subject: ref('Patient', patientId),
    effectiveDateTime: instant(ep.openedAt),
    date: instant(ep.closed?.at ?? ep.openedAt),
    assessor: actorRef(ep.openedBy),
    note: [
      { text: `Causes as first ranked: ${ranked(ep.initialRanking)}` },
      { text: `Causes as ranked now: ${ranked(ep.ranking)}` },
    ],
  };
  if (ep.steps.length > 0) {
    out.finding = ep.steps.map((s) => ({
      itemCodeableConcept: {
        coding: [{ system: SYSTEMS.troubleStep, code: s.step }],
        text: `${s.step}: ${s.result}`,
      },
      basis: `${clinicInstantText(s.at)} by ${s.by}`,
    }));
  }
  if (ep.closed !== null) {
    const c = ep.closed;
    out.summary =
      `Closed ${clinicInstantText(c.at)}: cause ${c.cause}; remedy ${c.remedy}; outcome ${c.outcome}` +
      (c.note === '' ? '' : `. ${c.note}`);
    out.prognosisCodeableConcept = [
      { coding: [{ system: SYSTEMS.episodeOutcome, code: c.outcome }], text: c.outcome },
    ];
  }
  return out;
}

/** The initial fill of an implant, part of its implant Procedure; none when the implant records none. */
export function initialFillToFhir(
  implant: Pick<Implant, 'id' | 'initialFill'>,
  patientId: string,
): MedicationAdministrationResource[] {
  const fill: InitialFill | null = implant.initialFill ?? null;
  if (fill === null) return [];
  return [
    {
      resourceType: 'MedicationAdministration',
      id: fhirIdOf(implant.id, 'initial-fill'),
      status: 'completed',
      medicationCodeableConcept: medicationConcept(fill.drug, fill.concentrationNgPerMl),
      subject: ref('Patient', patientId),
      partOf: [ref('Procedure', fhirIdOf(implant.id, 'implant'))],
      effectiveDateTime: instant(fill.at),
      device: [ref('Device', pumpDeviceId(implant.id))],
      note: [{ text: `Initial fill of the new pump's empty reservoir; lot ${fill.lot}.` }],
      dosage: {
        text:
          `Initial fill ${formatVolume(fill.volumeNl)} of ${concentrationText(fill.concentrationNgPerMl, fill.drug)} ` +
          'into the pump reservoir',
        route: INTRATHECAL,
        dose: ml(fill.volumeNl),
      },
    },
  ];
}
