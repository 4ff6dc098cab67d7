/**
 * The initial fill kept with the implant, and a pump replacement as one transaction, on SQLite and
 * PostgreSQL (migration 0007_pathway_initial_fill; docs/pathway.md "Initial fill", "Pump replacement").
 * Faults are injected between the replacement's steps — a refusal after the new implant is written, and a
 * database fault (a trigger) after the implant and the programme are written — and nothing half-done may stay.
 */
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../store-test-harness.ts';
import { useFreshStore } from '../fresh-store.test-support.ts';
import { DOCTOR, NURSE, auditCount, implantInput, patientInput } from '../store-test-fixtures.ts';
import type { PumpReplacementInput } from './pump-replacement.ts';

const T0 = Date.UTC(2024, 2, 1, 9);
const ML = 1_000_000;
const FILL = {
  drug: 'baclofen',
  concentrationNgPerMl: 500_000,
  volumeNl: 20 * ML,
  lot: 'LOT-1',
  at: T0,
} as const;
const RX = { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 500, doseMcgPerDay: 400 };

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(
    `initial fill and pump replacement — ${backend.skip ?? backend.name}`,
    () => {
      const fresh = useFreshStore(backend);

      /** A patient with a pump in place and its programme: what a replacement starts from. */
      async function implanted() {
        const p = await fresh.store.createPatient(patientInput(), NURSE);
        const old = await fresh.store.addImplant(implantInput(p.id, 'OLD-1', { initialFill: FILL }), DOCTOR);
        const rx = await fresh.store.appendPrescription(p.id, RX, {
          ...DOCTOR,
          expectedHeadId: null,
          implantId: old.id,
        });
        return { p, old, rx };
      }
      const replacement = (
        patientId: string,
        oldImplantId: string,
        headId: string | null,
      ): PumpReplacementInput => {
        const { patientId: owner, ...newPump } = implantInput(patientId, 'NEW-1', {
          implantDate: '2024-09-17',
          initialFill: { ...FILL, lot: 'LOT-2', at: T0 + 200 * 86_400_000 },
        });
        expect(owner).toBe(patientId);
        return {
          patientId,
          oldImplantId,
          at: T0 + 200 * 86_400_000,
          newPump,
          programme: { prescription: RX, expectedHeadId: headId },
          explant: { reason: 'battery-eri', catheter: 'kept', notes: 'catheter aspirated and primed' },
        };
      };
      async function nothingChanged(patientId: string, rxIds: string[]): Promise<void> {
        expect((await fresh.store.listImplants(patientId, DOCTOR)).map((i) => i.pumpSerial)).toEqual([
          'OLD-1',
        ]);
        expect((await fresh.store.prescriptionChain(patientId, DOCTOR)).map((r) => r.id)).toEqual(rxIds);
        expect(await fresh.store.listExplants(patientId, DOCTOR)).toEqual([]);
      }

      it('initial fill not stored with the implant: the fill round-trips with the implant; an overfill or an unlisted concentration is refused and changes nothing', async () => {
        const p = await fresh.store.createPatient(patientInput(), NURSE);
        const implant = await fresh.store.addImplant(
          implantInput(p.id, 'FILL-1', { initialFill: FILL }),
          DOCTOR,
        );
        expect(implant.initialFill).toEqual(FILL);
        expect((await fresh.store.getImplant(implant.id, DOCTOR)).initialFill).toEqual(FILL);
        const without = await fresh.store.addImplant(implantInput(p.id, 'FILL-0'), DOCTOR);
        expect(without.initialFill).toBeNull();
        const before = await auditCount(fresh.db.raw);
        await expect(
          fresh.store.addImplant(
            implantInput(p.id, 'FILL-2', { initialFill: { ...FILL, volumeNl: 21 * ML } }),
            DOCTOR,
          ),
        ).rejects.toMatchObject({ code: 'ITB_E_OUT_OF_RANGE' });
        await expect(
          fresh.store.addImplant(
            implantInput(p.id, 'FILL-3', { initialFill: { ...FILL, concentrationNgPerMl: 9_000_000 } }),
            DOCTOR,
          ),
        ).rejects.toMatchObject({ code: 'ITB_E_CONCENTRATION_NOT_IN_LIBRARY' });
        expect(await auditCount(fresh.db.raw)).toBe(before);
        expect((await fresh.store.listImplants(p.id, DOCTOR)).map((i) => i.pumpSerial).sort()).toEqual([
          'FILL-0',
          'FILL-1',
        ]);
      });

      it('pump replacement is not one transaction: the new implant, its programme and the old pump’s explant commit together', async () => {
        const { p, old, rx } = await implanted();
        const done = await fresh.store.replacePump(replacement(p.id, old.id, rx.id), DOCTOR);
        expect(done.implant).toMatchObject({ pumpSerial: 'NEW-1', initialFill: { lot: 'LOT-2' } });
        expect(done.prescription).toMatchObject({ priorId: rx.id, implantId: done.implant.id });
        expect(done.explant).toMatchObject({ implantId: old.id, replacementImplantId: done.implant.id });
        expect((await fresh.store.listImplants(p.id, DOCTOR)).map((i) => i.pumpSerial)).toEqual([
          'OLD-1',
          'NEW-1',
        ]);
        expect((await fresh.store.currentPrescription(p.id, DOCTOR))?.implantId).toBe(done.implant.id);
        // The old pump's history is kept.
        expect((await fresh.store.getImplant(old.id, DOCTOR)).initialFill).toEqual(FILL);
      });

      it('pump replacement is not one transaction: a refusal after the new implant is written (stale programme head) leaves nothing', async () => {
        const { p, old, rx } = await implanted();
        const before = await auditCount(fresh.db.raw);
        await expect(fresh.store.replacePump(replacement(p.id, old.id, null), DOCTOR)).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_STALE_HEAD',
        });
        expect(await auditCount(fresh.db.raw)).toBe(before);
        await nothingChanged(p.id, [rx.id]);
      });

      it('pump replacement is not one transaction: a database fault after the implant and the programme are written leaves nothing', async () => {
        const { p, old, rx } = await implanted();
        // The fault: the explant insert (the last step) fails inside the database.
        if (fresh.db.dialect === 'sqlite') {
          await fresh.db.raw.exec(
            `create trigger inject_fault before insert on explants begin select raise(abort, 'injected fault'); end`,
          );
        } else {
          await fresh.db.raw.exec(
            `create function inject_fault() returns trigger language plpgsql as $$ begin raise exception 'injected fault'; end $$`,
          );
          await fresh.db.raw.exec(
            `create trigger inject_fault before insert on explants for each row execute function inject_fault()`,
          );
        }
        const before = await auditCount(fresh.db.raw);
        await expect(fresh.store.replacePump(replacement(p.id, old.id, rx.id), DOCTOR)).rejects.toThrow();
        expect(await auditCount(fresh.db.raw)).toBe(before);
        await nothingChanged(p.id, [rx.id]);
        // Once the fault is gone the same replacement goes through whole.
        await fresh.db.raw.exec(
          fresh.db.dialect === 'sqlite'
            ? 'drop trigger inject_fault'
            : 'drop trigger inject_fault on explants',
        );
        await fresh.store.replacePump(replacement(p.id, old.id, rx.id), DOCTOR);
        expect((await fresh.store.listExplants(p.id, DOCTOR)).map((e) => e.implantId)).toEqual([old.id]);
      });

      it('a replacement without the new pump’s initial fill, or of a pump already explanted, is refused and changes nothing', async () => {
        const { p, old, rx } = await implanted();
        const r = replacement(p.id, old.id, rx.id);
        const before = await auditCount(fresh.db.raw);
        await expect(
          fresh.store.replacePump({ ...r, newPump: { ...r.newPump, initialFill: null } }, DOCTOR),
        ).rejects.toThrow(/initial fill/);
        expect(await auditCount(fresh.db.raw)).toBe(before);
        await fresh.store.recordExplant(
          {
            patientId: p.id,
            implantId: old.id,
            at: T0 + 86_400_000,
            reason: 'infection',
            catheter: 'removed',
            replacementImplantId: null,
          },
          DOCTOR,
        );
        const after = await auditCount(fresh.db.raw);
        await expect(fresh.store.replacePump(r, DOCTOR)).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_DUPLICATE',
        });
        expect(await auditCount(fresh.db.raw)).toBe(after);
        expect((await fresh.store.listImplants(p.id, DOCTOR)).map((i) => i.pumpSerial)).toEqual(['OLD-1']);
      });
    },
  );
}
