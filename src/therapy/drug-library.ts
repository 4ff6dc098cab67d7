/**
 * The drug library (DOMAIN.md §2): every drug a pump may hold, with its allowed concentrations, usual
 * (soft) and absolute (hard) daily-dose ranges, bolus cap, reservoir stability and withdrawal risk. Every
 * number carries its source and confidence tag; [U] entries are our choices or unconfirmed figures and stay
 * data so that a clinic can override them — never literals in the guardrail logic.
 *
 * Pain drugs are here because they share the same pumps (DOMAIN.md §2); their ranges are written for
 * adults only, so a child prescription of them has no usual range and warns (see dose-check.ts).
 */
import { ItbError } from './codes.ts';
import type { DoseRange, DrugEntry, DrugId, Population } from './drug.ts';
import {
  mcgPerDay,
  mcgPerMl,
  mcgToNg,
  nanogramsPerMl,
  type NanogramsPerMl,
  type NanogramsPerDay,
} from './quantities.ts';
import { sourced, type Confidence, type Sourced } from './sourced.ts';
import { formatConcentration } from './units.ts';

const LABEL = 'Lioresal Intrathecal / Gablofen US labels';
const PACC = 'PACC 2017, Deer et al., Neuromodulation 2017;20:96–132';

const range = (minMcg: number, maxMcg: number): DoseRange => ({
  min: mcgPerDay(minMcg),
  max: mcgPerDay(maxMcg),
});
const doseRange = (minMcg: number, maxMcg: number, c: Confidence, source: string): Sourced<DoseRange> =>
  sourced(range(minMcg, maxMcg), c, source);
const listed = (mcgPerMlValues: readonly number[], c: Confidence, source: string) =>
  ({ kind: 'listed', allowed: sourced(mcgPerMlValues.map(mcgPerMl), c, source) }) as const;
const upTo = (maxMcgPerMl: number, c: Confidence, source: string) =>
  ({ kind: 'up-to', max: sourced(mcgPerMl(maxMcgPerMl), c, source) }) as const;

const baclofen: DrugEntry = {
  id: 'baclofen',
  name: 'Baclofen (intrathecal)',
  codes: { snomed: '387342009', atc: 'M03BX01' },
  // Other strengths only by dilution with preservative-free saline; a diluted strength must be added here
  // (a library change) before a pump may hold it.
  concentrations: listed([50, 500, 1000, 2000], 'C', `${LABEL}: 50 (screening), 500, 1000, 2000 µg/mL`),
  softDoseRange: {
    'adult-spinal': doseRange(300, 800, 'C', `${LABEL}: spinal origin maintenance 300–800 µg/day`),
    'adult-cerebral': doseRange(90, 703, 'C', `${LABEL}: cerebral origin maintenance 90–703 µg/day`),
    'child-under-12': doseRange(24, 1199, 'C', `${LABEL}: children < 12 y maintenance 24–1199 µg/day`),
  },
  // Our choice: the hard limits are the extremes of the labelled adult maintenance range (12–2003 µg/day
  // [C: label]); nothing in the label supports delivering outside it, and the pump re-checks this range.
  hardDoseRange: doseRange(
    12,
    2003,
    'U',
    `our choice: the labelled adult maintenance range 12–2003 µg/day [C: ${LABEL}] taken as absolute`,
  ),
  // Our choice: the pump's single-bolus cap is the largest labelled screening bolus (100 µg [C]); overdose
  // has been seen after 25 µg in a sensitive adult [C], so larger boluses are never a single command.
  maxBolus: sourced(
    mcgToNg(100),
    'U',
    `our choice: the largest labelled screening bolus, 100 µg [C: ${LABEL}]`,
  ),
  stabilityDays: sourced(180, 'C', `${LABEL}; Gillette Children's: never beyond 180 days`),
  patientBolusAllowed: sourced(
    false,
    'C',
    'Prometra PTC may not give baclofen boluses; myPTM off by default',
  ),
  withdrawalRisk: true, // boxed warning: abrupt stop can kill [C: label]
  // Overdose has followed restarting a prior rate after a drug holiday of about 6 h (docs/clinical-reference.md
  // §2 [C: label; case series]).
  restartAfterInterruption: sourced(
    {
      afterHours: 6,
      guidance:
        'do not restart at the prior full dose: restart lower and re-titrate, and observe for overdose ' +
        '(drowsiness, respiratory depression, hypotonia) in a monitored setting',
    },
    'C',
    `${LABEL}; case series: overdose after restarting a prior rate following a ~6 h drug holiday`,
  ),
};

