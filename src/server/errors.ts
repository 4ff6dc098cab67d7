/**
 * Errors as FHIR R4 `OperationOutcome`s (docs/architecture.md principle 6; Medplum does the same), with the project's
 * code → HTTP status mapping in ONE table. A code missing from the table, or any error that is not an
 * ItbError, becomes 500 ITB_E_INTERNAL with a fixed text: stack traces, SQL and record contents never
 * reach a client (the log keeps them, redacted).
 */
import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ItbError } from '../therapy/codes.ts';
import { renderReasonTimes, type Reason } from '../therapy/verdict.ts';
import { clinicInstantText } from '../clinic/time-zone.ts';

/** The code system of `issue.details.coding` (docs/codes.md lists every code). */
export const CODE_SYSTEM = 'https://itb.example/codes';

/** FHIR IssueType values used here (hl7.org/fhir/R4/valueset-issue-type.html). */
export type IssueType =
  | 'invalid'
  | 'login'
  | 'forbidden'
  | 'not-found'
  | 'duplicate'
  | 'conflict'
  | 'business-rule'
  | 'throttled'
  | 'too-long'
  | 'not-supported'
  | 'transient'
  | 'exception'
  | 'informational';

interface Mapping {
  readonly status: number;
  readonly issue: IssueType;
}
const m = (status: number, issue: IssueType): Mapping => ({ status, issue });

/**
 * Every code the API may return, with its status. 422 = understood but refused by a clinical rule (a hard
 * limit, a missing justification); 409 = conflicts with what is recorded (duplicate, stale chain head).
 */
