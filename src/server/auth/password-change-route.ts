/**
 * `POST /api/v1/auth/password`: a signed-in user changes their own password. The current password is
 * required (a session left open on a shared workstation cannot take the account over), the new one meets
 * the same length rule as every password (passwords.ts), every OTHER live session of the account ends (a
 * stolen token stops working; the one asking stays signed in), and the store audits it
 * (`change-password`, with how many sessions ended; never a hash). Wrong current passwords count against
 * the account as failed logins do (rate-limit.ts): past the limit the route answers ITB_E_AUTH_LOCKED.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ItbError } from '../../therapy/codes.ts';
import { errorResponse, json, objectSchema } from '../api-schemas.ts';
import { ERROR_REASONS } from '../openapi.ts';
import { principalOf } from './hook.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from './passwords.ts';
import type { AuthDeps } from './routes.ts';

const changeBody = z.strictObject({
  currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  newPassword: z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH),
});

export function registerPasswordChangeRoute(app: FastifyInstance, deps: AuthDeps): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/auth/password',
    {
      schema: {
        response: {
          200: json(
            objectSchema('PasswordChanged', 'The password is changed; the other sessions ended', {
              sessionsEnded: z.number().int().describe('How many other live sessions of the account ended'),
            }),
            'Changed',
          ),
          403: errorResponse('The current password is wrong (ITB_E_AUTH_WRONG_PASSWORD); nothing changed'),
          429: errorResponse(ERROR_REASONS[429]!),
        },
        tags: ['auth'],
        summary: 'Change your own password: the current one is required; your other sessions end',
        body: changeBody,
      },
    },
    async (request) => {
      const me = principalOf(request);
      const key = `password:${me.userId}`;
      const locked = await deps.byPair.lockedFor(key);
      if (locked > 0) {
        throw new ItbError(
          'ITB_E_AUTH_LOCKED',
          `too many wrong current passwords: retry in ${Math.ceil(locked / 1000)} s`,
        );
      }
      const { currentPassword, newPassword } = request.body;
      const passwordHash = await hashPassword(newPassword);
      const changed = await deps.store
        .changeOwnPassword(
          me.userId,
          {
            checkCurrent: async (stored) => {
              if (!(await verifyPassword(currentPassword, stored))) {
                throw new ItbError(
                  'ITB_E_AUTH_WRONG_PASSWORD',
                  'the current password is wrong: the password is not changed',
                );
              }
            },
            passwordHash,
            keepSessionId: request.sessionId,
          },
          { actor: me.actor },
        )
        .catch(async (e: unknown) => {
          if (e instanceof ItbError && e.code === 'ITB_E_AUTH_WRONG_PASSWORD') await deps.byPair.fail(key);
          throw e;
        });
      await deps.byPair.clear(key);
      request.log.info({ userId: me.userId, event: 'password-changed' }, 'password changed');
      return changed;
    },
  );
}
