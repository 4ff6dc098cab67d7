/**
 * A patient's urgent diary entry raises a clinic alert (issue 12, item 6), on SQLite and PostgreSQL: the
 * entry and its alert are written in one transaction, both audited; a routine entry raises none; a
 * refused entry writes neither.
 */
import { describe, expect, it } from 'vitest';
import { BACKENDS } from './store-test-harness.ts';
import { useFreshStore } from './fresh-store.test-support.ts';
import { DOCTOR, NURSE, auditCount, implantInput, patientInput } from './store-test-fixtures.ts';

const PATIENT = { actor: 'user:patient-1' };
const AT = Date.UTC(2024, 0, 2, 9);
const ML = 1_000_000;

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(
    `urgent diary entries — ${backend.skip ?? backend.name}`,
    () => {
      const fresh = useFreshStore(backend);

      it('an urgent diary entry (fever, confusion) raises a critical withdrawal alert for the clinic', async () => {
        const p = await fresh.store.createPatient(patientInput(), NURSE);
        const entry = await fresh.store.addDiaryEntry(
          { patientId: p.id, at: AT, date: '2024-01-02', spasmSeverity: 4, symptoms: ['fever', 'confusion'] },
          PATIENT,
        );
        const alerts = await fresh.store.listAlerts({ patientId: p.id }, NURSE);
        expect(alerts).toHaveLength(1);
        expect(alerts[0]).toMatchObject({
          kind: 'withdrawal-risk',
          severity: 'critical',
          since: entry.at,
          state: 'open',
          createdBy: PATIENT.actor,
        });
        expect(alerts[0]?.message).toMatch(/fever, confusion/);
        const trail = await fresh.store.auditTrail({ actor: PATIENT.actor }, NURSE);
        expect(trail.map((e) => `${e.action} ${e.entity}`)).toEqual(['create diary-entry', 'create alert']);
      });

      it('a routine entry raises no alert; a refused entry writes neither entry nor alert', async () => {
        const p = await fresh.store.createPatient(patientInput(), NURSE);
        await fresh.store.addDiaryEntry(
          { patientId: p.id, at: AT, date: '2024-01-02', spasmSeverity: 1, symptoms: ['headache'] },
          PATIENT,
        );
        const before = await auditCount(fresh.db.raw);
        await expect(
          fresh.store.addDiaryEntry(
            { patientId: p.id, at: AT, date: '2024-13-02', spasmSeverity: 1, symptoms: ['fever'] },
            PATIENT,
          ),
        ).rejects.toMatchObject({ code: 'ITB_E_INVALID_INPUT' });
        expect(await auditCount(fresh.db.raw)).toBe(before);
        expect(await fresh.store.listAlerts({ patientId: p.id }, NURSE)).toEqual([]);
      });

      it('the diary asked “Spasms today (0–4)” of every patient: a morphine patient rates pain 0–10, is refused a spasm score or baclofen’s signs, and her opioid withdrawal signs raise the alert', async () => {
        const p = await fresh.store.createPatient(patientInput(), NURSE);
        const initialFill = {
          drug: 'morphine' as const,
          concentrationNgPerMl: 10_000_000,
          volumeNl: 18 * ML,
          lot: 'M-1',
          at: AT - 1,
        };
        await fresh.store.addImplant(implantInput(p.id, 'NGP-MORPH', { initialFill }), DOCTOR);
        const day = { patientId: p.id, at: AT, date: '2024-01-02' };
        const before = await auditCount(fresh.db.raw);
        const refused = [
          [{ spasmSeverity: 2, symptoms: [] }, 'rates painScore, not spasmSeverity'],
          [{ painScore: 5, spasmSeverity: 2, symptoms: [] }, 'rates painScore, not spasmSeverity'],
          [{ painScore: 5, symptoms: ['more-spasms' as const] }, 'does not ask about more-spasms'],
          [{ symptoms: [] }, 'rates painScore (0–10)'],
        ] as const;
        for (const [wrong, why] of refused) {
          const entry = { ...day, ...wrong, symptoms: [...wrong.symptoms] };
          await expect(fresh.store.addDiaryEntry(entry, PATIENT)).rejects.toMatchObject({
            code: 'ITB_E_INVALID_INPUT',
            message: `invalid diary entry: the diary of a patient on morphine ${why}`,
          });
        }
        expect(await auditCount(fresh.db.raw)).toBe(before);
        const entry = await fresh.store.addDiaryEntry(
          { ...day, painScore: 7, symptoms: ['restlessness', 'goose-bumps'] },
          PATIENT,
        );
        expect(entry).toMatchObject({ painScore: 7, symptoms: ['restlessness', 'goose-bumps'] });
        expect(entry.spasmSeverity).toBeUndefined();
        expect((await fresh.store.listDiaryEntries(p.id, NURSE)).map((e) => e.painScore)).toEqual([7]);
        const alerts = await fresh.store.listAlerts({ patientId: p.id }, NURSE);
        expect(alerts.map((a) => [a.kind, a.severity])).toEqual([['withdrawal-risk', 'warning']]);
      });
    },
  );
}
