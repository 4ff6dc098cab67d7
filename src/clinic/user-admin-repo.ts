/**
 * Account administration (issue 12, item 7): list accounts, disable and re-enable one, reset its password,
 * change its role. Each is one audited transaction. Two rules hold here, in one place:
 *
 * - A disabled account's sessions end in the same transaction that disables it, and a password reset ends
 *   them too (a reset after a suspected compromise must sign out whoever used the old password). The
 *   session lookup also treats a disabled account's sessions as over (auth-sessions-repo.ts), so a session
 *   opened while the account was being disabled does not survive either.
 * - The clinic never loses its last active administrator, and an administrator cannot disable or demote
 *   their own account (ITB_E_CLINIC_ADMIN_LOCKOUT): nobody would be left to undo it.
 *
 * Accounts are disabled, never deleted: the audit trail's actors keep naming an account that exists.
 */
import { z } from 'zod';
import { ItbError } from '../therapy/codes.ts';
import type { UsersTable } from './db-schema.ts';
import { userFrom } from './people-repo.ts';
import { USER_ROLES, type ActorContext, type User, type UserRole } from './records.ts';
import { parseInput, type StoreCore, type Tx } from './store-core.ts';

/** An account as the administration page lists it: the user and whether it is in use. */
export type UserAccount = User & {
  /** When and by whom it was disabled; both null while it is in use. */
  readonly disabledAt: number | null;
  readonly disabledBy: string | null;
};

const accountFrom = (r: UsersTable): UserAccount => ({
  ...userFrom(r),
  disabledAt: r.disabled_at === null ? null : Number(r.disabled_at),
  disabledBy: r.disabled_by,
});

const passwordHashSchema = z.string().min(1).max(1000);
const roleSchema = z.enum(USER_ROLES);

/** A user's own password change as the server hands it to the store (never the password itself). */
export interface OwnPasswordChange {
  /** Throws unless the current password typed matches this stored hash. */
  readonly checkCurrent: (storedHash: string) => Promise<void>;
  readonly passwordHash: string;
  /** The session asking, which stays signed in. */
  readonly keepSessionId: string | null;
}

export class UserAdminRepo {
  constructor(private readonly core: StoreCore) {}

  /** Every account by name, disabled ones included (one audited `list`). */
  listUsers(ctx: ActorContext): Promise<UserAccount[]> {
    return this.core.tx(ctx, async (t) => {
      const rows = await t.trx.selectFrom('users').selectAll().orderBy('name').orderBy('id').execute();
      await t.audit(ctx, 'list', 'user', '*', { count: rows.length });
      return rows.map(accountFrom);
    });
  }

  /** Disables the account and ends its live sessions (idempotent: a disabled account keeps its first time). */
  disableUser(id: string, ctx: ActorContext): Promise<UserAccount> {
    return this.core.tx(ctx, async (t) => {
      const row = await this.require(t, id);
      if (row.disabled_at !== null) return accountFrom(row);
      if (ctx.actor === `user:${id}`) {
        throw new ItbError('ITB_E_CLINIC_ADMIN_LOCKOUT', 'you cannot disable your own account');
      }
      if (row.role === 'admin') await this.assertAnotherAdmin(t, id, 'disable');
      await t.trx
        .updateTable('users')
        .set({ disabled_at: t.now, disabled_by: ctx.actor })
        .where('id', '=', id)
        .execute();
      const sessionsEnded = await this.endSessions(t, id);
      await t.audit(ctx, 'disable', 'user', id, { sessionsEnded });
      return accountFrom({ ...row, disabled_at: t.now, disabled_by: ctx.actor });
    });
  }

  /** Lets a disabled account sign in again (its old sessions stay ended). */
  enableUser(id: string, ctx: ActorContext): Promise<UserAccount> {
    return this.core.tx(ctx, async (t) => {
      const row = await this.require(t, id);
      if (row.disabled_at === null) return accountFrom(row);
      await t.trx
        .updateTable('users')
        .set({ disabled_at: null, disabled_by: null })
        .where('id', '=', id)
        .execute();
      await t.audit(ctx, 'enable', 'user', id, { disabledAt: Number(row.disabled_at) });
      return accountFrom({ ...row, disabled_at: null, disabled_by: null });
    });
  }

