/**
 * The patient's symptom diary (docs/clinical-reference.md §3 withdrawal and overdose signs): what the patient felt on a day,
 * in their own words, with a spasm severity and ticked symptoms. Patients write it themselves; staff read
 * it at the next visit or when the patient calls. Ticked withdrawal or overdose signs also raise a clinic
 * alert (diary-urgency.ts), but the patient view still says to call the clinic or go to emergency: an
 * alert waits for someone to read it, and the syndrome does not.
 */
import { z } from 'zod';
import { epochMsSchema, type RecordMeta } from './records.ts';

/**
 * Symptoms the diary offers as checkboxes. Itching, tingling, fever and more spasms are withdrawal signs;
 * drowsiness, dizziness, confusion, weakness and slow breathing are overdose signs (docs/clinical-reference.md §3 [C: label
 * boxed warning]); wound redness points to an infection of the pocket or catheter.
 */
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
] as const;
export type DiarySymptom = (typeof DIARY_SYMPTOMS)[number];

export const diaryBodySchema = z.strictObject({
  /** The day the entry is about (the patient's calendar day, not the time it was typed). */
  date: z.iso.date(),
  /** Spasm severity as the patient rates it, 0 = none … 4 = severe (the Penn-like 0–4 span). */
  spasmSeverity: z.int().min(0).max(4),
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