export const ERROR_STATUS: Readonly<Record<string, Mapping>> = {
  // Input (therapy/codes.ts, pump/codes.ts)
  ITB_E_INVALID_INPUT: m(400, 'invalid'),
  ITB_E_UNKNOWN_UNIT: m(400, 'invalid'),
  ITB_E_WRONG_UNIT: m(400, 'invalid'),
  ITB_E_NON_POSITIVE: m(400, 'invalid'),
  ITB_E_OUT_OF_RANGE: m(400, 'invalid'),
  ITB_E_UNKNOWN_DRUG: m(400, 'invalid'),
  ITB_E_PUMP_UNKNOWN_PROFILE: m(400, 'invalid'),
  ITB_E_UNIT_SLIP: m(422, 'business-rule'),
  ITB_E_CATHETER_LENGTH: m(422, 'invalid'),
  ITB_E_CONCENTRATION_NOT_IN_LIBRARY: m(422, 'business-rule'),
  ITB_E_INVALID_PRESCRIPTION: m(422, 'business-rule'),
  // Refill reconciliation (therapy/reconcile.ts): a typed residual the reservoir cannot hold.
  ITB_E_RESIDUAL_EXCEEDS_RESERVOIR: m(400, 'invalid'),
  ITB_E_UNKNOWN_RESERVOIR_SIZE: m(400, 'invalid'),
  // Store (clinic/codes.ts)
  ITB_E_CLINIC_JUSTIFICATION_REQUIRED: m(422, 'business-rule'),
  ITB_E_CLINIC_REFILL_CONTENTS_MISMATCH: m(422, 'business-rule'),
  ITB_E_CLINIC_TIME_OUT_OF_RANGE: m(422, 'business-rule'),
  ITB_E_CLINIC_BLOCKED: m(422, 'business-rule'),
  ITB_E_PATHWAY_NO_TEAM_DECISION: m(422, 'business-rule'),
  ITB_E_ADVISE_INVALID_TRIAL: m(422, 'business-rule'),
  ITB_E_ADVISE_INVALID_REQUEST: m(400, 'invalid'),
  ITB_E_ADVISE_DRUG_NOT_MODELLED: m(422, 'business-rule'),
  ITB_E_PATHWAY_CONTRAINDICATED: m(422, 'business-rule'),
  ITB_E_TROUBLE_EPISODE_CLOSED: m(409, 'conflict'),
  ITB_E_TROUBLE_REMEDY_MISMATCH: m(422, 'business-rule'),
  ITB_E_MRI_RESERVOIR_NOT_EMPTIED: m(422, 'business-rule'),
  ITB_E_MRI_STEP_OUT_OF_ORDER: m(409, 'conflict'),
  ITB_E_CLINIC_REFERENCE: m(422, 'invalid'),
  ITB_E_CLINIC_NOT_FOUND: m(404, 'not-found'),
  ITB_E_CLINIC_DUPLICATE: m(409, 'duplicate'),
  ITB_E_CLINIC_STALE_HEAD: m(409, 'conflict'),
  ITB_E_CLINIC_ALREADY_RESOLVED: m(409, 'conflict'),
  ITB_E_CLINIC_ALERT_CAUSE_STANDS: m(409, 'conflict'),
  ITB_E_CLINIC_APPOINTMENT_CLOSED: m(409, 'conflict'),
  ITB_E_CLINIC_APPOINTMENT_INVALID: m(422, 'business-rule'),
  ITB_E_CLINIC_APPEND_ONLY: m(409, 'conflict'),
  ITB_E_CLINIC_ADMIN_LOCKOUT: m(409, 'conflict'),
  ITB_E_CLINIC_ROLE_CHANGE: m(422, 'business-rule'),
  ITB_E_CLINIC_BUSY: m(503, 'transient'),
  ITB_E_CLINIC_STORAGE: m(503, 'transient'),
  ITB_E_CLINIC_CLOSED: m(503, 'transient'),
  ITB_E_CLINIC_CORRUPT_RECORD: m(500, 'exception'),
  ITB_E_CLINIC_DECRYPT: m(500, 'exception'),
  ITB_E_CLINIC_KEY: m(500, 'exception'),
  // FHIR (fhir/codes.ts): a resource that does not validate, lacks what itb needs, or is not FHIR JSON.
  ITB_E_FHIR_INVALID_RESOURCE: m(400, 'invalid'),
  ITB_E_FHIR_MISSING_DATA: m(422, 'business-rule'),
  ITB_E_FHIR_CONTENT_TYPE: m(415, 'not-supported'),
  ITB_E_FHIR_NOT_ACCEPTABLE: m(406, 'not-supported'),
  ITB_E_FHIR_UNKNOWN_TYPE: m(404, 'not-supported'),
  ITB_E_FHIR_NOT_FOUND: m(404, 'not-found'),
  ITB_E_FHIR_SEARCH: m(400, 'invalid'),
  // Server (server/codes.ts)
  ITB_E_AUTH_REQUIRED: m(401, 'login'),
  ITB_E_AUTH_FAILED: m(401, 'login'),
  ITB_E_AUTH_LOCKED: m(429, 'throttled'),
  ITB_E_RATE_LIMITED: m(429, 'throttled'),
  ITB_E_AUTH_WRONG_PASSWORD: m(403, 'forbidden'),
  ITB_E_FORBIDDEN: m(403, 'forbidden'),
  ITB_E_CSRF: m(403, 'forbidden'),
  ITB_E_ROUTE_NOT_FOUND: m(404, 'not-found'),
  ITB_E_PUBLIC_URL_UNSET: m(421, 'not-supported'),
  ITB_E_PAYLOAD_TOO_LARGE: m(413, 'too-long'),
  ITB_E_UNSUPPORTED_MEDIA_TYPE: m(415, 'not-supported'),
  ITB_E_INTERNAL: m(500, 'exception'),
  // Programmer workflows over the link (programmer/codes.ts, link/codes.ts): server/pump-routes.ts
  ITB_E_PROG_NOT_CONFIRMED: m(422, 'business-rule'),
  ITB_E_PROG_BLOCKED: m(422, 'business-rule'),
  ITB_E_PROG_JUSTIFICATION_REQUIRED: m(422, 'business-rule'),
  ITB_E_PROG_NO_CHANGE: m(422, 'business-rule'),
  ITB_E_PROG_STEP_INCOMPLETE: m(422, 'business-rule'),
  ITB_E_PROG_REFILL_CONTENTS_MISMATCH: m(422, 'business-rule'),
  ITB_E_PROG_PLAN_STALE: m(409, 'conflict'),
  ITB_E_PLAN_IN_USE: m(409, 'conflict'),
  ITB_E_PLAN_APPLIED: m(409, 'conflict'),
  // The pump could not be reached or read: 409, not 5xx, so the message (which pump, why) reaches the
  // clinician — a 5xx carries only the fixed database text. Nothing was written; retry at the pump.
  ITB_E_PROG_INTERROGATION: m(409, 'transient'),
  ITB_E_LINK_TRANSPORT: m(409, 'transient'),
  ITB_E_LINK_TIMEOUT: m(409, 'transient'),
  ITB_E_LINK_KEYS: m(500, 'exception'),
  // The pump refused or ended the session (docs/protocol.md): its back-off after failed key agreements, its
  // spacing of handshakes, a session it no longer holds. Nothing was written; the clinician reads why and
  // when to try again. Before, each was 500 "an unexpected internal failure".
  ITB_E_LINK_BACKOFF: m(409, 'transient'),
  ITB_E_LINK_RATE_LIMITED: m(409, 'transient'),
  ITB_E_LINK_BUSY: m(409, 'transient'),
  ITB_E_LINK_HANDSHAKE_FAILED: m(409, 'transient'),
  ITB_E_LINK_HANDSHAKE_STALE: m(409, 'transient'),
  ITB_E_LINK_SESSION_EXPIRED: m(409, 'transient'),
  ITB_E_LINK_STATE: m(409, 'transient'),
  ITB_E_LINK_KEYS_NOT_THIS_PUMP: m(409, 'conflict'),
  // The simulator API (server/sim-extension.ts).
  ITB_E_SIM_INVALID_SCENARIO: m(400, 'invalid'),
  ITB_E_SIM_SPAN_TOO_LONG: m(422, 'business-rule'),
  ITB_E_SIM_RUN_TOO_LONG: m(422, 'business-rule'),
  ITB_E_SIM_BUSY: m(503, 'transient'),
};

