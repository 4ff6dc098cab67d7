/**
 * A clinic database on disk for the `itb` administration commands' tests: one patient and one account per
 * staff role, and a way to read it back through the store. Test-only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type OpenedStore } from '../clinic/open-store.ts';
import { patientInput } from '../clinic/store-test-fixtures.ts';

/** The staff accounts {@link clinicDb} creates, by role: `--as` takes the email. */
export const STAFF = {
  admin: 'admin@cli.test',
  physician: 'physician@cli.test',
  nurse: 'nurse@cli.test',
  viewer: 'viewer@cli.test',
} as const;

type StaffRole = keyof typeof STAFF;

/** One account per role of `accounts` (role → email), made by `ctx`; returns each account's id by email. */
export async function createStaff(
  store: OpenedStore,
  accounts: Partial<Record<StaffRole, string>>,
  ctx: { actor: string },
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [role, email] of Object.entries(accounts)) {
    const input = {
      email,
      name: `CLI ${role}`,
      role: role as StaffRole,
      passwordHash: 'unused',
      patientId: null,
    };
    ids.set(email, (await store.createUser(input, ctx)).id);
  }
  return ids;
}

const dirs: string[] = [];

/** Removes every database {@link clinicDb} made (call after each test). */
export function removeClinicDbs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A migrated SQLite clinic database with a patient and the {@link STAFF} accounts. */
export async function clinicDb() {
  const dir = mkdtempSync(join(tmpdir(), 'itb-clinic-cli-'));
  dirs.push(dir);
  const db = join(dir, 'itb.sqlite');
  const setup = { actor: 'system:test-setup' };
  const store = await openStore(db);
  const patient = await store.createPatient(patientInput(1), setup);
  const ids = await createStaff(store, STAFF, setup);
  await store.close();
  /** Reads the database through the store, as the system (each read is its own open). */
  const read = async <T>(fn: (s: OpenedStore, ctx: { actor: string }) => Promise<T>): Promise<T> => {
    const s = await openStore(db, { migrate: false });
    try {
      return await fn(s, setup);
    } finally {
      await s.close();
    }
  };
  return {
    db,
    patientId: patient.id,
    /** The id of a {@link STAFF} account. */
    idOf: (email: string) => ids.get(email) ?? '',
    /** `--db DB --as EMAIL --json`. */
    as: (email: string) => ['--db', db, '--as', email, '--json'],
    read,
  };
}
