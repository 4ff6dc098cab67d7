/**
 * Finding: a new dose and a new concentration together (a prescription that changes both, waiting for the
 * refill that brings the new strength in) were projected at the new dose and the OLD concentration until the
 * refill — a flow the pump never runs. The pump keeps running its own programme until the refill, so the
 * dates a clinician reads (board, patient dates, emergency card: one projection, clinic/patient-dates.ts)
 * must follow that. Checked against the virtual pump run forward: the day its reservoir reaches the
 * low-reservoir threshold is the low-alarm day the clinic shows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardRow } from '../clinic/risk-board.ts';
import { DAY, HOUR, pumpUrl, withPumpApi, type PumpApi } from './pump-test-rig.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});
const sys = { actor: 'system:test' };

describe('a new dose and a new concentration together', () => {
  it('are projected at the old concentration until the refill: the low-alarm day shown is the day the pump reaches its threshold', async () => {
    // 10 mL of 2000 mcg/mL at 500 mcg/day: 0.25 mL/day.
    open = await withPumpApi({ pump: { fillMl: 10 } });
    const { api, patientId, server } = open;
    const head = await api.store.currentPrescription(patientId, sys);
    // The physician's next prescription: 550 mcg/day of 1000 mcg/mL, from the next refill (0.55 mL/day then;
    // read wrongly as 550 mcg/day of the 2000 mcg/mL the pump holds: 0.275 mL/day).
    const rx = await api.call('physician', 'POST', `/api/v1/patients/${patientId}/prescriptions`, {
      prescription: {
        mode: 'simple-continuous',
        drug: 'baclofen',
        concentrationMcgPerMl: 1000,
        doseMcgPerDay: 550,
      },
      expectedHeadId: head?.id ?? null,
      justification: 'weaker strength from the next refill, with a small increase',
    });
    expect(rx.statusCode, rx.body).toBe(201);
    const read = await api.call('nurse', 'POST', pumpUrl(patientId, 'interrogate'));
    expect(read.statusCode, read.body).toBe(200);
    const dates = (await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/dates`)).json<BoardRow>();
    const board = (await api.call('nurse', 'GET', '/api/v1/board')).json<{ rows: BoardRow[] }>();
    const row = board.rows.find((r) => r.patientId === patientId);
    expect(row?.lowAlarmAt).toBe(dates.lowAlarmAt);
    expect(dates.lowAlarmAt).not.toBeNull();

    // Run the virtual pump forward, hour by hour, until its reservoir reaches the low-reservoir threshold.
    const threshold = server.state.pump.thresholds.lowReservoir;
    let reachedAt: number | null = null;
    for (let h = 0; h < 90 * 24 && reachedAt === null; h++) {
      api.clock.t += HOUR;
      server.tick();
      if (server.state.pump.reservoir.volume <= threshold) reachedAt = api.clock.t;
    }
    expect(reachedAt).not.toBeNull();
    expect(Math.abs((dates.lowAlarmAt ?? 0) - (reachedAt ?? 0))).toBeLessThan(DAY);
  });
});
