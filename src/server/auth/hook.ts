/**
 * The ONE authentication and authorization hook (onRequest, before any body is parsed): it finds the
 * route's rule in the authorization table, refuses a route without one (fail closed), resolves the
 * session from the cookie or the bearer token, checks the role, and for a patient account checks that the
 * route's patient parameter is the account's own patient; a signed-in account's requests are bounded
 * (request-budget.ts). A refusal of a signed-in account is audited
 * (action `refuse`, naming the actor and the patient asked about). Handlers then read `request.principal`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ClinicStore } from '../../clinic/store.ts';
import { ItbError } from '../../therapy/codes.ts';
import { routeKey, type AuthorizationTable } from '../authz-table.ts';
import { sentByAnotherPage } from './csrf.ts';
import { assertAllowedAudited } from './refusal-audit.ts';
import { REFUSAL_AUDIT_LIMIT, RefusalAuditBudget } from './refusal-budget.ts';
import { REQUEST_LIMIT, RequestBudget, type RequestLimit } from './request-budget.ts';
import type { Principal, SessionStore } from './sessions.ts';

/** The session cookie's name. */
export const SESSION_COOKIE = 'itb_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request acts as; null on public routes without a session. */
    principal: Principal | null;
    /** The session token the request came with (for logout). */
    sessionToken: string | null;
    /** The public id of the request's live session (to mark "this session" in lists). */
    sessionId: string | null;
    /** How the live session came: the browser's cookie (needs the CSRF check) or a bearer header. */
    sessionVia: 'cookie' | 'bearer' | null;
  }
}

/** The token a request carries and where: `Authorization: Bearer …` first, else the session cookie. */
export function tokenOf(request: FastifyRequest): { token: string; via: 'cookie' | 'bearer' } | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+([A-Za-z0-9_-]{16,128})$/.exec(header.trim());
    return m?.[1] === undefined ? null : { token: m[1], via: 'bearer' };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  return typeof cookie === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(cookie)
    ? { token: cookie, via: 'cookie' }
    : null;
}

/** The signed-in principal of a request on a non-public route (the hook guarantees one). */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new ItbError('ITB_E_AUTH_REQUIRED', 'sign in first');
  return request.principal;
}

export function installAuthHook(
  app: FastifyInstance,
  table: AuthorizationTable,
  sessions: SessionStore,
  store: ClinicStore,
  now: () => number,
  requestLimit: RequestLimit = REQUEST_LIMIT,
): void {
  const requests = new RequestBudget(now, requestLimit);
  // Refusals are audited within a bound per account (refusal-budget.ts); closed windows are written by a
  // sweep, and every open one when the app closes.
  const refusals = new RefusalAuditBudget(store, now);
  const flush = (all: boolean) =>
    refusals
      .flush(all)
      .catch((e: unknown) => app.log.error({ err: e }, 'counted refusals could not be audited'));
  const sweep = setInterval(() => void flush(false), REFUSAL_AUDIT_LIMIT.windowMs / 10);
  sweep.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    await flush(true);
  });
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('sessionVia', null);
  app.decorateRequest('sessionId', null);
  app.addHook('onRequest', async (request, reply) => {
    const url = request.routeOptions.url;
    // No route matched: the not-found handler answers 404 and reveals nothing else.
    if (url === undefined) return;
    const key = routeKey(request.method, url);
    const rule = table[key];
    if (rule === undefined) {
      throw new ItbError('ITB_E_FORBIDDEN', 'this route has no authorization rule: refused (fail closed)');
    }
    const carried = tokenOf(request);
    const session = carried === null ? undefined : await sessions.get(carried.token);
    if (session !== undefined && carried !== null) {
      request.principal = session;
      request.sessionToken = carried.token;
      request.sessionVia = carried.via;
      request.sessionId = session.sessionId;
    }
    if ('public' in rule) return;
    if (session === undefined) {
      throw new ItbError('ITB_E_AUTH_REQUIRED', 'sign in first: no valid session cookie or bearer token');
    }
    // Before anything is read or written (each audited read is a durable entry): request-budget.ts.
    const wait = requests.take(session.userId);
    if (wait > 0) {
      request.log.warn(
        { userId: session.userId, route: key, event: 'rate-limited' },
        'request refused: over the bound',
      );
      void reply.header('retry-after', String(Math.ceil(wait / 1000)));
      throw new ItbError(
        'ITB_E_RATE_LIMITED',
        `too many requests from this account: retry in ${Math.ceil(wait / 1000)} s`,
      );
    }
    if ('signedIn' in rule) return;
    // Every refusal of a signed-in account leaves an audit entry naming it: a patient account probing
    // other patients' ids, a nurse trying a physician's write. Not when a page of another origin sent the
    // browser's cookie (another port of this host is the same site): the account did not ask, and such a
    // page could otherwise write probes in a clinician's name. That refusal is logged, not audited.
    const notTheirs = carried?.via === 'cookie' ? sentByAnotherPage(request, 'typed-is-own') : null;
    const trail: Pick<ClinicStore, 'recordRefusal'> =
      notTheirs === null
        ? refusals
        : {
            recordRefusal: async ({ route }) => {
              request.log.warn(
                { route, why: notTheirs },
                "refusal not audited: not the account's own request",
              );
              await Promise.resolve();
            },
          };
    await assertAllowedAudited(
      trail,
      { rule, route: key, params: request.params as Record<string, unknown> },
      session,
      (e) => request.log.error({ err: e }, 'a refused request could not be audited'),
    );
  });
}
