/**
 * The stored board rows' two hazards, on SQLite and PostgreSQL (when ITB_TEST_PG_URL is set):
 * - a board cache must never block a clinical write: a patient whose row cannot be computed still has
 *   the write committed, and the stored row says so and sorts into the top tier (board-row-failure.ts);
 * - rows go stale when the rules change: opening the store rebuilds them when the stored rules version
 *   differs from the code's (board-rules-version.ts).
 */
import { describe, expect, it } from 'vitest';
import { boardRowOrFailure, isBoardFailure } from './board-row-failure.ts';
import { boardRowColumns } from './board-rows.ts';
import { BOARD_RULES_VERSION } from './board-rules-version.ts';
import type { ClinicStore } from './store.ts';
import { BACKENDS } from './store-test-harness.ts';
import { useFreshStore } from './fresh-store.test-support.ts';
import { DOCTOR, NURSE, continuous, implantInput, patientInput } from './store-test-fixtures.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

/** A patient with an implant, a prescription and, unless `refill` is false, a refill on day 300. */
async function patient(store: ClinicStore, n: number, refill = true) {
  const p = await store.createPatient(patientInput(n), NURSE);
  const implant = await store.addImplant(implantInput(p.id, `SN-${n}`), DOCTOR);
  await store.appendPrescription(p.id, continuous(300, 2000), { ...DOCTOR, expectedHeadId: null });
  if (refill) await refill300(store, p.id, implant.id, 'L1');
  return { id: p.id, implant: implant.id };
}

const refill300 = (store: ClinicStore, patientId: string, implantId: string, lot: string) =>
  store.recordRefill(
    {
      patientId,
      implantId,
      at: T0 + 300 * DAY,
      expectedResidualNl: 3_000_000,
      measuredResidualNl: 3_000_000,
      drug: 'baclofen',
      concentrationNgPerMl: 2_000_000,
      lot,
      volumeAddedNl: 15_000_000,
      justification: null,
    },
    NURSE,
  );

