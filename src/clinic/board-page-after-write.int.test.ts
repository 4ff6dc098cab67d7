/**
 * A board page after a write shows the write, on SQLite and PostgreSQL: each page parses the stored input
 * it reads (board_records, written in the write's own transaction), so no copy kept between pages can be
 * out of date.
 */
import { describe, expect, it } from 'vitest';
import { isBoardFailure } from './board-row-failure.ts';
import { useFreshStore } from './fresh-store.test-support.ts';
import { BACKENDS } from './store-test-harness.ts';
import { DOCTOR, NURSE, continuous, implantInput, patientInput } from './store-test-fixtures.ts';

const T0 = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;

const refill = (patientId: string, implantId: string, at: number, lot: string) => ({
  patientId,
  implantId,
  at,
  expectedResidualNl: 3_000_000,
  measuredResidualNl: 3_000_000,
  drug: 'baclofen' as const,
  concentrationNgPerMl: 2_000_000,
  lot,
  volumeAddedNl: 15_000_000,
});

describe.each(BACKENDS)('board page after a write ($name)', (backend) => {
  const fresh = useFreshStore(backend);

  it.skipIf(backend.skip !== undefined)('a write is seen by the next page', async () => {
    const p = await fresh.store.createPatient(patientInput(1), NURSE);
    const imp = await fresh.store.addImplant(implantInput(p.id, 'C-1'), DOCTOR);
    await fresh.store.appendPrescription(p.id, continuous(400, 2000), { ...DOCTOR, expectedHeadId: null });
    await fresh.store.recordRefill(refill(p.id, imp.id, T0, 'L1'), NURSE);
    const q = { page: 1, limit: 10, sort: 'risk', filters: [] } as const;
    const refillsShown = async () => {
      const [e] = (await fresh.store.boardPage(q, T0 + 60 * DAY, NURSE)).records;
      return e === undefined || isBoardFailure(e) ? [] : e.refills.map((r) => r.lot);
    };
    expect(await refillsShown()).toEqual(['L1']);
    await fresh.store.recordRefill(refill(p.id, imp.id, T0 + 50 * DAY, 'L2'), NURSE);
    expect(await refillsShown()).toEqual(['L1', 'L2']);
  });
});
