/**
 * THE authorization table: every route of the API, by `METHOD /path` as registered, and who may call it.
 * One hook (authz-hook.ts) checks it for every request; a route that is not in the table is refused
 * (fail closed), and a test enumerates the app's routes against it. Extensions (FHIR, PDF reports) bring
 * their own rules, merged in by buildApp (docs/api.md "Adding routes").
 *
 * Roles (docs/clinical-reference.md users; the split): physicians prescribe and titrate; nurses refill and record
 * assessments; viewers read; patients read only their own record; admins manage users and read the
 * audit trail. Admins do not read clinical records by default — least privilege; give a clinician who
 * administers a second account.
 */
import type { UserRole } from '../clinic/records.ts';
import { ItbError } from '../therapy/codes.ts';

export type Rule =
  /** Anyone, signed in or not. */
  | { readonly public: true }
  /** Any signed-in account; the route touches no patient record (sign-out, who-am-I). */
  | { readonly signedIn: true }
  | {
      readonly roles: readonly UserRole[];
      /**
       * The route parameter naming the patient. Required when `roles` admits `patient`: a patient account
       * passes only when this parameter equals its own patient id.
       */
      readonly patientParam?: string;
    };

export type AuthorizationTable = Readonly<Record<string, Rule>>;

const STAFF_READ = ['physician', 'nurse', 'viewer'] as const;
const CLINICIANS = ['physician', 'nurse'] as const;
const own = (roles: readonly UserRole[]): Rule => ({
  roles: [...roles, 'patient'],
  patientParam: 'patientId',
});
const P = '/api/v1/patients/:patientId';

export const AUTHORIZATION: AuthorizationTable = {
  'GET /api/v1/health': { public: true },
  'GET /api/openapi.json': { public: true },
  'POST /api/v1/troubleshooting/plan': { roles: CLINICIANS },
  'POST /api/v1/auth/login': { public: true },
  'POST /api/v1/auth/logout': { signedIn: true },
  'GET /api/v1/auth/me': { signedIn: true },
  'POST /api/v1/auth/password': { signedIn: true },
  'GET /api/v1/auth/sessions': { signedIn: true },
  'DELETE /api/v1/auth/sessions/:sessionId': { signedIn: true },
  'GET /api/v1/users/:userId/sessions': { roles: ['admin'] },
  'DELETE /api/v1/users/:userId/sessions/:sessionId': { roles: ['admin'] },

  'POST /api/v1/users': { roles: ['admin'] },
  'GET /api/v1/users/:userId': { roles: ['admin'] },

  'GET /api/v1/patients': { roles: STAFF_READ },
  'POST /api/v1/patients': { roles: CLINICIANS },
  [`GET ${P}`]: own(STAFF_READ),
  // Opioid status sets an opioid's starting range (docs/clinical-reference.md §2): clinicians record it.
  [`POST ${P}/opioid-status`]: { roles: CLINICIANS },

  [`GET ${P}/implants`]: own(STAFF_READ),
  [`POST ${P}/implants`]: { roles: ['physician'] },
  [`GET ${P}/implants/:implantId`]: own(STAFF_READ),
  // Link keys pair a programmer with the pump: whoever holds them can program it (docs/hazards.md).
  [`GET ${P}/implants/:implantId/link-keys`]: { roles: ['physician'] },

  [`GET ${P}/prescriptions`]: own(STAFF_READ),
  [`GET ${P}/prescriptions/current`]: own(STAFF_READ),
  [`GET ${P}/dates`]: own(STAFF_READ),
  // Who prescribed and who refilled, by name: only the actors on the patient's own records.
  [`GET ${P}/care-names`]: own(STAFF_READ),
  [`POST ${P}/prescriptions`]: { roles: ['physician'] },

  [`GET ${P}/sessions`]: { roles: STAFF_READ },
  [`POST ${P}/sessions`]: { roles: ['physician'] },

  [`GET ${P}/refills`]: own(STAFF_READ),
  [`POST ${P}/refills`]: { roles: CLINICIANS },

  [`GET ${P}/trials`]: own(STAFF_READ),
  [`POST ${P}/trials`]: { roles: ['physician'] },
  // Dosing advice is for the clinicians who decide on it, not the patient's own view.
  [`GET ${P}/advice`]: { roles: STAFF_READ },
  [`GET ${P}/assessments`]: own(STAFF_READ),
  [`POST ${P}/assessments`]: { roles: CLINICIANS },
  [`GET ${P}/complications`]: own(STAFF_READ),
  [`POST ${P}/complications`]: { roles: CLINICIANS },

  [`GET ${P}/appointments`]: own(STAFF_READ),
  [`POST ${P}/appointments`]: { roles: CLINICIANS },
  [`POST ${P}/appointments/:appointmentId/reschedule`]: { roles: CLINICIANS },
  [`POST ${P}/appointments/:appointmentId/cancel`]: { roles: CLINICIANS },
  [`POST ${P}/appointments/:appointmentId/attend`]: { roles: CLINICIANS },
  'GET /api/v1/appointments': { roles: STAFF_READ },

  [`GET ${P}/alerts`]: own(STAFF_READ),
  [`POST ${P}/alerts`]: { roles: CLINICIANS },
  [`POST ${P}/alerts/:alertId/acknowledge`]: { roles: CLINICIANS },
  [`POST ${P}/alerts/:alertId/resolve`]: { roles: CLINICIANS },
  'GET /api/v1/alerts': { roles: STAFF_READ },

  // The symptom diary is the patient's own account: staff read it, only the patient writes it.
  [`GET ${P}/diary`]: own(STAFF_READ),
  [`POST ${P}/diary`]: { roles: ['patient'], patientParam: 'patientId' },

  // The care pathway (routes/pathway-routes.ts): the team's decision and the explant are physicians'
  // decisions; nurses record post-operative checks; the patient reads their own pathway.
  [`GET ${P}/pathway`]: own(STAFF_READ),
  [`GET ${P}/evaluations`]: own(STAFF_READ),
  [`POST ${P}/evaluations`]: { roles: ['physician'] },
  // Like POST …/implants: the physician records the implant and pairs its link keys.
  [`POST ${P}/implant-procedure`]: { roles: ['physician'] },
  [`GET ${P}/postop-checks`]: own(STAFF_READ),
  [`POST ${P}/implants/:implantId/postop-checks`]: { roles: CLINICIANS },
  [`GET ${P}/explants`]: own(STAFF_READ),
  [`POST ${P}/implants/:implantId/explant`]: { roles: ['physician'] },
  [`POST ${P}/implants/:implantId/replacement`]: { roles: ['physician'] },

  // Recorded troubleshooting (routes/troubleshooting-routes.ts): nurses and physicians run the guide and
  // record it; viewers read the episodes as part of the record (the patient page's timeline).
  [`GET ${P}/troubleshooting`]: { roles: STAFF_READ },
  [`POST ${P}/troubleshooting`]: { roles: CLINICIANS },
  [`POST ${P}/troubleshooting/:episodeId/steps`]: { roles: CLINICIANS },
  [`POST ${P}/troubleshooting/:episodeId/close`]: { roles: CLINICIANS },

  // MRI preparation and follow-up (routes/mri-routes.ts; hazards H43, H44): nurses and physicians plan,
  // prepare and record the scan; accepting drug left in a valve pump's reservoir is the physician's call.
  [`GET ${P}/mri`]: own(STAFF_READ),
  [`POST ${P}/implants/:implantId/mri`]: { roles: CLINICIANS },
  [`POST ${P}/mri/:mriId/acceptance`]: { roles: ['physician'] },
  [`POST ${P}/mri/:mriId/ready`]: { roles: CLINICIANS },
  [`POST ${P}/mri/:mriId/done`]: { roles: CLINICIANS },

  'GET /api/v1/board': { roles: STAFF_READ },
  'GET /api/v1/reminders': { roles: STAFF_READ },

  'GET /api/v1/audit': { roles: ['admin'] },
  // Who did something, by name: every page that shows an action (timeline, episodes, audit viewer).
  'GET /api/v1/actors': { roles: [...STAFF_READ, 'admin'] },
  'GET /api/v1/audit/verify': { roles: ['admin'] },

  // Account administration (routes/user-admin-routes.ts): admins manage accounts, nobody else.
  'GET /api/v1/users': { roles: ['admin'] },
  'POST /api/v1/users/:userId/disable': { roles: ['admin'] },
  'POST /api/v1/users/:userId/enable': { roles: ['admin'] },
  'POST /api/v1/users/:userId/password': { roles: ['admin'] },
  'POST /api/v1/users/:userId/role': { roles: ['admin'] },
};

