/**
 * The first refill of a pump reconciled against the initial fill recorded with the implant
 * (initial-fill.ts `reconcileFirstRefill`), on SQLite and PostgreSQL: nothing went into the reservoir
 * between them, so a residual above the fill warns and needs a justification; later refills are not
 * compared with the fill.
 */
import { describe, expect, it } from 'vitest';
import { BACKENDS } from './store-test-harness.ts';
import { useFreshStore } from './fresh-store.test-support.ts';
import { DOCTOR, NURSE, continuous, implantInput, patientInput } from './store-test-fixtures.ts';

const ML = 1_000_000;
const FILLED = Date.UTC(2024, 5, 3, 10);
const DAY = 86_400_000;

describe.each(BACKENDS)('first refill after the initial fill ($name)', (backend) => {
  const fresh = useFreshStore(backend);

  /** A 20 mL pump implanted with a 10 mL initial fill of 2000 mcg/mL baclofen. */
  async function newPump() {
    const p = await fresh.store.createPatient(patientInput(), NURSE);
    const implant = await fresh.store.addImplant(
      implantInput(p.id, 'NGP-FIRST', {
        implantDate: '2024-06-03',
        initialFill: {
          drug: 'baclofen',
          concentrationNgPerMl: 2_000_000,
          volumeNl: 10 * ML,
          lot: 'IF-1',
          at: FILLED,
        },
      }),
      DOCTOR,
    );
    await fresh.store.appendPrescription(p.id, continuous(300, 2000), { ...DOCTOR, expectedHeadId: null });
    const refill = (day: number, residualMl: number, justification: string | null = null) => ({
      patientId: p.id,
      implantId: implant.id,
      at: FILLED + day * DAY,
      expectedResidualNl: residualMl * ML,
      measuredResidualNl: residualMl * ML,
      drug: 'baclofen' as const,
      concentrationNgPerMl: 2_000_000,
      lot: `L${day}`,
      volumeAddedNl: 18 * ML,
      justification,
    });
    return { p, refill };
  }

  it.skipIf(backend.skip !== undefined)(
    'the first refill after the implant was reconciled against nothing: a residual above the initial fill warns and needs a justification',
    async () => {
      const { p, refill } = await newPump();
      // The pump's count and the drained volume agree with each other, but 18 mL cannot be left of 10 mL.
      await expect(fresh.store.recordRefill(refill(40, 18), NURSE)).rejects.toMatchObject({
        code: 'ITB_E_CLINIC_JUSTIFICATION_REQUIRED',
      });
      expect(await fresh.store.listRefills(p.id, NURSE)).toEqual([]);
      const first = await fresh.store.recordRefill(
        refill(40, 18, 'fill record checked: 18 mL at implant'),
        NURSE,
      );
      expect(first.reconciliation.verdict).toBe('warn');
      expect(first.reconciliation.reasons.map((r) => r.code)).toContain(
        'ITB_R_CLINIC_RESIDUAL_ABOVE_INITIAL_FILL',
      );
      // The second refill follows the first one's fill, not the initial fill.
      const second = await fresh.store.recordRefill(refill(80, 17), NURSE);
      expect(second.reconciliation.verdict).toBe('ok');
    },
  );

  it.skipIf(backend.skip !== undefined)(
    'a first refill whose residual is what delivery left of the initial fill reconciles',
    async () => {
      const { refill } = await newPump();
      const first = await fresh.store.recordRefill(refill(20, 4), NURSE);
      expect(first.reconciliation.verdict).toBe('ok');
      expect(first.reconciliation.reasons.map((r) => r.code)).toEqual(['ITB_R_RESIDUAL_WITHIN_TOLERANCE']);
    },
  );
});