export interface OperationOutcomeIssue {
  readonly severity: 'fatal' | 'error' | 'warning' | 'information';
  readonly code: IssueType;
  readonly details: { readonly coding: readonly { system: string; code: string }[]; readonly text: string };
  readonly diagnostics?: string;
  readonly expression?: readonly string[];
}

export interface OperationOutcome {
  readonly resourceType: 'OperationOutcome';
  readonly issue: readonly OperationOutcomeIssue[];
}

const coded = (code: string, text: string) => ({ coding: [{ system: CODE_SYSTEM, code }], text });

/**
 * A guardrail reason as an issue: block → error, warn → warning, ok → information; the instants it names in
 * the clinic's zone and format (therapy/verdict.ts `renderReasonTimes`, as every other answer's reasons).
 */
function reasonIssue(r: Reason): OperationOutcomeIssue {
  const extra = { limit: r.limit, value: r.value };
  return {
    severity: r.severity === 'block' ? 'error' : r.severity === 'warn' ? 'warning' : 'information',
    code: r.severity === 'ok' ? 'informational' : 'business-rule',
    details: coded(r.code, renderReasonTimes(r, clinicInstantText).message),
    ...(r.limit === undefined && r.value === undefined ? {} : { diagnostics: JSON.stringify(extra) }),
  };
}

const isReason = (x: unknown): x is Reason =>
  typeof x === 'object' && x !== null && typeof (x as Reason).code === 'string';

/** Details a client may see: guardrail reasons and the current chain head; nothing else leaves. */
function detailIssues(e: ItbError): OperationOutcomeIssue[] {
  const reasons = e.details?.['reasons'];
  const out = Array.isArray(reasons) ? reasons.filter(isReason).map(reasonIssue) : [];
  const head = e.details?.['currentHeadId'];
  if (e.code === 'ITB_E_CLINIC_STALE_HEAD' && (typeof head === 'string' || head === null)) {
    out.push({
      severity: 'information',
      code: 'informational',
      details: coded(e.code, 'the prescription now in force'),
      diagnostics: JSON.stringify({ currentHeadId: head }),
    });
  }
  return out;
}

/** A rendered error: status and body. */
export interface RenderedError {
  readonly status: number;
  readonly outcome: OperationOutcome;
  /** True when the error was unexpected (logged at error level with its stack). */
  readonly internal: boolean;
}

export function outcome(code: string, text: string, more: OperationOutcomeIssue[] = []): OperationOutcome {
  const mapping = ERROR_STATUS[code] ?? { status: 500, issue: 'exception' as const };
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: mapping.issue, details: coded(code, text) }, ...more],
  };
}

const INTERNAL_TEXT = 'an unexpected internal failure; nothing was changed';
const UNAVAILABLE_TEXT = 'the records database is unavailable or busy; nothing was changed — retry';

/** Maps anything thrown in a request to its status and OperationOutcome (the one place that does). */
export function renderError(error: unknown): RenderedError {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as FastifyError).validationContext ?? 'request';
    const issues = error.validation.map((v): OperationOutcomeIssue => ({
      severity: 'error',
      code: 'invalid',
      details: coded('ITB_E_INVALID_INPUT', v.message ?? 'invalid'),
      expression: [`${where}${v.instancePath.replaceAll('/', '.').replace(/\.$/, '')}`],
    }));
    return {
      status: 400,
      outcome: outcome('ITB_E_INVALID_INPUT', `the ${where} is not valid`, issues),
      internal: false,
    };
  }
  if (error instanceof ItbError) {
    const mapping = ERROR_STATUS[error.code];
    if (mapping === undefined || error.code === 'ITB_E_INTERNAL' || mapping.status >= 500) {
      // Server-side failures keep their code but never their message (it may quote SQL or a row).
      const code = mapping === undefined ? 'ITB_E_INTERNAL' : error.code;
      const status = mapping?.status ?? 500;
      const text = status === 503 ? UNAVAILABLE_TEXT : INTERNAL_TEXT;
      return { status, outcome: outcome(code, text), internal: true };
    }
    return {
      status: mapping.status,
      outcome: outcome(error.code, error.message, detailIssues(error)),
      internal: false,
    };
  }
  // Fastify's own refusals (body parser, content type, limits) carry a 4xx statusCode.
  const fe = error as Partial<FastifyError> | undefined;
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 413) {
    return { status, outcome: outcome('ITB_E_PAYLOAD_TOO_LARGE', 'the body is too large'), internal: false };
  }
  if (status === 415) {
    return {
      status,
      outcome: outcome('ITB_E_UNSUPPORTED_MEDIA_TYPE', 'send a JSON body (application/json)'),
      internal: false,
    };
  }
  if (status >= 400 && status < 500) {
    // The parser's message ("Unexpected token … in JSON") names no record data, only the client's own bytes.
    const text = typeof fe?.message === 'string' ? fe.message.slice(0, 200) : 'bad request';
    return { status: 400, outcome: outcome('ITB_E_INVALID_INPUT', text), internal: false };
  }
  return { status: 500, outcome: outcome('ITB_E_INTERNAL', INTERNAL_TEXT), internal: true };
}
