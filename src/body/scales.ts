/**
 * Clinical scales the virtual patient is scored on (docs/clinical-reference.md §4): the Modified Ashworth Scale, whose six
 * grades are labels — "1+" is not a number — and the Penn Spasm Frequency Score (0–4); plus the named stages
 * of withdrawal and overdose (docs/clinical-reference.md §2).
 */

/** The six grades of the Modified Ashworth Scale (Bohannon & Smith 1987). */
export const MAS_SCORES = ['0', '1', '1+', '2', '3', '4'] as const;
export type MasScore = (typeof MAS_SCORES)[number];

/**
 * Where each grade sits on the model's continuous tone axis, for averaging and differences only. "1+" at 1.5
 * is the common research convention [A]; it is never shown as a number to people.
 */
const MAS_POSITION: Readonly<Record<MasScore, number>> = {
  '0': 0,
  '1': 1,
  '1+': 1.5,
  '2': 2,
  '3': 3,
  '4': 4,
};

/** Upper bounds (exclusive) on the continuous axis for each grade but the last: midpoints between grades. */
const MAS_CUTS: readonly (readonly [number, MasScore])[] = [
  [0.5, '0'],
  [1.25, '1'],
  [1.75, '1+'],
  [2.5, '2'],
  [3.5, '3'],
];

/** The grade a continuous tone value rounds to (values outside 0–4 clamp to the ends of the scale). */
export function masFromContinuous(value: number): MasScore {
  if (Number.isNaN(value)) throw new RangeError('MAS value is NaN');
  for (const [cut, score] of MAS_CUTS) if (value < cut) return score;
  return '4';
}

/** The position of a grade on the continuous axis (for means and reductions). */
export const masPosition = (score: MasScore): number => MAS_POSITION[score];

/** Type guard for text that is a MAS grade. */
export const isMasScore = (text: string): text is MasScore =>
  (MAS_SCORES as readonly string[]).includes(text);

/** Penn Spasm Frequency Score 0–4 (Penn et al., NEJM 1989). */
export type PennScore = 0 | 1 | 2 | 3 | 4;

/** The Penn score a continuous spasm value rounds to, clamped to 0–4. */
export function pennFromContinuous(value: number): PennScore {
  if (Number.isNaN(value)) throw new RangeError('Penn value is NaN');
  return Math.min(4, Math.max(0, Math.round(value))) as PennScore;
}

/** Systemic withdrawal (docs/clinical-reference.md §2, boxed warning), in order of severity. */
export const WITHDRAWAL_STAGES = ['none', 'early', 'moderate', 'severe'] as const;
export type WithdrawalStage = (typeof WITHDRAWAL_STAGES)[number];

/** What each withdrawal stage looks like at the bedside [C: Lioresal Intrathecal / Gablofen labels]. */
export const WITHDRAWAL_SIGNS: Readonly<Record<WithdrawalStage, string>> = {
  none: 'no withdrawal',
  early: 'itching, tingling, tachycardia, rebound spasticity',
  moderate: 'high fever, altered mental status, rigidity',
  severe: 'rhabdomyolysis, multi-organ failure risk',
};

/** CNS depression from overdose (docs/clinical-reference.md §2), in order of severity. */
export const OVERDOSE_STAGES = ['none', 'drowsy', 'respiratory-depression', 'coma'] as const;
export type OverdoseStage = (typeof OVERDOSE_STAGES)[number];

export const OVERDOSE_SIGNS: Readonly<Record<OverdoseStage, string>> = {
  none: 'no CNS depression',
  drowsy: 'drowsiness, dizziness',
  'respiratory-depression': 'respiratory depression, rostral hypotonia',
  coma: 'coma (can last up to 72 h)',
};

/** The rank of a stage in its list (0 = none), for comparisons. */
export const stageRank = <S extends string>(stages: readonly S[], stage: S): number => stages.indexOf(stage);
