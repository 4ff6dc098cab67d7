/**
 * The care pathway's items due stored in the board rows (board-pathway.ts, pathway-due.ts) and read by the
 * board's "pathway due" filter, sort and count (board-page.ts), on SQLite and PostgreSQL:
 * - the finding: a post-operative patient on page 2 was invisible from page 1;
 * - model test: after random pathway writes, the stored columns equal a fresh computation from the records,
 *   and the filter lists at any later instant exactly the patients the pathway page's own view
 *   (pathway-view.ts `derivePathway`) finds something due for.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochMs } from '../../therapy/quantities.ts';
import { boardRow, type BoardPatientRecords } from '../risk-board.ts';
import type { ClinicStore } from '../store.ts';
import { BACKENDS } from '../store-test-harness.ts';
import { useFreshStore } from '../fresh-store.test-support.ts';
import { DOCTOR, NURSE, continuous, implantInput, patientInput } from '../store-test-fixtures.ts';
import type { PathwayTableRecords } from './board-items.ts';
import { itemsFrom } from './board-pathway.ts';
import { evaluationInput, postOpCheckInput, proceedDecision } from './pathway-fixtures.ts';
import { derivePathway, type PathwayView } from './pathway-view.ts';
import { pathwayDueColumns } from './pathway-due.ts';

const DAY = 86_400_000;
/** The stores' test clock starts here: records are written before it, the board is read after it. */
const CLOCK = Date.UTC(2025, 0, 1);
const FIRST_IMPLANT = Date.UTC(2024, 10, 15);
const LAST_RECORD = Date.UTC(2024, 11, 31);

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

type Op =
  | { kind: 'evaluate'; p: number; decision: 'proceed' | 'defer' | 'none'; afterTrial: boolean }
  | { kind: 'trial'; p: number; responded: boolean | null; day: number }
  | { kind: 'implant'; p: number; day: number }
  | { kind: 'rx'; p: number }
  | { kind: 'check'; p: number; after: number; completes: number; concern: 'none' | 'warning' | 'critical' }
  | { kind: 'explant'; p: number }
  | { kind: 'session'; p: number; percent: number; eri: boolean };

