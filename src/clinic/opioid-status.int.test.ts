/**
 * Finding (issue 13): the patient record had no field for opioid status, so the guardrails never knew
 * whether an opioid start was for a naive or a tolerant patient (docs/clinical-reference.md §2 [C: Infumorph
 * label, section 2]: naive 0.2–1 mg/day, tolerant 1–10 mg/day). Migration 0007_model_opioid_status adds it
 * on SQLite and PostgreSQL: unknown until recorded, audited when it changes, bad values refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedStore } from './open-store.ts';
import { BACKENDS, type FreshDb } from './store-test-harness.ts';
import { DOCTOR, NURSE, auditCount, patientInput } from './store-test-fixtures.ts';

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`opioid status — ${backend.skip ?? backend.name}`, () => {
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

    it('opioid status has no field on the patient: it is unknown until recorded, then read back and audited', async () => {
      const p = await store.createPatient(patientInput(1), NURSE);
      expect(p.opioidStatus).toBeNull();
      const tolerant = await store.setPatientOpioidStatus(p.id, 'tolerant', DOCTOR);
      expect(tolerant.opioidStatus).toBe('tolerant');
      expect((await store.getPatient(p.id, NURSE)).opioidStatus).toBe('tolerant');
      const audit = await db.raw.all(
        `select details from audit_log where action = 'update' and entity = 'patient'`,
      );
      expect(audit.map((r): unknown => JSON.parse(String(r['details'])))).toEqual([
        { opioidStatus: { from: null, to: 'tolerant' } },
      ]);
      expect((await store.setPatientOpioidStatus(p.id, null, DOCTOR)).opioidStatus).toBeNull();
      const registered = await store.createPatient(patientInput(2, { opioidStatus: 'naive' }), NURSE);
      expect((await store.getPatient(registered.id, NURSE)).opioidStatus).toBe('naive');
    });

    it('a status other than naive or tolerant is refused and changes nothing', async () => {
      const p = await store.createPatient(patientInput(1), NURSE);
      const before = await auditCount(db.raw);
      await expect(store.setPatientOpioidStatus(p.id, 'sometimes' as never, DOCTOR)).rejects.toMatchObject({
        code: 'ITB_E_INVALID_INPUT',
      });
      await expect(store.setPatientOpioidStatus('no-such-patient', 'naive', DOCTOR)).rejects.toMatchObject({
        code: 'ITB_E_CLINIC_NOT_FOUND',
      });
      expect(await auditCount(db.raw)).toBe(before);
      expect((await store.getPatient(p.id, NURSE)).opioidStatus).toBeNull();
      // The column's CHECK holds the values even for a write that bypasses the store.
      await expect(
        db.raw.exec(`update patients set opioid_status = 'sometimes' where id = '${p.id}'`),
      ).rejects.toThrow();
    });
  });
}
