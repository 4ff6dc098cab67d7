/**
 * Severity agrees with the board (docs/invariants.md I18): a pump left a month after its low-reservoir
 * alarm is EMPTY on the board by the projection alone, while the only alert it raised said "Warning: low
 * reservoir". The inbox, the patient's alerts and the board must carry a critical EMPTY alert with the
 * board's empty-since (clinic/alert-board-state.ts), one at a time, closed when the pump is refilled.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardRow } from '../clinic/risk-board.ts';
import type { AlertInboxItem } from '../clinic/store.ts';
import { DAY, pumpUrl, refillBody, withPumpApi, type PumpApi } from './pump-test-rig.ts';
import { API_BACKENDS } from './test-support.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});

async function boardRowOf(o: PumpApi): Promise<BoardRow> {
  const res = await o.api.call('nurse', 'GET', '/api/v1/board');
  const row = res.json<{ rows: BoardRow[] }>().rows.find((r) => r.patientId === o.patientId);
  if (row === undefined) throw new Error('patient not on the board');
  return row;
}

const unresolved = async (o: PumpApi, path: string): Promise<AlertInboxItem[]> => {
  const res = await o.api.call('nurse', 'GET', path);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<AlertInboxItem[]>().filter((a) => a.state !== 'resolved');
};

const interrogate = async (o: PumpApi): Promise<void> => {
  const res = await o.api.call('nurse', 'POST', pumpUrl(o.patientId, 'interrogate'));
  expect(res.statusCode, res.body).toBe(200);
};

for (const backend of API_BACKENDS)
  describe.skipIf(backend.skip !== undefined)(`severity agrees with the board (${backend.name})`, () => {
    it('month ignored: the board says EMPTY and the inbox, the patient alerts and the board carry one critical EMPTY alert with its since; the pump’s own report replaces it and a refill closes it', async () => {
      open = await withPumpApi({ backend, sessionTtlMs: 365 * DAY });
      const o = open;
      await interrogate(o);
      const dates = await o.api.call('nurse', 'GET', `/api/v1/patients/${o.patientId}/dates`);
      const { lowAlarmAt, emptyAt } = dates.json<{ lowAlarmAt: number; emptyAt: number }>();
      // The low alarm sounds and the pump reports it: a warning, as it should be then.
      o.api.clock.t = lowAlarmAt + DAY;
      await interrogate(o);
      const low = await unresolved(o, `/api/v1/alerts?patientId=${o.patientId}`);
      expect(low.map((a) => [a.condition, a.severity])).toEqual([['low-reservoir', 'warning']]);

      // A month ignored: nobody interrogates; the board calculates the pump empty.
      o.api.clock.t = emptyAt + 30 * DAY;
      const row = await boardRowOf(o);
      expect(row.status).toBe('empty');
      expect(row.openAlerts.critical).toBe(1);
      const inbox = await unresolved(o, `/api/v1/alerts?patientId=${o.patientId}`);
      expect(inbox[0]).toMatchObject({ severity: 'critical', since: row.emptySince });
      expect(inbox[0]?.message).toMatch(/EMPTY/);
      expect(inbox.filter((a) => a.severity === 'critical')).toHaveLength(1);
      const patient = await unresolved(o, `/api/v1/patients/${o.patientId}/alerts`);
      expect(patient.filter((a) => a.severity === 'critical').map((a) => a.id)).toEqual([inbox[0]?.id]);
      // Reading again raises nothing more.
      expect(await unresolved(o, `/api/v1/alerts?patientId=${o.patientId}`)).toHaveLength(inbox.length);

      // The pump's own EMPTY report takes over: still exactly one critical EMPTY alert.
      await interrogate(o);
      const reported = await unresolved(o, `/api/v1/alerts?patientId=${o.patientId}`);
      expect(reported.filter((a) => a.severity === 'critical').map((a) => a.condition)).toEqual([
        'empty-reservoir',
      ]);

      const plan = await o.api.call(
        'nurse',
        'POST',
        pumpUrl(o.patientId, 'refill/plan'),
        refillBody(o.server),
      );
      expect(plan.statusCode, plan.body).toBe(200);
      const done = await o.api.call('nurse', 'POST', pumpUrl(o.patientId, 'refill/apply'), {
        planId: plan.json<{ planId: string }>().planId,
        confirm: true,
        justification: 'restarting after the interruption as the restart guidance says',
      });
      expect(done.statusCode, done.body).toBe(200);
      expect((await boardRowOf(o)).status).not.toBe('empty');
      const after = await unresolved(o, `/api/v1/alerts?patientId=${o.patientId}`);
      expect(after.filter((a) => a.severity === 'critical' && /EMPTY/.test(a.message))).toEqual([]);
    });
  });
