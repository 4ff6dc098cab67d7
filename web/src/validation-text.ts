/**
 * A schema refusal in clinician words (the server's "Too big: expected number to be <=100" as "must be at
 * most 100 mL"), for the field it names or, when no input of the page claims it, by the field's name:
 * "Not saved: note: required". The one wording of validation refusals: never "the body is not valid".
 */
import { num } from './format.ts';

/**
 * A schema validation message in clinician words, with the field's unit; `fromServer` puts a bound the
 * server states in its own unit into the field's.
 */
export function validationText(
  message: string,
  unit = '',
  fromServer: (n: number) => number = (x) => x,
): string {
  // Text first: an empty required field is "required", never "must be at least 1"; a longer minimum counts
  // characters.
  if (/Too small.*string.*>=1 character/i.test(message) || /at least 1 character/i.test(message))
    return 'required';
  const chars = /Too small.*string.*>=\s*(\d+) character/i.exec(message);
  if (chars !== null) return `at least ${chars[1] ?? ''} characters`;
  if (/Too big.*string/i.test(message)) return 'too long';
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
    return `must be ${words[op ?? ''] ?? op} ${num(fromServer(Number(limit)))}${u}`;
  }
  if (/expected (number|int)/i.test(message)) return `enter a number${unit === '' ? '' : ` in ${unit}`}`;
  if (/expected string/i.test(message)) return 'enter it as text';
  return message;
}

/** An issue no input of the page claims, named by its field: "note: required". */
export const unclaimedIssueText = (issue: { readonly path: string; readonly text: string }): string =>
  `${issue.path.replace(/^body\./, '')}: ${validationText(issue.text)}`;

/** The refusal of issues no input claims, as one message. */
export const notSavedText = (parts: readonly string[]): string => `Not saved: ${parts.join('; ')}`;
