/**
 * Account administration (migration 0005_controls_user_admin) on SQLite and PostgreSQL: a disabled
 * account's sessions end and it cannot sign in; a password reset ends sessions; role changes keep patient
 * accounts patients; the clinic keeps an active administrator; every change is audited. And the audit
 * viewer's filters: action, patient (the patient's records too), time range, newest-first paging.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedStore } from './open-store.ts';
import { BACKENDS, type FreshDb } from './store-test-harness.ts';
import { NURSE, auditCount, patientInput, patientWithImplant } from './store-test-fixtures.ts';
import type { UserInput } from './records.ts';

const user = (n: string, role: UserInput['role'], patientId: string | null = null): UserInput => ({
  email: `${n}@clinic.example`,
  name: n,
  role,
  passwordHash: `hash-of-${n}`,
  patientId,
});

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(
    `account administration — ${backend.skip ?? backend.name}`,
    () => {
      let db: FreshDb;
      let store: OpenedStore;
      let ADMIN: { actor: string };
      let adminId: string;
      beforeEach(async () => {
        db = await backend.fresh();
        store = await db.open();
        const admin = await store.createUser(user('admin', 'admin'), { actor: 'system:bootstrap' });
        adminId = admin.id;
        ADMIN = { actor: `user:${admin.id}` };
      });
      afterEach(async () => {
        await store.close();
        await db.dispose();
      });

      const openSession = (userId: string, tokenHash: string) =>
        store.openAuthSession({
          tokenHash,
          userId,
          createdAt: Date.UTC(2025, 0, 1),
          expiresAt: Date.UTC(2030, 0, 1),
          address: null,
          userAgent: null,
        });

      it('a disabled user: its sessions end, it cannot sign in, and enabling does not revive old sessions', async () => {
        const nurse = await store.createUser(user('nurse', 'nurse'), ADMIN);
        await openSession(nurse.id, 'a'.repeat(64));
        await openSession(nurse.id, 'b'.repeat(64));
        const disabled = await store.disableUser(nurse.id, ADMIN);
        expect(disabled).toMatchObject({ id: nurse.id, disabledBy: ADMIN.actor });
        expect(disabled.disabledAt).toEqual(expect.any(Number));
        for (const h of ['a', 'b']) {
          expect((await store.findAuthSession(h.repeat(64)))?.revokedAt).toEqual(expect.any(Number));
        }
        expect(await store.findUserForLogin('nurse@clinic.example')).toBeUndefined();
        // A session opened while the account is disabled (a login racing the disable) is over too.
        const raced = await openSession(nurse.id, 'c'.repeat(64));
        expect(raced.revokedAt).toBe(disabled.disabledAt);

        const enabled = await store.enableUser(nurse.id, ADMIN);
        expect(enabled).toMatchObject({ disabledAt: null, disabledBy: null });
        expect(await store.findUserForLogin('nurse@clinic.example')).toBeDefined();
        expect((await store.findAuthSession('a'.repeat(64)))?.revokedAt).toEqual(expect.any(Number));
        const audit = await store.auditTrail({ entity: 'user', entityId: nurse.id }, ADMIN);
        expect(audit.map((e) => e.action)).toEqual(['create', 'disable', 'enable']);
        expect(audit[1]?.details).toEqual({ sessionsEnded: 2 });
      });

      it('a password reset replaces the hash, ends the sessions and never audits the hash', async () => {
        const doc = await store.createUser(user('doc', 'physician'), ADMIN);
        await openSession(doc.id, 'd'.repeat(64));
        await store.resetUserPassword(doc.id, 'new-hash', ADMIN);
        expect((await store.findUserForLogin('doc@clinic.example'))?.passwordHash).toBe('new-hash');
        expect((await store.findAuthSession('d'.repeat(64)))?.revokedAt).toEqual(expect.any(Number));
        const rows = await db.raw.all(`select details from audit_log where action = 'reset-password'`);
        expect(rows).toHaveLength(1);
        expect(JSON.stringify(rows)).not.toContain('new-hash');
      });

      it('changes a staff role, live for its sessions; a patient account stays a patient account', async () => {
        const viewer = await store.createUser(user('viewer', 'viewer'), ADMIN);
        await openSession(viewer.id, 'e'.repeat(64));
        expect(await store.changeUserRole(viewer.id, 'nurse', ADMIN)).toMatchObject({ role: 'nurse' });
        expect((await store.findAuthSession('e'.repeat(64)))?.role).toBe('nurse');
        const p = await store.createPatient(patientInput(), NURSE);
        const pat = await store.createUser(user('pat', 'patient', p.id), ADMIN);
        const before = await auditCount(db.raw);
        await expect(store.changeUserRole(pat.id, 'physician', ADMIN)).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_ROLE_CHANGE',
        });
        await expect(store.changeUserRole(viewer.id, 'patient', ADMIN)).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_ROLE_CHANGE',
        });
        await expect(store.changeUserRole(viewer.id, 'root' as 'admin', ADMIN)).rejects.toMatchObject({
          code: 'ITB_E_INVALID_INPUT',
        });
        expect(await auditCount(db.raw)).toBe(before);
        const changes = await store.auditTrail({ action: 'change-role' }, ADMIN);
        expect(changes.map((e) => e.details)).toEqual([{ from: 'viewer', to: 'nurse' }]);
      });

      it('keeps the last active administrator, and an admin cannot disable or demote their own account', async () => {
        const before = await auditCount(db.raw);
        for (const attempt of [
          () => store.disableUser(adminId, ADMIN),
          () => store.changeUserRole(adminId, 'viewer', ADMIN),
          () => store.disableUser(adminId, { actor: 'system:cli' }),
          () => store.changeUserRole(adminId, 'nurse', { actor: 'system:cli' }),
        ]) {
          await expect(attempt()).rejects.toMatchObject({ code: 'ITB_E_CLINIC_ADMIN_LOCKOUT' });
        }
        expect(await auditCount(db.raw)).toBe(before);
        const second = await store.createUser(user('admin2', 'admin'), ADMIN);
        await store.disableUser(second.id, ADMIN);
        // A disabled admin does not count as the other active one.
        await expect(store.disableUser(adminId, { actor: 'system:cli' })).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_ADMIN_LOCKOUT',
        });
        await store.enableUser(second.id, ADMIN);
        expect(await store.disableUser(adminId, { actor: `user:${second.id}` })).toMatchObject({
          disabledBy: `user:${second.id}`,
        });
      });

      it('lists every account by name with its state; unknown ids are not found', async () => {
        const b = await store.createUser(user('bea', 'nurse'), ADMIN);
        await store.disableUser(b.id, ADMIN);
        const list = await store.listUsers(ADMIN);
        expect(list.map((u) => [u.name, u.disabledAt === null])).toEqual([
          ['admin', true],
          ['bea', false],
        ]);
        expect(JSON.stringify(list)).not.toContain('hash-of');
        for (const op of [
          () => store.disableUser('nobody', ADMIN),
          () => store.enableUser('nobody', ADMIN),
          () => store.resetUserPassword('nobody', 'h', ADMIN),
          () => store.changeUserRole('nobody', 'nurse', ADMIN),
        ]) {
          await expect(op()).rejects.toMatchObject({ code: 'ITB_E_CLINIC_NOT_FOUND' });
        }
      });

      it('audit viewer filters: a patient (and its records), an action, a time range, newest-first pages', async () => {
        const { patient, implant } = await patientWithImplant(store);
        const other = await store.createPatient(patientInput(2), NURSE);
        await store.getPatient(other.id, NURSE);
        const about = await store.auditTrail({ patientId: patient.id }, ADMIN);
        const ids = new Set(about.map((e) => e.entityId));
        expect(ids.has(patient.id) && ids.has(implant.id)).toBe(true);
        expect(ids.has(other.id)).toBe(false);

        const all = await store.auditTrail({}, ADMIN);
        const mid = all[Math.floor(all.length / 2)]!;
        const fromMid = await store.auditTrail({ from: mid.at }, ADMIN);
        expect(fromMid.every((e) => e.at >= mid.at)).toBe(true);
        const toMid = await store.auditTrail({ to: mid.at }, ADMIN);
        expect(toMid.every((e) => e.at < mid.at)).toBe(true);
        expect(fromMid.length + toMid.length).toBeGreaterThanOrEqual(all.length);

        const page1 = await store.auditTrail({ order: 'desc', limit: 2 }, ADMIN);
        expect(page1[0]!.seq).toBeGreaterThan(page1[1]!.seq);
        const page2 = await store.auditTrail({ order: 'desc', limit: 2, beforeSeq: page1[1]!.seq }, ADMIN);
        expect(page2.every((e) => e.seq < page1[1]!.seq)).toBe(true);
        expect(page2[0]!.seq).toBe(page1[1]!.seq - 1);

        const views = await store.auditTrail({ action: 'view', actor: NURSE.actor }, ADMIN);
        expect(views.length).toBeGreaterThan(0);
        expect(views.every((e) => e.action === 'view' && e.actor === NURSE.actor)).toBe(true);
      });
    },
  );
}
