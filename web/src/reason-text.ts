/**
 * A guardrail or server reason as a clinician reads it (one place for the rule): the source tags the rules
 * carry for reviewers (a design file's section, "[U: …]", "[our choice: …]") moved out of the sentence into a short
 * source line, numbers with the locale's separators, a reason the same twice shown once, and two reasons in
 * clinician words where the rule's own words mislead:
 * - a likely mg/mcg slip answers the dose the clinician TYPED, in the unit of the drug's label their box
 *   takes (mcg/day for baclofen, mg/day for morphine: src/therapy/drug-display.ts), not a dose they never
 *   typed;
 * - "too soon" says when the next increase is allowed (label: increase at most once every 24 hours).
 */
import type { Reason } from './api.ts';
import { DRUG_IDS } from '../../src/therapy/drug-library.ts';
import { doseText } from '../../src/therapy/drug-display.ts';
import { NG_PER_MCG } from '../../src/therapy/quantities.ts';
import { PUMP_CODES } from '../../src/pump/codes.ts';
import { THERAPY_CODES } from '../../src/therapy/codes.ts';
import { GUARDRAIL_CODES } from '../../src/therapy/guardrail-codes.ts';
import { renderReasonTimes } from '../../src/therapy/verdict.ts';
import { numbersText } from '../../src/therapy/display-numbers.ts';
import { dateTime } from './format.ts';

// One separator rule for a sentence's numbers, the CLI's and the pages' (src/therapy/display-numbers.ts).
export { numbersText };

/** What the page knows that a reason's own words do not: when the last change was made. */
export interface ReasonContext {
  /** Epoch ms of the prescription change the "too soon" rule counts from. */
  readonly lastChangeAt?: number | null;
}

/** The library drug a reason's words name ("… the morphine range …"): the dose is that drug's; else null. */
const drugNamedIn = (message: string): string | null =>
  DRUG_IDS.find((id) => new RegExp(`\\b${id}\\b`).test(message)) ?? null;

export interface ReasonText {
  readonly text: string;
  /** The published sources the rule cites ("Lioresal Intrathecal US label"); empty when none. */
  readonly sources: readonly string[];
}

const MS_PER_HOUR = 3_600_000;

/** A bracket tag's content as a source a clinician may look up, or null for a reviewer-only tag. */
function sourceOf(tag: string): string[] {
  return tag
    .split(';')
    .map((part) =>
      part
        .trim()
        .replace(/^[UCA]:\s*/, '')
        .replace(/^our choice:\s*/i, 'clinic rule: '),
    )
    .filter((part) => part !== '' && !/\.md\b|^§|^[UCA]$/.test(part));
}

/** The sentence without its source tags (each moved to `sources`), numbers with separators. */
export function clinicianText(message: string): ReasonText {
  const sources: string[] = [];
  const text = message
    .replace(/\s*\[([^\]]*)\]/g, (_m, tag: string) => {
      sources.push(...sourceOf(tag));
      return '';
    })
    .replace(/\s+([;,.:])/g, '$1')
    .replace(/;\s*$/, '')
    .trim();
  // An instant the server wrote as ISO text is read in the clinic's zone, and its year gets no separator
  // (a plan once read "refill by 2,027-04-15T06:33:32.415Z").
  const words = text
    .split(ISO_INSTANT)
    .map((part, i) => (i % 2 === 1 ? dateTime(Date.parse(part)) : numbersText(part)))
    .join('');
  return { text: words, sources: [...new Set(sources)] };
}

/** An ISO-8601 instant in UTC, as the server writes times into reason messages (captured for split). */
const ISO_INSTANT = /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z)/;

/** The reason in clinician words (see the module comment for the two rewritten rules). */
export function reasonText(r: Reason, ctx: ReasonContext = {}): ReasonText {
  // The instants it names in the clinic's zone, from its data (the one renderer the API and PDFs use).
  const words = clinicianText(renderReasonTimes(r, dateTime).message);
  // The rule's source as the server sends it (therapy/verdict.ts `source`), beside any left in the text.
  const fromField = r.source === undefined ? [] : sourceOf(r.source);
  const base = { ...words, sources: [...new Set([...fromField, ...words.sources])] };
  if (
    r.code === 'ITB_R_LIKELY_UNIT_SLIP' &&
    r.value !== undefined &&
    r.limit !== undefined &&
    /\/day/.test(r.message)
  ) {
    const high = r.value > r.limit;
    const drug = drugNamedIn(r.message);
    const dose = (mcg: number): string => doseText(Math.round(mcg * NG_PER_MCG), drug);
    return {
      ...base,
      text:
        `${dose(r.value)} is about ${high ? '1,000×' : '1/1,000 of'} the dose range ` +
        `(${high ? 'at most' : 'at least'} ${dose(r.limit)}): check the number and its unit ` +
        '(mg or mcg). Nothing was changed.',
    };
  }
  if (
    r.code === 'ITB_R_TITRATION_TOO_SOON' &&
    r.limit !== undefined &&
    ctx.lastChangeAt !== undefined &&
    ctx.lastChangeAt !== null
  ) {
    const next = ctx.lastChangeAt + r.limit * MS_PER_HOUR;
    return { ...base, text: `${base.text}. Next increase allowed from ${dateTime(next)}.` };
  }
  return base;
}

/** The reasons without repeats: the same rule on the same value said once (a flex day and the whole day). */
export function distinctReasons(reasons: readonly Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.code}|${r.severity}|${r.value ?? clinicianText(r.message).text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The pump's own codes and therapy's, whose rules the pump runs too (a refill's residual reconciliation). */
const PUMP_SUMMARIES: Readonly<Record<string, { readonly summary: string }>> = {
  ...THERAPY_CODES,
  ...GUARDRAIL_CODES,
  ...PUMP_CODES,
};

/**
 * A reason the pump itself gave for a write (it sends codes only over the link, docs/protocol.md), in
 * words: the code's summary. A code this app does not know is said to be unknown, naming it.
 */
export function pumpReasonText(r: { readonly code: string; readonly severity: string }): string {
  const words = PUMP_SUMMARIES[r.code]?.summary ?? `a reason this app does not know (${r.code})`;
  return `${words} (${r.severity})`;
}
