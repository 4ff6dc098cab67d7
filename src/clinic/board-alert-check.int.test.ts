/**
 * The board-alert check that runs before every board and alerts read (alert-board-state.ts
 * `boardAlertWork`), on SQLite and PostgreSQL: it reads only the patients whose EMPTY alerts must change,
 * from the open-alert columns stored beside each board row (migration 0009_board_empty_alerts).
 */
import { describe, expect, it } from 'vitest';
import { BOARD_ALERTS_ACTOR } from './alert-board-state.ts';
import { BACKENDS } from './store-test-harness.ts';
import { useFreshStore } from './fresh-store.test-support.ts';
import { DOCTOR, NURSE, continuous, implantInput, patientInput } from './store-test-fixtures.ts';

const T0 = Date.UTC(2024, 0, 1);

describe.each(BACKENDS)('board-alert check ($name)', (backend) => {
  const fresh = useFreshStore(backend);

  /** A patient whose pump ran empty long before the store's clock (2025). */
  async function emptyPump(n: number): Promise<string> {
    const p = await fresh.store.createPatient(patientInput(n), NURSE);
    const imp = await fresh.store.addImplant(implantInput(p.id, `E-${n}`), DOCTOR);
    await fresh.store.appendPrescription(p.id, continuous(400, 2000), { ...DOCTOR, expectedHeadId: null });
    await fresh.store.recordRefill(
      {
        patientId: p.id,
        implantId: imp.id,
        at: T0,
        expectedResidualNl: 3_000_000,
        measuredResidualNl: 3_000_000,
        drug: 'baclofen',
        concentrationNgPerMl: 2_000_000,
        lot: 'L1',
        volumeAddedNl: 12_000_000,
      },
      NURSE,
    );
    return p.id;
  }

  it.skipIf(backend.skip !== undefined)(
    'board-alert read-first check: once every empty pump carries its EMPTY alert, a board read reads no patient’s records',
    async () => {
      const ids = [await emptyPump(1), await emptyPump(2)];
      await fresh.store.syncBoardAlerts(BOARD_ALERTS_ACTOR);
      const alerts = await fresh.store.listAlerts({ openOnly: true }, NURSE);
      expect(
        alerts
          .filter((a) => a.cause?.kind === 'board-empty')
          .map((a) => a.patientId)
          .sort(),
      ).toEqual([...ids].sort());
      // A patient record the board cannot read: the check would fail on it if it read it at all.
      await fresh.db.raw.exec(`update patients set high_risk = 'not json' where id = '${ids[0]}'`);
      await expect(fresh.store.syncBoardAlerts(BOARD_ALERTS_ACTOR)).resolves.toBeUndefined();
      const page = await fresh.store.boardPage(
        { page: 1, limit: 10, sort: 'risk', filters: [] },
        Date.UTC(2025, 6, 1),
        NURSE,
      );
      expect(page.records.map((r) => r.patient.id).sort()).toEqual([...ids].sort());
    },
  );

  it.skipIf(backend.skip !== undefined)(
    'the check still finds the work: it raises for an empty pump without its alert and closes a board alert the pump no longer needs',
    async () => {
      const [a, b] = [await emptyPump(1), await emptyPump(2)];
      const boardEmpty = async () =>
        (await fresh.store.listAlerts({ openOnly: true }, NURSE))
          .filter((x) => x.cause?.kind === 'board-empty')
          .map((x) => x.patientId)
          .sort();
      await fresh.store.syncBoardAlerts(BOARD_ALERTS_ACTOR, a);
      expect(await boardEmpty()).toEqual([a]);
      await fresh.store.syncBoardAlerts(BOARD_ALERTS_ACTOR);
      expect(await boardEmpty()).toEqual([a, b].sort());
      // The pump's own EMPTY report for b: the board's alert gives way to it (one critical EMPTY alert).
      await fresh.store.raiseAlert(
        {
          patientId: b,
          kind: 'pump-alarm',
          severity: 'critical',
          message: 'pump reports the reservoir empty',
          since: Date.UTC(2024, 5, 1),
          condition: 'empty-reservoir',
        },
        NURSE,
      );
      await fresh.store.syncBoardAlerts(BOARD_ALERTS_ACTOR);
      expect(await boardEmpty()).toEqual([a]);
    },
  );
});
