/**
 * `itb users …`: the clinic's accounts — list, create, disable, enable, reset a password, change a role —
 * through the store functions the API's user routes call (clinic/user-admin-repo.ts: a disabled or reset
 * account's sessions end, the last active administrator is kept; people-repo.ts `createUser`: one account
 * per e-mail), as the clinic user named by `--as` / ITB_USER under the API's rule for the same route
 * (clinic-access.ts; admin only):
 *
 *   itb users list                                                                     --as EMAIL [--db URL] [--json]
 *   itb users create         --email E --name N --role R --password-file PATH [--patient ID] …
 *   itb users disable|enable --user ID|EMAIL …
 *   itb users reset-password --user ID|EMAIL --password-file PATH …
 *   itb users role           --user ID|EMAIL --role R …
 *
 * A new password is read from a file (`-`: standard input), never from the command line where other users
 * of the machine could read it, hashed as the API hashes it, and printed nowhere: like the API, the answer
 * is the account without its hash. An unknown account or role, a short password or a second account for an
 * e-mail is refused with its code (exit 1) and changes nothing.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { openStore, type OpenedStore } from '../clinic/open-store.ts';
import { USER_ROLES, type ActorContext } from '../clinic/records.ts';
import type { UserAccount } from '../clinic/user-admin-repo.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, hashPassword } from '../server/auth/passwords.ts';
import { ItbError } from '../therapy/codes.ts';
import {
  ACCOUNT_LIST_ROUTE,
  accountIdByEmail,
  actingUserOption,
  authorizeActingUser,
  dbOption,
} from './clinic-access.ts';
import { str, text, type Flags } from './flags.ts';
import { run } from './output.ts';
import { choiceFlag } from './parse.ts';
import { clinicInstantFormat } from './reason-line.ts';

/** What `itb users list --json` prints. */
export interface UserList {
  readonly users: readonly UserAccount[];
}

/** One account for people: e-mail, name, role, and since when it is disabled. */
const line = (u: UserAccount): string =>
  `${u.id}  ${u.email}  ${u.name}  ${u.role}` +
  (u.disabledAt === null ? '' : `  disabled since ${clinicInstantFormat()(u.disabledAt)}`);

/**
 * The new password from `--password-file` (`-`: standard input), one trailing line break dropped. Its
 * length is checked as the API checks it; the password itself never appears in a message.
 */
function passwordFrom(f: Flags): string {
  const path = text(f, 'passwordFile', '--password-file');
  let content: string;
  try {
    content = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch {
    throw new ItbError('ITB_E_INVALID_INPUT', `--password-file ${path} cannot be read`);
  }
  const password = content.replace(/\r?\n$/, '');
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `the password in --password-file must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long`,
    );
  }
  return password;
}

/**
 * Opens the database (a missing SQLite file is refused, not created) and checks the acting user against
 * the API's rules for `routes` before anything is read or changed.
 */
async function withAdmin<T>(
  f: Flags,
  routes: readonly string[],
  fn: (store: OpenedStore, ctx: ActorContext) => Promise<T>,
): Promise<T> {
  const store = await openStore(str(f, 'db'), { migrate: false, mustExist: true });
  try {
    const ctx = await authorizeActingUser(store, f, routes, {});
    return await fn(store, ctx);
  } finally {
    await store.close();
  }
}

async function create(f: Flags): Promise<UserAccount> {
  const email = text(f, 'email', '--email');
  const name = text(f, 'name', '--name');
  const role = choiceFlag(str(f, 'role'), '--role', USER_ROLES);
  const password = passwordFrom(f);
  const patientId = str(f, 'patient')?.trim() ?? null;
  return withAdmin(f, ['POST /api/v1/users'], async (store, ctx) => {
    const user = await store.createUser(
      { email, name, role, patientId, passwordHash: await hashPassword(password) },
      ctx,
    );
    return { ...user, disabledAt: null, disabledBy: null };
  });
}

