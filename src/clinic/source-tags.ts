/**
 * Text a clinician reads carries words only; where a rule or number comes from ("[docs/clinical-reference.md §3]",
 * "[U: our choice]", "[label; Maino 2017]") goes to a separate `source` field. Guardrail messages end with
 * such a bracketed tag; {@link splitSource} moves it out, and {@link forClinician} does it for a reason.
 */
import type { Reason } from '../therapy/verdict.ts';

const TRAILING_TAG = /\s*\[([^[\]]+)\]\s*$/;

/** The message without its trailing source tag(s), and the tag(s) joined with "; ". */
export function splitSource(message: string): { message: string; source?: string } {
  const sources: string[] = [];
  let text = message;
  for (let m = TRAILING_TAG.exec(text); m !== null; m = TRAILING_TAG.exec(text)) {
    sources.unshift(m[1] ?? '');
    text = text.slice(0, m.index);
  }
  return sources.length === 0 ? { message } : { message: text, source: sources.join('; ') };
}

/** A reason as a clinician reads it: the message in words, the source apart. */
export function forClinician(r: Reason): Reason & { source?: string } {
  return { ...r, ...splitSource(r.message) };
}
