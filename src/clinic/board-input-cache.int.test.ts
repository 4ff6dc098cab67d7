/**
 * The parsed board input cache (board-input-cache.ts), on SQLite and PostgreSQL: a page after a write shows
 * the write, and two stores in one process with the same patient ids never see each other's input.
 */
import { describe, expect, it } from 'vitest';
import { isBoardFailure } from './board-row-failure.ts';
import { parsedBoardInput } from './board-input-cache.ts';
import { BACKENDS } from './store-test-harness.ts';
import { useFreshStore } from './fresh-store.test-support.ts';
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

describe('parsed board input cache', () => {
  it('keyed by the stored text: the same patient id with another input is parsed afresh, and what it serves cannot be altered', () => {
    const a = parsedBoardInput(
      'cache-p',
      JSON.stringify({ patient: { id: 'cache-p', name: 'A' }, failure: 'x' }),
    );
    const b = parsedBoardInput(
      'cache-p',
      JSON.stringify({ patient: { id: 'cache-p', name: 'B' }, failure: 'x' }),
    );
    expect([a.patient.name, b.patient.name]).toEqual(['A', 'B']);
    expect(() => {
      (b.patient as { name: string }).name = 'C';
    }).toThrow(TypeError);
  });
});

describe.each(BACKENDS)('parsed board input cache ($name)', (backend) => {
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
