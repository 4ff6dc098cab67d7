/**
 * The symptom diary in the patient's words, per drug (src/therapy/drug-diary.ts): the symptom boxes, the
 * day's score (spasms 0–4 for a spasticity drug, pain 0–10 for a pain drug), and the signs that cannot wait
 * for the next visit — the drug's own withdrawal and overdose signs, never another drug's.
 */
import type { DrugId } from '../../src/therapy/drug.ts';
import { diaryScale, drugDiary, type DiaryScale, type DiarySymptom } from '../../src/therapy/drug-diary.ts';

export const SYMPTOM_TEXT: Record<DiarySymptom, string> = {
  itching: 'Itching',
  tingling: 'Tingling',
  fever: 'Fever',
  'more-spasms': 'More spasms or stiffness',
  sweating: 'Sweating',
  drowsiness: 'Drowsiness',
  dizziness: 'Dizziness',
  confusion: 'Confusion',
  weakness: 'Weakness, floppiness',
  'slow-breathing': 'Slow or shallow breathing',
  nausea: 'Nausea or vomiting',
  headache: 'Headache',
  'wound-redness': 'Redness or swelling at the pump or scar',
  'more-pain': 'Pain coming back or worse',
  restlessness: 'Restlessness, nervousness or agitation',
  'runny-nose': 'Runny nose, watery eyes or yawning',
  'goose-bumps': 'Goose bumps',
  'stomach-cramps': 'Stomach cramps or diarrhoea',
  'small-pupils': 'Very small pupils',
  hallucinations: 'Seeing or hearing things that are not there',
  'unsteady-walking': 'Unsteady walking or slurred speech',
  shaking: 'Shaking (tremor)',
  numbness: 'Numbness of the legs',
};

/** The day's score: its question, its column heading, and the words of each value. */
export interface ScaleWords {
  readonly question: string;
  readonly heading: string;
  readonly values: readonly string[];
}

const PAIN_WORDS: Readonly<Record<number, string>> = {
  0: 'no pain',
  1: 'mild',
  4: 'moderate',
  7: 'severe',
  10: 'worst pain imaginable',
};

export const SCALE_WORDS: Readonly<Record<DiaryScale, ScaleWords>> = {
  spasms: {
    question: 'Spasms today (0–4)',
    heading: 'Spasms (0–4)',
    values: ['0 — no spasms', '1 — mild', '2 — moderate', '3 — strong', '4 — severe'],
  },
  pain: {
    question: 'Pain today (0–10)',
    heading: 'Pain (0–10)',
    values: Array.from({ length: 11 }, (_, i) =>
      PAIN_WORDS[i] === undefined ? `${i}` : `${i} — ${PAIN_WORDS[i]}`,
    ),
  },
};

/** The diary a patient on `drug` fills in: its scale, its words and the symptoms it offers. */
export function diaryFor(drug: DrugId | null) {
  const scale = diaryScale(drug);
  const d = drugDiary(drug);
  const signs = [
    ...(d.withdrawal?.advanced ?? []),
    ...(d.withdrawal?.early ?? []),
    ...d.overdose.advanced,
    ...d.overdose.early,
  ];
  return {
    scale,
    words: SCALE_WORDS[scale],
    symptoms: d.symptoms,
    /** The ticked symptoms that are this drug's withdrawal or overdose signs. */
    urgent: (ticked: readonly DiarySymptom[]) => ticked.filter((s) => signs.includes(s)),
  };
}

/** A stored entry's score in words, on its own scale (an entry written before a change of drug keeps its). */
export function scoreText(
  entry: { readonly spasmSeverity?: number; readonly painScore?: number },
  shown: DiaryScale,
): string {
  const [scale, value] =
    entry.painScore !== undefined
      ? (['pain', entry.painScore] as const)
      : (['spasms', entry.spasmSeverity] as const);
  if (value === undefined) return '—';
  const text = SCALE_WORDS[scale].values[value] ?? String(value);
  return scale === shown ? text : `${scale}: ${text}`;
}