describe.each(BACKENDS)('stored board row hazards ($name)', (backend) => {
  const fresh = useFreshStore(backend);

  it.skipIf(backend.skip !== undefined)(
    'a patient whose board row cannot be computed still gets their refill recorded and shows at the top of the board',
    async () => {
      // Two patients well in hand, named so that they would sort before the patient at risk by name.
      await patient(fresh.store, 1);
      await patient(fresh.store, 2);
      const atRisk = await patient(fresh.store, 9, false);
      const alert = await fresh.store.raiseAlert(
        {
          patientId: atRisk.id,
          kind: 'pump-alarm',
          severity: 'warning',
          message: 'low reservoir',
          since: T0,
        },
        NURSE,
      );
      const [{ body } = {}] = await fresh.db.raw.all(`select body from alerts where id = '${alert.id}'`);
      // A record the board reads is corrupt (altered behind the store's back): the projection throws.
      await fresh.db.raw.exec(`update alerts set body = 'not json' where id = '${alert.id}'`);

      const refill = await refill300(fresh.store, atRisk.id, atRisk.implant, 'L9');
      expect((await fresh.store.listRefills(atRisk.id, NURSE)).map((r) => r.id)).toContain(refill.id);

      const now = T0 + 301 * DAY;
      const page = await fresh.store.boardPage({ page: 1, limit: 10, sort: 'risk', filters: [] }, now, NURSE);
      expect(page.total).toBe(3);
      const first = page.records[0];
      expect(first?.patient.id).toBe(atRisk.id);
      expect(first !== undefined && isBoardFailure(first)).toBe(true);
      if (first === undefined) return;
      const row = boardRowOrFailure(first, now);
      expect(row).toMatchObject({ patientId: atRisk.id, overdue: true, status: 'unknown', verdict: 'block' });
      expect(row.reasons[0]?.code).toBe('ITB_R_BOARD_NOT_COMPUTED');
      expect(row.reasons[0]?.message).toMatch(
        /^board row could not be computed: ITB_E_CLINIC_CORRUPT_RECORD: alert .* stored JSON does not parse$/,
      );
      // The others' rows are computed as before, after the patient at risk.
      for (const e of page.records.slice(1)) expect(isBoardFailure(e)).toBe(false);
      const overdue = await fresh.store.boardPage(
        { page: 1, limit: 10, sort: 'risk', filters: ['overdue'] },
        now,
        NURSE,
      );
      expect(overdue.records.map((e) => e.patient.id)).toEqual([atRisk.id]);

      // The failure is audited with the write that met it, and the view names the row it showed.
      const audited = await fresh.db.raw.all(
        "select actor, entity_id, details from audit_log where action = 'board-row-failed'",
      );
      expect(audited).toHaveLength(1);
      expect(audited[0]).toMatchObject({ actor: NURSE.actor, entity_id: atRisk.id });
      expect(String(audited[0]?.['details'])).toContain('stored JSON does not parse');
      const [view] = await fresh.db.raw.all(
        "select details from audit_log where entity = 'board' order by seq desc limit 1",
      );
      expect(JSON.parse(String(view?.['details']))).toMatchObject({ notComputed: [atRisk.id] });

      // A rebuild of every row (the migration's backfill, a change of rules) meets the same patient and
      // still completes, with the failure row for that patient only.
      expect(await fresh.store.rebuildBoardRows()).toBe(3);
      const rebuilt = await fresh.store.boardPage(
        { page: 1, limit: 10, sort: 'risk', filters: [] },
        now,
        NURSE,
      );
      expect(rebuilt.records.filter(isBoardFailure).map((e) => e.patient.id)).toEqual([atRisk.id]);

      // Repaired records: the next write computes the row again.
      await fresh.db.raw.exec(`update alerts set body = '${String(body)}' where id = '${alert.id}'`);
      await fresh.store.resolveAlert(alert.id, 'refilled', NURSE);
      const repaired = await fresh.store.boardPage(
        { page: 1, limit: 10, sort: 'risk', filters: [] },
        now,
        NURSE,
      );
      expect(repaired.records.some(isBoardFailure)).toBe(false);
    },
  );

  it.skipIf(backend.skip !== undefined)(
    'rows go stale when the rules change: opening the store rebuilds them when the stored rules version differs',
    async () => {
      const a = await patient(fresh.store, 1);
      await patient(fresh.store, 2);
      const [version] = await fresh.db.raw.all('select version from board_rules_version');
      expect(version?.['version']).toBe(BOARD_RULES_VERSION);

      // Rows computed under other rules: a stored row that today's rules would not write.
      const stale = "update board_rows set name = 'stale', high_risk = 1, refill_by = null";
      await fresh.db.raw.exec(stale);
      await fresh.db.raw.exec("update board_rules_version set version = 'rules of an older itb'");
      await fresh.store.close();
      fresh.store = await fresh.db.open();
      const records = await fresh.store.boardRecords(NURSE);
      const rows = await fresh.db.raw.all('select * from board_rows order by patient_id');
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        const rec = records.find((r) => r.patient.id === row['patient_id']);
        expect(rec).toBeDefined();
        if (rec === undefined) return;
        const want = boardRowColumns(rec, Number(row['computed_at']));
        expect([row['name'], Number(row['high_risk'])]).toEqual([want.name, want.high_risk]);
        expect(row['refill_by'] === null ? null : Number(row['refill_by'])).toBe(want.refill_by);
      }
      expect((await fresh.db.raw.all('select version from board_rules_version'))[0]?.['version']).toBe(
        BOARD_RULES_VERSION,
      );

      // Under the same rules, opening rebuilds nothing (the open stays cheap on a large clinic).
      await fresh.db.raw.exec(`${stale} where patient_id = '${a.id}'`);
      await fresh.store.close();
      fresh.store = await fresh.db.open();
      const [kept] = await fresh.db.raw.all(`select name from board_rows where patient_id = '${a.id}'`);
      expect(kept?.['name']).toBe('stale');
    },
  );
});
