/**
 * Server-side sessions in memory. A session id is 32 random bytes (base64url); the map is keyed by its
 * SHA-256, so a heap dump or a log line holding a map key does not hand out a live session. The same id
 * travels as the HttpOnly cookie (browsers) or as `Authorization: Bearer` (API clients). Sessions expire
 * a fixed time after login (no sliding renewal: a stolen token dies on schedule) and on logout; a restart
 * signs everyone out, which is acceptable for one clinic server.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { UserRole } from '../../clinic/records.ts';

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
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** Default lifetime: one clinic shift (our choice [A]: 8 h). */
export const DEFAULT_SESSION_TTL_MS = 8 * 60 * 60 * 1000;

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs: number = DEFAULT_SESSION_TTL_MS,
  ) {}

  /** Opens a session; returns the token (shown to the client once, never stored). */
  open(principal: Principal): { token: string; session: Session } {
    this.sweep();
    const token = randomBytes(32).toString('base64url');
    const createdAt = this.now();
    const session: Session = { ...principal, createdAt, expiresAt: createdAt + this.ttlMs };
    this.sessions.set(digest(token), session);
    return { token, session };
  }

  /** The live session for a token, or undefined (unknown or expired; an expired one is dropped). */
  get(token: string): Session | undefined {
    const key = digest(token);
    const s = this.sessions.get(key);
    if (s === undefined) return undefined;
    if (this.now() >= s.expiresAt) {
      this.sessions.delete(key);
      return undefined;
    }
    return s;
  }

  close(token: string): void {
    this.sessions.delete(digest(token));
  }

  get size(): number {
    return this.sessions.size;
  }

  private sweep(): void {
    const t = this.now();
    for (const [k, s] of this.sessions) if (t >= s.expiresAt) this.sessions.delete(k);
  }
}
