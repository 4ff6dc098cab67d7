/**
 * The symptom diary (migration 0003) on SQLite and PostgreSQL: entries round trip and list by recording
 * time, invalid input is refused with nothing written, every add and list is audited, and the table is
 * append-only like the other clinical history (docs/architecture.md principle 8).
 */
import { describe, expect, it } from 'vitest';
import { BACKENDS } from './store-test-harness.ts';
import { useFreshStore } from './fresh-store.test-support.ts';
import { NURSE, auditCount, patientInput } from './store-test-fixtures.ts';

const PATIENT_ACTOR = { actor: 'user:patient-1' };

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`symptom diary — ${backend.skip ?? backend.name}`, () => {
    const fresh = useFreshStore(backend);

    it('adds and lists entries oldest first; defaults fill symptoms and notes', async () => {
      const p = await fresh.store.createPatient(patientInput(), NURSE);
      const later = await fresh.store.addDiaryEntry(
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
      const earlier = await fresh.store.addDiaryEntry(
        { patientId: p.id, at: Date.UTC(2024, 0, 2, 9), date: '2024-01-02', spasmSeverity: 1 },
        PATIENT_ACTOR,
      );
      expect(earlier).toMatchObject({ symptoms: [], notes: '', createdBy: PATIENT_ACTOR.actor });
      expect(later).toMatchObject({ spasmSeverity: 3, symptoms: ['itching', 'fever'], date: '2024-01-03' });
      expect(await fresh.store.listDiaryEntries(p.id, NURSE)).toEqual([earlier, later]);
    });

    it('refuses a severity outside 0–4, an unknown symptom, a bad date, an unknown patient', async () => {
      const p = await fresh.store.createPatient(patientInput(), NURSE);
      const before = await auditCount(fresh.db.raw);
      const base = { patientId: p.id, at: Date.UTC(2024, 0, 2), date: '2024-01-02', spasmSeverity: 2 };
      for (const bad of [
        { ...base, spasmSeverity: 5 },
        { ...base, spasmSeverity: 1.5 },
        { ...base, symptoms: ['sneezing' as 'fever'] },
        { ...base, symptoms: ['fever' as const, 'fever' as const] },
        { ...base, date: '2024-13-40' },
      ]) {
        await expect(fresh.store.addDiaryEntry(bad, PATIENT_ACTOR)).rejects.toMatchObject({
          code: 'ITB_E_INVALID_INPUT',
        });
      }
      await expect(
        fresh.store.addDiaryEntry({ ...base, patientId: 'nobody' }, PATIENT_ACTOR),
      ).rejects.toMatchObject({
        code: 'ITB_E_CLINIC_NOT_FOUND',
      });
      expect(await auditCount(fresh.db.raw)).toBe(before);
      expect(await fresh.db.raw.all('select id from diary_entries')).toEqual([]);
    });

    it('audits each add and each list naming the actor; rows cannot be changed or deleted', async () => {
      const p = await fresh.store.createPatient(patientInput(), NURSE);
      const e = await fresh.store.addDiaryEntry(
        { patientId: p.id, at: Date.UTC(2024, 0, 2), date: '2024-01-02', spasmSeverity: 0 },
        PATIENT_ACTOR,
      );
      await fresh.store.listDiaryEntries(p.id, NURSE);
      const trail = await fresh.store.auditTrail({ entity: 'diary-entry' }, { actor: 'user:admin' });
      expect(trail.map((a) => [a.action, a.actor, a.entityId])).toEqual([
        ['create', PATIENT_ACTOR.actor, e.id],
        ['list', NURSE.actor, p.id],
      ]);
      await expect(fresh.db.raw.exec(`update diary_entries set body = '{}'`)).rejects.toThrow(/append-only/);
      await expect(fresh.db.raw.exec('delete from diary_entries')).rejects.toThrow(/append-only/);
      expect((await fresh.store.verifyAudit()).ok).toBe(true);
    });
  });
}
