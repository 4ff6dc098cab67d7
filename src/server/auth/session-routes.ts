/**
 * A user's own sessions and an admin's view of anyone's (persistent sessions, auth/sessions.ts):
 *
 * - `GET /api/v1/auth/sessions` — the signed-in user's live sessions, the current one marked;
 * - `DELETE /api/v1/auth/sessions/:sessionId` — end one of them (a lost laptop, a shared workstation);
 * - `GET /api/v1/users/:userId/sessions`, `DELETE /api/v1/users/:userId/sessions/:sessionId` — the same
 *   for an admin, on any account (a stolen token, a leaver).
 *
 * Listing and revoking are audited by the store. A session that is not the user's is "not found", so
 * ids of other people's sessions cannot be probed.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthSessionRecord } from '../../clinic/auth-sessions-repo.ts';
import type { ClinicStore } from '../../clinic/store.ts';
import { ItbError } from '../../therapy/codes.ts';
import { idSchema } from '../routes/common.ts';
import { principalOf } from './hook.ts';
import { isLive } from './sessions.ts';
import { json, objectSchema } from '../api-schemas.ts';

const authSession = objectSchema('AuthSession', 'A live session (never its token)', {
  id: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  current: z.boolean(),
});
const revoked = objectSchema('RevokedSession', 'The ended session', { revoked: z.string() });

export interface SessionRouteDeps {
  readonly store: ClinicStore;
  readonly now: () => number;
}

const view = (s: AuthSessionRecord, currentId: string | null) => ({
  id: s.id,
  createdAt: new Date(s.createdAt).toISOString(),
  expiresAt: new Date(s.expiresAt).toISOString(),
  address: s.address,
  userAgent: s.userAgent,
  current: s.id === currentId,
});

export function registerSessionRoutes(app: FastifyInstance, deps: SessionRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { store, now } = deps;

  const live = async (userId: string, actor: string) =>
    (await store.listAuthSessions(userId, { actor })).filter((s) => isLive(s, now()));

  const revoke = async (userId: string, sessionId: string, actor: string) => {
    const mine = (await live(userId, actor)).find((s) => s.id === sessionId);
    if (mine === undefined)
      throw new ItbError('ITB_E_CLINIC_NOT_FOUND', 'no such live session for this account');
    await store.revokeAuthSession(sessionId, now(), { actor });
    return { revoked: sessionId };
  };

  r.get(
    '/api/v1/auth/sessions',
    {
      schema: {
        response: { 200: json(z.array(authSession), 'My live sessions') },
        tags: ['auth'],
        summary: 'My live sessions (the current one marked)',
      },
    },
    async (request) => {
      const p = principalOf(request);
      return (await live(p.userId, p.actor)).map((s) => view(s, request.sessionId));
    },
  );

  r.delete(
    '/api/v1/auth/sessions/:sessionId',
    {
      schema: {
        response: { 200: json(revoked, 'The session is ended') },
        tags: ['auth'],
        summary: 'End one of my sessions',
        params: z.strictObject({ sessionId: idSchema }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      return revoke(p.userId, request.params.sessionId, p.actor);
    },
  );

  r.get(
    '/api/v1/users/:userId/sessions',
    {
      schema: {
        response: { 200: json(z.array(authSession), "The account's live sessions") },
        tags: ['users'],
        summary: "An account's live sessions (admin)",
        params: z.strictObject({ userId: idSchema }),
      },
    },
    async (request) => {
      const p = principalOf(request);
      await store.getUser(request.params.userId, { actor: p.actor }); // 404 for an unknown account
      return (await live(request.params.userId, p.actor)).map((s) => view(s, request.sessionId));
    },
  );

  r.delete(
    '/api/v1/users/:userId/sessions/:sessionId',
    {
      schema: {
        response: { 200: json(revoked, 'The session is ended') },
        tags: ['users'],
        summary: "End an account's session (admin)",
        params: z.strictObject({ userId: idSchema, sessionId: idSchema }),
      },
    },
    async (request) => revoke(request.params.userId, request.params.sessionId, principalOf(request).actor),
  );
}
