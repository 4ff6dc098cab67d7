/**
 * How an `itb` command reaches the clinic database: the one `--db` option, and — for a command that reads
 * or changes a patient's records — the clinic user it acts as, checked against the API's own
 * authorization table (src/server/authz-table.ts with the programmer routes' rules, pump-rules.ts) by the
 * same check the API's hook runs. A nurse cannot stop a pump from the command line when the API forbids it.
 *
 * The user is named, not signed in: whoever can open the database file (or holds its URL) can already
 * change it, so this is attribution and the clinic's role split, not authentication
 * (docs/threat-model.md). The audit trail names the user (`user:<id>`), as it does for the API.
 */
import type { Command } from 'commander';
import type { OpenedStore } from '../clinic/open-store.ts';
import type { ActorContext } from '../clinic/records.ts';
import { AUTHORIZATION, mergeTables } from '../server/authz-table.ts';
import { assertAllowedAudited } from '../server/auth/refusal-audit.ts';
import { PUMP_RULES } from '../server/pump-rules.ts';
import { ItbError } from '../therapy/codes.ts';
import { str, type Flags } from './flags.ts';

/** The environment variable naming the acting user when `--as` is left out. */
export const ACTING_USER_ENV = 'ITB_USER';

/** The API's table for the routes the command line acts through. */
const TABLE = mergeTables(AUTHORIZATION, PUMP_RULES);

/** The `--db` option, written once for every command that opens the clinic database. */
export function dbOption(c: Command): Command {
  return c.option(
    '--db <url>',
    'clinic database: SQLite path or postgres:// URL (default: $ITB_DATABASE_URL, else ./data/itb.sqlite)',
  );
}

/** The `--as` option of a command that acts on patients' records. */
export function actingUserOption(c: Command): Command {
  return c.option(
    '--as <email>',
    `the clinic user this acts as (default $${ACTING_USER_ENV}); their role must allow it, as in the API`,
  );
}

/**
 * The acting user's audit context once the API's rules for `routes` (`METHOD /path` keys of the table)
 * admit them for `params` (e.g. `{ patientId }`). Refused before anything is read or sent: no user named
 * or no enabled account (ITB_E_AUTH_REQUIRED), a route with no rule (fail closed) or a role the rule does
 * not admit (ITB_E_FORBIDDEN).
 */
export async function authorizeActingUser(
  store: OpenedStore,
  f: Flags,
  routes: readonly string[],
  params: Readonly<Record<string, unknown>>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ActorContext> {
  const email = (str(f, 'as') ?? env[ACTING_USER_ENV] ?? '').trim();
  if (email === '') {
    throw new ItbError(
      'ITB_E_AUTH_REQUIRED',
      `name the clinic user this acts as: --as EMAIL or ${ACTING_USER_ENV}=EMAIL (nothing was read or sent)`,
    );
  }
  // A disabled account is not found, as at sign-in.
  const user = (await store.findUserForLogin(email))?.user;
  if (user === undefined) {
    throw new ItbError('ITB_E_AUTH_REQUIRED', `no enabled clinic account ${email}: nothing was read or sent`);
  }
  const actor = `user:${user.id}`;
  for (const route of routes) {
    const rule = TABLE[route];
    if (rule === undefined) {
      throw new ItbError('ITB_E_FORBIDDEN', `${route} has no authorization rule: refused (fail closed)`);
    }
    // The refusal is audited as the API's hook audits it: the same `refuse` entry, from the same place.
    try {
      await assertAllowedAudited(store, { rule, route, params }, { ...user, actor }, (e) =>
        process.stderr.write(`itb: the refusal could not be audited: ${String(e)}\n`),
      );
    } catch (e) {
      if (!(e instanceof ItbError)) throw e;
      throw new ItbError(
        e.code,
        `${email} (${user.role}) may not do this: the API refuses ${route} to them (${e.message}); nothing was read or sent`,
      );
    }
  }
  return { actor };
}

/** The API's route an account is looked up by e-mail through (every account, disabled ones included). */
export const ACCOUNT_LIST_ROUTE = 'GET /api/v1/users';

/**
 * The id of the account with `email`, looked up among every account (an audited `list`, as the API's
 * {@link ACCOUNT_LIST_ROUTE}; authorize that route first); an unknown e-mail is ITB_E_CLINIC_NOT_FOUND.
 */
export async function accountIdByEmail(
  store: OpenedStore,
  ctx: ActorContext,
  email: string,
): Promise<string> {
  const found = (await store.listUsers(ctx)).find((u) => u.email === email.trim().toLowerCase());
  if (found === undefined) throw new ItbError('ITB_E_CLINIC_NOT_FOUND', `no account ${email}`, { email });
  return found.id;
}
