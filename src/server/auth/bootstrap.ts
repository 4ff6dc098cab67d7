/**
 * The first administrator: on an empty database, `ITB_ADMIN_EMAIL` and `ITB_ADMIN_PASSWORD` create one
 * admin account, so a fresh install can be signed into without touching SQL. "Empty" means no user was
 * ever created or viewed (the audit trail has no `user` entry): the variables can never add a second admin
 * to a running clinic.
 */
import type { ClinicStore } from '../../clinic/store.ts';
import { ItbError } from '../../therapy/codes.ts';
import { MIN_PASSWORD_LENGTH, hashPassword, type ScryptCost } from './passwords.ts';

export const BOOTSTRAP_ACTOR = 'system:bootstrap';

export type BootstrapResult = 'created' | 'exists' | 'not-empty' | 'not-configured';

export async function bootstrapAdmin(
  store: ClinicStore,
  env: NodeJS.ProcessEnv = process.env,
  cost?: ScryptCost,
): Promise<BootstrapResult> {
  const email = env['ITB_ADMIN_EMAIL']?.trim().toLowerCase();
  const password = env['ITB_ADMIN_PASSWORD'];
  if (!email || !password) return 'not-configured';
  if ((await store.findUserForLogin(email)) !== undefined) return 'exists';
  const users = await store.auditTrail({ entity: 'user', limit: 1 }, { actor: BOOTSTRAP_ACTOR });
  if (users.length > 0) return 'not-empty';
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `ITB_ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  }
  await store.createUser(
    { email, name: 'Administrator', role: 'admin', passwordHash: await hashPassword(password, cost) },
    { actor: BOOTSTRAP_ACTOR },
  );
  return 'created';
}
