/**
 * The pain drugs of the drug library (docs/clinical-reference.md §2): they share the same pumps as
 * baclofen, each with its own label's limits. Their ranges are written for adults only, so a child
 * prescription of them has no usual range and warns (see dose-check.ts), and each has an adult age floor.
 */
import { INFUMORPH_LABEL, PACC, PRIALT_LABEL, doseRange, listed, upTo } from './drug-data.ts';
import type { DrugEntry } from './drug.ts';
import {
  BUPIVACAINE_TITRATION,
  CLONIDINE_TITRATION,
  HYDROMORPHONE_TITRATION,
  MORPHINE_TITRATION,
  ZICONOTIDE_TITRATION,
} from './drug-rules.ts';
import { mcgPerMl, mcgToNg } from './quantities.ts';
import { sourced } from './sourced.ts';

/** Systemic CNS depressants add to an opioid's respiratory depression (docs/clinical-reference.md §2). */
const OPIOID_WITH_CNS_DEPRESSANTS = sourced(
  'together they cause respiratory depression, profound sedation, coma and death',
  'C',
  'FDA Drug Safety Communication, 31 August 2016: boxed warning on opioids with benzodiazepines or other CNS depressants',
);

/**
 * An opioid's restart after an interruption (a pump that ran dry, a stop): the patient may have lost the
 * tolerance the prior dose relied on, and a restart at it risks respiratory depression. The label gives no
 * interruption length: flagging one longer than a day is our conservative choice [U]; the guidance names
 * the label's start for a patient without tolerance and its observation after an initial dose.
 */
const opioidRestart = (guidanceSource: string, naiveStart: string) =>
  sourced(
    {
      interruptedLongerThanHours: 24,
      guidance:
        'treat the restart as a new start: the patient may have lost the opioid tolerance the prior dose ' +
        `relied on — restart lower (${naiveStart}) and re-titrate, and observe for respiratory depression ` +
        'for at least 24 h in a fully equipped and staffed setting',
    },
    'U',
    `our choice: flag an interruption longer than 24 h (no source gives a length); ${guidanceSource}`,
  );

const ADULT_RANGES = (drug: string) =>
  sourced(18, 'U', `our choice: the library's ${drug} ranges are adult ranges [${PACC}]`);

export const morphine: DrugEntry = {
  id: 'morphine',
  name: 'Morphine (preservative-free, intrathecal)',
  treats: 'pain',
  labelUnit: 'mg',
  codes: {},
  concentrations: listed([10_000, 25_000], 'C', `${INFUMORPH_LABEL}: 10 or 25 mg/mL products`),
  softDoseRange: {
    'adult-spinal': doseRange(1_000, 10_000, 'C', `${INFUMORPH_LABEL}: 1–10 mg/day (opioid tolerant)`),
    'adult-cerebral': doseRange(1_000, 10_000, 'C', `${INFUMORPH_LABEL}: 1–10 mg/day (opioid tolerant)`),
  },
  hardDoseRange: doseRange(
    100,
    20_000,
    'U',
    `our choice: max = "caution above 20 mg/day" [C: ${INFUMORPH_LABEL}] made absolute; min 0.1 mg/day`,
  ),
  maxBolus: sourced(mcgToNg(1_000), 'U', 'our choice: 1 mg'),
  stabilityDays: sourced(90, 'U', 'our conservative choice; no stability source confirmed'),
  patientBolusAllowed: sourced(true, 'C', 'myPTM / Prometra PTC for pain drugs (clinical-reference §3)'),
  withdrawalRisk: true, // opioid withdrawal on abrupt stop; treated as a stop hazard (our choice)
  titration: MORPHINE_TITRATION,
  opioid: true,
  cnsDepressantRisk: OPIOID_WITH_CNS_DEPRESSANTS,
  ageFloorYears: sourced(18, 'C', `${INFUMORPH_LABEL}: not for patients under 18`),
  opioidStartRanges: {
    naive: doseRange(200, 1_000, 'C', `${INFUMORPH_LABEL}: opioid-naive patients 0.2–1 mg/day`),
    tolerant: doseRange(1_000, 10_000, 'C', `${INFUMORPH_LABEL}: opioid-tolerant patients 1–10 mg/day`),
  },
  restartAfterInterruption: opioidRestart(
    `the opioid-naive start 0.2–1 mg/day and 24 h of observation after an initial dose [C: ${INFUMORPH_LABEL}, boxed warning and section 2]`,
    'the label’s opioid-naive start is 0.2–1 mg/day',
  ),
};

