/**
 * Walk of the demo, round 23: an ERI (elective replacement indicator) alert open for 70 days never escalated
 * and any note closed it, while the board's battery column kept saying "ERI — replace". The pump stops
 * within 90 days of ERI (docs/clinical-reference.md §3 battery), so 70 days on it had 20 days left, inside
 * the 30 days planned for the surgery (pathway/battery-projection.ts `REPLACEMENT_MARGIN`).
 * - The board row says the days left to the projected end of service (EOS), and a replacement overdue
 *   (EOS inside that margin) is critical: top tier, in the "overdue" and "ERI" filters (risk-board.ts
 *   `replacementOverdue`, its SQL: board-page.ts), and on the patient page's battery statement.
 * - The ERI alert cannot be resolved ("done") until the replacement is booked before EOS (or recorded: the
 *   pump's explant closes it by itself); a note only acknowledges it. Resolved, the row keeps its ERI and
 *   its overdue replacement: they come from the pump's reports, not from the alert.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continuous, implantInput, patientInput } from '../clinic/store-test-fixtures.ts';
import type { Reason } from '../therapy/verdict.ts';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';

const SYS = { actor: 'system:test' };

/** The refusal's code and words (an OperationOutcome's first issue). */
const refusal = (body: string) => {
  const issue = (JSON.parse(body) as { issue: { details: { coding: { code: string }[]; text: string } }[] })
    .issue[0]!.details;
  return { code: issue.coding[0]?.code, text: issue.text };
};
const DAY = 24 * 3_600_000;

interface Row {
  readonly patientId: string;
  readonly daysToEos: number | null;
  readonly replacementOverdue: boolean;
  readonly battery: { readonly eri: boolean | null } | null;
  readonly reasons: readonly Reason[];
}