const morphine: DrugEntry = {
  id: 'morphine',
  name: 'Morphine (preservative-free, intrathecal)',
  codes: {},
  concentrations: listed([10_000, 25_000], 'C', 'DOMAIN.md §2: 10 or 25 mg/mL products'),
  softDoseRange: {
    'adult-spinal': doseRange(1_000, 10_000, 'C', 'DOMAIN.md §2: 1–10 mg/day (opioid tolerant)'),
    'adult-cerebral': doseRange(1_000, 10_000, 'C', 'DOMAIN.md §2: 1–10 mg/day (opioid tolerant)'),
  },
  hardDoseRange: doseRange(
    100,
    20_000,
    'U',
    'our choice: max = DOMAIN.md §2 "caution > 20 mg/day" made absolute; min 0.1 mg/day',
  ),
  maxBolus: sourced(mcgToNg(1_000), 'U', 'our choice: 1 mg'),
  stabilityDays: sourced(90, 'U', 'our conservative choice; no stability source confirmed'),
  patientBolusAllowed: sourced(true, 'C', 'DOMAIN.md §3: myPTM / Prometra PTC for pain drugs'),
  withdrawalRisk: true, // opioid withdrawal on abrupt stop; treated as a stop hazard (our choice)
};

const hydromorphone: DrugEntry = {
  id: 'hydromorphone',
  name: 'Hydromorphone (intrathecal)',
  codes: {},
  concentrations: upTo(15_000, 'U', `${PACC}: max 15 mg/mL`),
  // Only a maximum is known: the usual range is the absolute range, so only the hard limit speaks.
  softDoseRange: {
    'adult-spinal': doseRange(10, 10_000, 'U', `${PACC}: max 10 mg/day; min our choice`),
    'adult-cerebral': doseRange(10, 10_000, 'U', `${PACC}: max 10 mg/day; min our choice`),
  },
  hardDoseRange: doseRange(10, 10_000, 'U', `${PACC}: max 10 mg/day; min 0.01 mg/day our choice`),
  maxBolus: sourced(mcgToNg(200), 'U', 'our choice: 0.2 mg'),
  stabilityDays: sourced(90, 'U', 'our conservative choice; no stability source confirmed'),
  patientBolusAllowed: sourced(true, 'C', 'DOMAIN.md §3: myPTM / Prometra PTC for pain drugs'),
  withdrawalRisk: true, // opioid withdrawal on abrupt stop (our choice)
};

const ziconotide: DrugEntry = {
  id: 'ziconotide',
  name: 'Ziconotide (intrathecal)',
  codes: {},
  concentrations: listed([25, 100], 'C', 'DOMAIN.md §2: 25 or 100 µg/mL'),
  softDoseRange: {
    'adult-spinal': doseRange(0.1, 19.2, 'C', 'DOMAIN.md §2: start ≤ 2.4 µg/day, max 19.2 µg/day'),
    'adult-cerebral': doseRange(0.1, 19.2, 'C', 'DOMAIN.md §2: start ≤ 2.4 µg/day, max 19.2 µg/day'),
  },
  hardDoseRange: doseRange(0.1, 19.2, 'U', 'max 19.2 µg/day [C: DOMAIN.md §2]; min 0.1 µg/day our choice'),
  maxBolus: sourced(mcgToNg(5), 'U', 'our choice: 5 µg'),
  // Diluted 40 days, undiluted 84 [C]: the library keeps the shorter so that a refill date is never late.
  stabilityDays: sourced(40, 'C', 'DOMAIN.md §2: refill every 40 days diluted (84 undiluted)'),
  patientBolusAllowed: sourced(false, 'U', 'our choice: slow titration drug, no patient boluses'),
  withdrawalRisk: false, // no withdrawal syndrome reported on stopping (our reading)
};

const clonidine: DrugEntry = {
  id: 'clonidine',
  name: 'Clonidine (intrathecal)',
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
};

const bupivacaine: DrugEntry = {
  id: 'bupivacaine',
  name: 'Bupivacaine (intrathecal)',
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
};

/**
 * Preservative-free saline: no drug. A pump may hold saline while therapy is suspended (keeping the catheter
 * patent in minimum-rate mode); its only concentration is 0 and its only dose is 0.
 */
