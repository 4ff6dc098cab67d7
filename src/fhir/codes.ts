/**
 * The FHIR module's vocabulary: its error codes (docs/architecture.md principle 6) and the terminology it emits
 * (docs/clinical-reference.md §6). Code systems are URIs as R4 requires; local concepts live under the `urn:itb:` namespace
 * until the project publishes canonical URLs (docs/fhir.md says how to replace them).
 */
import { defineCodes } from '../therapy/codes.ts';

/** Why a FHIR import or request was refused. */
export const FHIR_ERROR_CODES = defineCodes({
  ITB_E_FHIR_INVALID_RESOURCE: {
    kind: 'error',
    summary: 'The body is not a valid FHIR R4 resource of the expected type; the issues say where.',
  },
  ITB_E_FHIR_MISSING_DATA: {
    kind: 'error',
    summary:
      'A FHIR resource is valid but lacks data the clinic store requires (MRN, birth date, etiology, clinic contact).',
  },
  ITB_E_FHIR_CONTENT_TYPE: {
    kind: 'error',
    summary: 'A FHIR request body was not sent as application/fhir+json (or application/json).',
  },
  ITB_E_FHIR_NOT_ACCEPTABLE: {
    kind: 'error',
    summary:
      'The FHIR request asked (Accept or _format) for a format the server does not serve; it serves application/fhir+json only.',
  },
  ITB_E_FHIR_UNKNOWN_TYPE: {
    kind: 'error',
    summary: 'The FHIR resource type in the path is not one this server serves (see GET /fhir/metadata).',
  },
  ITB_E_FHIR_NOT_FOUND: {
    kind: 'error',
    summary: 'No resource of this type has this id.',
  },
  ITB_E_FHIR_SEARCH: {
    kind: 'error',
    summary: 'A FHIR search lacks its required patient parameter or names an unsupported one.',
  },
} as const);
export type FhirErrorCode = keyof typeof FHIR_ERROR_CODES;

/** Code system and identifier URIs. */
export const SYSTEMS = {
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  ucum: 'http://unitsofmeasure.org',
  atc: 'http://www.whocc.no/atc',
  /** AMA CPT: codes are stored without displays (licensed text, docs/clinical-reference.md §6 "store codes only"). */
  cpt: 'http://www.ama-assn.org/go/cpt',
  v2IdentifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  dicomDcm: 'http://dicom.nema.org/resources/ontology/DCM',
  auditEventType: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  observationInterpretation: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  flagCategory: 'http://terminology.hl7.org/CodeSystem/flag-category',
  /** Local code systems (this project). */
  masGrade: 'urn:itb:CodeSystem:mas-grade',
  itbConcept: 'urn:itb:CodeSystem:concept',
  alertKind: 'urn:itb:CodeSystem:alert-kind',
  appointmentKind: 'urn:itb:CodeSystem:appointment-kind',
  complicationKind: 'urn:itb:CodeSystem:complication-kind',
  woundState: 'urn:itb:CodeSystem:wound-state',
  postOpItem: 'urn:itb:CodeSystem:postop-item',
  explantReason: 'urn:itb:CodeSystem:explant-reason',
  teamOutcome: 'urn:itb:CodeSystem:team-outcome',
  troubleStep: 'urn:itb:CodeSystem:trouble-step',
  episodeOutcome: 'urn:itb:CodeSystem:episode-outcome',
  /** Default identifier system of the clinic's MRNs (override per deployment). */
  mrn: 'urn:itb:mrn',
  pumpSerial: 'urn:itb:pump-serial',
} as const;

/** Extension URLs carrying store fields FHIR's Patient has no element for (round-tripped by import). */
export const EXTENSIONS = {
  etiology: 'urn:itb:StructureDefinition:etiology',
  ageBand: 'urn:itb:StructureDefinition:age-band',
  highRisk: 'urn:itb:StructureDefinition:withdrawal-high-risk',
  clinicContact: 'urn:itb:StructureDefinition:clinic-contact',
  /** naive | tolerant (clinic/records.ts OPIOID_STATUSES); absent while not recorded. */
  opioidStatus: 'urn:itb:StructureDefinition:opioid-status',
} as const;

/** SNOMED CT concepts from docs/clinical-reference.md §6 [C]. */
export const SNOMED = {
  intrathecalRoute: { code: '72607000', display: 'Intrathecal route' },
  baclofen: { code: '387342009', display: 'Baclofen' },
  modifiedAshworth: { code: '765771006', display: 'Modified Ashworth scale' },
  /**
   * An action qualifier value, for Procedure.focalDevice.action only (its binding is SNOMED actions) —
   * never a Procedure.code, which needs a procedure concept (issue 16).
   */
  implantationAction: { code: '129336009', display: 'Implantation - action' },
  removalAction: { code: '129303008', display: 'Removal - action' },
  replacementAction: { code: '282089006', display: 'Replacement - action' },
} as const;