for (const backend of API_BACKENDS)
  describe.skipIf(backend.skip !== undefined)(`an ERI 70 days old — ${backend.skip ?? backend.name}`, () => {
    let api: TestApi;
    let patientId = '';
    let implantId = '';
    beforeAll(async () => {
      api = await startApi(backend);
      const p = await api.store.createPatient(patientInput(70), SYS);
      const implant = await api.store.addImplant(implantInput(p.id, 'ERI-70'), SYS);
      [patientId, implantId] = [p.id, implant.id];
      await api.store.appendPrescription(patientId, continuous(500, 2000), { ...SYS, expectedHeadId: null });
      // The pump first reported ERI 70 days ago (its alert raised then); refilled yesterday, so the refill
      // is due in weeks and only the battery can put the row at the top.
      await api.store.recordProgrammingSession(
        {
          patientId,
          implantId,
          at: api.clock.t - 70 * DAY,
          interrogation: {
            workflow: 'interrogate',
            batteryEri: true,
            snapshot: { status: { alarms: ['eri'], mode: 'continuous' } },
          },
          diff: [],
        },
        SYS,
      );
      await api.store.recordRefill(
        {
          patientId,
          implantId,
          at: api.clock.t - DAY,
          expectedResidualNl: 2_000_000,
          measuredResidualNl: 2_000_000,
          drug: 'baclofen',
          concentrationNgPerMl: 2_000_000,
          lot: 'ERI-L1',
          volumeAddedNl: 18_000_000,
        },
        SYS,
      );
    });
    afterAll(() => api.dispose());

    const board = async (filter = ''): Promise<Row[]> => {
      const res = await api.call('nurse', 'GET', `/api/v1/board?limit=500${filter}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ rows: Row[] }>().rows;
    };
    const eriAlert = async () => {
      const res = await api.call('nurse', 'GET', `/api/v1/alerts?patientId=${patientId}&scope=all`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ id: string; condition?: string }[]>().find((a) => a.condition === 'eri');
    };
    const resolve = async (alertId: string) =>
      api.call('nurse', 'POST', `/api/v1/patients/${patientId}/alerts/${alertId}/resolve`, {
        note: 'noted, replacement to be planned',
      });

    it('an ERI 70 days old read "ERI — replace" and sorted as needing attention: the row says 20 days left and is at the top as a replacement overdue', async () => {
      const rows = await board();
      const row = rows.find((r) => r.patientId === patientId);
      expect(row?.daysToEos).toBe(20);
      expect(row?.replacementOverdue).toBe(true);
      expect(row?.reasons.find((r) => r.code === 'ITB_R_BOARD_REPLACEMENT_OVERDUE')?.severity).toBe('block');
      expect(row?.reasons.find((r) => r.code === 'ITB_R_BOARD_BATTERY_ERI')?.message).toMatch(/20 days left/);
      // The top tier, and among the pumps at ERI.
      expect((await board('&filter=overdue')).map((r) => r.patientId)).toContain(patientId);
      expect((await board('&filter=eri')).map((r) => r.patientId)).toContain(patientId);
      const dates = await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/dates`);
      const battery = dates.json<{ battery: Reason | null }>().battery;
      expect(battery?.severity).toBe('block');
      expect(battery?.message).toMatch(/projected on .*, 20 days left/);
    });

    it('an ERI alert open for 70 days was closed with any note: it cannot be resolved until the replacement is booked; the note only acknowledges it', async () => {
      const alert = await eriAlert();
      expect(alert).toBeDefined();
      const refused = await resolve(alert!.id);
      expect(refused.statusCode, refused.body).toBe(409);
      const why = refusal(refused.body);
      expect(why.code).toBe('ITB_E_CLINIC_ALERT_CAUSE_STANDS');
      expect(why.text).toMatch(/20 days left, and no replacement is booked.*Acknowledge it/);
      const ack = await api.call(
        'nurse',
        'POST',
        `/api/v1/patients/${patientId}/alerts/${alert!.id}/acknowledge`,
        { note: 'surgeon contacted' },
      );
      expect(ack.statusCode, ack.body).toBe(200);
      expect((await board()).find((r) => r.patientId === patientId)?.replacementOverdue).toBe(true);
    });

    it('a replacement booked after the projected EOS does not close it; one booked before EOS does, and the row keeps its ERI and its overdue replacement', async () => {
      const alert = await eriAlert();
      const book = async (inDays: number) => {
        const res = await api.call('nurse', 'POST', `/api/v1/patients/${patientId}/appointments`, {
          kind: 'replacement',
          at: api.clock.t + inDays * DAY,
          durationMinutes: 120,
        });
        expect(res.statusCode, res.body).toBe(201);
      };
      await book(25);
      const late = await resolve(alert!.id);
      expect(late.statusCode, late.body).toBe(409);
      expect(refusal(late.body).text).toMatch(/booked on .* comes after it/);
      await book(7);
      const done = await resolve(alert!.id);
      expect(done.statusCode, done.body).toBe(200);
      const row = (await board()).find((r) => r.patientId === patientId);
      expect(row?.battery?.eri).toBe(true);
      expect(row?.replacementOverdue).toBe(true);
      expect(row?.daysToEos).toBe(20);
    });

    it('ERI first reported by a refill’s read-back (the pump’s alarms, no ERI flag) was counted from the next interrogation that flagged it: EOS read 40 days later than the rule; the 90 days count from the first report', async () => {
      const p = await api.store.createPatient(patientInput(71), SYS);
      const implant = await api.store.addImplant(implantInput(p.id, 'ERI-71'), SYS);
      await api.store.appendPrescription(p.id, continuous(500, 2000), { ...SYS, expectedHeadId: null });
      const session = (at: number, interrogation: Record<string, unknown>) =>
        api.store.recordProgrammingSession(
          { patientId: p.id, implantId: implant.id, at, interrogation, diff: [] },
          SYS,
        );
      // The refill's read-back 40 days ago reported the pump's ERI alarm; today's interrogation flags it.
      await session(api.clock.t - 40 * DAY, {
        workflow: 'refill',
        after: { status: { alarms: ['eri'], mode: 'continuous' } },
      });
      await session(api.clock.t, {
        workflow: 'interrogate',
        batteryEri: true,
        snapshot: { status: { alarms: ['eri'], mode: 'continuous' } },
      });
      const row = (await board()).find((r) => r.patientId === p.id);
      expect(row?.daysToEos).toBe(50);
      const pathway = await api.call('nurse', 'GET', `/api/v1/patients/${p.id}/pathway`);
      expect(pathway.json<{ battery: { eosAt: number } }>().battery.eosAt).toBe(
        api.clock.t - 40 * DAY + 90 * DAY,
      );
    });
  });