// Hydromorphone's maxima are the commonly cited PACC 2017 figures. The article is confirmed but the text of
// its dosing tables could not be retrieved (docs/clinical-reference.md §2), so they stay [U] and overridable.
export const hydromorphone: DrugEntry = {
  id: 'hydromorphone',
  name: 'Hydromorphone (intrathecal)',
  treats: 'pain',
  labelUnit: 'mg',
  codes: {},
  concentrations: upTo(
    15_000,
    'U',
    `${PACC}: max 15 mg/mL (tables not retrieved: docs/clinical-reference.md §2)`,
  ),
  // Only a maximum is known: the usual range is the absolute range, so only the hard limit speaks.
  softDoseRange: {
    'adult-spinal': doseRange(
      10,
      10_000,
      'U',
      `${PACC}: max 10 mg/day (tables not retrieved: docs/clinical-reference.md §2); min our choice`,
    ),
    'adult-cerebral': doseRange(
      10,
      10_000,
      'U',
      `${PACC}: max 10 mg/day (tables not retrieved: docs/clinical-reference.md §2); min our choice`,
    ),
  },
  hardDoseRange: doseRange(
    10,
    10_000,
    'U',
    `${PACC}: max 10 mg/day (tables not retrieved: docs/clinical-reference.md §2); min 0.01 mg/day our choice`,
  ),
  maxBolus: sourced(mcgToNg(200), 'U', 'our choice: 0.2 mg'),
  stabilityDays: sourced(90, 'U', 'our conservative choice; no stability source confirmed'),
  patientBolusAllowed: sourced(true, 'C', 'myPTM / Prometra PTC for pain drugs (clinical-reference §3)'),
  withdrawalRisk: true, // opioid withdrawal on abrupt stop (our choice)
  titration: HYDROMORPHONE_TITRATION,
  opioid: true,
  cnsDepressantRisk: OPIOID_WITH_CNS_DEPRESSANTS,
  ageFloorYears: ADULT_RANGES('hydromorphone'),
  restartAfterInterruption: opioidRestart(
    `as for intrathecal morphine, whose label gives the observation [C: ${INFUMORPH_LABEL}, boxed warning]`,
    'no labelled start: the start limits apply as for a first dose',
  ),
};

const ZICONOTIDE_RANGE = `max 19.2 µg/day [C: ${PRIALT_LABEL} §2.2]; min 0.1 µg/day our choice (the label gives none)`;

