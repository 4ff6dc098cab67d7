/**
 * Builders and source names shared by the drug-library data files (drug-library.ts, pain-drugs.ts,
 * drug-rules.ts), so that every entry states its numbers the same way: in clinicians' units, with a source.
 */
import type { DoseRange } from './drug.ts';
import { mcgPerDay, mcgPerMl } from './quantities.ts';
import { sourced, type Confidence, type Sourced } from './sourced.ts';

/** The baclofen labels the baclofen numbers come from. */
export const BACLOFEN_LABEL = 'Lioresal Intrathecal / Gablofen US labels';
/** The Polyanalgesic Consensus Conference guideline (docs/clinical-reference.md §2). */
export const PACC = 'PACC 2017, Deer et al., Neuromodulation 2017;20:96–132';
/** Ziconotide's label (docs/clinical-reference.md §2). */
export const PRIALT_LABEL = 'Prialt (ziconotide) US label';
/** Preservative-free intrathecal morphine's label (docs/clinical-reference.md §2). */
export const INFUMORPH_LABEL = 'Infumorph (morphine, preservative-free) US label';

/** A daily-dose range given in mcg/day. */
export const doseRange = (
  minMcg: number,
  maxMcg: number,
  c: Confidence,
  source: string,
): Sourced<DoseRange> => sourced({ min: mcgPerDay(minMcg), max: mcgPerDay(maxMcg) }, c, source);

/** The label strengths, in mcg/mL. */
export const listed = (mcgPerMlValues: readonly number[], c: Confidence, source: string) =>
  ({ kind: 'listed', allowed: sourced(mcgPerMlValues.map(mcgPerMl), c, source) }) as const;

/** Any strength up to a maximum, in mcg/mL. */
export const upTo = (maxMcgPerMl: number, c: Confidence, source: string) =>
  ({ kind: 'up-to', max: sourced(mcgPerMl(maxMcgPerMl), c, source) }) as const;
