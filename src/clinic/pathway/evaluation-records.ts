/**
 * The candidacy evaluation (docs/clinical-reference.md §1.1; docs/workflows.md "Care pathway"): what the
 * multidisciplinary team weighs before a screening trial — the diagnosis; for spasticity its etiology, where
 * the spasticity is and the oral baclofen tried (dose, response or intolerance); for pain the pain's type
 * and where it is, whether it is cancer-related, the systemic opioids and conservative treatments tried;
 * the goals of therapy, contraindications and cautions — and the team's decision with who decided and when.
 * An evaluation recorded before pain evaluations existed has no `indication` and reads as spasticity's. Stored append-only: a re-evaluation is a new record,
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

/** What the intrathecal therapy is for: spasticity (baclofen) or pain (docs/clinical-reference.md §2). */
export const EVALUATION_INDICATIONS = ['spasticity', 'pain'] as const;
export type EvaluationIndication = (typeof EVALUATION_INDICATIONS)[number];

/** The pain's mechanism, the usual clinical words. */
export const PAIN_TYPES = ['nociceptive', 'neuropathic', 'mixed'] as const;
/** Where the pain is. */
export const PAIN_DISTRIBUTIONS = [
  'back',
  'back-and-legs',
  'legs',
  'neck-and-arms',
  'trunk',
  'widespread',
] as const;

const responseSchema = z.enum(['none', 'partial', 'good']);

/** A systemic (oral or transdermal) opioid tried before the pump: which, the highest daily dose, the response. */
export const systemicOpioidTrialSchema = z.strictObject({
  drug: text(100),
  /** The highest daily dose reached, in mg/day of that opioid as given. */
  maxDailyDoseMg: z.number().positive().max(10_000),
  response: responseSchema,
  /** Side effects that limited the dose (sedation, constipation, confusion …); empty when tolerated. */
  intolerance: z.string().trim().max(500).default(''),
});

/** The pain questions of a pain patient's evaluation. */
export const painAssessmentSchema = z.strictObject({
  type: z.enum(PAIN_TYPES),
  distribution: z.enum(PAIN_DISTRIBUTIONS),
  /** Cancer-related pain (the drug choice and the trial differ from non-cancer pain). */
  cancerRelated: z.boolean(),
  systemicOpioids: z.array(systemicOpioidTrialSchema).max(20),
  /** Conservative treatments tried (physiotherapy, nerve blocks, spinal cord stimulation …). */
  conservativeTreatments: z.array(text(200)).max(20),
});
export type PainAssessment = z.output<typeof painAssessmentSchema>;

export const oralBaclofenTrialSchema = z.strictObject({
  /** The highest daily oral dose reached, in mg/day (oral doses are milligrams, never intrathecal mcg). */
  maxDailyDoseMg: z.number().positive().max(300),
  response: responseSchema,
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

/** The evaluation's fields; the indication's rule (`indicationFits`) makes the body and input schemas. */
export const evaluationFieldsSchema = z.strictObject({
  /** Absent in evaluations recorded before pain evaluations existed: spasticity. */
  indication: z.enum(EVALUATION_INDICATIONS).default('spasticity'),
  diagnosis: text(200),
  /** Spasticity only: its origin. */
  etiology: z.enum(['spinal', 'cerebral']).optional(),
  /** Spasticity only: where it is. */
  distribution: z.enum(SPASTICITY_DISTRIBUTIONS).optional(),
  /** Spasticity only: the oral baclofen tried (empty: none). */
  oralBaclofen: z.array(oralBaclofenTrialSchema).max(20).optional(),
  /** Pain only: the pain questions. */
  pain: painAssessmentSchema.optional(),
  goals: z.array(text(300)).min(1).max(20),
  contraindications: contraindicationsSchema,
  /** null while the team has not decided yet. */
  decision: teamDecisionSchema.nullable(),
  notes: z.string().trim().max(4000).default(''),
});

const SPASTICITY_ONLY = ['etiology', 'distribution', 'oralBaclofen'] as const;

/**
 * An evaluation answers its own indication's questions and no other's: a spasticity evaluation its
 * etiology, distribution and oral baclofen; a pain evaluation its pain questions. Each missing or foreign
 * field is named.
 */
export function indicationFits(e: z.output<typeof evaluationFieldsSchema>, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (e.indication === 'spasticity') {
    for (const k of SPASTICITY_ONLY) if (e[k] === undefined) issue(k, `a spasticity evaluation records ${k}`);
    if (e.pain !== undefined) issue('pain', 'a spasticity evaluation does not record the pain questions');
  } else {
    if (e.pain === undefined) issue('pain', 'a pain evaluation records the pain questions');
    for (const k of SPASTICITY_ONLY)
      if (e[k] !== undefined) issue(k, `a pain evaluation does not record ${k} (spasticity's question)`);
  }
}

export const evaluationBodySchema = evaluationFieldsSchema.superRefine(indicationFits);
export const evaluationInputSchema = evaluationFieldsSchema
  .extend({ patientId: z.string().min(1), at: epochMsSchema })
  .superRefine(indicationFits);
export type EvaluationInput = z.input<typeof evaluationInputSchema>;
export type Evaluation = z.output<typeof evaluationInputSchema> & RecordMeta;
