/** The programme the pump last reported (pump-contents.ts `reportedProgramme`). */
import { describe, expect, it } from 'vitest';
import type { ProgrammingSession } from './clinical-records.ts';
import { reportedProgramme, sessionPumpState } from './pump-contents.ts';

const AT = Date.UTC(2026, 0, 7, 8);
const rx = (doseMcgPerDay: number) => ({
  mode: 'simple-continuous',
  drug: 'baclofen',
  concentrationMcgPerMl: 1000,
  doseMcgPerDay,
});

function session(id: string, interrogation: Record<string, unknown>, at = AT): ProgrammingSession {
  return {
    id,
    patientId: 'p-1',
    implantId: 'i-1',
    at,
    createdAt: at,
    createdBy: 'user:nurse',
    interrogation,
    diff: [],
    prescriptionId: null,
    guardrail: null,
    justification: null,
  } as unknown as ProgrammingSession;
}

describe('reportedProgramme', () => {
  it('a titration planned and applied at one instant: the status read back after the change wins over the plan’s interrogation, whatever the order of their ids', () => {
    const planRead = session('b', { workflow: 'interrogate', snapshot: { prescription: rx(320) } });
    const applied = session('a', {
      workflow: 'titrate',
      snapshot: { prescription: rx(320) },
      after: { prescription: rx(397) },
    });
    expect(reportedProgramme([applied, planRead])).toMatchObject({ doseMcgPerDay: 397 });
    expect(reportedProgramme([planRead, applied])).toMatchObject({ doseMcgPerDay: 397 });
  });

  it('a later session wins over an earlier one, and a session without a programme is passed over', () => {
    const earlier = session('a', { workflow: 'titrate', after: { prescription: rx(397) } });
    const later = session('b', { workflow: 'interrogate', snapshot: { prescription: rx(410) } }, AT + 1);
    const intent = session('c', { workflow: 'write-intent' }, AT + 2);
    expect(reportedProgramme([later, intent, earlier])).toMatchObject({ doseMcgPerDay: 410 });
    expect(reportedProgramme([intent])).toBeNull();
  });
});

describe('sessionPumpState', () => {
  it('a catheter’s priming bolus still running when the pump was read back counted as drug in the reservoir (seed 772523404: refill-by two days late)', () => {
    const status = (reservoir: number, bolusRemaining: number, bolus = 'priming-bolus') => ({
      reservoir,
      drug: 'baclofen',
      concentration: 2_000_000,
      alarms: [],
      bolus: bolusRemaining > 0 ? bolus : undefined,
      bolusRemaining,
    });
    const primed = session('a', { workflow: 'catheter', after: { status: status(9_500_000, 330_000) } });
    expect(sessionPumpState(primed)?.reservoirNl).toBe(9_170_000);
    // Without a bolus running, the count is the reservoir's.
    const plain = session('b', { workflow: 'interrogate', snapshot: { status: status(9_500_000, 0) } });
    expect(sessionPumpState(plain)?.reservoirNl).toBe(9_500_000);
    // A bolus larger than what is left leaves nothing, never less; the pump is not called empty by it.
    const drained = sessionPumpState(
      session('c', { workflow: 'bolus', after: { status: status(200_000, 330_000) } }),
    );
    expect(drained).toMatchObject({ reservoirNl: 0, empty: false });
    // A clinician's bolus is on top of the programme too; a bridge bolus replaces the basal flow and a
    // periodic bolus is the programme's own, both already in the projection (seeds 27182818, 1234567: the
    // board came 16 h before the refill wizard after a concentration change's bridge).
    const read = (bolus: string) =>
      sessionPumpState(
        session('d', { workflow: 'bolus', after: { status: status(9_500_000, 330_000, bolus) } }),
      )?.reservoirNl;
    expect(read('single-bolus')).toBe(9_170_000);
    expect(read('patient-bolus')).toBe(9_170_000);
    expect(read('bridge-bolus')).toBe(9_500_000);
    expect(read('periodic-bolus')).toBe(9_500_000);
  });
});
