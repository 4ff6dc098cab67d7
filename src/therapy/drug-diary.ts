/**
 * What the patient's symptom diary asks, per drug (docs/clinical-reference.md §2, "The diary per drug"): the
 * score of the day (spasms 0–4 for a spasticity drug, pain 0–10 for a pain drug), the symptoms offered as
 * checkboxes, and which of them are the drug's own withdrawal and overdose signs — the urgency rule
 * (src/clinic/diary-urgency.ts) reads them from here. The signs are the patient's words for the signs
 * of drug-emergency.ts, from the same label sections (its `source`). Baclofen's withdrawal signs are not an
 * opioid's; ziconotide, bupivacaine and saline have no withdrawal. The type makes a new drug without an
 * entry a compile error.
 */
import { DRUG_EMERGENCY } from './drug-emergency.ts';
import { getDrug } from './drug-library.ts';
import type { DrugId } from './drug.ts';

/** Every symptom any drug's diary offers (stored entries keep theirs readable whatever the drug). */
export const DIARY_SYMPTOMS = [
  'itching',
  'tingling',
  'fever',
  'more-spasms',
  'sweating',
  'drowsiness',
  'dizziness',
  'confusion',
  'weakness',
  'slow-breathing',
  'nausea',
  'headache',
  'wound-redness',
  'more-pain',
  'restlessness',
  'runny-nose',
  'goose-bumps',
  'stomach-cramps',
  'small-pupils',
  'hallucinations',
  'unsteady-walking',
  'shaking',
  'numbness',
] as const;
export type DiarySymptom = (typeof DIARY_SYMPTOMS)[number];

/** The day's score: spasm severity 0–4 (Penn-like span), or pain intensity 0–10 (numeric rating scale). */
export type DiaryScale = 'spasms' | 'pain';
export const DIARY_SCALE_MAX: Readonly<Record<DiaryScale, number>> = { spasms: 4, pain: 10 };

/** A group of signs: any one of `advanced` is critical alone; two of `early` together warn. */
export interface DiarySigns {
  readonly advanced: readonly DiarySymptom[];
  readonly early: readonly DiarySymptom[];
}

export interface DrugDiary {
  /** The checkboxes this drug's diary offers, in the order shown. */
  readonly symptoms: readonly DiarySymptom[];
  /** Signs of too little drug; null for a drug with no withdrawal. */
  readonly withdrawal: DiarySigns | null;
  /** Signs of too much drug (confusion with any early sign is critical too). */
  readonly overdose: DiarySigns;
  /** Where the signs come from (the drug's emergency words' source). */
  readonly source: string;
}

const LOCAL = ['fever', 'headache', 'nausea', 'wound-redness'] as const;

const BACLOFEN: DrugDiary = {
  symptoms: [
    'itching',
    'tingling',
    'fever',
    'more-spasms',
    'sweating',
    'drowsiness',
    'dizziness',
    'confusion',
    'weakness',
    'slow-breathing',
    'nausea',
    'headache',
    'wound-redness',
  ],
  // Advanced withdrawal is high fever and altered mental status; early, the return of spasticity, pruritus
  // and paresthesia. Coffey et al., Arch Phys Med Rehabil 2002 describes the course.
  withdrawal: { advanced: ['fever', 'confusion'], early: ['itching', 'tingling', 'more-spasms', 'sweating'] },
  overdose: { advanced: ['slow-breathing'], early: ['drowsiness', 'dizziness', 'weakness'] },
  source: `${DRUG_EMERGENCY.baclofen.source}; Coffey et al., Arch Phys Med Rehabil 2002`,
};

/** An intrathecal opioid: opioid withdrawal (same-day call, never critical alone), an overdose that is. */
const opioid = (drug: 'morphine' | 'hydromorphone'): DrugDiary => ({
  symptoms: [
    'more-pain',
    'restlessness',
    'runny-nose',
    'sweating',
    'goose-bumps',
    'stomach-cramps',
    'drowsiness',
    'dizziness',
    'confusion',
    'small-pupils',
    'slow-breathing',
    ...LOCAL,
  ],
  withdrawal: {
    advanced: [],
    early: ['more-pain', 'restlessness', 'runny-nose', 'sweating', 'goose-bumps', 'stomach-cramps'],
  },
  overdose: { advanced: ['slow-breathing'], early: ['drowsiness', 'dizziness', 'small-pupils'] },
  source: DRUG_EMERGENCY[drug].source,
});

const ZICONOTIDE: DrugDiary = {
  symptoms: [
    'more-pain',
    'confusion',
    'hallucinations',
    'drowsiness',
    'dizziness',
    'unsteady-walking',
    ...LOCAL,
  ],
  withdrawal: null,
  // Serious psychiatric or neurological signs stop the infusion (boxed warning).
  overdose: {
    advanced: ['confusion', 'hallucinations'],
    early: ['drowsiness', 'dizziness', 'unsteady-walking'],
  },
  source: DRUG_EMERGENCY.ziconotide.source,
};

const CLONIDINE: DrugDiary = {
  symptoms: ['more-pain', 'restlessness', 'shaking', 'drowsiness', 'dizziness', 'slow-breathing', ...LOCAL],
  // An abrupt stop: nervousness, agitation, headache and tremor before the blood pressure rises.
  withdrawal: { advanced: [], early: ['restlessness', 'shaking', 'headache'] },
  overdose: { advanced: ['slow-breathing'], early: ['drowsiness', 'dizziness'] },
  source: DRUG_EMERGENCY.clonidine.source,
};

const BUPIVACAINE: DrugDiary = {
  symptoms: ['more-pain', 'numbness', 'weakness', 'dizziness', 'slow-breathing', ...LOCAL],
  withdrawal: null,
  overdose: { advanced: ['slow-breathing'], early: ['numbness', 'weakness', 'dizziness'] },
  source: DRUG_EMERGENCY.bupivacaine.source,
};

const SALINE: DrugDiary = {
  symptoms: [...LOCAL],
  withdrawal: null,
  overdose: { advanced: [], early: [] },
  source: DRUG_EMERGENCY.saline.source,
};

export const DRUG_DIARY: Readonly<Record<DrugId, DrugDiary>> = {
  baclofen: BACLOFEN,
  morphine: opioid('morphine'),
  hydromorphone: opioid('hydromorphone'),
  ziconotide: ZICONOTIDE,
  clonidine: CLONIDINE,
  bupivacaine: BUPIVACAINE,
  saline: SALINE,
};

/**
 * The diary of the drug in the pump. With no drug on record (a candidate before the implant), baclofen's,
 * as for the emergency words (drug-emergency.ts).
 */
export const drugDiary = (drug: DrugId | null): DrugDiary => DRUG_DIARY[drug ?? 'baclofen'];

/** The day's score a patient on this drug rates: pain for a pain drug, spasms otherwise. */
export const diaryScale = (drug: DrugId | null): DiaryScale =>
  drug !== null && getDrug(drug).treats === 'pain' ? 'pain' : 'spasms';
