import { describe, expect, it } from 'vitest';
import { notDelivering } from './not-delivering.ts';
import { PUMP_CONDITIONS } from './pump-condition-table.ts';

const T = Date.UTC(2026, 11, 1);
const H = 3_600_000;
const running = {
  status: 'ok',
  emptySince: null,
  stoppedSince: null,
  stoppedSinceTimeKnown: true,
  conditions: [],
  reasons: [],
  eosPassed: false,
  eosAt: null,
} as const;
const condition = (name: keyof typeof PUMP_CONDITIONS, since: number) => ({
  condition: name,
  severity: PUMP_CONDITIONS[name].severity,
  since,
  message: PUMP_CONDITIONS[name].message,
});

describe('whether the pump delivers its drug (one rule for pages and paper)', () => {
  it('a running pump, or one reporting only a low reservoir or ERI, delivers', () => {
    expect(notDelivering(running)).toBeNull();
    expect(
      notDelivering({ ...running, conditions: [condition('low-reservoir', T), condition('eri', T)] }),
    ).toBeNull();
  });

  it('an empty reservoir: since when it ran dry, said once when the pump also reports it', () => {
    const row = {
      ...running,
      status: 'empty',
      emptySince: T,
      stoppedSince: T + H,
      conditions: [condition('empty-reservoir', T + H)],
    } as const;
    expect(notDelivering(row)).toEqual({
      since: T,
      sinceTimeKnown: true,
      causes: ['the reservoir is EMPTY'],
      projected: false,
    });
  });

  it("the clinic's own stop and a pump's report that stops delivery, from the earliest", () => {
    const row = {
      ...running,
      stoppedSince: T,
      reasons: [{ code: 'ITB_R_BOARD_DELIVERY_STOPPED', severity: 'block', message: 'stopped' }],
      conditions: [condition('motor-stall', T + H)],
    } as const;
    expect(notDelivering(row)).toEqual({
      since: T,
      sinceTimeKnown: true,
      causes: ['the clinic stopped delivery', PUMP_CONDITIONS['motor-stall'].message],
      projected: false,
    });
  });

  it('past the calculated end of service the pump may have stopped: said, and marked as projected', () => {
    expect(notDelivering({ ...running, eosPassed: true, eosAt: T })).toEqual({
      since: T,
      sinceTimeKnown: true,
      causes: ['the battery is past its calculated end of service: the pump may have stopped'],
      projected: true,
    });
  });
});
