/**
 * The browser's client of the clinic API (docs/api.md): same origin, the session travels as the HttpOnly
 * cookie set by sign-in. Refusals are FHIR OperationOutcomes; `ApiError` keeps the code and every issue's
 * text so a page can show the reasons, not just "failed".
 */
import type { BoardBatteryProjection, PathwayBoardItem } from '../../src/clinic/pathway/board-items.ts';
import type { InitialFill } from '../../src/clinic/initial-fill.ts';
import type { BoardRow } from '../../src/clinic/risk-board.ts';
import type { PrescriptionJson } from '../../src/therapy/prescription-json.ts';
import type { Reason, Verdict } from '../../src/therapy/reason-schema.ts';
import { notSavedText, unclaimedIssueText } from './validation-text.ts';

interface OutcomeIssue {
  readonly details?: { readonly coding?: readonly { readonly code?: string }[]; readonly text?: string };
  readonly expression?: readonly string[];
}

/** One issue of a refusal that names the field it is about ("body.volumeMl"), with its code and text. */
export interface FieldIssue {
  readonly path: string;
  readonly code: string;
  readonly text: string;
}

/**
 * A refused or failed request: HTTP status, the first ITB code, every issue's text, and the issues that
 * name a field (so a page can show each at its field, field-errors.ts).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: readonly string[],
    readonly fields: readonly FieldIssue[] = [],
  ) {
    super(messages.join('; ') || `${status} ${code}`);
  }
}

/**
 * The session's CSRF token (docs/api.md "Cross-site requests"): the server hands it out in the JSON of
 * sign-in and `GET /auth/me`, which another origin cannot read, and refuses a state-changing request
 * signed in by the cookie unless it comes back in this header. Kept in memory only.
 */
const CSRF_HEADER = 'x-itb-csrf';
let csrfToken: string | null = null;

function rememberCsrf(json: unknown): void {
  const t = (json as { csrfToken?: unknown } | null)?.csrfToken;
  if (typeof t === 'string') csrfToken = t;
}

/**
 * Announced on `window` after every write the server answered, accepted or refused: any write may raise or
 * close an alert (a refill the pump confirmed closes its EMPTY alert; a pump's refusal may raise one), so
 * every alert list on the screen — the patient banner's critical alerts, the nav count — reads them again
 * (alerts/use-alerts.ts). Before, only acknowledging or resolving an alert did: the refill wizard's last
 * step kept "Critical: the pump reports an EMPTY reservoir — open" above "Pump updated", and the nav its
 * count, until a reload.
 */
export const WRITE_ANSWERED = 'itb-write-answered';

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (method !== 'GET' && csrfToken !== null) headers[CSRF_HEADER] = csrfToken;
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  // Through globalThis: this module is also read by the node tests, where there is no window to tell.
  if (method !== 'GET')
    (globalThis as { dispatchEvent?: (e: Event) => boolean }).dispatchEvent?.(new Event(WRITE_ANSWERED));
  const json: unknown = text === '' ? null : JSON.parse(text);
  if (res.ok) rememberCsrf(json);
  if (!res.ok) {
    const issues = (json as { issue?: readonly OutcomeIssue[] } | null)?.issue ?? [];
    const code = issues[0]?.details?.coding?.[0]?.code ?? `HTTP_${res.status}`;
    throw new ApiError(
      res.status,
      code,
      issues.map((i) => i.details?.text ?? '').filter((t) => t !== ''),
      issues.flatMap((i) =>
        (i.expression ?? []).map((path) => ({
          path,
          code: i.details?.coding?.[0]?.code ?? code,
          text: i.details?.text ?? '',
        })),
      ),
    );
  }
  return json as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
};

/**
 * True when the route does not exist on this server (e.g. pump or demo routes not mounted): the API's own
 * "no route" answer, not any 404 — an unknown patient's 404 (`ITB_E_CLINIC_NOT_FOUND`, "no patient …") on a
 * server with a pump link once read "No pump link on this server: the refill wizard is unavailable".
 */
export const isMissingRoute = (e: unknown): boolean =>
  e instanceof ApiError && e.status === 404 && e.code === 'ITB_E_ROUTE_NOT_FOUND';

/**
 * A failure in words for the page: a schema refusal names each field in clinician words ("Not saved: note:
 * required", validation-text.ts), never the schema's own ("the body is not valid; Too small: …").
 */
