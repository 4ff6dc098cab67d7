/**
 * Account administration (migration 0005_controls_user_admin) on SQLite and PostgreSQL: a disabled
 * account's sessions end and it cannot sign in; a password reset ends sessions; role changes keep patient
 * accounts patients; the clinic keeps an active administrator; every change is audited. And the audit
 * viewer's filters: action, patient (the patient's records too), time range, newest-first paging.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useFreshStore } from './fresh-store.test-support.ts';
import { BACKENDS } from './store-test-harness.ts';
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
      const fresh = useFreshStore(backend);
      let ADMIN: { actor: string };
      let adminId: string;
      beforeEach(async () => {
        const admin = await fresh.store.createUser(user('admin', 'admin'), { actor: 'system:bootstrap' });
        adminId = admin.id;
        ADMIN = { actor: `user:${admin.id}` };
      });

      const openSession = (userId: string, tokenHash: string) =>
        fresh.store.openAuthSession({
          tokenHash,
          userId,
          createdAt: Date.UTC(2025, 0, 1),
          expiresAt: Date.UTC(2030, 0, 1),
          address: null,
          userAgent: null,
        });

      it('a disabled user: its sessions end, it cannot sign in, and enabling does not revive old sessions', async () => {
        const nurse = await fresh.store.createUser(user('nurse', 'nurse'), ADMIN);
        await openSession(nurse.id, 'a'.repeat(64));
        await openSession(nurse.id, 'b'.repeat(64));
        const disabled = await fresh.store.disableUser(nurse.id, ADMIN);
        expect(disabled).toMatchObject({ id: nurse.id, disabledBy: ADMIN.actor });
        expect(disabled.disabledAt).toEqual(expect.any(Number));
        for (const h of ['a', 'b']) {
          expect((await fresh.store.findAuthSession(h.repeat(64)))?.revokedAt).toEqual(expect.any(Number));
        }
        expect(await fresh.store.findUserForLogin('nurse@clinic.example')).toBeUndefined();
        // A session opened while the account is disabled (a login racing the disable) is over too.
        const raced = await openSession(nurse.id, 'c'.repeat(64));
        expect(raced.revokedAt).toBe(disabled.disabledAt);

        const enabled = await fresh.store.enableUser(nurse.id, ADMIN);
        expect(enabled).toMatchObject({ disabledAt: null, disabledBy: null });
        expect(await fresh.store.findUserForLogin('nurse@clinic.example')).toBeDefined();
        expect((await fresh.store.findAuthSession('a'.repeat(64)))?.revokedAt).toEqual(expect.any(Number));
        const audit = await fresh.store.auditTrail({ entity: 'user', entityId: nurse.id }, ADMIN);
        expect(audit.map((e) => e.action)).toEqual(['create', 'disable', 'enable']);
        expect(audit[1]?.details).toEqual({ sessionsEnded: 2 });
      });

      it('a password reset replaces the hash, ends the sessions and never audits the hash', async () => {
        const doc = await fresh.store.createUser(user('doc', 'physician'), ADMIN);
        await openSession(doc.id, 'd'.repeat(64));
        await fresh.store.resetUserPassword(doc.id, 'new-hash', ADMIN);
        expect((await fresh.store.findUserForLogin('doc@clinic.example'))?.passwordHash).toBe('new-hash');
        expect((await fresh.store.findAuthSession('d'.repeat(64)))?.revokedAt).toEqual(expect.any(Number));
        const rows = await fresh.db.raw.all(`select details from audit_log where action = 'reset-password'`);
        expect(rows).toHaveLength(1);
        expect(JSON.stringify(rows)).not.toContain('new-hash');
      });

      it('changes a staff role, live for its sessions; a patient account stays a patient account', async () => {
        const viewer = await fresh.store.createUser(user('viewer', 'viewer'), ADMIN);
        await openSession(viewer.id, 'e'.repeat(64));
        expect(await fresh.store.changeUserRole(viewer.id, 'nurse', ADMIN)).toMatchObject({ role: 'nurse' });
        expect((await fresh.store.findAuthSession('e'.repeat(64)))?.role).toBe('nurse');
        const p = await fresh.store.createPatient(patientInput(), NURSE);
        const pat = await fresh.store.createUser(user('pat', 'patient', p.id), ADMIN);
        const before = await auditCount(fresh.db.raw);
        await expect(fresh.store.changeUserRole(pat.id, 'physician', ADMIN)).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_ROLE_CHANGE',
        });
        await expect(fresh.store.changeUserRole(viewer.id, 'patient', ADMIN)).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_ROLE_CHANGE',
        });
        await expect(fresh.store.changeUserRole(viewer.id, 'root' as 'admin', ADMIN)).rejects.toMatchObject({
          code: 'ITB_E_INVALID_INPUT',
        });
        expect(await auditCount(fresh.db.raw)).toBe(before);
        const changes = await fresh.store.auditTrail({ action: 'change-role' }, ADMIN);
        expect(changes.map((e) => e.details)).toEqual([{ from: 'viewer', to: 'nurse' }]);
      });

      it('keeps the last active administrator, and an admin cannot disable or demote their own account', async () => {
        const before = await auditCount(fresh.db.raw);
        for (const attempt of [
          () => fresh.store.disableUser(adminId, ADMIN),
          () => fresh.store.changeUserRole(adminId, 'viewer', ADMIN),
          () => fresh.store.disableUser(adminId, { actor: 'system:cli' }),
          () => fresh.store.changeUserRole(adminId, 'nurse', { actor: 'system:cli' }),
        ]) {
          await expect(attempt()).rejects.toMatchObject({ code: 'ITB_E_CLINIC_ADMIN_LOCKOUT' });
        }
        expect(await auditCount(fresh.db.raw)).toBe(before);
        const second = await fresh.store.createUser(user('admin2', 'admin'), ADMIN);
        await fresh.store.disableUser(second.id, ADMIN);
        // A disabled admin does not count as the other active one.
        await expect(fresh.store.disableUser(adminId, { actor: 'system:cli' })).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_ADMIN_LOCKOUT',
        });
        await fresh.store.enableUser(second.id, ADMIN);
        expect(await fresh.store.disableUser(adminId, { actor: `user:${second.id}` })).toMatchObject({
          disabledBy: `user:${second.id}`,
        });
      });

      it('lists every account by name with its state; unknown ids are not found', async () => {
        const b = await fresh.store.createUser(user('bea', 'nurse'), ADMIN);
        await fresh.store.disableUser(b.id, ADMIN);
        const list = await fresh.store.listUsers(ADMIN);
        expect(list.map((u) => [u.name, u.disabledAt === null])).toEqual([
          ['admin', true],
          ['bea', false],
        ]);
        expect(JSON.stringify(list)).not.toContain('hash-of');
        for (const op of [
          () => fresh.store.disableUser('nobody', ADMIN),
          () => fresh.store.enableUser('nobody', ADMIN),
          () => fresh.store.resetUserPassword('nobody', 'h', ADMIN),
          () => fresh.store.changeUserRole('nobody', 'nurse', ADMIN),
        ]) {
          await expect(op()).rejects.toMatchObject({ code: 'ITB_E_CLINIC_NOT_FOUND' });
        }
      });

      it('audit viewer filters: a patient (and its records), an action, a time range, newest-first pages', async () => {
        const { patient, implant } = await patientWithImplant(fresh.store);
        const other = await fresh.store.createPatient(patientInput(2), NURSE);
        await fresh.store.getPatient(other.id, NURSE);
        const about = await fresh.store.auditTrail({ patientId: patient.id }, ADMIN);
        const ids = new Set(about.map((e) => e.entityId));
        expect(ids.has(patient.id) && ids.has(implant.id)).toBe(true);
        expect(ids.has(other.id)).toBe(false);

        const all = await fresh.store.auditTrail({}, ADMIN);
        const mid = all[Math.floor(all.length / 2)]!;
        const fromMid = await fresh.store.auditTrail({ from: mid.at }, ADMIN);
        expect(fromMid.every((e) => e.at >= mid.at)).toBe(true);
        const toMid = await fresh.store.auditTrail({ to: mid.at }, ADMIN);
        expect(toMid.every((e) => e.at < mid.at)).toBe(true);
        expect(fromMid.length + toMid.length).toBeGreaterThanOrEqual(all.length);

        const page1 = await fresh.store.auditTrail({ order: 'desc', limit: 2 }, ADMIN);
        expect(page1[0]!.seq).toBeGreaterThan(page1[1]!.seq);
        const page2 = await fresh.store.auditTrail(
          { order: 'desc', limit: 2, beforeSeq: page1[1]!.seq },
          ADMIN,
        );
        expect(page2.every((e) => e.seq < page1[1]!.seq)).toBe(true);
        expect(page2[0]!.seq).toBe(page1[1]!.seq - 1);

        const views = await fresh.store.auditTrail({ action: 'view', actor: NURSE.actor }, ADMIN);
        expect(views.length).toBeGreaterThan(0);
        expect(views.every((e) => e.action === 'view' && e.actor === NURSE.actor)).toBe(true);
      });
    },
  );
}
