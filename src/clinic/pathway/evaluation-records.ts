/**
 * The candidacy evaluation (docs/clinical-reference.md §1.1; docs/workflows.md "Care pathway"): what the
 * multidisciplinary team weighs before a screening trial — diagnosis and etiology, where the spasticity is,
 * oral baclofen tried (dose, response or intolerance), the goals of therapy, contraindications and cautions —
 * and the team's decision with who decided and when. Stored append-only: a re-evaluation is a new record,
 * and the latest record's decision is the one in force (stage.ts).
 */
import { z } from 'zod';
import { epochMsSchema, type RecordMeta } from '../records.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

/** Where the spasticity is: which limbs, the usual clinical words. */
export const SPASTICITY_DISTRIBUTIONS = [
  'lower-limbs',
  'four-limbs',
  'one-side',
  'generalised',
  'upper-limbs',
] as const;

export const oralBaclofenTrialSchema = z.strictObject({
  /** The highest daily oral dose reached, in mg/day (oral doses are milligrams, never intrathecal mcg). */
  maxDailyDoseMg: z.number().positive().max(300),
  response: z.enum(['none', 'partial', 'good']),
  /** Side effects that limited the dose (drowsiness, weakness, confusion …); empty when tolerated. */
  intolerance: z.string().trim().max(500).default(''),
});

/**
 * Contraindications and cautions the team must answer one by one (yes/no), so "not asked" cannot read as
 * "absent". Active infection defers the trial and the implant [C: label, section 4 "Contraindications" and
 * 5 "Warnings"]; the others are cautions weighed by the team.
 */
export const contraindicationsSchema = z.strictObject({
  activeInfection: z.boolean(),
  bodyHabitusTooSmall: z.boolean(),
  uncontrolledSeizures: z.boolean(),
  pregnancy: z.boolean(),
  anticoagulation: z.boolean(),
});
export type Contraindications = z.output<typeof contraindicationsSchema>;

export const TEAM_OUTCOMES = ['proceed-to-trial', 'not-a-candidate', 'defer'] as const;
export type TeamOutcome = (typeof TEAM_OUTCOMES)[number];

export const teamDecisionSchema = z.strictObject({
  outcome: z.enum(TEAM_OUTCOMES),
  /** Who decided: the team members by name and role ("Dr A (neurosurgery), B (physiotherapy)"). */
  decidedBy: text(500),
  decidedAt: epochMsSchema,
  rationale: text(2000),
});
export type TeamDecision = z.output<typeof teamDecisionSchema>;

export const evaluationBodySchema = z.strictObject({
  diagnosis: text(200),
  etiology: z.enum(['spinal', 'cerebral']),
  distribution: z.enum(SPASTICITY_DISTRIBUTIONS),
  oralBaclofen: z.array(oralBaclofenTrialSchema).max(20),
  goals: z.array(text(300)).min(1).max(20),
  contraindications: contraindicationsSchema,
  /** null while the team has not decided yet. */
  decision: teamDecisionSchema.nullable(),
  notes: z.string().trim().max(4000).default(''),
});
export const evaluationInputSchema = evaluationBodySchema.extend({
  patientId: z.string().min(1),
  at: epochMsSchema,
});
export type EvaluationInput = z.input<typeof evaluationInputSchema>;
export type Evaluation = z.output<typeof evaluationInputSchema> & RecordMeta;