export function errorText(e: unknown): string {
  if (e instanceof ApiError && e.fields.length > 0) return notSavedText(e.fields.map(unclaimedIssueText));
  return e instanceof Error ? e.message : String(e);
}

// ——— Shapes the pages read (subsets of the API's answers).

export interface Me {
  readonly id: string;
  readonly role: 'admin' | 'physician' | 'nurse' | 'viewer' | 'patient';
  readonly patientId: string | null;
  /** The clinic's IANA time zone, when the server is configured with one (else the browser's is used). */
  readonly timeZone?: string;
}

/** A reason and its verdict: the one type (src/therapy/reason-schema.ts). */
export type { Reason, Verdict } from '../../src/therapy/reason-schema.ts';

/** A row of the refill risk board: the clinic module's own type (src/clinic/risk-board.ts). */
export type { BoardRow };

/**
 * A row as `GET /board` sends it: the risk board's row and the pump's projected ERI and EOS (the care
 * pathway's projection, src/clinic/pathway/board-items.ts; null without a pump with a battery).
 */
export type BoardPageRow = BoardRow & { readonly batteryProjection: BoardBatteryProjection | null };

export interface Board {
  readonly generatedAt: string;
  readonly rows: readonly BoardPageRow[];
  /** The care pathway's due items beside the rows (src/clinic/pathway/board-items.ts). */
  readonly pathway?: readonly PathwayBoardItem[];
  /** Patients with a care pathway item due now, on every page (the stored rows: src/clinic/pathway/board-pathway.ts). */
  readonly pathwayDue: number;
  /** The page shown (1-based), rows per page, and how many rows match the filters in all. */
  readonly page: number;
  readonly limit: number;
  readonly total: number;
}

export interface Patient {
  readonly id: string;
  readonly mrn: string;
  readonly name: string;
  readonly birthDate: string;
  readonly etiology: 'spinal' | 'cerebral';
  readonly ageBand: 'under-12' | '12-17' | '18-64' | '65-plus';
  readonly highRisk: {
    readonly injuryAtT6OrAbove: boolean;
    readonly cannotCommunicate: boolean;
    readonly priorWithdrawal: boolean;
  };
  /** The clinic's numbers; the after-hours one where the clinic gave it (the emergency card prints both). */
  readonly clinicContact: {
    readonly clinic: string;
    readonly phone: string;
    readonly afterHoursPhone?: string;
  };
  /** null: not recorded (an opioid start above the naive range is refused until it is). */
  readonly opioidStatus?: OpioidStatus | null;
}

/** Opioid-naive or tolerant (src/therapy/drug.ts). */
export type OpioidStatus = 'naive' | 'tolerant';

export interface Implant {
  readonly id: string;
  readonly pumpSerial: string;
  readonly deviceProfileId: string;
  readonly implantDate: string;
  /** When the implant was recorded (the tie-break of two implants on one day: src/clinic/implant-in-use.ts). */
  readonly createdAt: number;
  /** Who recorded it (`user:<id>`): shown by name in the timeline. */
  readonly createdBy?: string;
  readonly pocketSide: 'left' | 'right';
  readonly catheter: { readonly model: string; readonly lengthMm: number; readonly tipLevel: string };
  /** What the surgeon put into the new pump (src/clinic/initial-fill.ts); null or absent: not recorded. */
  readonly initialFill?: InitialFill | null;
}

/** Clinician-facing prescription JSON: the therapy module's own type (src/therapy/prescription-json.ts). */
export type { PrescriptionJson };

export interface PrescriptionRecord {
  readonly id: string;
  readonly createdAt: number;
  readonly prescription: PrescriptionJson;
  readonly verdict: Verdict;
  readonly justification: string | null;
}

export interface Refill {
  readonly id: string;
  readonly at: number;
  /** When it was recorded: a state is known from the earlier of the two (src/clinic/pump-contents.ts). */
  readonly createdAt: number;
  /** Who recorded it (`user:<id>`): shown by name (use-actor-names.ts). */
  readonly createdBy: string;
  readonly implantId: string;
  readonly measuredResidualNl: number;
  readonly expectedResidualNl: number;
  readonly volumeAddedNl: number;
  readonly concentrationNgPerMl: number;
  readonly drug: string;
  readonly lot: string;
  readonly reconciliation: {
    readonly verdict: Verdict;
    readonly reasons: readonly Reason[];
    readonly discrepancyNl: number;
  };
}

