/**
 * Text a clinician reads carries words only; where a rule or number comes from ("[docs/clinical-reference.md §3]",
 * "[U: our choice]", "[label; Maino 2017]") goes to a separate `source` field. The reason builder moves
 * such bracketed tags out (therapy/verdict.ts `splitSource`, re-exported here for alerts); {@link forClinician}
 * does it for a reason whose message gained a tag after it was built.
 */
import { splitSource, type Reason } from '../therapy/verdict.ts';

export { splitSource };

/**
 * A reason as a clinician reads it: the message in words, the source apart. Reasons from the builder
 * (therapy/verdict.ts `reasonFor`) already are; a tag added to a message afterwards joins their source.
 */
export function forClinician(r: Reason): Reason {
  const words = splitSource(r.message);
  const sources = [r.source, words.source].filter((x): x is string => x !== undefined);
  return { ...r, message: words.message, ...(sources.length === 0 ? {} : { source: sources.join('; ') }) };
}
