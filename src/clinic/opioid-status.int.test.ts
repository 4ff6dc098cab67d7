/**
 * Finding (issue 13): the patient record had no field for opioid status, so the guardrails never knew
 * whether an opioid start was for a naive or a tolerant patient (docs/clinical-reference.md §2 [C: Infumorph
 * label, section 2]: naive 0.2–1 mg/day, tolerant 1–10 mg/day). Migration 0007_model_opioid_status adds it
 * on SQLite and PostgreSQL: unknown until recorded, audited when it changes, bad values refused.
 */
import { describe, expect, it } from 'vitest';
import { BACKENDS } from './store-test-harness.ts';
import { useFreshStore } from './fresh-store.test-support.ts';
import { DOCTOR, NURSE, auditCount, patientInput } from './store-test-fixtures.ts';

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`opioid status — ${backend.skip ?? backend.name}`, () => {
    const fresh = useFreshStore(backend);

    it('opioid status has no field on the patient: it is unknown until recorded, then read back and audited', async () => {
      const p = await fresh.store.createPatient(patientInput(1), NURSE);
      expect(p.opioidStatus).toBeNull();
      const tolerant = await fresh.store.setPatientOpioidStatus(p.id, 'tolerant', DOCTOR);
      expect(tolerant.opioidStatus).toBe('tolerant');
      expect((await fresh.store.getPatient(p.id, NURSE)).opioidStatus).toBe('tolerant');
      const audit = await fresh.db.raw.all(
        `select details from audit_log where action = 'update' and entity = 'patient'`,
      );
      expect(audit.map((r): unknown => JSON.parse(String(r['details'])))).toEqual([
        { opioidStatus: { from: null, to: 'tolerant' } },
      ]);
      expect((await fresh.store.setPatientOpioidStatus(p.id, null, DOCTOR)).opioidStatus).toBeNull();
      const registered = await fresh.store.createPatient(patientInput(2, { opioidStatus: 'naive' }), NURSE);
      expect((await fresh.store.getPatient(registered.id, NURSE)).opioidStatus).toBe('naive');
    });

    it('a status other than naive or tolerant is refused and changes nothing', async () => {
      const p = await fresh.store.createPatient(patientInput(1), NURSE);
      const before = await auditCount(fresh.db.raw);
      await expect(
        fresh.store.setPatientOpioidStatus(p.id, 'sometimes' as never, DOCTOR),
      ).rejects.toMatchObject({
        code: 'ITB_E_INVALID_INPUT',
      });
      await expect(
        fresh.store.setPatientOpioidStatus('no-such-patient', 'naive', DOCTOR),
      ).rejects.toMatchObject({
        code: 'ITB_E_CLINIC_NOT_FOUND',
      });
      expect(await auditCount(fresh.db.raw)).toBe(before);
      expect((await fresh.store.getPatient(p.id, NURSE)).opioidStatus).toBeNull();
      // The column's CHECK holds the values even for a write that bypasses the store.
      await expect(
        fresh.db.raw.exec(`update patients set opioid_status = 'sometimes' where id = '${p.id}'`),
      ).rejects.toThrow();
    });
  });
}
