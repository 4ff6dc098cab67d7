/**
 * A pump taken out (docs/clinical-reference.md §1.7; docs/workflows.md "Care pathway"): at its replacement
 * when the battery ends, or for another reason (infection, malfunction, no longer wanted). The implant
 * record and everything recorded under it stay as they were — the old pump's history is kept and readable;
 * this record only says when and why it ended, what became of the catheter, and which implant replaced it.
 */
import { z } from 'zod';
import { epochMsSchema, type RecordMeta } from '../records.ts';

export const EXPLANT_REASONS = [
  'battery-eri',
  'battery-eos',
  'infection',
  'malfunction',
  'patient-choice',
  'other',
] as const;

export const explantBodySchema = z.strictObject({
  reason: z.enum(EXPLANT_REASONS),
  /** The catheter at the same operation: kept and reconnected, revised (the new one is on the new implant), or removed. */
  catheter: z.enum(['kept', 'revised', 'removed']),
  /** The implant that replaced this pump (recorded first), or null when therapy ends here. */
  replacementImplantId: z.string().min(1).nullable(),
  notes: z.string().trim().max(2000).default(''),
});
export const explantInputSchema = explantBodySchema.extend({
  patientId: z.string().min(1),
  implantId: z.string().min(1),
  at: epochMsSchema,
});
export type ExplantInput = z.input<typeof explantInputSchema>;
export type Explant = z.output<typeof explantInputSchema> & RecordMeta;
