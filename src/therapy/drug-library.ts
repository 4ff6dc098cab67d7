/**
 * The drug library (docs/clinical-reference.md §2): every drug a pump may hold, with its allowed concentrations, usual
 * (soft) and absolute (hard) daily-dose ranges, bolus cap, reservoir stability and withdrawal risk. Every
 * number carries its source and confidence tag; [U] entries are our choices or unconfirmed figures and stay
 * data so that a clinic can override them — never literals in the guardrail logic.
 *
 * The pain drugs share the same pumps; their entries are in pain-drugs.ts, every drug's titration rules in
 * drug-rules.ts.
 */
import { ItbError } from './codes.ts';
import type { DoseRange, DrugEntry, DrugId, Population } from './drug.ts';
import { BACLOFEN_LABEL, doseRange, listed } from './drug-data.ts';
import { BACLOFEN_TITRATION, SALINE_TITRATION } from './drug-rules.ts';
import { bupivacaine, clonidine, hydromorphone, morphine, ziconotide } from './pain-drugs.ts';
import { mcgToNg, nanogramsPerMl, type NanogramsPerMl, type NanogramsPerDay } from './quantities.ts';
import { sourced, type Sourced } from './sourced.ts';
import { formatConcentration } from './units.ts';

const LABEL = BACLOFEN_LABEL;

const baclofen: DrugEntry = {
  id: 'baclofen',
  name: 'Baclofen (intrathecal)',
  treats: 'spasticity',
  labelUnit: 'mcg',
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
  // The 180-day limit is the pump refill recommendation, not a label figure (docs/clinical-reference.md §1.6).
  stabilityDays: sourced(
    180,
    'C',
    "pump refill recommendation: within 180 days at most (Gillette Children's ITB guide; 2023 in vivo baclofen stability study)",
  ),
  patientBolusAllowed: sourced(
    false,
    'C',
    'Prometra PTC may not give baclofen boluses; myPTM off by default',
  ),
  withdrawalRisk: true, // boxed warning: abrupt stop can kill [C: label]
  titration: BACLOFEN_TITRATION,
  ageFloorYears: sourced(4, 'C', `${LABEL} §8.4: safety and effectiveness below age 4 not established`),
  // The label warns of overdose on reintroduction after an interruption ("drug holiday"), with signs within
  // about 6 h OF THE RESTART (docs/clinical-reference.md §2 [C: Lioresal Intrathecal PI section 5 and
  // section 10 "Overdosage"; case series]). Neither gives the interruption length from which tolerance is
  // lost: that length is our conservative choice [U], so a refill of a pump that ran dry is flagged unless
  // the gap was short. The 6 h onset belongs in the guidance (how long to observe), not in the threshold.
  restartAfterInterruption: sourced(
    {
      interruptedLongerThanHours: 6,
      guidance:
        'do not restart at the prior full dose: restart lower and re-titrate, and observe for overdose ' +
        '(drowsiness, respiratory depression, hypotonia) in a monitored setting — signs may appear within ' +
        'about 6 h of the restart',
    },
    'U',
    `our choice: flag any interruption longer than 6 h (the label gives no length); restart guidance and ` +
      `the ~6 h onset of overdose signs after a restart [C: ${LABEL} sections 5 and 10; case series]`,
  ),
};

/**
 * Preservative-free saline: no drug. A pump may hold saline while therapy is suspended (keeping the catheter
 * patent in minimum-rate mode); its only concentration is 0 and its only dose is 0.
 */
const saline: DrugEntry = {
  id: 'saline',
  name: 'Preservative-free saline (no drug)',
  treats: 'none',
  labelUnit: 'mcg',
  codes: {},
  concentrations: { kind: 'listed', allowed: sourced([nanogramsPerMl(0)], 'C', 'no drug') },
  softDoseRange: {},
  hardDoseRange: doseRange(0, 0, 'C', 'no drug: no dose'),
  maxBolus: sourced(mcgToNg(0), 'C', 'no drug: no bolus'),
  stabilityDays: sourced(180, 'U', 'our choice: as for baclofen'),
  patientBolusAllowed: sourced(false, 'C', 'no drug'),
  withdrawalRisk: false,
  titration: SALINE_TITRATION,
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

/** A drug's strongest allowed concentration (ng/mL). */
const strongestOf = (d: DrugEntry): number =>
  d.concentrations.kind === 'up-to'
    ? d.concentrations.max.value
    : Math.max(...d.concentrations.allowed.value);

/**
 * The strongest concentration any drug of the library allows (ng/mL): the bound of an input that names a
 * concentration before its drug is known, so no drug's own strength is refused as out of range (finding:
 * the refill plan's bound of 10,000 mcg/mL refused morphine's 25 mg/mL, and a morphine pump could not be
 * refilled). Each drug's own strengths are then judged by {@link checkConcentration}.
 */
export const STRONGEST_CONCENTRATION: number = Math.max(
  ...DRUG_IDS.map((id) => strongestOf(DRUG_LIBRARY[id])),
);

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

/** Human list of the strengths a drug allows, e.g. "50; 500; 1,000 or 2,000 mcg/mL". */
export function allowedConcentrationsText(drug: DrugEntry): string {
  const rule = drug.concentrations;
  if (rule.kind === 'up-to') return `up to ${formatConcentration(rule.max.value, drug.labelUnit)}`;
  const values = rule.allowed.value.map((c) =>
    formatConcentration(c, drug.labelUnit).replace(/ (mcg|mg)\/mL$/, ''),
  );
  const last = values.pop();
  return `${values.length > 0 ? `${values.join('; ')} or ` : ''}${last ?? ''} ${drug.labelUnit}/mL`;
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
      `${formatConcentration(concentration, drug.labelUnit)} is not an allowed ${drug.id} concentration; ` +
        `allowed: ${allowedConcentrationsText(drug)}`,
      { drug: drug.id, concentration },
    );
  }
  return concentration as NanogramsPerMl;
}

/**
 * Days `drug` keeps in the reservoir at `concentration` (ng/mL): the label's longer figure for a strength as
 * supplied (ziconotide undiluted: 84 days), else the drug's stability (ziconotide diluted: 40 days); an
 * unknown strength takes the latter.
 */
export function stabilityOf(drug: DrugEntry, concentration?: number): Sourced<number> {
  const undiluted = drug.undilutedStability;
  if (undiluted === undefined || concentration === undefined) return drug.stabilityDays;
  if (!undiluted.value.strengths.some((c) => c === concentration)) return drug.stabilityDays;
  return sourced(undiluted.value.days, undiluted.confidence, undiluted.source);
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

/**
 * A population in clinicians' words, for `drug`: baclofen's ranges differ by spasticity origin from age
 * {@link CHILD_AGE_LIMIT_YEARS} on; a drug that does not treat spasticity has adult ranges only.
 */
export function populationText(drug: DrugEntry, population: Population): string {
  if (population === 'child-under-12') return `children under ${CHILD_AGE_LIMIT_YEARS.value}`;
  if (drug.treats !== 'spasticity') return 'adults';
  const origin = population === 'adult-spinal' ? 'spinal' : 'cerebral';
  return `spasticity of ${origin} origin, age ${CHILD_AGE_LIMIT_YEARS.value} or over`;
}

/** The drug's usual range for a population, if the library has one. */
export function softRangeFor(drug: DrugEntry, population: Population): Sourced<DoseRange> | undefined {
  return drug.softDoseRange[population];
}

/** A dose is inside a range (inclusive). */
export const inRange = (dose: NanogramsPerDay | number, r: DoseRange): boolean =>
  dose >= r.min && dose <= r.max;