export const ziconotide: DrugEntry = {
  id: 'ziconotide',
  name: 'Ziconotide (intrathecal)',
  treats: 'pain',
  labelUnit: 'mcg',
  codes: {},
  concentrations: listed([25, 100], 'C', `${PRIALT_LABEL}: 25 or 100 µg/mL vials`),
  // The label gives a start and a maximum, no usual minimum: the range is the absolute range, so only the
  // hard limits speak (docs/clinical-reference.md §2).
  softDoseRange: {
    'adult-spinal': doseRange(0.1, 19.2, 'U', ZICONOTIDE_RANGE),
    'adult-cerebral': doseRange(0.1, 19.2, 'U', ZICONOTIDE_RANGE),
  },
  hardDoseRange: doseRange(0.1, 19.2, 'U', ZICONOTIDE_RANGE),
  maxBolus: sourced(mcgToNg(5), 'U', 'our choice: 5 µg'),
  // Diluted 40 days, undiluted 84 [C]: a strength added to the library by dilution keeps the 40 days.
  stabilityDays: sourced(40, 'C', `${PRIALT_LABEL} §2.3: refill at least every 40 days if diluted`),
  undilutedStability: sourced(
    { strengths: [25, 100].map(mcgPerMl), days: 84 },
    'C',
    `${PRIALT_LABEL} §2.3: refill at least every 84 days if undiluted (the 25 and 100 µg/mL vials as supplied)`,
  ),
  // A new pump adsorbs ziconotide on its titanium and dilutes it in its dead space [C].
  firstFillRefillDays: sourced(
    14,
    'C',
    `${PRIALT_LABEL} §2.3: refill a drug-naive pump within 14 days of the first fill (adsorption)`,
  ),
  patientBolusAllowed: sourced(false, 'U', 'our choice: slow titration drug, no patient boluses'),
  withdrawalRisk: false, // may be stopped abruptly without withdrawal [C: Prialt label, boxed warning]
  titration: ZICONOTIDE_TITRATION,
  cnsDepressantRisk: sourced(
    'their effects add to ziconotide’s confusion, somnolence and reduced consciousness',
    'C',
    `${PRIALT_LABEL} section 5: concomitant CNS depressants may have additive effects`,
  ),
  ageFloorYears: sourced(18, 'C', `${PRIALT_LABEL} §8.4: safety in children not established; adults only`),
};

export const clonidine: DrugEntry = {
  id: 'clonidine',
  name: 'Clonidine (intrathecal)',
  treats: 'pain',
  labelUnit: 'mcg',
  codes: {},
  concentrations: upTo(1_000, 'U', `${PACC}: max 1000 µg/mL`),
  softDoseRange: {
    'adult-spinal': doseRange(40, 600, 'U', `${PACC}: 40–600 µg/day`),
    'adult-cerebral': doseRange(40, 600, 'U', `${PACC}: 40–600 µg/day`),
  },
  hardDoseRange: doseRange(10, 600, 'U', `max 600 µg/day [${PACC}]; min 10 µg/day our choice`),
  maxBolus: sourced(mcgToNg(100), 'U', 'our choice: 100 µg'),
  stabilityDays: sourced(90, 'U', 'our conservative choice; no stability source confirmed'),
  patientBolusAllowed: sourced(true, 'U', 'our choice: allowed as for other pain drugs'),
  withdrawalRisk: true, // rebound hypertension on abrupt stop (our choice)
  titration: CLONIDINE_TITRATION,
  ageFloorYears: ADULT_RANGES('clonidine'),
};

export const bupivacaine: DrugEntry = {
  id: 'bupivacaine',
  name: 'Bupivacaine (intrathecal)',
  treats: 'pain',
  labelUnit: 'mg',
  codes: {},
  concentrations: upTo(30_000, 'U', `${PACC}: max 30 mg/mL`),
  softDoseRange: {
    'adult-spinal': doseRange(100, 15_000, 'U', `${PACC}: 15–20 mg/day max; usual up to 15 mg/day`),
    'adult-cerebral': doseRange(100, 15_000, 'U', `${PACC}: 15–20 mg/day max; usual up to 15 mg/day`),
  },
  hardDoseRange: doseRange(100, 20_000, 'U', `max 20 mg/day [${PACC}]; min 0.1 mg/day our choice`),
  maxBolus: sourced(mcgToNg(2_000), 'U', 'our choice: 2 mg'),
  stabilityDays: sourced(90, 'U', 'our conservative choice; no stability source confirmed'),
  patientBolusAllowed: sourced(true, 'U', 'our choice: allowed as for other pain drugs'),
  withdrawalRisk: false,
  titration: BUPIVACAINE_TITRATION,
  ageFloorYears: ADULT_RANGES('bupivacaine'),
};
