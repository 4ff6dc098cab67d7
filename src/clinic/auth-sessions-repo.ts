/**
 * Sign-in sessions and login throttle state (migration 0004). The server (src/server/auth) owns the
 * rules — lifetimes, lock-out arithmetic, what a token is; this repository only keeps rows, so that a
 * restart signs nobody out and forgets no lock-out, on SQLite and PostgreSQL alike. A session is found by
 * the SHA-256 of its token and shown by a separate random id, so listing sessions never hands out a
 * token. Looking a session up on every request is not audited; listing and revoking are.
 */
import { ItbError } from '../therapy/codes.ts';
import type { Kysely } from 'kysely';
import type { AuthSessionsTable, ClinicDatabase, UsersTable } from './db-schema.ts';
import type { ActorContext, UserRole } from './records.ts';
import { toItbError, type StoreCore } from './store-core.ts';

/** A stored session with the role and patient link its user has now. */
export interface AuthSessionRecord {
  readonly id: string;
  readonly userId: string;
  readonly role: UserRole;
  readonly patientId: string | null;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** When it was revoked (signed out or ended by its user or an admin); null while live. */
  readonly revokedAt: number | null;
  /** The client address and browser it was opened from (for the user to recognise it). */
  readonly address: string | null;
  readonly userAgent: string | null;
}

export interface NewAuthSession {
  readonly tokenHash: string;
  readonly userId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly address: string | null;
  readonly userAgent: string | null;
}

/** One login throttle key's failures (src/server/auth/rate-limit.ts). */
export interface LoginThrottleRecord {
  readonly failures: number;
  readonly lastFailure: number;
  readonly lockedUntil: number;
}

type Row = AuthSessionsTable & Pick<UsersTable, 'role' | 'patient_id' | 'disabled_at'>;

const sessionFrom = (r: Row): AuthSessionRecord => ({
  id: r.id,
  userId: r.user_id,
  role: r.role as UserRole,
  patientId: r.patient_id,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  // A disabled account's sessions are over even if one was opened while it was being disabled.
  revokedAt:
    r.revoked_at === null ? (r.disabled_at === null ? null : Number(r.disabled_at)) : Number(r.revoked_at),
  address: r.address,
  userAgent: r.user_agent,
});

export class AuthSessionsRepo {
  constructor(private readonly core: StoreCore) {}

  /** Sessions with their user's role and patient link, on the store or inside a transaction. */
  private selectSessions(db: Kysely<ClinicDatabase> = this.core.db) {
    return db
      .selectFrom('auth_sessions')
      .innerJoin('users', 'users.id', 'auth_sessions.user_id')
      .selectAll('auth_sessions')
      .select(['users.role', 'users.patient_id', 'users.disabled_at']);
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toItbError(error);
    }
  }

  openAuthSession(s: NewAuthSession): Promise<AuthSessionRecord> {
    return this.guard(async () => {
      const id = this.core.newId();
      await this.core.db
        .insertInto('auth_sessions')
        .values({
          id,
          token_hash: s.tokenHash,
          user_id: s.userId,
          created_at: s.createdAt,
          expires_at: s.expiresAt,
          revoked_at: null,
          address: s.address,
          user_agent: s.userAgent,
        })
        .execute();
      const row = await this.selectSessions().where('auth_sessions.id', '=', id).executeTakeFirstOrThrow();
      return sessionFrom(row);
    });
  }

  findAuthSession(tokenHash: string): Promise<AuthSessionRecord | undefined> {
    return this.guard(async () => {
      const row = await this.selectSessions()
        .where('auth_sessions.token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row === undefined ? undefined : sessionFrom(row);
    });
  }

  listAuthSessions(userId: string, ctx: ActorContext): Promise<AuthSessionRecord[]> {
    return this.core.tx(ctx, async (t) => {
      const rows = await this.selectSessions(t.trx)
        .where('auth_sessions.user_id', '=', userId)
        .orderBy('auth_sessions.created_at')
        .orderBy('auth_sessions.id')
        .execute();
      await t.audit(ctx, 'list', 'session', userId, { count: rows.length });
      return rows.map(sessionFrom);
    });
  }

  /** Marks the session revoked at `at` (idempotent: an already revoked one keeps its first time). */
  revokeAuthSession(id: string, at: number, ctx: ActorContext): Promise<AuthSessionRecord> {
    return this.core.tx(ctx, async (t) => {
      const row = await t.trx
        .selectFrom('auth_sessions')
        .select(['user_id', 'revoked_at'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (row === undefined) throw new ItbError('ITB_E_CLINIC_NOT_FOUND', `no session ${id}`);
      if (row.revoked_at === null) {
        await t.trx.updateTable('auth_sessions').set({ revoked_at: at }).where('id', '=', id).execute();
        await t.audit(ctx, 'revoke', 'session', id, { userId: row.user_id });
      }
      const after = await this.selectSessions(t.trx)
        .where('auth_sessions.id', '=', id)
        .executeTakeFirstOrThrow();
      return sessionFrom(after);
    });
  }

  /** Deletes sessions that expired before `before` (housekeeping; they can no longer be used). */
  purgeAuthSessions(before: number): Promise<number> {
    return this.guard(async () => {
      const r = await this.core.db
        .deleteFrom('auth_sessions')
        .where('expires_at', '<', before)
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    });
  }

  readLoginThrottle(key: string): Promise<LoginThrottleRecord | undefined> {
    return this.guard(async () => {
      const r = await this.core.db
        .selectFrom('login_throttle')
        .selectAll()
        .where('key', '=', key)
        .executeTakeFirst();
      return (
        r && {
          failures: Number(r.failures),
          lastFailure: Number(r.last_failure),
          lockedUntil: Number(r.locked_until),
        }
      );
    });
  }

  writeLoginThrottle(key: string, e: LoginThrottleRecord): Promise<void> {
    const values = { failures: e.failures, last_failure: e.lastFailure, locked_until: e.lockedUntil };
    return this.guard(async () => {
      await this.core.db
        .insertInto('login_throttle')
        .values({ key, ...values })
        .onConflict((oc) => oc.column('key').doUpdateSet(values))
        .execute();
    });
  }

  /** Deletes throttle keys whose last failure was before `before` (they are forgotten anyway). */
  purgeLoginThrottle(before: number): Promise<number> {
    return this.guard(async () => {
      const r = await this.core.db
        .deleteFrom('login_throttle')
        .where('last_failure', '<', before)
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    });
  }

  removeLoginThrottle(key: string): Promise<void> {
    return this.guard(async () => {
      await this.core.db.deleteFrom('login_throttle').where('key', '=', key).execute();
    });
  }
}
