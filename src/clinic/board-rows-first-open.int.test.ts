/**
 * The first open of a database migrated past 0005 built every stored board row twice: 0005_board_rows'
 * backfill, then the rules check (board-rules-version.ts), which found no version recorded (issue 14). On a
 * clinic of 10,000 patients that doubled the time of the upgrade. On SQLite and PostgreSQL (when
 * ITB_TEST_PG_URL is set).
 */
import { Migrator } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOARD_RULES_VERSION } from './board-rules-version.ts';
import { migrationProvider } from './migrations.ts';
import { openPostgres } from './postgres-backend.ts';
import { openSqlite } from './sqlite-backend.ts';
import { NURSE, patientInput } from './store-test-fixtures.ts';
import { BACKENDS, type FreshDb } from './store-test-harness.ts';

/** The store's clock on the first open: far from the wall clock the migration's backfill stamps. */
const OPEN_CLOCK = Date.UTC(2031, 0, 1);

describe.each(BACKENDS)('first open after migration ($name)', (backend) => {
  let template: FreshDb;
  let db: FreshDb;
  beforeEach(async () => {
    if (backend.skip !== undefined) return;
    template = await backend.fresh();
    db = await backend.fresh();
  });
  afterEach(async () => {
    if (backend.skip !== undefined) return;
    await template.dispose();
    await db.dispose();
  });

  it.skipIf(backend.skip !== undefined)(
    'the first open after migration built the board rows twice: it builds them once and records the rules version',
    async () => {
      // Patients as a release before 0005 stored them: rows written by today's store, copied raw into a
      // database migrated only up to 0004.
      const store = await template.open();
      for (let i = 1; i <= 3; i++) await store.createPatient(patientInput(i), NURSE);
      await store.close();
      const patients = await template.raw.all('select * from patients order by id');
      const be = db.dialect === 'sqlite' ? openSqlite(db.url) : openPostgres(db.url, db.dir);
      try {
        const m = new Migrator({ db: be.db, provider: migrationProvider(db.dialect) });
        const r = await m.migrateTo('0004_websec_auth_sessions');
        expect(r.error).toBeUndefined();
      } finally {
        await be.destroy();
      }
      for (const p of patients) {
        // Null columns are left out: a column added after 0004 (opioid status) is null here and absent there.
        const cols = Object.keys(p).filter((c) => p[c] !== null);
        const vals = cols.map((c) => {
          const v = p[c];
          if (typeof v === 'number') return String(v);
          if (typeof v !== 'string') throw new Error(`unexpected ${c}`);
          return `'${v.replace(/'/g, "''")}'`;
        });
        await db.raw.exec(`insert into patients (${cols.join(', ')}) values (${vals.join(', ')})`);
      }

      const before = Date.now();
      const upgraded = await db.open({ clock: () => OPEN_CLOCK });
      try {
        // Built once, by the migration's backfill (stamped with the wall clock), not again by the rules
        // check (which would stamp the store's clock).
        const rows = await db.raw.all('select patient_id, computed_at from board_rows order by patient_id');
        expect(rows.map((r) => r['patient_id'])).toEqual(patients.map((p) => p['id']));
        for (const r of rows) {
          expect(Number(r['computed_at'])).not.toBe(OPEN_CLOCK);
          expect(Number(r['computed_at'])).toBeGreaterThanOrEqual(before);
        }
        const [version] = await db.raw.all('select version from board_rules_version');
        expect(version?.['version']).toBe(BOARD_RULES_VERSION);
      } finally {
        await upgraded.close();
      }
      // The next open finds the version current and builds nothing either.
      const again = await db.open({ clock: () => OPEN_CLOCK + 1 });
      await again.close();
      const stamps = await db.raw.all('select computed_at from board_rows');
      expect(stamps.map((r) => Number(r['computed_at']))).not.toContain(OPEN_CLOCK + 1);
    },
  );
});
