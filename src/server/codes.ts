/**
 * Codes of the clinic's HTTP API (src/server): why a request was refused before it reached the store —
 * authentication, authorization, routing and transport limits. Store and therapy refusals keep their own
 * codes (clinic/codes.ts, therapy/codes.ts); status-map.ts maps every code to an HTTP status in one place.
 */
import { defineCodes } from '../therapy/codes.ts';

export const SERVER_CODES = defineCodes({
  ITB_E_AUTH_REQUIRED: {
    kind: 'error',
    summary:
      'The request carries no valid session cookie or bearer token (missing, unknown or expired); on the command line, no enabled account is named by --as or ITB_USER.',
  },
  ITB_E_AUTH_FAILED: {
    kind: 'error',
    summary: 'The e-mail or password is wrong (which one is not said).',
  },
  ITB_E_AUTH_LOCKED: {
    kind: 'error',
    summary:
      'Too many failed logins — for this account from this address, from this address, for this account from browsers that never signed in to it, or at this browser for this account: try again after the lock-out.',
  },
  ITB_E_RATE_LIMITED: {
    kind: 'error',
    summary:
      'This account asked faster than its per-account bound (a burst, then a steady rate): nothing was read or written; retry after Retry-After.',
  },
  ITB_E_AUTH_WRONG_PASSWORD: {
    kind: 'error',
    summary: 'A password change gave a wrong current password: the password is not changed.',
  },
  ITB_E_FORBIDDEN: {
    kind: 'error',
    summary:
      'The signed-in role (on the command line, the --as user’s) may not use this route, or a patient asked for another patient’s record.',
  },
  ITB_E_CSRF: {
    kind: 'error',
    summary:
      'A state-changing request came from another site’s page, or a browser request lacks its session’s CSRF token.',
  },
  ITB_E_ROUTE_NOT_FOUND: { kind: 'error', summary: 'No API route has this method and path.' },
  ITB_E_PUBLIC_URL_UNSET: {
    kind: 'error',
    summary:
      'A FHIR request came to a host other than localhost and the server has no configured public URL (ITB_PUBLIC_URL) to write its resource URLs from: set it rather than trust the Host header.',
  },
  ITB_E_PAYLOAD_TOO_LARGE: { kind: 'error', summary: 'The request body is larger than the API accepts.' },
  ITB_E_UNSUPPORTED_MEDIA_TYPE: {
    kind: 'error',
    summary: 'The request body is not JSON (send Content-Type: application/json).',
  },
  ITB_E_PLAN_IN_USE: {
    kind: 'error',
    summary:
      'The kept pump plan is being confirmed by another request (a double click, a retry): it is written once; read that outcome.',
  },
  ITB_E_PLAN_APPLIED: {
    kind: 'error',
    summary:
      'The kept pump plan was already confirmed and written (a reload or a retry after it was sent): nothing is sent again; read its outcome in the patient’s record and do not repeat the act.',
  },
  ITB_R_TITRATION_STEP_UNKNOWN: {
    kind: 'reason',
    summary:
      'A change to or from minimum-rate mode names no implant, so the dose step cannot be checked: it needs a justification.',
  },
} as const);

export type ServerCode = keyof typeof SERVER_CODES;
