/** What a session's pump status reports (clinic/pump-conditions.ts `reportedConditions`). */
import { describe, expect, it } from 'vitest';
import { reportedConditions } from './pump-condition-table.ts';

const session = (alarms: string[], extra: Record<string, unknown> = {}) => ({
  snapshot: { status: { alarms, mode: 'simple-continuous', motorStalled: false, ...extra } },
});

describe('reportedConditions', () => {
  it('device state stays visible: ERI→EOS keeps ERI (the pump reports EOS alone; nothing cleared ERI)', () => {
    expect(reportedConditions(session(['eos']))).toEqual(['eos', 'eri']);
  });

  it('reads the status read back after a change before the one read before it', () => {
    const i = { ...session(['low-reservoir']), after: { status: { alarms: [], mode: 'simple-continuous' } } };
    expect(reportedConditions(i)).toEqual([]);
  });

  it('a session without a pump status reports nothing (null: nothing to compare)', () => {
    expect(reportedConditions({ workflow: 'titrate' })).toBeNull();
  });
});
