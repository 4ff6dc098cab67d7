/**
 * Guardrail results (docs/architecture.md principle 4): every safety decision carries its reasons. Soft limits warn
 * and need an explicit, justified override; hard limits block and never pass.
 */

import type { Reason, Verdict } from './reason-schema.ts';

/** The one Reason: its type is inferred from the one schema (reason-schema.ts). */
export type { Reason, Verdict } from './reason-schema.ts';

export interface GuardrailResult {
  readonly verdict: Verdict;
  readonly reasons: readonly Reason[];
}

const RANK: Record<Verdict, number> = { ok: 0, warn: 1, block: 2 };

/** The worse of two verdicts. */
export function worse(a: Verdict, b: Verdict): Verdict {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Combines reasons into a result whose verdict is the worst severity among them. */
export function verdictOf(reasons: readonly Reason[]): GuardrailResult {
  return { verdict: reasons.reduce<Verdict>((v, r) => worse(v, r.severity), 'ok'), reasons };
}

/** A reason that names instants: the message keeps their ISO text, `times` carries them as data. */
export const withTimes = (r: Reason, times: Readonly<Record<string, number>>): Reason => ({ ...r, times });

/**
 * The reason as a person reads it: each instant it names, written in the message as UTC ISO text, in
 * `format` (the clinic's zone and format, chosen by the surface: API, PDF, web). The one renderer, so no
 * surface shows "2026-…T…Z" and no two show the same instant differently.
 */
export function renderReasonTimes<R extends Reason>(r: R, format: (ms: number) => string): R {
  if (r.times === undefined) return r;
  let message = r.message;
  for (const ms of Object.values(r.times))
    message = message.replaceAll(new Date(ms).toISOString(), format(ms));
  return { ...r, message };
}

/**
 * A reason builder typed to one module's codes: `const pumpReason = reasonFor<PumpCode>()`. `limit` and
 * `value` are in the unit the message names, so the CLI and the UI can print them as they are.
 */
export function reasonFor<C extends string>() {
  return (code: C, severity: Verdict, message: string, limit?: number, value?: number): Reason => {
    const words = splitSource(message);
    return {
      code,
      message: words.message,
      severity,
      ...(words.source === undefined ? {} : { source: words.source }),
      ...(limit === undefined ? {} : { limit }),
      ...(value === undefined ? {} : { value }),
    };
  };
}

const TAG = /\s*\[([^[\]]+)\]/g;

/**
 * The message in words only and its bracketed source tags ("[docs/clinical-reference.md §3]", "[U: our
 * choice]", "[label; Maino 2017]"), wherever they stand, joined with "; ". The one rule that moves a source
 * out of text a clinician reads (the reason builder, alerts, the refill plan: clinic/source-tags.ts).
 */
export function splitSource(message: string): { message: string; source?: string } {
  const sources: string[] = [];
  let text = message;
  // Innermost first: a source may itself cite one ("[our reading for morphine [PACC 2017]]").
  for (let next = text; ; text = next) {
    next = text.replace(TAG, (_m, tag: string) => {
      sources.push(tag.trim());
      return '';
    });
    if (next === text) break;
  }
  // A tag taken from before a comma, a colon or a closing parenthesis leaves no space before it.
  const words = text.replace(/\s+([;,.:)])/g, '$1').trim();
  return sources.length === 0 ? { message } : { message: words, source: sources.join('; ') };
}