/** Who acts: a signed-in account's role and, for a patient account, its one patient. */
export interface Acting {
  readonly role: UserRole;
  readonly patientId: string | null;
}

/**
 * The role check of a rule for a signed-in account (the API's hook and the command line both call it):
 * the role must be among the rule's, and a patient account passes only for its own patient, named by the
 * rule's patient parameter in `params`. Throws ITB_E_FORBIDDEN otherwise.
 */
export function assertAllowed(rule: Rule, who: Acting, params: Readonly<Record<string, unknown>>): void {
  if ('public' in rule || 'signedIn' in rule) return;
  if (!rule.roles.includes(who.role)) {
    throw new ItbError('ITB_E_FORBIDDEN', `the ${who.role} role may not use this route`);
  }
  if (who.role === 'patient') {
    const wanted = rule.patientParam === undefined ? undefined : params[rule.patientParam];
    if (wanted === undefined || wanted !== who.patientId) {
      throw new ItbError('ITB_E_FORBIDDEN', 'a patient account sees only its own record');
    }
  }
}

/** The table key of a route: its method and its path as registered (`:param` placeholders kept). */
export const routeKey = (method: string, url: string): string => `${method.toUpperCase()} ${url}`;

/**
 * Merges extension rules into the table; a key defined twice, or a rule admitting patients without a
 * patient parameter, is a programming error caught at start-up.
 */
export function mergeTables(...tables: readonly AuthorizationTable[]): AuthorizationTable {
  const out: Record<string, Rule> = {};
  for (const t of tables) {
    for (const [key, rule] of Object.entries(t)) {
      if (key in out) throw new Error(`authorization rule for ${key} defined twice`);
      if ('roles' in rule && rule.roles.includes('patient') && rule.patientParam === undefined) {
        throw new Error(`${key} admits patients without naming the patient parameter`);
      }
      out[key] = rule;
    }
  }
  return out;
}
