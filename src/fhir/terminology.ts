/**
 * Every code the FHIR export may emit, with its display and where it comes from (docs/fhir.md "Codes"):
 * the table the terminology check (terminology-check.ts, run in CI by terminology.test.ts) holds every
 * emitted Coding against. External codes are written here from their published source — on purpose NOT
 * read from codes.ts, so a display or code typed wrong there is caught here. Local code systems
 * (`urn:itb:CodeSystem:…`) are the project's own vocabularies, listed from the enumerations that define them.
 *
 * A `display` of null means the coding must go out WITHOUT a display: CPT descriptors are licensed text
 * (docs/clinical-reference.md §6, "codes stored only"), and ATC's is not sent.
 */
import { RXNORM_BY_DRUG } from './rxnorm.ts';
import {
  ALERT_KINDS,
  APPOINTMENT_KINDS,
  COMPLICATION_KINDS,
  MAS_GRADES,
} from '../clinic/clinical-records.ts';
import { TEAM_OUTCOMES } from '../clinic/pathway/evaluation-records.ts';
import { EXPLANT_REASONS } from '../clinic/pathway/explant-records.ts';
import { POSTOP_ITEMS, postOpCheckBodySchema } from '../clinic/pathway/postop-checks.ts';
import { EPISODE_OUTCOMES, STEP_IDS } from '../clinic/troubleshooting/episode-records.ts';
import { LOCAL, MAS_GRADE_DISPLAY, SYSTEMS } from './codes.ts';

/** One code the project uses. */
export interface TermEntry {
  readonly system: string;
  readonly code: string;
  /** The display the coding must carry if it has one; null: it must carry none. */
  readonly display: string | null;
  /** Where the code and display come from. */
  readonly source: string;
}

const SCT = 'SNOMED CT International (docs/clinical-reference.md §6)';
const HL7 = 'HL7 FHIR R4 terminology (terminology.hl7.org)';

/** Every RxNorm code the drug library maps (src/fhir/rxnorm.ts holds them; they are not written again here). */
function rxnormEntries(): TermEntry[] {
  return Object.values(RXNORM_BY_DRUG)
    .flatMap((d) => (d.kind === 'listed' ? Object.values(d.byMcgPerMl) : [d.all]))
    .flatMap((m) =>
      m.kind === 'mapped'
        ? [
            {
              system: SYSTEMS.rxnorm,
              code: m.rxnorm.code,
              display: m.rxnorm.display,
              source: 'RxNorm (NLM); src/fhir/rxnorm.ts',
            },
          ]
        : [],
    );
}

