/**
 * The stored board rows (board-rows.ts) and the paged read (board-page.ts), on SQLite and PostgreSQL:
 * - model test: after any sequence of writes (patients, implants, catheter revisions, prescriptions,
 *   refills, interrogations, alerts raised, acknowledged, resolved), every stored row equals the
 *   projection recomputed from the records — the cache never goes stale;
 * - the page's order and filters are the board's own (risk-board.ts `riskBoard`) at any instant;
 * - a board view audits only the rows it shows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyAlertColumns } from './alert-board-state.ts';
import { BOARD_FILTERS, type BoardFilter } from './board-page.ts';
import { boardRowColumns } from './board-rows.ts';
import { epochMs } from '../therapy/quantities.ts';
import { pathwayView } from './pathway/pathway-view.ts';
import { boardTier, riskBoard, type BoardRow } from './risk-board.ts';
import type { ClinicStore } from './store.ts';
import { BACKENDS } from './store-test-harness.ts';
import { useFreshStore } from './fresh-store.test-support.ts';
import { DOCTOR, NURSE, continuous, implantInput, patientInput } from './store-test-fixtures.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

/** One write, over patient slot `p` (0–2) and a few free numbers the write draws its values from. */
type Op =
  | { kind: 'implant'; p: number }
  | { kind: 'catheter'; p: number; n: number }
  | { kind: 'rx'; p: number; n: number }
  | { kind: 'refill'; p: number; day: number; n: number; discrepant: boolean }
  | { kind: 'session'; p: number; day: number; n: number; volume: boolean; eri: boolean }
  | {
      kind: 'alert';
      p: number;
      critical: boolean;
      condition: 'eri' | 'empty-reservoir' | 'motor-stall' | 'eos' | null;
      day: number;
    }
  | { kind: 'ack'; p: number }
  | { kind: 'resolve'; p: number };

const slot = fc.integer({ min: 0, max: 2 });
const day = fc.integer({ min: 0, max: 330 });
const n = fc.integer({ min: 0, max: 9 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('implant' as const), p: slot }),
  fc.record({ kind: fc.constant('catheter' as const), p: slot, n }),
  fc.record({ kind: fc.constant('rx' as const), p: slot, n }),
  fc.record({ kind: fc.constant('refill' as const), p: slot, day, n, discrepant: fc.boolean() }),
  fc.record({
    kind: fc.constant('session' as const),
    p: slot,
    day,
    n,
    volume: fc.boolean(),
    eri: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('alert' as const),
    p: slot,
    critical: fc.boolean(),
    condition: fc.constantFrom(
      'eri' as const,
      'empty-reservoir' as const,
      'motor-stall' as const,
      'eos' as const,
      null,
    ),
    day,
  }),
  fc.record({ kind: fc.constant('ack' as const), p: slot }),
  fc.record({ kind: fc.constant('resolve' as const), p: slot }),
);

interface Slot {
  readonly id: string;
  implant?: string;
  head: string | null;
  alerts: string[];
}

