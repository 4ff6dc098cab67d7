/**
 * `POST /api/v1/auth/login`, `POST /api/v1/auth/logout`, `GET /api/v1/auth/me` (and `POST /api/v1/auth/password`,
 * password-change-route.ts).
 *
 * Login answers the same `ITB_E_AUTH_FAILED` for an unknown e-mail and a wrong password, after the same
 * scrypt work (passwords.ts). Failures are counted per (e-mail, address) pair, per client address and per
 * account — or, at a browser holding the account's device cookie, per that cookie only (login-throttle.ts),
 * so nobody can lock a clinician out of a browser they signed in at before; a locked attempt is refused
 * with ITB_E_AUTH_LOCKED before any password is checked. Each sign-in sets a fresh device cookie.
 *
 * Audit: the store has no operation to append an authentication event, and `findUserForLogin` is by
 * design not audited. A successful login therefore reads the user's own record through the audited
 * `getUser` as the user (`view user <id>` by `user:<id>` at login time — the trail shows who signed in
 * when). Failed logins cannot be attributed to a user row without writing one; they go to the log (the
 * e-mail redacted, a SHA-256 prefix kept to correlate) — docs/api.md "Audit of logins".
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ClinicStore } from '../../clinic/store.ts';
import { clinicTimeZone } from '../../clinic/time-zone.ts';
import { ItbError } from '../../therapy/codes.ts';
import { csrfTokenFor } from './csrf.ts';
import { SESSION_COOKIE } from './hook.ts';
import { verifyPassword } from './passwords.ts';
import {
  DEVICE_COOKIE_MAX_AGE_S,
  DEVICE_COOKIE_PATH,
  deviceCookieName,
  deviceKeyOf,
  issueDeviceCookie,
} from './device-cookie.ts';
import {
  attemptLocks,
  lockedFor,
  recordFailure,
  recordSuccess,
  type LoginLimiters,
} from './login-throttle.ts';
import type { SessionStore } from './sessions.ts';
import { principalOf } from './hook.ts';
import { registerPasswordChangeRoute } from './password-change-route.ts';
import { errorResponse, json, objectSchema } from '../api-schemas.ts';
import { ERROR_REASONS } from '../openapi.ts';

export interface AuthDeps extends LoginLimiters {
  readonly store: ClinicStore;
  readonly sessions: SessionStore;
  readonly now: () => number;
  /**
   * Add the `Secure` attribute to every cookie. Without it the cookie is still Secure when the sign-in came
   * over HTTPS: directly, or through a proxy named in ITB_TRUST_PROXY that says so in X-Forwarded-Proto.
   */
  readonly secureCookies: boolean;
}

const loginBody = z.strictObject({
  email: z.string().trim().toLowerCase().min(3).max(320),
  password: z.string().min(1).max(1024),
});

/** A header's text as shown back to its user: printable, at most 200 characters. */
const clientText = (v: string | undefined): string | null =>
  v === undefined ? null : v.replace(/[^\x20-\x7E]/g, '?').slice(0, 200);

const fingerprint = (email: string): string => createHash('sha256').update(email).digest('hex').slice(0, 12);

export function registerAuthRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  registerPasswordChangeRoute(app, deps);
  r.post(
    '/api/v1/auth/login',
    {
      schema: {
        response: {
          200: json(
            objectSchema('SignIn', 'The bearer token of the new session', { token: z.string() }),
            'Signed in',
          ),
          401: errorResponse('The e-mail or the password is wrong (ITB_E_AUTH_FAILED)'),
          429: errorResponse(ERROR_REASONS[429]!),
        },
        tags: ['auth'],
        summary: 'Sign in: sets the session cookie and returns a bearer token',
        body: loginBody,
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const found = await deps.store.findUserForLogin(email);
      const deviceCookie = deviceCookieName(email);
      const deviceKey = deviceKeyOf(
        request.cookies[deviceCookie],
        found && { userId: found.user.id, passwordHash: found.passwordHash },
      );
      const locks = attemptLocks(deps, email, request.ip, deviceKey);
      const locked = await lockedFor(locks);
      const who = { emailSha256: fingerprint(email), ip: request.ip };
      if (locked > 0) {
        request.log.warn({ ...who, event: 'login-locked' }, 'login refused: locked out');
        void reply.header('retry-after', String(Math.ceil(locked / 1000)));
        throw new ItbError(
          'ITB_E_AUTH_LOCKED',
          `too many failed logins: retry in ${Math.ceil(locked / 1000)} s`,
        );
      }
      const ok = await verifyPassword(password, found?.passwordHash);
      if (!ok || found === undefined) {
        await recordFailure(locks);
        request.log.warn({ ...who, event: 'login-failed' }, 'login failed');
        throw new ItbError('ITB_E_AUTH_FAILED', 'the e-mail or password is wrong');
      }
      await recordSuccess(locks);
      const { user } = found;
      const actor = `user:${user.id}`;
      await deps.store.getUser(user.id, { actor }); // the audited record of this sign-in (see above)
      const { token, session } = await deps.sessions.open(user.id, {
        address: request.ip.slice(0, 100),
        userAgent: clientText(request.headers['user-agent']),
      });
      request.log.info({ userId: user.id, role: user.role, event: 'login' }, 'signed in');
      const secure = deps.secureCookies || request.protocol === 'https';
      void reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        secure,
        path: '/',
        expires: new Date(session.expiresAt),
      });
      void reply.setCookie(deviceCookie, issueDeviceCookie(user.id, found.passwordHash), {
        httpOnly: true,
        sameSite: 'strict',
        secure,
        path: DEVICE_COOKIE_PATH,
        maxAge: DEVICE_COOKIE_MAX_AGE_S,
      });
      return {
        token,
        tokenType: 'Bearer',
        csrfToken: csrfTokenFor(token),
        expiresAt: new Date(session.expiresAt).toISOString(),
        user: { id: user.id, role: user.role, patientId: user.patientId },
      };
    },
  );

  r.post(
    '/api/v1/auth/logout',
    {
      schema: {
        response: {
          200: json(
            objectSchema('SignOut', 'The session is over', { signedOut: z.literal(true) }),
            'Signed out',
          ),
        },
        tags: ['auth'],
        summary: 'Sign out: ends the session',
      },
    },
    async (request, reply) => {
      if (request.sessionToken !== null) await deps.sessions.close(request.sessionToken);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { signedOut: true as const };
    },
  );

  r.get(
    '/api/v1/auth/me',
    {
      schema: {
        response: {
          200: json(
            objectSchema('Me', 'The signed-in account', {
              id: z.string(),
              role: z.string(),
              patientId: z.string().nullable(),
              timeZone: z.string(),
              now: z
                .number()
                .describe(
                  "The server's clock (ms since the epoch): the web app's times for any account, the demo's fast-forwarded clock included",
                ),
            }),
            'The account',
          ),
        },
        tags: ['auth'],
        summary: 'Who the session belongs to',
      },
    },
    async (request) => {
      const p = principalOf(request);
      await Promise.resolve();
      const csrf = request.sessionToken === null ? {} : { csrfToken: csrfTokenFor(request.sessionToken) };
      // The clinic's zone: the web app shows every time in it (clinic/time-zone.ts).
      // The server's clock: a page prefills and compares against it, not the browser's (web/src/use-server-now.ts).
      return {
        id: p.userId,
        role: p.role,
        patientId: p.patientId,
        timeZone: clinicTimeZone(),
        now: deps.now(),
        ...csrf,
      };
    },
  );
}
