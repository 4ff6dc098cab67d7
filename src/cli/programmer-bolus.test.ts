/**
 * `itb programmer bolus` checks with the programmer's one bolus rule (programmer/bolus.ts). Finding: the CLI
 * judged a pump that reports no drug against baclofen's cap and let the bolus through; it is now blocked,
 * and every bolus needs the observer named (`--justification`), as on the web page and the API.
 */
import { describe, expect, it } from 'vitest';
import type { CommandId } from '../link/commands.ts';
import type { PumpStatus } from '../link/status-codec.ts';
import { bolusChange, type Snapshot } from './programmer-changes.ts';

const status = (o: Partial<PumpStatus>): PumpStatus =>
  ({
    stateVersion: 3,
    suspended: false,
    bolus: undefined,
    drug: 'baclofen',
    concentration: 2_000_000,
    reservoir: 18_000_000,
    bolusRemaining: 0,
    alarms: [],
    ...o,
  }) as PumpStatus;
const snap = (o: Partial<PumpStatus>): Snapshot => ({
  status: status(o),
  prescription: undefined,
  alarms: undefined,
  log: undefined,
});
const newId = () => 'c1' as CommandId;

describe('CLI bolus checks', () => {
  it('a pump that reports no drug is blocked, not judged against a default cap (finding: baclofen assumed)', () => {
    const change = bolusChange(
      { dose: '50' },
      snap({ drug: undefined, concentration: 0 as PumpStatus['concentration'] }),
      newId,
    );
    expect(change.review.verdict).toBe('block');
    expect(change.review.reasons.map((r) => r.message)).toContain('the pump reports no drug: no bolus');
  });

  it('a bolus under the cap warns: the observer must be named', () => {
    const change = bolusChange({ dose: '50' }, snap({}), newId);
    expect(change.review.verdict).toBe('warn');
    expect(change.review.reasons.map((r) => r.code)).toEqual(['ITB_R_PROG_BOLUS_OBSERVE']);
  });

  it('a bolus above the cap, on a stopped pump or during a bolus is blocked', () => {
    expect(bolusChange({ dose: '150' }, snap({}), newId).review.reasons[0]?.code).toBe(
      'ITB_R_PROG_BOLUS_ABOVE_CAP',
    );
    expect(bolusChange({ dose: '50' }, snap({ suspended: true }), newId).review.verdict).toBe('block');
    expect(bolusChange({ dose: '50' }, snap({ bolus: 'single-bolus' }), newId).review.verdict).toBe('block');
  });

  it('reasons and texts still written in mcg for an mg drug: the CLI review states a morphine bolus and its strength in mg', () => {
    const morphine = snap({ drug: 'morphine', concentration: 25_000_000 as PumpStatus['concentration'] });
    const change = bolusChange({ dose: '0.2 mg' }, morphine, newId);
    const rows = change.review.rows.map((r) => `${r.field}: ${r.pending}`);
    expect(rows).toEqual(['bolus: 0.2 mg over 60 min', 'volume: 0.008 mL at 25 mg/mL']);
    const baclofen = bolusChange({ dose: '50' }, snap({}), newId);
    expect(baclofen.review.rows.map((r) => r.pending)).toEqual([
      '50 mcg over 60 min',
      '0.025 mL at 2,000 mcg/mL',
    ]);
  });
});
