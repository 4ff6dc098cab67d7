/**
 * Migration 0004: sign-in sessions and login throttling in the database, so a restart signs nobody out
 * and does not forget a lock-out. Neither table is part of the audit chain or of backups: a session row
 * holds only the SHA-256 of its token, and both are short-lived operational state. Revoking a session is
 * audited (auth-sessions-repo.ts).
 */
import type { Kysely, Migration } from 'kysely';

export const authSessionsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('auth_sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      // SHA-256 (hex) of the bearer/cookie token; the token itself is never stored.
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .addColumn('address', 'text')
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema.createIndex('auth_sessions_user').on('auth_sessions').columns(['user_id']).execute();
    await db.schema
      .createTable('login_throttle')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('last_failure', 'bigint', (c) => c.notNull())
      .addColumn('locked_until', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('login_throttle_last')
      .on('login_throttle')
      .columns(['last_failure'])
      .execute();
  },
};
