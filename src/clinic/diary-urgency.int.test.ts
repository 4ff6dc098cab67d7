/**
 * A patient's urgent diary entry raises a clinic alert (issue 12, item 6), on SQLite and PostgreSQL: the
 * entry and its alert are written in one transaction, both audited; a routine entry raises none; a
 * refused entry writes neither.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedStore } from './open-store.ts';
import { BACKENDS, type FreshDb } from './store-test-harness.ts';
import { NURSE, auditCount, patientInput } from './store-test-fixtures.ts';

const PATIENT = { actor: 'user:patient-1' };
const AT = Date.UTC(2024, 0, 2, 9);

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(
    `urgent diary entries — ${backend.skip ?? backend.name}`,
    () => {
      let db: FreshDb;
      let store: OpenedStore;
      beforeEach(async () => {
        db = await backend.fresh();
        store = await db.open();
      });
      afterEach(async () => {
        await store.close();
        await db.dispose();
      });

      it('an urgent diary entry (fever, confusion) raises a critical withdrawal alert for the clinic', async () => {
        const p = await store.createPatient(patientInput(), NURSE);
        const entry = await store.addDiaryEntry(
          { patientId: p.id, at: AT, date: '2024-01-02', spasmSeverity: 4, symptoms: ['fever', 'confusion'] },
          PATIENT,
        );
        const alerts = await store.listAlerts({ patientId: p.id }, NURSE);
        expect(alerts).toHaveLength(1);
        expect(alerts[0]).toMatchObject({
          kind: 'withdrawal-risk',
          severity: 'critical',
          since: entry.at,
          state: 'open',
          createdBy: PATIENT.actor,
        });
        expect(alerts[0]?.message).toMatch(/fever, confusion/);
        const trail = await store.auditTrail({ actor: PATIENT.actor }, NURSE);
        expect(trail.map((e) => `${e.action} ${e.entity}`)).toEqual(['create diary-entry', 'create alert']);
      });

      it('a routine entry raises no alert; a refused entry writes neither entry nor alert', async () => {
        const p = await store.createPatient(patientInput(), NURSE);
        await store.addDiaryEntry(
          { patientId: p.id, at: AT, date: '2024-01-02', spasmSeverity: 1, symptoms: ['headache'] },
          PATIENT,
        );
        const before = await auditCount(db.raw);
        await expect(
          store.addDiaryEntry(
            { patientId: p.id, at: AT, date: '2024-13-02', spasmSeverity: 1, symptoms: ['fever'] },
            PATIENT,
          ),
        ).rejects.toMatchObject({ code: 'ITB_E_INVALID_INPUT' });
        expect(await auditCount(db.raw)).toBe(before);
        expect(await store.listAlerts({ patientId: p.id }, NURSE)).toEqual([]);
      });
    },
  );
}