export interface Session {
  readonly id: string;
  /** The pump interrogated. */
  readonly implantId: string;
  readonly at: number;
  /** When it was recorded: a state is known from the earlier of the two (src/clinic/pump-contents.ts). */
  readonly createdAt: number;
  /** Who recorded it (`user:<id>`): shown by name (use-actor-names.ts). */
  readonly createdBy: string;
  readonly interrogation: Record<string, unknown>;
  readonly diff: readonly { readonly path: string; readonly before: unknown; readonly after: unknown }[];
  readonly justification: string | null;
}

export interface Trial {
  readonly id: string;
  readonly at: number;
  /** Who recorded it (`user:<id>`): shown by name (use-actor-names.ts). */
  readonly createdBy: string;
  readonly doseNg: number;
  readonly method: string;
  readonly responded: boolean | null;
}

export interface Complication {
  readonly id: string;
  readonly at: number;
  /** Who recorded it (`user:<id>`): shown by name (use-actor-names.ts). */
  readonly createdBy: string;
  readonly kind: string;
  readonly severity: string;
  readonly description: string;
}

/** `GET /api/v1/demo/status` — only the server time is read here; the rest is shown as given. */
export interface DemoStatus {
  readonly now?: number | string;
  readonly nowMs?: number;
  readonly [key: string]: unknown;
}

/** The server's "now" from the demo status, when it gives one. */
export function demoNow(s: DemoStatus | null): number | null {
  if (s === null) return null;
  if (typeof s.nowMs === 'number') return s.nowMs;
  if (typeof s.now === 'number') return s.now;
  if (typeof s.now === 'string') {
    const t = Date.parse(s.now);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

export interface MasScore {
  readonly muscleGroup: string;
  readonly side: 'left' | 'right' | 'bilateral';
  readonly grade: '0' | '1' | '1+' | '2' | '3' | '4';
}

export interface Assessment {
  readonly id: string;
  readonly at: number;
  readonly mas: readonly MasScore[];
  readonly pennSpasm: number | null;
  /** Pain, 0–10 NRS; null when not scored (and on records made before it existed). */
  readonly painNrs?: number | null;
  /** Goal Attainment Scaling, each goal −2..+2. */
  readonly goals?: readonly { readonly goal: string; readonly score: number }[];
  readonly sideEffects: readonly string[];
  readonly notes?: string;
}

/** A screening trial as stored (GET P/trials), with its timed scores. */
export interface TrialRecord extends Trial {
  readonly concentrationNgPerMl: number;
  readonly volumeNl: number;
  readonly assessments: readonly {
    readonly minutesAfterDose: number;
    readonly mas: readonly MasScore[];
    readonly pennSpasm: number | null;
    readonly notes?: string;
  }[];
  readonly effectHours: number | null;
  readonly notes?: string;
}

/** A symptom diary entry (GET/POST P/diary). */
export interface DiaryEntry {
  readonly id: string;
  readonly at: number;
  readonly date: string;
  /** The day's score: spasms 0–4 for a spasticity drug, or pain 0–10 for a pain drug (one of the two). */
  readonly spasmSeverity?: number;
  readonly painScore?: number;
  readonly symptoms: readonly string[];
  readonly notes: string;
}

export interface Appointment {
  readonly id: string;
  readonly at: number;
  /** When it was booked (a refill recorded after it closes a refill booking: src/clinic/refill-booking.ts). */
  readonly createdAt: number;
  readonly kind: string;
  readonly durationMinutes: number;
  readonly implantId?: string | null;
  readonly notes?: string;
  /** booked → attended or cancelled (src/clinic/appointment-lifecycle.ts). */
  readonly status: 'booked' | 'attended' | 'cancelled';
  readonly changes: readonly AppointmentChange[];
}

/** A reschedule, cancellation or attendance, as kept in the appointment. */
export interface AppointmentChange {
  readonly action: 'reschedule' | 'cancel' | 'attend';
  readonly fromAt: number;
  readonly toAt: number;
  readonly reason: string | null;
  readonly by: string;
  readonly when: number;
}
