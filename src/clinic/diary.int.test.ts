/**
 * The symptom diary (migration 0003) on SQLite and PostgreSQL: entries round trip and list by recording
 * time, invalid input is refused with nothing written, every add and list is audited, and the table is
 * append-only like the other clinical history (docs/architecture.md principle 8).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedStore } from './open-store.ts';
import { BACKENDS, type FreshDb } from './store-test-harness.ts';
import { NURSE, auditCount, patientInput } from './store-test-fixtures.ts';

const PATIENT_ACTOR = { actor: 'user:patient-1' };

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`symptom diary — ${backend.skip ?? backend.name}`, () => {
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

    it('adds and lists entries oldest first; defaults fill symptoms and notes', async () => {
      const p = await store.createPatient(patientInput(), NURSE);
      const later = await store.addDiaryEntry(
        {
          patientId: p.id,
          at: Date.UTC(2024, 0, 3, 9),
          date: '2024-01-03',
          spasmSeverity: 3,
          symptoms: ['itching', 'fever'],
          notes: 'legs jumping at night',
        },
        PATIENT_ACTOR,
      );
      const earlier = await store.addDiaryEntry(
        { patientId: p.id, at: Date.UTC(2024, 0, 2, 9), date: '2024-01-02', spasmSeverity: 1 },
        PATIENT_ACTOR,
      );
      expect(earlier).toMatchObject({ symptoms: [], notes: '', createdBy: PATIENT_ACTOR.actor });
      expect(later).toMatchObject({ spasmSeverity: 3, symptoms: ['itching', 'fever'], date: '2024-01-03' });
      expect(await store.listDiaryEntries(p.id, NURSE)).toEqual([earlier, later]);
    });

    it('refuses a severity outside 0–4, an unknown symptom, a bad date, an unknown patient', async () => {
      const p = await store.createPatient(patientInput(), NURSE);
      const before = await auditCount(db.raw);
      const base = { patientId: p.id, at: Date.UTC(2024, 0, 2), date: '2024-01-02', spasmSeverity: 2 };
      for (const bad of [
        { ...base, spasmSeverity: 5 },
        { ...base, spasmSeverity: 1.5 },
        { ...base, symptoms: ['sneezing' as 'fever'] },
        { ...base, symptoms: ['fever' as const, 'fever' as const] },
        { ...base, date: '2024-13-40' },
      ]) {
        await expect(store.addDiaryEntry(bad, PATIENT_ACTOR)).rejects.toMatchObject({
          code: 'ITB_E_INVALID_INPUT',
        });
      }
      await expect(
        store.addDiaryEntry({ ...base, patientId: 'nobody' }, PATIENT_ACTOR),
      ).rejects.toMatchObject({
        code: 'ITB_E_CLINIC_NOT_FOUND',
      });
      expect(await auditCount(db.raw)).toBe(before);
      expect(await db.raw.all('select id from diary_entries')).toEqual([]);
    });

    it('audits each add and each list naming the actor; rows cannot be changed or deleted', async () => {
      const p = await store.createPatient(patientInput(), NURSE);
      const e = await store.addDiaryEntry(
        { patientId: p.id, at: Date.UTC(2024, 0, 2), date: '2024-01-02', spasmSeverity: 0 },
        PATIENT_ACTOR,
      );
      await store.listDiaryEntries(p.id, NURSE);
      const trail = await store.auditTrail({ entity: 'diary-entry' }, { actor: 'user:admin' });
      expect(trail.map((a) => [a.action, a.actor, a.entityId])).toEqual([
        ['create', PATIENT_ACTOR.actor, e.id],
        ['list', NURSE.actor, p.id],
      ]);
      await expect(db.raw.exec(`update diary_entries set body = '{}'`)).rejects.toThrow(/append-only/);
      await expect(db.raw.exec('delete from diary_entries')).rejects.toThrow(/append-only/);
      expect((await store.verifyAudit()).ok).toBe(true);
    });
  });
}
