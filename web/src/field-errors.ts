/**
 * A server refusal shown where the clinician typed: the OperationOutcome's issues that name a field
 * ("body.volumeMl", src/server/errors.ts) mapped to the page's inputs, their schema words ("Too big:
 * expected number to be <=100") put in clinician words with the field's unit ("at most 100 mL"). What no
 * field claims stays a message at the top, also in clinician words — never "the body is not valid".
 */
import { ApiError } from './api.ts';
import { num } from './format.ts';

/** A field of a form as the server names it, with the input's id, its label and its unit. */
export interface FieldSpec {
  readonly id: string;
  readonly label: string;
  readonly unit?: string;
}

export interface ShownErrors {
  /** Message per input id. */
  readonly byField: Readonly<Record<string, string>>;
  /** What no field claims, in clinician words; null when every issue found its field. */
  readonly general: string | null;
}

const n = (s: string) => num(Number(s));

/** A schema validation message in clinician words, with the field's unit. */
export function validationText(message: string, unit = ''): string {
  const u = unit === '' ? '' : ` ${unit}`;
  const m = /expected \w+ to (?:be|have) ([<>]=?)\s*([\d.]+)/.exec(message);
  if (m !== null) {
    const [, op, limit = ''] = m;
    const words: Record<string, string> = {
      '<=': 'at most',
      '<': 'less than',
      '>=': 'at least',
      '>': 'more than',
    };
    return `must be ${words[op ?? ''] ?? op} ${n(limit)}${u}`;
  }
  if (/expected (number|int)/i.test(message)) return `enter a number${unit === '' ? '' : ` in ${unit}`}`;
  if (/expected string/i.test(message)) return 'enter it as text';
  if (/Too small.*string/i.test(message) || /at least 1 character/i.test(message)) return 'required';
  if (/Too big.*string/i.test(message)) return 'too long';
  return message;
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
    if (spec === undefined) rest.push(`${f.path.replace(/^body\./, '')}: ${validationText(f.text)}`);
    else byField[spec.id] = `${spec.label}: ${validationText(f.text, spec.unit)}`;
  }
  if (e.fields.length === 0) return { byField, general: e.message };
  return {
    byField,
    general:
      rest.length > 0
        ? `Not saved: ${rest.join('; ')}`
        : 'Not saved: correct the marked field' + (Object.keys(byField).length === 1 ? '.' : 's.'),
  };
}
