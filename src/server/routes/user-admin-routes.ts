/**
 * Account administration (admin only; issue 12, item 7): list accounts, disable and re-enable one, reset its
 * password, change its role. The rules — a disabled account's sessions end, a reset ends them too, the
 * last active administrator is kept — live in the store (clinic/user-admin-repo.ts); these routes only
 * parse, hash the new password and answer.
 */
import { z } from 'zod';
import { USER_ROLES } from '../../clinic/records.ts';
import type { RouteDeps } from '../app.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, hashPassword } from '../auth/passwords.ts';
import { json, userSchema } from '../api-schemas.ts';
import { actorOf, idSchema, type ApiApp } from './common.ts';

const userParams = z.strictObject({ userId: idSchema });
const passwordBody = z.strictObject({
  password: z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH),
});
const roleBody = z.strictObject({ role: z.enum(USER_ROLES) });

export function registerUserAdminRoutes(app: ApiApp, deps: RouteDeps): void {
  const { store } = deps;

  app.get(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Every account by name, disabled ones included (admin)',
        response: { 200: json(z.array(userSchema), 'The accounts') },
      },
    },
    (request) => store.listUsers(actorOf(request)),
  );

  app.post(
    '/api/v1/users/:userId/disable',
    {
      schema: {
        tags: ['users'],
        summary: 'Disable an account: its sessions end and it cannot sign in (admin)',
        params: userParams,
        response: { 200: json(userSchema, 'The account as it is now') },
      },
    },
    (request) => store.disableUser(request.params.userId, actorOf(request)),
  );

  app.post(
    '/api/v1/users/:userId/enable',
    {
      schema: {
        tags: ['users'],
        summary: 'Let a disabled account sign in again (admin)',
        params: userParams,
        response: { 200: json(userSchema, 'The account as it is now') },
      },
    },
    (request) => store.enableUser(request.params.userId, actorOf(request)),
  );

  app.post(
    '/api/v1/users/:userId/password',
    {
      schema: {
        tags: ['users'],
        summary: "Reset an account's password: its sessions end (admin)",
        params: userParams,
        response: { 200: json(userSchema, 'The account as it is now') },
        body: passwordBody,
      },
    },
    async (request) =>
      store.resetUserPassword(
        request.params.userId,
        await hashPassword(request.body.password),
        actorOf(request),
      ),
  );

  app.post(
    '/api/v1/users/:userId/role',
    {
      schema: {
        tags: ['users'],
        summary: "Change a staff account's role, effective on its next request (admin)",
        params: userParams,
        response: { 200: json(userSchema, 'The account as it is now') },
        body: roleBody,
      },
    },
    (request) => store.changeUserRole(request.params.userId, request.body.role, actorOf(request)),
  );
}
