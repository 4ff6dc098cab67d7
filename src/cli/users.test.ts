/**
 * `itb users …` through the real CLI on a real clinic database: account administration through the store
 * functions the API's user routes call (clinic/user-admin-repo.ts, people-repo.ts `createUser`), under the
 * API's rule for the same routes (admin only). The new password is read from a file, never from the command
 * line, and printed nowhere; bad input is refused with its code and changes nothing.
 */
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { UserAccount } from '../clinic/user-admin-repo.ts';
import { verifyPassword } from '../server/auth/passwords.ts';
import { clinicDb, removeClinicDbs, STAFF } from './clinic-db.test-support.ts';
import { itb } from './pump-link.test-support.ts';
import type { UserList } from './users.ts';

afterEach(removeClinicDbs);

const PASSWORD = 'correct horse battery 2026';
const code = (r: { stderr: string }) => (JSON.parse(r.stderr) as { error: { code: string } }).error.code;

async function setup() {
  const c = await clinicDb();
  const passwordFile = c.db.replace(/itb\.sqlite$/, 'new-password.txt');
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  const admin = c.as(STAFF.admin);
  const ok = <T>(r: { stdout: string; stderr: string; code: number }): T => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(PASSWORD);
    return JSON.parse(r.stdout) as T;
  };
  const accounts = () => c.read((s, ctx) => s.listUsers(ctx));
  const hashOf = (email: string) => c.read(async (s) => (await s.findUserForLogin(email))?.passwordHash);
  return { ...c, passwordFile, admin, ok, accounts, hashOf };
}

