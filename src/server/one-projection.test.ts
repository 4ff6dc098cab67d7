/**
 * Finding 2: the refill report PDF printed another prescription and a refill-by date five weeks later than
 * the wizard. Invariant (docs/invariants.md I5): the dates a clinician reads come from ONE projection of the
 * same facts (clinic/patient-dates.ts over risk-board.ts `boardRow`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardRow } from '../clinic/risk-board.ts';
import { refillReportSource } from '../reports/routes.ts';
import { pumpUrl, refillBody, withPumpApi, type PumpApi } from './pump-test-rig.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});
const sys = { actor: 'system:test' };

describe('one projection (finding 2: the refill report disagrees with the wizard)', () => {
  it('the refill report prints another refill-by: report, board and wizard give the same dates after a refill', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    const plan = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/plan'), refillBody(server));
    const p = plan.json<{ planId: string; projection: { refillBy: number; lowAlarmAt: number } }>();
    const done = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/apply'), {
      planId: p.planId,
      confirm: true,
    });
    expect(done.statusCode, done.body).toBe(200);
    const board = (await api.call('nurse', 'GET', '/api/v1/board')).json<{ rows: BoardRow[] }>().rows;
    const row = board.find((r) => r.patientId === patientId);
    const refill = (await api.store.listRefills(patientId, sys)).at(-1);
    if (row === undefined || refill === undefined) throw new Error('no row or refill');
    const report = await refillReportSource(api.store, patientId, refill, sys);
    expect(report.refillBy).toBe(row.refillBy);
    expect(report.lowAlarmAt).toBe(row.lowAlarmAt);
    expect(report.prescription.dose).toBe('500 mcg/day');
    // The wizard's projection at the plan, within the hour it took to apply (the pump's own clock).
    expect(Math.abs((row.refillBy ?? 0) - p.projection.refillBy)).toBeLessThan(3_600_000);
  });
});
