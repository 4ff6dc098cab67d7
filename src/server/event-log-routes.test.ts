/**
 * The pump's event log over HTTP → programmer → link → pump: physicians and nurses read it, everyone else
 * is refused; a stop made through the clinic appears in it with the pump's time, oldest entry first, and
 * reading it changes nothing on the pump.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pumpUrl as url, withPumpApi, type PumpApi } from './pump-test-rig.ts';
import { ACCOUNTS } from './test-support.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});

interface Log {
  entries: { seq: number; at: number; type: string; message: string }[];
  nextSeq: number;
}

describe('event log route', () => {
  it('route × account: anonymous 401, physicians and nurses read, everyone else 403', async () => {
    open = await withPumpApi();
    const { api, patientId } = open;
    expect(api.app.itbAuthorization['POST /api/v1/patients/:patientId/pump/event-log']).toEqual({
      roles: ['physician', 'nurse'],
    });
    for (const who of [null, ...ACCOUNTS]) {
      const res = await api.call(who, 'POST', url(patientId, 'event-log'));
      const label = `event-log as ${who ?? 'anonymous'} → ${res.statusCode}`;
      if (who === null) expect(res.statusCode, label).toBe(401);
      else if (who === 'physician' || who === 'nurse') expect(res.statusCode, label).toBe(200);
      else expect(res.statusCode, label).toBe(403);
    }
  });

  it('a stop appears in the log with the pump time, oldest first, and reading changes nothing', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    const plan = (await api.call('physician', 'POST', url(patientId, 'stop/plan'))).json<{
      planId: string;
    }>();
    await api.call('physician', 'POST', url(patientId, 'stop/apply'), {
      planId: plan.planId,
      confirm: true,
      justification: 'MRI',
    });
    const version = server.state.pump.version;
    const res = await api.call('nurse', 'POST', url(patientId, 'event-log'));
    expect(res.statusCode, res.body).toBe(200);
    const log = res.json<Log>();
    const stop = log.entries.find((e) => e.type === 'stop');
    expect(stop, JSON.stringify(log.entries.map((e) => e.type))).toBeDefined();
    expect(stop?.at).toBe(api.clock.t);
    const seqs = log.entries.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(log.nextSeq).toBeGreaterThan(seqs.at(-1) ?? -1);
    expect(server.state.pump.version).toBe(version);
  });
});