/** The external codes, each from its published source. */
export const EXTERNAL_CODES: readonly TermEntry[] = [
  { system: SYSTEMS.snomed, code: '72607000', display: 'Intrathecal route', source: SCT },
  { system: SYSTEMS.snomed, code: '387342009', display: 'Baclofen', source: SCT },
  { system: SYSTEMS.snomed, code: '765771006', display: 'Modified Ashworth scale', source: SCT },
  { system: SYSTEMS.snomed, code: '129336009', display: 'Implantation - action', source: SCT },
  { system: SYSTEMS.snomed, code: '129303008', display: 'Removal - action', source: SCT },
  { system: SYSTEMS.snomed, code: '282089006', display: 'Replacement - action', source: SCT },
  { system: SYSTEMS.snomed, code: '255604002', display: 'Mild', source: SCT },
  { system: SYSTEMS.snomed, code: '6736007', display: 'Moderate', source: SCT },
  { system: SYSTEMS.snomed, code: '24484000', display: 'Severe', source: SCT },
  { system: SYSTEMS.snomed, code: '442452003', display: 'Life threatening severity', source: SCT },
  {
    system: SYSTEMS.loinc,
    code: '72514-3',
    display: 'Pain severity - 0-10 verbal numeric rating [Score] - Reported',
    source: 'LOINC 72514-3 (Regenstrief)',
  },
  {
    system: SYSTEMS.loinc,
    code: '8310-5',
    display: 'Body temperature',
    source: 'LOINC 8310-5; the R4 vital-signs profile code',
  },
  {
    system: SYSTEMS.loinc,
    code: '107333-7',
    display: 'Practitioner follow-up goal attainment scaling score',
    source: 'LOINC 107333-7, in the HL7 Person-Centered Outcomes IG value set goal-attainment-scaling-score',
  },
  ...rxnormEntries(),
  { system: SYSTEMS.atc, code: 'M03BX01', display: null, source: 'WHO ATC index' },
  { system: SYSTEMS.cpt, code: '62361', display: null, source: 'AMA CPT (code only)' },
  { system: SYSTEMS.cpt, code: '62362', display: null, source: 'AMA CPT (code only)' },
  { system: SYSTEMS.cpt, code: '62365', display: null, source: 'AMA CPT (code only)' },
  { system: SYSTEMS.cpt, code: '95990', display: null, source: 'AMA CPT (code only)' },
  { system: SYSTEMS.v2IdentifierType, code: 'MR', display: 'Medical record number', source: HL7 },
  { system: SYSTEMS.dicomDcm, code: '110110', display: 'Patient Record', source: 'DICOM PS3.16 (DCM)' },
  { system: SYSTEMS.flagCategory, code: 'clinical', display: 'Clinical', source: HL7 },
  { system: SYSTEMS.observationCategory, code: 'survey', display: 'Survey', source: HL7 },
  { system: SYSTEMS.observationCategory, code: 'exam', display: 'Exam', source: HL7 },
  { system: SYSTEMS.observationCategory, code: 'procedure', display: 'Procedure', source: HL7 },
  { system: SYSTEMS.observationCategory, code: 'vital-signs', display: 'Vital Signs', source: HL7 },
  { system: SYSTEMS.observationInterpretation, code: 'N', display: 'Normal', source: HL7 },
  { system: SYSTEMS.observationInterpretation, code: 'A', display: 'Abnormal', source: HL7 },
  { system: SYSTEMS.observationInterpretation, code: 'H', display: 'High', source: HL7 },
];

const OWN = 'this project (local code system)';
const codesOf = (system: string, codes: readonly string[]): TermEntry[] =>
  codes.map((code) => ({ system, code, display: null, source: OWN }));

/** The local code systems' codes, from the enumerations that define them. */
export const LOCAL_CODES: readonly TermEntry[] = [
  ...Object.values(LOCAL).map((c) => ({ system: SYSTEMS.itbConcept, ...c, source: OWN })),
  ...MAS_GRADES.map((code) => ({
    system: SYSTEMS.masGrade,
    code,
    display: MAS_GRADE_DISPLAY[code],
    source: OWN,
  })),
  ...codesOf(SYSTEMS.alertKind, ALERT_KINDS),
  ...codesOf(SYSTEMS.appointmentKind, APPOINTMENT_KINDS),
  ...codesOf(SYSTEMS.complicationKind, COMPLICATION_KINDS),
  ...codesOf(SYSTEMS.woundState, postOpCheckBodySchema.shape.wound.options),
  // The review a post-operative concern puts due (clinic/pathway/postop-alert.ts) is an item like the others.
  ...codesOf(SYSTEMS.postOpItem, [...POSTOP_ITEMS, 'concern-review']),
  ...codesOf(SYSTEMS.explantReason, EXPLANT_REASONS),
  ...codesOf(SYSTEMS.teamOutcome, TEAM_OUTCOMES),
  ...codesOf(SYSTEMS.troubleStep, STEP_IDS),
  ...codesOf(SYSTEMS.episodeOutcome, EPISODE_OUTCOMES),
];

/**
 * Local systems whose codes are open words, not a closed list: the audit trail's action verbs (the store
 * records any action name; AuditEvent.action carries the R4 code, this only the store's word).
 */
export const OPEN_SYSTEMS: readonly string[] = ['urn:itb:CodeSystem:audit-action'];

/** The units the export may send (UCUM codes), each checked as valid UCUM by the terminology test. */
export const UCUM_UNITS: readonly string[] = ['ug/d', 'ug', 'mL', 'mL/d', 'mm', 'Cel'];

/** Every known code, keyed `system|code`. */
export const TERMINOLOGY: ReadonlyMap<string, TermEntry> = new Map(
  [...EXTERNAL_CODES, ...LOCAL_CODES].map((e) => [`${e.system}|${e.code}`, e]),
);