/** A change to one account, by the route's last segment: the store call it makes. */
type Change = (store: OpenedStore, id: string, ctx: ActorContext) => Promise<UserAccount>;

/** Each change subcommand: its API route's last segment and the store call, its flags read first. */
const CHANGES = {
  disable: (): [string, Change] => ['disable', (s, id, ctx) => s.disableUser(id, ctx)],
  enable: (): [string, Change] => ['enable', (s, id, ctx) => s.enableUser(id, ctx)],
  'reset-password': (f: Flags): [string, Change] => {
    const password = passwordFrom(f);
    return ['password', async (s, id, ctx) => s.resetUserPassword(id, await hashPassword(password), ctx)];
  },
  role: (f: Flags): [string, Change] => {
    const role = choiceFlag(str(f, 'role'), '--role', USER_ROLES);
    return ['role', (s, id, ctx) => s.changeUserRole(id, role, ctx)];
  },
} as const;

async function change(f: Flags, which: keyof typeof CHANGES): Promise<UserAccount> {
  const user = text(f, 'user', '--user');
  const [segment, apply] = CHANGES[which](f);
  // `--user` is an id as given, or an e-mail looked up among every account.
  const byEmail = user.includes('@');
  const route = `POST /api/v1/users/:userId/${segment}`;
  return withAdmin(f, byEmail ? [route, ACCOUNT_LIST_ROUTE] : [route], async (store, ctx) =>
    apply(store, byEmail ? await accountIdByEmail(store, ctx, user) : user, ctx),
  );
}

/** The options every users subcommand takes. */
const adminOptions = (c: Command): Command =>
  actingUserOption(dbOption(c)).option('--json', 'one JSON object on stdout');

const passwordOption = (c: Command): Command =>
  c.requiredOption(
    '--password-file <path>',
    `file holding the new password on its first line (- for standard input; at least ${MIN_PASSWORD_LENGTH} characters)`,
  );

/** Registers `itb users …`. */
export function registerUserCommands(program: Command): void {
  const users = program
    .command('users')
    .description('clinic accounts: list, create, disable, enable, reset password, change role (admin)');

  adminOptions(users.command('list').description('every account by name, disabled ones included')).action(
    (f: Flags) =>
      run(
        f,
        () =>
          withAdmin(f, [ACCOUNT_LIST_ROUTE], async (store, ctx) => ({ users: await store.listUsers(ctx) })),
        (r: UserList) => r.users.map(line).join('\n') || 'no accounts',
      ),
  );

  passwordOption(adminOptions(users.command('create').description('create an account')))
    .requiredOption('--email <email>', 'the sign-in e-mail (one account per e-mail)')
    .requiredOption('--name <name>', 'the name people read')
    .requiredOption('--role <role>', USER_ROLES.join(' | '))
    .option('--patient <id>', 'for a patient account: the one patient whose records it sees')
    .action((f: Flags) => run(f, () => create(f), line));

  const changeCommand = (which: keyof typeof CHANGES, description: string): Command =>
    adminOptions(users.command(which).description(description)).requiredOption(
      '--user <id|email>',
      'the account, by id or e-mail',
    );
  changeCommand('disable', 'disable an account: its sessions end and it cannot sign in').action((f: Flags) =>
    run(f, () => change(f, 'disable'), line),
  );
  changeCommand('enable', 'let a disabled account sign in again').action((f: Flags) =>
    run(f, () => change(f, 'enable'), line),
  );
  passwordOption(changeCommand('reset-password', 'set a new password: the account’s sessions end')).action(
    (f: Flags) => run(f, () => change(f, 'reset-password'), line),
  );
  changeCommand('role', 'change a staff account’s role (effective on its next request)')
    .requiredOption('--role <role>', USER_ROLES.filter((r) => r !== 'patient').join(' | '))
    .action((f: Flags) => run(f, () => change(f, 'role'), line));
}
