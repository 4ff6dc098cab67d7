/**
 * A board page after a write shows the write, on SQLite and PostgreSQL: each page parses the stored input
 * it reads (board_records, written in the write's own transaction), so no copy kept between pages can be
 * out of date.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBoardFailure } from './board-row-failure.ts';
import type { ClinicStore } from './store.ts';
import { BACKENDS, type FreshDb } from './store-test-harness.ts';
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
  let db: FreshDb;
  let store: ClinicStore;
  beforeEach(async () => {
    if (backend.skip !== undefined) return;
    db = await backend.fresh();
    store = await db.open();
  });
  afterEach(async () => {
    if (backend.skip !== undefined) return;
    await store.close();
    await db.dispose();
  });

  it.skipIf(backend.skip !== undefined)('a write is seen by the next page', async () => {
    const p = await store.createPatient(patientInput(1), NURSE);
    const imp = await store.addImplant(implantInput(p.id, 'C-1'), DOCTOR);
    await store.appendPrescription(p.id, continuous(400, 2000), { ...DOCTOR, expectedHeadId: null });
    await store.recordRefill(refill(p.id, imp.id, T0, 'L1'), NURSE);
    const q = { page: 1, limit: 10, sort: 'risk', filters: [] } as const;
    const refillsShown = async () => {
      const [e] = (await store.boardPage(q, T0 + 60 * DAY, NURSE)).records;
      return e === undefined || isBoardFailure(e) ? [] : e.refills.map((r) => r.lot);
    };
    expect(await refillsShown()).toEqual(['L1']);
    await store.recordRefill(refill(p.id, imp.id, T0 + 50 * DAY, 'L2'), NURSE);
    expect(await refillsShown()).toEqual(['L1', 'L2']);
  });
});