describe('itb users', () => {
  it('no command line for user administration: an admin creates, disables, enables, resets and re-roles an account', async () => {
    const c = await setup();
    const created = c.ok<UserAccount>(
      await itb(
        'users',
        'create',
        ...c.admin,
        '--email',
        'New.Nurse@cli.test',
        '--name',
        'New Nurse',
        '--role',
        'nurse',
        '--password-file',
        c.passwordFile,
      ),
    );
    expect(created).toMatchObject({ email: 'new.nurse@cli.test', name: 'New Nurse', role: 'nurse' });
    expect(created).not.toHaveProperty('passwordHash');
    expect(await verifyPassword(PASSWORD, await c.hashOf('new.nurse@cli.test'))).toBe(true);

    const patientAccount = c.ok<UserAccount>(
      await itb(
        'users',
        'create',
        ...c.admin,
        '--email',
        'patient@cli.test',
        '--name',
        'The Patient',
        '--role',
        'patient',
        '--patient',
        c.patientId,
        '--password-file',
        c.passwordFile,
      ),
    );
    expect(patientAccount).toMatchObject({ role: 'patient', patientId: c.patientId });

    const listed = c.ok<UserList>(await itb('users', 'list', ...c.admin));
    expect(listed.users.map((u) => u.email)).toContain('new.nurse@cli.test');

    // By e-mail or by id: the same account.
    const disabled = c.ok<UserAccount>(await itb('users', 'disable', ...c.admin, '--user', created.email));
    expect(disabled.disabledAt).not.toBeNull();
    expect(await c.hashOf('new.nurse@cli.test')).toBeUndefined(); // a disabled account cannot sign in
    const enabled = c.ok<UserAccount>(await itb('users', 'enable', ...c.admin, '--user', created.id));
    expect(enabled.disabledAt).toBeNull();

    const other = `${c.passwordFile}.2`;
    writeFileSync(other, 'another long passphrase', { mode: 0o600 });
    const reset = await itb(
      'users',
      'reset-password',
      '--db',
      c.db,
      '--as',
      STAFF.admin,
      '--user',
      created.id,
      '--password-file',
      other,
    );
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).not.toContain('another long passphrase');
    expect(await verifyPassword('another long passphrase', await c.hashOf('new.nurse@cli.test'))).toBe(true);

    const physician = c.ok<UserAccount>(
      await itb('users', 'role', ...c.admin, '--user', created.id, '--role', 'physician'),
    );
    expect(physician.role).toBe('physician');
    const trail = await c.read((s, ctx) => s.auditTrail({ entityId: created.id }, ctx));
    expect(trail.map((e) => e.action)).toEqual([
      'create',
      'disable',
      'enable',
      'reset-password',
      'change-role',
    ]);
    expect(trail.every((e) => e.actor === `user:${c.idOf(STAFF.admin)}`)).toBe(true);
  }, 60_000);

  it('no command line for user administration: a nurse is refused as the API refuses them, and nothing changes', async () => {
    const c = await setup();
    const before = await c.accounts();
    const nurse = c.as(STAFF.nurse);
    const viewerId = c.idOf(STAFF.viewer);
    const attempts = [
      ['users', 'list', ...nurse],
      [
        'users',
        'create',
        ...nurse,
        '--email',
        'x@cli.test',
        '--name',
        'X',
        '--role',
        'admin',
        '--password-file',
        c.passwordFile,
      ],
      ['users', 'disable', ...nurse, '--user', viewerId],
      ['users', 'role', ...nurse, '--user', c.idOf(STAFF.nurse), '--role', 'admin'],
      ['users', 'reset-password', ...nurse, '--user', viewerId, '--password-file', c.passwordFile],
    ];
    for (const args of attempts) {
      const r = await itb(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(code(r)).toBe('ITB_E_FORBIDDEN');
    }
    expect(await c.accounts()).toEqual(before);
    expect(await c.hashOf(STAFF.viewer)).toBe('unused');
  }, 60_000);

  it('a duplicate e-mail, an unknown role, a short password and an unknown account are refused and change nothing', async () => {
    const c = await setup();
    const before = await c.accounts();
    const create = (email: string, role: string, passwordFile = c.passwordFile, ...more: string[]) =>
      itb(
        'users',
        'create',
        ...c.admin,
        '--email',
        email,
        '--name',
        'Someone',
        '--role',
        role,
        '--password-file',
        passwordFile,
        ...more,
      );
    expect(code(await create(STAFF.nurse.toUpperCase(), 'nurse'))).toBe('ITB_E_CLINIC_DUPLICATE');
    expect(code(await create('someone@cli.test', 'surgeon'))).toBe('ITB_E_INVALID_INPUT');
    expect(
      code(await itb('users', 'role', ...c.admin, '--user', c.idOf(STAFF.nurse), '--role', 'surgeon')),
    ).toBe('ITB_E_INVALID_INPUT');
    const short = `${c.passwordFile}.short`;
    writeFileSync(short, 'tiny-pw\n');
    const tooShort = await create('someone@cli.test', 'nurse', short);
    expect(code(tooShort)).toBe('ITB_E_INVALID_INPUT');
    expect(tooShort.stderr).not.toContain('tiny-pw');
    expect(code(await create('someone@cli.test', 'nurse', `${c.passwordFile}.missing`))).toBe(
      'ITB_E_INVALID_INPUT',
    );
    // A patient account links to exactly one patient that exists (the store's rule).
    expect(code(await create('patient@cli.test', 'patient'))).toBe('ITB_E_INVALID_INPUT');
    const noPatient = await create(
      'patient@cli.test',
      'patient',
      c.passwordFile,
      '--patient',
      'no-such-patient',
    );
    expect(code(noPatient)).toBe('ITB_E_CLINIC_NOT_FOUND');
    expect(code(await itb('users', 'disable', ...c.admin, '--user', 'nobody@cli.test'))).toBe(
      'ITB_E_CLINIC_NOT_FOUND',
    );
    // The last active administrator cannot lock themselves out (the store's rule).
    expect(code(await itb('users', 'disable', ...c.admin, '--user', STAFF.admin))).toBe(
      'ITB_E_CLINIC_ADMIN_LOCKOUT',
    );
    expect(await c.accounts()).toEqual(before);
  }, 60_000);
});