const slot = fc.integer({ min: 0, max: 2 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('evaluate' as const),
    p: slot,
    decision: fc.constantFrom('proceed' as const, 'defer' as const, 'none' as const),
    afterTrial: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('trial' as const),
    p: slot,
    responded: fc.constantFrom(true, false, null),
    day: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({ kind: fc.constant('implant' as const), p: slot, day: fc.integer({ min: 0, max: 46 }) }),
  fc.record({ kind: fc.constant('rx' as const), p: slot }),
  fc.record({
    kind: fc.constant('check' as const),
    p: slot,
    after: fc.integer({ min: 0, max: 40 }),
    completes: fc.integer({ min: 0, max: 7 }),
    concern: fc.constantFrom('none' as const, 'warning' as const, 'critical' as const),
  }),
  fc.record({ kind: fc.constant('explant' as const), p: slot }),
  fc.record({
    kind: fc.constant('session' as const),
    p: slot,
    percent: fc.integer({ min: 0, max: 100 }),
    eri: fc.boolean(),
  }),
);

interface Slot {
  readonly id: string;
  implant?: { id: string; date: number };
  head: string | null;
}

const ITEMS = ['wound-check', 'suture-removal', 'infection-watch'] as const;

/** Applies one write; a refusal (the pathway's checklist, a duplicate explant) is part of the model. */
async function apply(store: ClinicStore, s: Slot, op: Op): Promise<void> {
  try {
    switch (op.kind) {
      case 'evaluate': {
        // Before the trials, or after them (a decision that may end the trial's wait).
        const at = LAST_RECORD - (op.afterTrial ? 40 : 60) * DAY;
        const decision =
          op.decision === 'none'
            ? null
            : { ...proceedDecision(at), ...(op.decision === 'defer' ? { outcome: 'defer' as const } : {}) };
        await store.recordEvaluation(evaluationInput(s.id, at, decision), DOCTOR);
        return;
      }
      case 'trial':
        await store.recordTrial(
          {
            patientId: s.id,
            at: LAST_RECORD - (50 - op.day) * DAY,
            doseNg: 50_000,
            concentrationNgPerMl: 50_000,
            volumeNl: 1_000_000,
            method: 'lumbar-puncture',
            assessments: [],
            responded: op.responded,
          },
          DOCTOR,
        );
        return;
      case 'implant': {
        const date = FIRST_IMPLANT + op.day * DAY;
        const serial = `S-${s.id}-${op.day}-${Math.random()}`;
        const implant = await store.addImplant(
          implantInput(s.id, serial, { implantDate: isoDay(date) }),
          DOCTOR,
        );
        s.implant = { id: implant.id, date };
        return;
      }
      case 'rx':
        s.head = (
          await store.appendPrescription(s.id, continuous(300, 2000), { ...DOCTOR, expectedHeadId: s.head })
        ).id;
        return;
      case 'check': {
        if (s.implant === undefined) return;
        const at = Math.min(s.implant.date + op.after * DAY + 10 * 3_600_000, LAST_RECORD);
        const completes = ITEMS.filter((_, i) => (op.completes & (1 << i)) !== 0);
        const check = postOpCheckInput(s.id, s.implant.id, at, [...completes]);
        await store.recordPostOpCheck(
          {
            ...check,
            ...(op.concern === 'warning' ? { positionalHeadache: true } : {}),
            ...(op.concern === 'critical' ? { temperatureC: 38.6 } : {}),
          },
          NURSE,
        );
        return;
      }
      case 'explant':
        if (s.implant === undefined) return;
        await store.recordExplant(
          {
            patientId: s.id,
            implantId: s.implant.id,
            at: LAST_RECORD,
            reason: 'infection',
            catheter: 'removed',
            replacementImplantId: null,
          },
          DOCTOR,
        );
        return;
      case 'session':
        if (s.implant === undefined) return;
        await store.recordProgrammingSession(
          {
            patientId: s.id,
            implantId: s.implant.id,
            at: LAST_RECORD,
            interrogation: { batteryEri: op.eri, batteryPercent: op.percent },
            diff: [],
          },
          DOCTOR,
        );
        return;
    }
  } catch (error) {
    if (!/ITB_E_/.test(String((error as { code?: string }).code))) throw error;
  }
}

/** What the pathway page's own view finds due at `now` (the model the stored windows must agree with). */
function dueInView(v: PathwayView, now: number): boolean {
  return (
    v.postOpDue.some((d) => d.dueAt <= now) ||
    v.battery?.plan.due === true ||
    v.stage === 'referred' ||
    v.stage === 'implanted' ||
    (v.stage === 'evaluated' && v.decision?.outcome === 'proceed-to-trial') ||
    (v.trialNext !== null && v.trialNext.dueAt <= now)
  );
}

/** The board's records the pathway view reads besides the pathway tables. */
const pathwayInput = (b: BoardPatientRecords) => ({
  implants: b.implants,
  prescription: b.current?.prescription ?? null,
  sessions: b.sessions,
});

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

describe.each(BACKENDS)('care pathway items due on the board ($name)', (backend) => {
  const fresh = useFreshStore(backend);

  it.skipIf(backend.skip !== undefined)(
    'a post-operative patient on page 2 was invisible from page 1: its wound check falls due with no write, is counted on every page and listed by the pathway-due filter on page 1',
    async () => {
      // Three patients in maintenance sort first by name; the post-operative one is on page 2 of 2 rows.
      for (const [i, name] of ['Ada Ames', 'Ben Bell', 'Cai Cole'].entries()) {
        const p = await fresh.store.createPatient(patientInput(i + 1, { name }), NURSE);
        await fresh.store.addImplant(implantInput(p.id, `OLD-${i}`), DOCTOR);
        await fresh.store.appendPrescription(p.id, continuous(300, 2000), {
          ...DOCTOR,
          expectedHeadId: null,
        });
      }
      const zed = await fresh.store.createPatient(patientInput(9, { name: 'Zed Zane' }), NURSE);
      await fresh.store.addImplant(implantInput(zed.id, 'NEW-1', { implantDate: '2024-12-30' }), DOCTOR);
      await fresh.store.appendPrescription(zed.id, continuous(300, 2000), {
        ...DOCTOR,
        expectedHeadId: null,
      });
      const woundCheckDue = Date.UTC(2025, 0, 6);

      const page = (now: number, sort: 'name' | 'pathway-due', filters: 'pathway-due'[] = []) =>
        fresh.store.boardPage({ page: 1, limit: 2, sort, filters }, now, NURSE);
      const names = (r: Awaited<ReturnType<typeof page>>) =>
        r.records.map((e) => (e as { patient: { name: string } }).patient.name);

      const before = await page(woundCheckDue - 1, 'name');
      expect(names(before)).toEqual(['Ada Ames', 'Ben Bell']);
      expect(before.pathwayDue).toBe(0);
      expect((await page(woundCheckDue - 1, 'name', ['pathway-due'])).total).toBe(0);

      // The clock passes the stored date: nothing was written in between.
      const due = await page(woundCheckDue, 'name');
      expect(names(due)).toEqual(['Ada Ames', 'Ben Bell']);
      expect(due.pathwayDue).toBe(1);
      const filtered = await page(woundCheckDue, 'name', ['pathway-due']);
      expect([names(filtered), filtered.total]).toEqual([['Zed Zane'], 1]);
      expect(names(await page(woundCheckDue, 'pathway-due'))[0]).toBe('Zed Zane');

      // Six weeks after surgery the window closed: nothing due any more.
      const closed = await page(Date.UTC(2025, 1, 10), 'name', ['pathway-due']);
      expect([closed.total, closed.pathwayDue]).toEqual([0, 0]);
    },
  );

  it.skipIf(backend.skip !== undefined)(
    'the stored pathway columns equal a fresh computation after random pathway writes, and the filter matches the pathway view at any later instant',
    async () => {
      let round = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), async (ops) => {
          round++;
          const slots: Slot[] = [];
          for (let i = 0; i < 3; i++) {
            const p = await fresh.store.createPatient(patientInput(round * 10 + i), NURSE);
            slots.push({ id: p.id, head: null });
          }
          for (const op of ops) await apply(fresh.store, slots[op.p] as Slot, op);

          const board = await fresh.store.boardRecords(NURSE);
          const stored = new Map(
            (await fresh.db.raw.all('select * from board_rows')).map((r) => [String(r['patient_id']), r]),
          );
          const tables = new Map<string, PathwayTableRecords>();
          for (const b of board) {
            const id = b.patient.id;
            const t = {
              patientId: id,
              evaluations: await fresh.store.listEvaluations(id, NURSE),
              trials: await fresh.store.listTrials(id, NURSE),
              checks: await fresh.store.listPostOpChecks(id, NURSE),
              explants: await fresh.store.listExplants(id, NURSE),
            };
            const row = stored.get(id);
            const computedAt = epochMs(Number(row?.['computed_at']));
            const want = pathwayDueColumns(itemsFrom(b, t, computedAt));
            expect({
              id,
              at: num(row?.['pathway_due_at']),
              until: num(row?.['pathway_due_until']),
              again: num(row?.['pathway_due_again_at']),
              items: JSON.parse(String(row?.['pathway_due'])) as unknown,
              eos: num(row?.['eos_at']),
            }).toEqual({
              id,
              at: want.pathway_due_at,
              until: want.pathway_due_until,
              again: want.pathway_due_again_at,
              items: JSON.parse(want.pathway_due) as unknown,
              // The board row's own projected EOS (risk-board.ts), which the page's tier compares with now.
              eos: boardRow(b, computedAt).eosAt,
            });
            tables.set(id, t);
          }
          for (const d of [1, 3, 6, 12, 20, 30, 45, 60, 90, 400, 3000]) {
            const now = CLOCK + d * DAY;
            const page = await fresh.store.boardPage(
              { page: 1, limit: 500, sort: 'name', filters: ['pathway-due'] },
              now,
              NURSE,
            );
            const want = board
              .filter((b) => {
                const t = tables.get(b.patient.id);
                if (t === undefined) return false;
                return dueInView(derivePathway({ ...t, ...pathwayInput(b) }, epochMs(now)), now);
              })
              .map((b) => b.patient.id);
            expect([d, page.records.map((e) => e.patient.id)]).toEqual([d, want]);
            expect(page.pathwayDue).toBe(want.length);
          }
        }),
        { numRuns: backend.name === 'sqlite' ? 20 : 8, seed: 20_261_202 },
      );
    },
    240_000,
  );
});
