/**
 * What a clinician typed, read by one of therapy's parsers: the value, or the parser's refusal (an
 * ItbError) as the message shown beside the field. Anything else a parser throws is a bug and is thrown.
 */
import { ItbError } from '../../src/therapy/codes.ts';

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export function parsed<T>(parse: () => T): Parsed<T> {
  try {
    return { ok: true, value: parse() };
  } catch (e) {
    if (!(e instanceof ItbError)) throw e;
    return { ok: false, message: e.message };
  }
}