/**
 * LOINC observation codes, each confirmed against its published LOINC display (docs/fhir.md "Codes"): pain
 * on the 0–10 numeric rating scale, body temperature (the R4 vital-signs code), and the practitioner's
 * follow-up Goal Attainment Scaling score (in the HL7 Person-Centered Outcomes IG's GAS value set).
 */
export const LOINC = {
  painNrs: { code: '72514-3', display: 'Pain severity - 0-10 verbal numeric rating [Score] - Reported' },
  bodyTemperature: { code: '8310-5', display: 'Body temperature' },
  goalAttainment: { code: '107333-7', display: 'Practitioner follow-up goal attainment scaling score' },
} as const;

/**
 * CPT codes (store only, no display) [C: docs/clinical-reference.md §6]: 62361 implant non-programmable pump, 62362
 * programmable pump; 95990 refill and maintenance of an implanted pump.
 */
export const CPT = {
  implantProgrammable: '62362',
  implantNonProgrammable: '62361',
  refill: '95990',
  /** Removal of a subcutaneous reservoir or pump previously implanted for intrathecal infusion. */
  removal: '62365',
} as const;

/** Local concepts (system {@link SYSTEMS.itbConcept}). */
export const LOCAL = {
  infusionPump: { code: 'implanted-intrathecal-pump', display: 'Implanted intrathecal infusion pump' },
  catheter: { code: 'intrathecal-catheter', display: 'Intrathecal catheter' },
  refill: { code: 'pump-refill', display: 'Refill of implanted intrathecal pump' },
  screeningTrial: { code: 'screening-trial', display: 'Intrathecal baclofen screening trial' },
  residual: { code: 'reservoir-residual', display: 'Pump reservoir residual at refill' },
  expectedResidual: { code: 'expected-residual', display: 'Residual calculated by the pump' },
  measuredResidual: { code: 'measured-residual', display: 'Residual drained and measured' },
  discrepancy: { code: 'residual-discrepancy', display: 'Measured minus expected residual' },
  pennSpasm: { code: 'penn-spasm-frequency', display: 'Penn Spasm Frequency Score' },
  reservoirVolume: { code: 'reservoir-volume', display: 'Reservoir volume' },
  catheterLength: { code: 'catheter-length', display: 'Catheter length' },
  catheterVolume: { code: 'catheter-volume', display: 'Catheter internal volume' },
  catheterTip: { code: 'catheter-tip-level', display: 'Catheter tip spinal level' },
  refillAction: { code: 'refill', display: 'Refilled' },
  therapyPlan: { code: 'itb-therapy-plan', display: 'Intrathecal pump therapy plan' },
  pumpReplacement: { code: 'pump-replacement', display: 'Replacement of implanted intrathecal pump' },
  projectedLowAlarm: { code: 'projected-low-reservoir-alarm', display: 'Projected low-reservoir alarm' },
  projectedEmpty: { code: 'projected-reservoir-empty', display: 'Projected reservoir empty' },
  emptySince: { code: 'reservoir-empty-since', display: 'Reservoir empty since' },
  batteryEri: { code: 'battery-eri', display: 'Battery elective replacement indicator (ERI)' },
  batteryEos: { code: 'battery-eos', display: 'Battery end of service (EOS)' },
  candidacyEvaluation: { code: 'candidacy-evaluation', display: 'Intrathecal baclofen candidacy evaluation' },
  postOpCheck: { code: 'postop-check', display: 'Post-operative check after pump surgery' },
  woundState: { code: 'wound-state', display: 'Surgical wound state' },
  positionalHeadache: { code: 'positional-headache', display: 'Positional headache (CSF leak sign)' },
  fluidCollection: { code: 'fluid-collection', display: 'Fluid collection at pocket or catheter' },
  infectionSigns: { code: 'infection-signs', display: 'Signs of infection' },
  explant: { code: 'pump-explant', display: 'Removal of implanted intrathecal pump' },
  troubleshootingEpisode: {
    code: 'troubleshooting-episode',
    display: 'Troubleshooting of intrathecal pump therapy',
  },
} as const;

/** Display text of the Modified Ashworth Scale grades (Bohannon & Smith 1987). */
export const MAS_GRADE_DISPLAY = {
  '0': 'No increase in muscle tone',
  '1': 'Slight increase, catch and release or minimal resistance at the end of the range',
  '1+': 'Slight increase, catch followed by minimal resistance through less than half the range',
  '2': 'More marked increase through most of the range, but the part is easily moved',
  '3': 'Considerable increase in tone, passive movement difficult',
  '4': 'Affected part rigid in flexion or extension',
} as const;
