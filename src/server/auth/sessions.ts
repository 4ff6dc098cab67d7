/**
 * Server-side sessions, kept in the clinic store (auth-sessions-repo.ts) so that a restart signs nobody
 * out and a session can be listed and revoked. A session token is 32 random bytes (base64url); the store
 * keeps only its SHA-256, so a database dump or backup does not hand out a live session. The same token
 * travels as the HttpOnly cookie (browsers) or as `Authorization: Bearer` (API clients). Sessions expire
 * a fixed time after login (no sliding renewal: a stolen token dies on schedule), on logout, and when
 * their user or an admin revokes them. The role and patient link are read with the session on every
 * request, so a changed account takes effect at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AuthSessionRecord } from '../../clinic/auth-sessions-repo.ts';
import type { UserRole } from '../../clinic/records.ts';
import type { ClinicStore } from '../../clinic/store.ts';

/** Who a request acts as, once authenticated. */
export interface Principal {
  readonly userId: string;
  readonly role: UserRole;
  /** The one patient a `patient` account may see; null for staff. */
  readonly patientId: string | null;
  /** The audit actor: `user:<id>`. */
  readonly actor: string;
}

export interface Session extends Principal {
  /** The session's public id (listing and revoking use it; it is not the token). */
  readonly sessionId: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** Default lifetime: one clinic shift (our choice [A]: 8 h). */
export const DEFAULT_SESSION_TTL_MS = 8 * 60 * 60 * 1000;

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

/** True while a stored session may still be used at `now`. */
export const isLive = (s: AuthSessionRecord, now: number): boolean =>
  s.revokedAt === null && now < s.expiresAt;

const toSession = (s: AuthSessionRecord): Session => ({
  sessionId: s.id,
  userId: s.userId,
  role: s.role,
  patientId: s.patientId,
  actor: `user:${s.userId}`,
  createdAt: s.createdAt,
  expiresAt: s.expiresAt,
});

/** Where a session was opened from, shown to its user (trimmed: it is the client's own text). */
export interface SessionOrigin {
  readonly address: string | null;
  readonly userAgent: string | null;
}

export class SessionStore {
  constructor(
    private readonly store: ClinicStore,
    private readonly now: () => number,
    private readonly ttlMs: number = DEFAULT_SESSION_TTL_MS,
  ) {}

  /** Opens a session for `userId`; returns the token (shown to the client once, never stored). */
  async open(userId: string, origin: SessionOrigin): Promise<{ token: string; session: Session }> {
    const createdAt = this.now();
    // Housekeeping: rows a day past their expiry can never be used again.
    await this.store.purgeAuthSessions(createdAt - 24 * 60 * 60 * 1000);
    const token = randomBytes(32).toString('base64url');
    const record = await this.store.openAuthSession({
      tokenHash: digest(token),
      userId,
      createdAt,
      expiresAt: createdAt + this.ttlMs,
      address: origin.address,
      userAgent: origin.userAgent,
    });
    return { token, session: toSession(record) };
  }

  /** The live session for a token, or undefined (unknown, expired or revoked). */
  async get(token: string): Promise<Session | undefined> {
    const s = await this.store.findAuthSession(digest(token));
    return s !== undefined && isLive(s, this.now()) ? toSession(s) : undefined;
  }

  /** Ends the session of `token` (logout), recorded as revoked by its own user. */
  async close(token: string): Promise<void> {
    const s = await this.store.findAuthSession(digest(token));
    if (s !== undefined && s.revokedAt === null) {
      await this.store.revokeAuthSession(s.id, this.now(), { actor: `user:${s.userId}` });
    }
  }
}
