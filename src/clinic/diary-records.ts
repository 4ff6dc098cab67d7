/**
 * The patient's symptom diary (docs/clinical-reference.md §2, "The diary per drug"): what the patient felt
 * on a day, in their own words, with the day's score (spasms 0–4, or pain 0–10 for a pain drug) and ticked
 * symptoms, each the drug in the pump's (src/therapy/drug-diary.ts). Patients write it themselves; staff read
 * it at the next visit or when the patient calls. Ticked withdrawal or overdose signs also raise a clinic
 * alert (diary-urgency.ts), but the patient view still says to call the clinic or go to emergency: an
 * alert waits for someone to read it, and the syndrome does not.
 */
import { z } from 'zod';
import { epochMsSchema, type RecordMeta } from './records.ts';
import { DIARY_SCALE_MAX, DIARY_SYMPTOMS, diaryScale, drugDiary } from '../therapy/drug-diary.ts';
import type { DrugId } from '../therapy/drug.ts';

export { DIARY_SYMPTOMS, type DiarySymptom } from '../therapy/drug-diary.ts';

export const diaryBodySchema = z.strictObject({
  /** The day the entry is about (the patient's calendar day, not the time it was typed). */
  date: z.iso.date(),
  /**
   * Spasm severity as the patient rates it, 0 = none … 4 = severe (the Penn-like 0–4 span): the score of a
   * patient on a spasticity drug (drug-diary.ts).
   */
  spasmSeverity: z.int().min(0).max(DIARY_SCALE_MAX.spasms).optional(),
  /** Pain intensity, 0 = no pain … 10 = worst pain imaginable (numeric rating scale): a pain drug's score. */
  painScore: z.int().min(0).max(DIARY_SCALE_MAX.pain).optional(),
  symptoms: z
    .array(z.enum(DIARY_SYMPTOMS))
    .max(DIARY_SYMPTOMS.length)
    .refine((s) => new Set(s).size === s.length, 'a symptom is listed twice')
    .default([]),
  notes: z.string().trim().max(4000).default(''),
});
export const diaryInputSchema = diaryBodySchema.extend({ patientId: z.string().min(1), at: epochMsSchema });
export type DiaryEntryInput = z.input<typeof diaryInputSchema>;
/** A stored diary entry: `at` is when it was recorded. */
export type DiaryEntry = z.output<typeof diaryInputSchema> & RecordMeta;

const SCORE_FIELD = { spasms: 'spasmSeverity', pain: 'painScore' } as const;

/**
 * Why an entry does not fit the diary of the patient's drug (drug-diary.ts), or null: it must rate the
 * drug's own score and no other, and tick only the symptoms that drug's diary offers. A pain patient is
 * not asked about spasms, nor a baclofen patient about goose bumps.
 */
export function diaryDrugProblem(
  entry: {
    readonly spasmSeverity?: number | undefined;
    readonly painScore?: number | undefined;
    readonly symptoms: readonly string[];
  },
  drug: DrugId | null,
): string | null {
  const scale = diaryScale(drug);
  const field = SCORE_FIELD[scale];
  const other = SCORE_FIELD[scale === 'pain' ? 'spasms' : 'pain'];
  const on = drug === null ? 'no drug on record' : drug;
  if (entry[other] !== undefined) return `the diary of a patient on ${on} rates ${field}, not ${other}`;
  if (entry[field] === undefined)
    return `the diary of a patient on ${on} rates ${field} (0–${DIARY_SCALE_MAX[scale]})`;
  const offered = drugDiary(drug).symptoms as readonly string[];
  const foreign = entry.symptoms.filter((s) => !offered.includes(s));
  return foreign.length === 0
    ? null
    : `the diary of a patient on ${on} does not ask about ${foreign.join(', ')}`;
}
