/**
 * The one place every request's input is screened before any schema or store sees it:
 *
 * - JSON bodies (`application/json`, `application/fhir+json`) are parsed here. Their size is capped by
 *   Fastify's `bodyLimit` (413) and their nesting depth is counted on the raw text BEFORE parsing (400):
 *   ~1,550 levels used to overflow the stack in zod's `z.json()` and answer 500.
 * - Every string in the body, the query and the path — values and keys alike — is refused when it holds
 *   a control character (400). PostgreSQL cannot store NUL in text at all (a NUL in a login e-mail was a
 *   500, in a name a misleading 503), and the other C0/C1 controls have no place in a clinical record:
 *   they hide text in a display, corrupt exports and logs. Tab, line feed and carriage return stay
 *   allowed for free-text notes. The bidirectional overrides and isolates are refused with them: they make
 *   one record's text display as another's.
 */
import type { FastifyInstance } from 'fastify';
import { ItbError } from '../therapy/codes.ts';

/** Deepest JSON nesting accepted; the deepest legitimate body (a FHIR Bundle) nests ~12 levels. */
export const MAX_JSON_DEPTH = 64;

/**
 * C0 controls except TAB, LF, CR; DEL; C1 controls; and the bidirectional embedding, override and isolate
 * controls (U+202A–U+202E, U+2066–U+2069; Unicode TR9, CVE-2021-42574): with them a stored MRN
 * `DEMO-\u202E100` shows as another patient's `DEMO-001`. The directional marks (LRM, RLM, ALM) that
 * right-to-left text may hold stay allowed.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is this regex's purpose
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** True when the JSON text nests arrays/objects deeper than `max` (strings are skipped, escapes honoured). */
export function jsonDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** A control character found in a request: where (`body.name`, `query.q`) and which (`U+0000`). */
export interface ControlCharHit {
  readonly path: string;
  readonly char: string;
}

const hitIn = (s: string, path: string): ControlCharHit | null => {
  const c = CONTROL.exec(s)?.[0];
  return c === undefined
    ? null
    : { path, char: `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}` };
};

/** The first control character in `value`'s strings or keys, or null. */
export function findControlChar(value: unknown, where: string, depth = 0): ControlCharHit | null {
  if (typeof value === 'string') return hitIn(value, where);
  if (typeof value !== 'object' || value === null || depth > MAX_JSON_DEPTH) return null;
  for (const [k, v] of Object.entries(value)) {
    const path = Array.isArray(value) ? `${where}[${k}]` : `${where}.${k}`;
    const hit = hitIn(k, path) ?? findControlChar(v, path, depth + 1);
    if (hit !== null) return hit;
  }
  return null;
}

/** The JSON media types we parse (the FHIR routes' own type included, so it gets the same limits). */
export const JSON_MEDIA_TYPES = ['application/json', 'application/fhir+json'] as const;

/** Installs the JSON parser and the control-character hook; call before any route or extension. */
export function installInputGuard(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  for (const type of JSON_MEDIA_TYPES) {
    if (app.hasContentTypeParser(type)) app.removeContentTypeParser(type);
    app.addContentTypeParser(type, { parseAs: 'string' }, (request, body, done) => {
      if (jsonDeeperThan(body as string, MAX_JSON_DEPTH)) {
        done(new ItbError('ITB_E_INVALID_INPUT', `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`));
        return;
      }
      void parseJson(request, body as string, done);
    });
  }
  app.addHook('preValidation', async (request) => {
    for (const [where, value] of [
      ['path', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      const hit = findControlChar(value, where);
      if (hit !== null) {
        throw new ItbError(
          'ITB_E_INVALID_INPUT',
          `${hit.path} contains a control character (${hit.char}): remove it and send the text again`,
        );
      }
    }
    await Promise.resolve();
  });
}