const saline: DrugEntry = {
  id: 'saline',
  name: 'Preservative-free saline (no drug)',
  codes: {},
  concentrations: { kind: 'listed', allowed: sourced([nanogramsPerMl(0)], 'C', 'no drug') },
  softDoseRange: {},
  hardDoseRange: doseRange(0, 0, 'C', 'no drug: no dose'),
  maxBolus: sourced(mcgToNg(0), 'C', 'no drug: no bolus'),
  stabilityDays: sourced(180, 'U', 'our choice: as for baclofen'),
  patientBolusAllowed: sourced(false, 'C', 'no drug'),
  withdrawalRisk: false,
};

/** Every drug a pump may hold, by id. */
export const DRUG_LIBRARY: Readonly<Record<DrugId, DrugEntry>> = Object.freeze({
  baclofen,
  morphine,
  hydromorphone,
  ziconotide,
  clonidine,
  bupivacaine,
  saline,
});

/** The library's drug ids, in library order. */
export const DRUG_IDS: readonly DrugId[] = Object.freeze(Object.keys(DRUG_LIBRARY) as DrugId[]);

const isDrugId = (id: string): id is DrugId => Object.hasOwn(DRUG_LIBRARY, id);

/** The library entry for `id`; throws ITB_E_UNKNOWN_DRUG (listing the known ids) for anything else. */
export function getDrug(id: string): DrugEntry {
  if (!isDrugId(id)) {
    throw new ItbError(
      'ITB_E_UNKNOWN_DRUG',
      `"${id}" is not in the drug library; known drugs: ${DRUG_IDS.join(', ')}`,
      { drug: id, known: DRUG_IDS },
    );
  }
  return DRUG_LIBRARY[id];
}

/** Human list of the strengths a drug allows, e.g. "50, 500, 1000 or 2000 mcg/mL". */
export function allowedConcentrationsText(drug: DrugEntry): string {
  const rule = drug.concentrations;
  if (rule.kind === 'up-to') return `up to ${formatConcentration(rule.max.value)}`;
  const values = rule.allowed.value.map((c) => formatConcentration(c).replace(/ mcg\/mL$/, ''));
  const last = values.pop();
  return `${values.length > 0 ? `${values.join(', ')} or ` : ''}${last ?? ''} mcg/mL`;
}

/** Whether `concentration` is one the library allows for `drug` (listed exactly, or 0 < c ≤ max). */
export function isConcentrationAllowed(drug: DrugEntry, concentration: number): boolean {
  const rule = drug.concentrations;
  if (rule.kind === 'listed') return rule.allowed.value.some((c) => c === concentration);
  return Number.isSafeInteger(concentration) && concentration > 0 && concentration <= rule.max.value;
}

/**
 * Returns `concentration` as a checked NanogramsPerMl, or throws ITB_E_CONCENTRATION_NOT_IN_LIBRARY naming
 * the allowed strengths (wrong-concentration hazard: the same flow delivers a different dose).
 */
export function checkConcentration(drug: DrugEntry, concentration: number): NanogramsPerMl {
  if (!isConcentrationAllowed(drug, concentration)) {
    throw new ItbError(
      'ITB_E_CONCENTRATION_NOT_IN_LIBRARY',
      `${formatConcentration(concentration)} is not an allowed ${drug.id} concentration; ` +
        `allowed: ${allowedConcentrationsText(drug)}`,
      { drug: drug.id, concentration },
    );
  }
  return concentration as NanogramsPerMl;
}

/** Children under this age use the paediatric range [C: label, "children < 12 y"]. */
export const CHILD_AGE_LIMIT_YEARS = sourced(12, 'C', `${LABEL}: children under 12 years`);

/** The dosing population for a spasticity origin and age (an unknown age is taken as adult). */
export function populationOf(origin: 'spinal' | 'cerebral', ageYears?: number): Population {
  if (ageYears !== undefined && !(Number.isFinite(ageYears) && ageYears >= 0)) {
    throw new ItbError('ITB_E_INVALID_INPUT', `age must be a number of years ≥ 0, got ${ageYears}`);
  }
  if (ageYears !== undefined && ageYears < CHILD_AGE_LIMIT_YEARS.value) return 'child-under-12';
  return origin === 'spinal' ? 'adult-spinal' : 'adult-cerebral';
}

/** The drug's usual range for a population, if the library has one. */
export function softRangeFor(drug: DrugEntry, population: Population): Sourced<DoseRange> | undefined {
  return drug.softDoseRange[population];
}

/** A dose is inside a range (inclusive). */
export const inRange = (dose: NanogramsPerDay | number, r: DoseRange): boolean =>
  dose >= r.min && dose <= r.max;
