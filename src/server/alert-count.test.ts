/**
 * Finding "open alert count": the board's "N open" counted acknowledged alerts too, while the inbox and the
 * API call "open" an alert nobody has acknowledged yet. The board row, its reason and the alerts API now
 * count the same way (clinic/alert-counts.ts): unresolved = open + acknowledged, critical among both.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardRow } from '../clinic/risk-board.ts';
import type { AlertInboxItem } from '../clinic/store.ts';
import { DAY, pumpUrl, withPumpApi, type PumpApi } from './pump-test-rig.ts';
import { API_BACKENDS } from './test-support.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});

for (const backend of API_BACKENDS)
  describe.skipIf(backend.skip !== undefined)(`alert counts (${backend.name})`, () => {
    it('open alert count: an acknowledged alert is counted acknowledged on the board, not open, and the alerts API agrees', async () => {
      open = await withPumpApi({ backend, sessionTtlMs: 365 * DAY });
      const o = open;
      const interrogate = async () =>
        expect((await o.api.call('nurse', 'POST', pumpUrl(o.patientId, 'interrogate'))).statusCode).toBe(200);
      await interrogate();
      const dates = await o.api.call('nurse', 'GET', `/api/v1/patients/${o.patientId}/dates`);
      o.api.clock.t = dates.json<{ lowAlarmAt: number }>().lowAlarmAt + DAY;
      await interrogate();
      const listed = async (state: string) =>
        (await o.api.call('nurse', 'GET', `/api/v1/patients/${o.patientId}/alerts?state=${state}`)).json<
          AlertInboxItem[]
        >();
      const [low] = await listed('open');
      if (low === undefined) throw new Error('no low-reservoir alert');
      const ack = await o.api.call(
        'nurse',
        'POST',
        `/api/v1/patients/${o.patientId}/alerts/${low.id}/acknowledge`,
        { note: 'patient booked for a refill tomorrow' },
      );
      expect(ack.statusCode, ack.body).toBe(200);

      const board = await o.api.call('nurse', 'GET', '/api/v1/board');
      const row = board.json<{ rows: BoardRow[] }>().rows.find((r) => r.patientId === o.patientId);
      expect(row?.openAlerts).toEqual({
        count: (await listed('unresolved')).length,
        acknowledged: (await listed('acknowledged')).length,
        critical: 0,
      });
      expect(row?.openAlerts.count).toBe(1);
      expect(await listed('open')).toEqual([]);
      expect(row?.reasons.find((r) => r.code === 'ITB_R_BOARD_OPEN_ALERTS')?.message).toBe(
        'unresolved alerts: 1 acknowledged',
      );
    });
  });
