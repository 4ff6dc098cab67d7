/**
 * Facts carry their provenance (docs/clinical-reference.md tags): [C] confirmed in a named published source, [U] commonly
 * cited but unconfirmed (a placeholder that stays overridable data), [A] a modelling assumption of ours.
 */
export type Confidence = 'C' | 'U' | 'A';

export interface Sourced<T> {
  readonly value: T;
  /** Where the number comes from, e.g. "Lioresal Intrathecal US label". */
  readonly source: string;
  readonly confidence: Confidence;
}

/** Builds a sourced value. */
export const sourced = <T>(value: T, confidence: Confidence, source: string): Sourced<T> => ({
  value,
  confidence,
  source,
});