  /** Replaces the password hash and ends the account's live sessions; the hash is never audited. */
  resetUserPassword(id: string, passwordHash: string, ctx: ActorContext): Promise<UserAccount> {
    const hash = parseInput(passwordHashSchema, passwordHash, 'password hash');
    return this.core.tx(ctx, async (t) => {
      const row = await this.require(t, id);
      await t.trx.updateTable('users').set({ password_hash: hash }).where('id', '=', id).execute();
      const sessionsEnded = await this.endSessions(t, id);
      await t.audit(ctx, 'reset-password', 'user', id, { sessionsEnded });
      return accountFrom({ ...row, password_hash: hash });
    });
  }

  /**
   * The signed-in user's own password change: `checkCurrent` is given the stored hash and throws when the
   * current password typed does not match it (the server verifies; the store never sees a password). The
   * hash is replaced and every other live session of the account ends (`keepSessionId`, the one asking,
   * stays); the audit entry says how many, never the hash.
   */
  changeOwnPassword(
    id: string,
    change: OwnPasswordChange,
    ctx: ActorContext,
  ): Promise<{ readonly sessionsEnded: number }> {
    const hash = parseInput(passwordHashSchema, change.passwordHash, 'password hash');
    return this.core.tx(ctx, async (t) => {
      const row = await this.require(t, id);
      await change.checkCurrent(row.password_hash);
      await t.trx.updateTable('users').set({ password_hash: hash }).where('id', '=', id).execute();
      const sessionsEnded = await this.endSessions(t, id, change.keepSessionId);
      await t.audit(ctx, 'change-password', 'user', id, { sessionsEnded });
      return { sessionsEnded };
    });
  }

  /**
   * Changes a staff account's role; it takes effect on the account's next request (sessions read the role
   * live). A patient account stays a patient account (ITB_E_CLINIC_ROLE_CHANGE): it is tied to one record.
   */
  changeUserRole(id: string, role: UserRole, ctx: ActorContext): Promise<UserAccount> {
    const to = parseInput(roleSchema, role, 'role');
    return this.core.tx(ctx, async (t) => {
      const row = await this.require(t, id);
      if (row.role === to) return accountFrom(row);
      if (row.role === 'patient' || to === 'patient') {
        throw new ItbError(
          'ITB_E_CLINIC_ROLE_CHANGE',
          `a ${row.role} account cannot become a ${to} account: create a new account`,
          { from: row.role, to },
        );
      }
      if (row.role === 'admin') {
        if (ctx.actor === `user:${id}`) {
          throw new ItbError('ITB_E_CLINIC_ADMIN_LOCKOUT', 'you cannot remove your own administrator role');
        }
        await this.assertAnotherAdmin(t, id, 'demote');
      }
      await t.trx.updateTable('users').set({ role: to }).where('id', '=', id).execute();
      await t.audit(ctx, 'change-role', 'user', id, { from: row.role, to });
      return accountFrom({ ...row, role: to });
    });
  }

  private async require(t: Tx, id: string): Promise<UsersTable> {
    const row = await t.trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new ItbError('ITB_E_CLINIC_NOT_FOUND', `no user ${id}`, { userId: id });
    return row;
  }

  /** Refuses a change that would leave no active administrator besides `id`. */
  private async assertAnotherAdmin(t: Tx, id: string, what: 'disable' | 'demote'): Promise<void> {
    const other = await t.trx
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('disabled_at', 'is', null)
      .where('id', '<>', id)
      .executeTakeFirst();
    if (other === undefined) {
      throw new ItbError(
        'ITB_E_CLINIC_ADMIN_LOCKOUT',
        `cannot ${what} the last active administrator: create or enable another first`,
      );
    }
  }

  /** Marks the account's live sessions revoked now, but `keep`; returns how many ended. */
  private async endSessions(t: Tx, userId: string, keep: string | null = null): Promise<number> {
    let q = t.trx
      .updateTable('auth_sessions')
      .set({ revoked_at: t.now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null);
    if (keep !== null) q = q.where('id', '<>', keep);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