/** Applies one write; a write the store refuses (bad for this state) must leave the rows as they were. */
async function apply(store: ClinicStore, s: Slot, op: Op): Promise<void> {
  const at = (d: number) => T0 + d * DAY;
  try {
    switch (op.kind) {
      case 'implant':
        s.implant = (await store.addImplant(implantInput(s.id, `S-${s.id}-${Math.random()}`), DOCTOR)).id;
        return;
      case 'catheter':
        if (s.implant === undefined) return;
        await store.replaceCatheter(
          s.implant,
          { model: '8709SC', lengthMm: 400 + op.n, volumeNl: 100_000 + op.n, tipLevel: 'T9' },
          DOCTOR,
        );
        return;
      case 'rx':
        s.head = (
          await store.appendPrescription(s.id, continuous(300 + 40 * op.n, 2000), {
            ...DOCTOR,
            expectedHeadId: s.head,
          })
        ).id;
        return;
      case 'refill':
        if (s.implant === undefined) return;
        await store.recordRefill(
          {
            patientId: s.id,
            implantId: s.implant,
            at: at(op.day),
            expectedResidualNl: 3_000_000,
            measuredResidualNl: op.discrepant ? 1_000_000 : 3_000_000,
            drug: 'baclofen',
            concentrationNgPerMl: 2_000_000,
            lot: `L${op.n}`,
            volumeAddedNl: 12_000_000 + op.n * 1_000_000,
            justification: op.discrepant ? 'catheter checked, refilled per protocol' : null,
          },
          NURSE,
        );
        return;
      case 'session': {
        if (s.implant === undefined) return;
        const interrogation: Record<string, number | boolean> = { batteryEri: op.eri };
        if (op.volume) interrogation['reservoirNl'] = 1_000_000 + op.n * 1_500_000;
        await store.recordProgrammingSession(
          { patientId: s.id, implantId: s.implant, at: at(op.day), interrogation, diff: [] },
          DOCTOR,
        );
        return;
      }
      case 'alert':
        s.alerts.push(
          (
            await store.raiseAlert(
              {
                patientId: s.id,
                kind: op.condition === 'eri' || op.condition === 'eos' ? 'battery-eri' : 'pump-alarm',
                severity: op.critical ? 'critical' : 'warning',
                message: 'pump reported a condition',
                since: at(op.day),
                ...(op.condition === null ? {} : { condition: op.condition }),
              },
              NURSE,
            )
          ).id,
        );
        return;
      case 'ack':
      case 'resolve': {
        const a = s.alerts.at(-1);
        if (a === undefined) return;
        if (op.kind === 'ack') await store.acknowledgeAlert(a, 'seen, calling the patient', NURSE);
        else {
          await store.resolveAlert(a, 'handled', NURSE);
          s.alerts.pop();
        }
        return;
      }
    }
  } catch (error) {
    // Refusals (an already acknowledged alert, an out-of-range time) are part of the model: the check
    // below still holds after them.
    if (!(error instanceof Error) || !/ITB_E_/.test(String((error as { code?: string }).code))) throw error;
  }
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

describe.each(BACKENDS)('stored board rows ($name)', (backend) => {
  const fresh = useFreshStore(backend);

  /** Every stored row equals boardRowColumns over the full read's records, at the row's computed_at. */
  async function expectRowsFresh(): Promise<void> {
    const records = await fresh.store.boardRecords(NURSE);
    const stored = await fresh.db.raw.all(
      'select b.*, r.records from board_rows b join board_records r on r.patient_id = b.patient_id',
    );
    expect(stored.length).toBe(records.length);
    const byId = new Map(stored.map((r) => [String(r['patient_id']), r]));
    for (const rec of records) {
      const row = byId.get(rec.patient.id);
      expect(row, `stored row of ${rec.patient.id}`).toBeDefined();
      if (row === undefined) return;
      const { records: json, ...want } = boardRowColumns(rec, Number(row['computed_at']));
      expect(JSON.parse(String(row['records']))).toEqual(JSON.parse(json));
      // PostgreSQL's raw client returns BIGINT as text: compare numbers as numbers.
      // The open EMPTY alerts beside the row (alert-board-state.ts), which the board-alert check selects by.
      for (const [k, v] of Object.entries({ ...want, ...emptyAlertColumns(rec.openAlerts) })) {
        expect([k, typeof v === 'number' ? num(row[k]) : row[k]]).toEqual([k, v]);
      }
    }
  }

  it.skipIf(backend.skip !== undefined)(
    'the stored board row equals the projection recomputed from the records after any sequence of writes',
    async () => {
      let round = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), async (ops) => {
          round++;
          const slots: Slot[] = [];
          for (let i = 0; i < 3; i++) {
            const p = await fresh.store.createPatient(
              patientInput(round * 10 + i, {
                highRisk: { injuryAtT6OrAbove: i === 0, cannotCommunicate: false, priorWithdrawal: false },
              }),
              NURSE,
            );
            slots.push({ id: p.id, head: null, alerts: [] });
          }
          for (const op of ops) await apply(fresh.store, slots[op.p] as Slot, op);
          await expectRowsFresh();
          // The migration's backfill (rebuildBoardRows) writes the same rows from the records alone.
          if (round % 5 === 0) {
            await fresh.db.raw.exec('delete from board_records; delete from board_rows');
            await fresh.store.rebuildBoardRows();
            await expectRowsFresh();
          }
        }),
        { numRuns: backend.name === 'sqlite' ? 25 : 12, seed: 20_261_202 },
      );
    },
    240_000,
  );

  it.skipIf(backend.skip !== undefined)(
    "the board page is in the risk board's order at any instant, with each filter, and pages slice it",
    async () => {
      const slots: Slot[] = [];
      for (let i = 0; i < 8; i++) {
        const p = await fresh.store.createPatient(
          patientInput(i, {
            highRisk: { injuryAtT6OrAbove: i % 3 === 0, cannotCommunicate: false, priorWithdrawal: false },
          }),
          NURSE,
        );
        slots.push({ id: p.id, head: null, alerts: [] });
      }
      const ops =
        fc.sample(fc.array(opArb, { minLength: 60, maxLength: 60 }), { numRuns: 1, seed: 7 })[0] ?? [];
      for (const s of slots) await apply(fresh.store, s, { kind: 'implant', p: 0 });
      for (const [i, s] of slots.entries())
        if (i % 4 !== 3) await apply(fresh.store, s, { kind: 'rx', p: 0, n: i });
      for (const op of ops) await apply(fresh.store, slots[(op.p * 3 + ops.indexOf(op)) % 8] as Slot, op);
      const records = await fresh.store.boardRecords(NURSE);
      // The pathway's filter reads the pathway's records too: pathway/board-pathway.int.test.ts.
      const keep: Record<Exclude<BoardFilter, 'pathway-due'>, (r: BoardRow) => boolean> = {
        // The top tier: refill overdue, empty, unknown, past the projected EOS or inside the replacement
        // margin before it, or reporting no delivery.
        overdue: (r) => boardTier(r) === 0,
        'high-risk': (r) => r.highRisk,
        eri: (r) => r.battery?.eri === true || r.eosPassed || r.replacementOverdue,
        alerts: (r) => r.openAlerts.count > 0,
      };
      for (let d = 0; d <= 600; d += 9) {
        const now = T0 + d * DAY + (d % 5) * 3_600_000;
        const board = riskBoard(records, now);
        const page = await fresh.store.boardPage(
          { page: 1, limit: 500, sort: 'risk', filters: [] },
          now,
          NURSE,
        );
        expect(page.records.map((r) => r.patient.id)).toEqual(board.map((r) => r.patientId));
        for (const f of BOARD_FILTERS.filter((x) => x !== 'pathway-due')) {
          const only = await fresh.store.boardPage(
            { page: 1, limit: 500, sort: 'risk', filters: [f] },
            now,
            NURSE,
          );
          expect([f, only.records.map((r) => r.patient.id)]).toEqual([
            f,
            board.filter(keep[f]).map((r) => r.patientId),
          ]);
          expect(only.total).toBe(board.filter(keep[f]).length);
        }
        // The reminders' refills: the rows the former whole-board read listed, in the same order.
        const until = now + (d % 30) * DAY;
        const due = await fresh.store.reminders({ page: 1, limit: 500, until }, now, NURSE);
        expect(due.records.map((r) => r.patient.id)).toEqual(
          board
            .filter((r) => r.overdue || (r.refillBy !== null && r.refillBy < until))
            .map((r) => r.patientId),
        );
        const second = await fresh.store.boardPage(
          { page: 2, limit: 3, sort: 'risk', filters: [] },
          now,
          NURSE,
        );
        expect(second.records.map((r) => r.patient.id)).toEqual(board.slice(3, 6).map((r) => r.patientId));
      }
      const byName = await fresh.store.boardPage(
        { page: 1, limit: 500, sort: 'name', filters: [] },
        T0,
        NURSE,
      );
      expect(byName.records.map((r) => r.patient.name)).toEqual(records.map((r) => r.patient.name));
    },
    240_000,
  );

  it.skipIf(backend.skip !== undefined)(
    'a pump whose projected EOS had passed sorted by its refill-by date, not with the overdue, although it never reported ERI: the page and the in-memory board put it in the top tier and the overdue and ERI filters',
    async () => {
      const day = 200;
      const pumps: string[] = [];
      for (const [i, highRisk] of [
        [0, false],
        [1, true],
      ] as const) {
        const p = await fresh.store.createPatient(
          patientInput(50 + i, {
            highRisk: { injuryAtT6OrAbove: highRisk, cannotCommunicate: false, priorWithdrawal: false },
          }),
          NURSE,
        );
        const s: Slot = { id: p.id, head: null, alerts: [] };
        await apply(fresh.store, s, { kind: 'implant', p: 0 });
        await apply(fresh.store, s, { kind: 'rx', p: 0, n: 0 });
        await apply(fresh.store, s, { kind: 'refill', p: 0, day, n: 0, discrepant: false });
        if (!highRisk) {
          // The battery read empty of energy, ERI not (yet) reported: EOS is projected at that reading.
          await fresh.store.recordProgrammingSession(
            {
              patientId: s.id,
              implantId: s.implant!,
              at: T0 + day * DAY + 60_000,
              interrogation: { batteryEri: false, batteryPercent: 0 },
              diff: [],
            },
            DOCTOR,
          );
        }
        pumps.push(p.id);
      }
      const [past, other] = pumps;
      // The pathway page's projection, which the board's battery column shows.
      const view = await pathwayView(fresh.store, past!, NURSE, epochMs(T0 + (day + 1) * DAY));
      const eosAt = view.battery?.eosAt ?? null;
      expect(eosAt).not.toBeNull();
      const now = (eosAt ?? 0) + DAY;
      const board = riskBoard(await fresh.store.boardRecords(NURSE), now);
      const read = async (filters: BoardFilter[]) =>
        (await fresh.store.boardPage({ page: 1, limit: 500, sort: 'risk', filters }, now, NURSE)).records.map(
          (r) => r.patient.id,
        );
      // Before, the high-risk patient with the same refill-by came first, and the filters left the pump out.
      expect(await read([])).toEqual([past, other]);
      expect(board.map((r) => r.patientId)).toEqual([past, other]);
      expect(await read(['overdue'])).toEqual([past]);
      expect(await read(['eri'])).toEqual([past]);
      const row = board.find((r) => r.patientId === past);
      expect(row).toMatchObject({ eosAt, eosPassed: true, overdue: false, battery: { eri: false } });
      // Stored beside the row, compared with now when read.
      const stored = await fresh.db.raw.all(`select eos_at from board_rows where patient_id = '${past}'`);
      expect(num(stored[0]?.['eos_at'])).toBe(eosAt);
    },
  );

  it.skipIf(backend.skip !== undefined)(
    'a pump that reported it had stopped delivering (a motor stall) sorted in the action-soon tier below a refill that merely did not reconcile: the page and the in-memory board put it in the top tier and the overdue filter',
    async () => {
      const day = 200;
      const ids: string[] = [];
      for (const [i, highRisk] of [
        [0, false],
        [1, true],
      ] as const) {
        const p = await fresh.store.createPatient(
          patientInput(60 + i, {
            highRisk: { injuryAtT6OrAbove: highRisk, cannotCommunicate: false, priorWithdrawal: false },
          }),
          NURSE,
        );
        const s: Slot = { id: p.id, head: null, alerts: [] };
        await apply(fresh.store, s, { kind: 'implant', p: 0 });
        await apply(fresh.store, s, { kind: 'rx', p: 0, n: 0 });
        // The high-risk patient's residual did not reconcile: "action soon", high risk first within it.
        await apply(fresh.store, s, { kind: 'refill', p: 0, day, n: 0, discrepant: highRisk });
        if (!highRisk) {
          // The interrogation a day later reads a stalled motor: the pump's condition alert opens.
          await fresh.store.recordProgrammingSession(
            {
              patientId: s.id,
              implantId: s.implant!,
              at: T0 + (day + 1) * DAY,
              interrogation: { snapshot: { status: { alarms: [], motorStalled: true } } },
              diff: [],
            },
            DOCTOR,
          );
        }
        ids.push(p.id);
      }
      const [stalled, discrepant] = ids;
      const now = T0 + (day + 2) * DAY;
      const board = riskBoard(await fresh.store.boardRecords(NURSE), now);
      const read = async (filters: BoardFilter[]) =>
        (await fresh.store.boardPage({ page: 1, limit: 500, sort: 'risk', filters }, now, NURSE)).records.map(
          (r) => r.patient.id,
        );
      const row = board.find((r) => r.patientId === stalled);
      expect(row).toMatchObject({ stoppedSince: T0 + (day + 1) * DAY, overdue: false, emptySince: null });
      // Before, the high-risk patient whose residual did not reconcile came first, and the filter left it out.
      expect(await read([])).toEqual([stalled, discrepant]);
      expect(board.map((r) => r.patientId)).toEqual([stalled, discrepant]);
      expect(await read(['overdue'])).toEqual([stalled]);
      // A later interrogation that no longer reports the stall closes the alert: the row leaves the top tier.
      await fresh.store.recordProgrammingSession(
        {
          patientId: stalled!,
          implantId: row!.implantId!,
          at: now + 60_000,
          interrogation: { snapshot: { status: { alarms: [], motorStalled: false } } },
          diff: [],
        },
        DOCTOR,
      );
      expect(await read(['overdue'])).toEqual([]);
      expect(await read([])).toEqual([discrepant, stalled]);
    },
  );

  it.skipIf(backend.skip !== undefined)(
    'a 10,000-patient board returned 9.8 MB: a page returns and audits only the rows it shows',
    async () => {
      for (let i = 0; i < 5; i++) await fresh.store.createPatient(patientInput(i), NURSE);
      const page = await fresh.store.boardPage({ page: 1, limit: 2, sort: 'name', filters: [] }, T0, NURSE);
      expect(page.records).toHaveLength(2);
      expect(page.total).toBe(5);
      const [entry] = await fresh.db.raw.all(
        "select details from audit_log where entity = 'board' order by seq desc limit 1",
      );
      const details = JSON.parse(String(entry?.['details'])) as { patients: string[] };
      expect(details.patients).toEqual(page.records.map((r) => r.patient.id));
    },
  );
});
