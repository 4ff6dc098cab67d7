/**
 * A server refusal shown where the clinician typed: the OperationOutcome's issues that name a field
 * ("body.volumeMl", src/server/errors.ts) mapped to the page's inputs, their schema words put in
 * clinician words with the field's unit (validation-text.ts). What no
 * field claims stays a message at the top, also in clinician words — never "the body is not valid".
 */
import { ApiError } from './api.ts';
import { notSavedText, unclaimedIssueText, validationText } from './validation-text.ts';

/** A field of a form as the server names it, with the input's id, its label and its unit. */
export interface FieldSpec {
  readonly id: string;
  readonly label: string;
  readonly unit?: string;
  /** A number the server states in its own unit, in the field's `unit` (mcg/mL → mg/mL for morphine). */
  readonly fromServer?: (n: number) => number;
}

export interface ShownErrors {
  /** Message per input id. */
  readonly byField: Readonly<Record<string, string>>;
  /** What no field claims, in clinician words; null when every issue found its field. */
  readonly general: string | null;
}

/** The refusal's issues at their fields (by the path's last part), the rest as one general message. */
export function shownErrors(
  e: unknown,
  fields: Readonly<Record<string, FieldSpec>>,
  /** Refusals that name no path but are about one field: ITB code → the server's field name. */
  codeFields: Readonly<Record<string, string>> = {},
): ShownErrors {
  if (!(e instanceof ApiError)) return { byField: {}, general: e instanceof Error ? e.message : String(e) };
  const byField: Record<string, string> = {};
  const claimed = fields[codeFields[e.code] ?? ''];
  if (claimed !== undefined) {
    // The refusal's message stays at the top (it says what to do); the field is marked with its first
    // sentence. Its reasons restate the same facts in short form: shown once, not twice.
    const first = e.messages[0] ?? e.message;
    byField[claimed.id] = `${claimed.label}: ${first.split(':')[0] ?? ''}`;
    return { byField, general: first };
  }
  const rest: string[] = [];
  for (const f of e.fields) {
    const key = f.path.split('.').at(-1) ?? '';
    const spec = fields[key];
    if (spec === undefined) rest.push(unclaimedIssueText(f));
    else byField[spec.id] = `${spec.label}: ${validationText(f.text, spec.unit, spec.fromServer)}`;
  }
  if (e.fields.length === 0) return { byField, general: e.message };
  return {
    byField,
    general:
      rest.length > 0
        ? notSavedText(rest)
        : 'Not saved: correct the marked field' + (Object.keys(byField).length === 1 ? '.' : 's.'),
  };
}
