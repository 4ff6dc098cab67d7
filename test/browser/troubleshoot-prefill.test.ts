/** The troubleshooting page's pre-fill (web/src/troubleshoot/prefill.ts): what it takes, and from where. */
import { describe, expect, it } from 'vitest';
import type { Refill, Session } from '../../web/src/api.ts';
import { prefillFindings } from '../../web/src/troubleshoot/prefill.ts';
import { findingsSchema } from '../../src/therapy/troubleshoot/findings.ts';

const HOUR = 3_600_000;
const session = (at: number, status: Record<string, unknown> | null): Session => ({
  id: `s${at}`,
  implantId: 'i1',
  at,
  createdAt: at,
  createdBy: 'user:n1',
  interrogation: status === null ? { workflow: 'refill' } : { snapshot: { status } },
  diff: [],
  justification: null,
});
const refill = (at: number, discrepancyNl: number): Refill => ({
  id: `r${at}`,
  at,
  createdAt: at,
  createdBy: 'user:n1',
  implantId: 'i',
  measuredResidualNl: 0,
  expectedResidualNl: 0,
  volumeAddedNl: 0,
  concentrationNgPerMl: 500_000,
  drug: 'baclofen',
  lot: 'L',
  reconciliation: { verdict: 'warn', reasons: [], discrepancyNl },
});

describe('troubleshooting pre-fill', () => {
  it('takes the newest interrogation and refill, in mL and hours, and names where each came from', () => {
    const p = prefillFindings({
      sessions: [
        session(1 * HOUR, { reservoir: 9_000_000, alarms: [] }),
        session(5 * HOUR, { reservoir: 400_000, alarms: ['empty-reservoir'] }),
        session(6 * HOUR, null),
      ],
      refills: [refill(2 * HOUR, -1_000_000), refill(3 * HOUR, -4_000_000)],
      reservoirMl: 20,
      now: 13 * HOUR,
    });
    expect(p.findings).toEqual({
      reservoirMl: 20,
      calculatedResidualMl: 0.4,
      activeAlarms: ['empty-reservoir'],
      residualDiscrepancyMl: -4,
      lastRefillHoursAgo: 10,
    });
    expect(p.sources).toHaveLength(3);
    // What it pre-fills is what the guide accepts.
    expect(findingsSchema.safeParse({ ...p.findings, presentations: ['more-spasticity'] }).success).toBe(
      true,
    );
  });

  it('reservoir size said to come from the pump model when none was on record: with no pump in place the 20 mL is said to be assumed', () => {
    const none = prefillFindings({ sessions: [], refills: [], reservoirMl: null, now: 0 });
    expect(none.findings).toEqual({ reservoirMl: 20 });
    expect(none.sources).toEqual(['reservoir size 20 mL assumed: no pump model on record']);
    const known = prefillFindings({ sessions: [], refills: [], reservoirMl: 40, now: 0 });
    expect(known.sources).toEqual(['reservoir size 40 mL from the pump model']);
  });

  it('with nothing recorded, pre-fills only the reservoir size', () => {
    const p = prefillFindings({ sessions: [], refills: [], reservoirMl: 40, now: 0 });
    expect(p.findings).toEqual({ reservoirMl: 40 });
    expect(p.sources).toEqual(['reservoir size 40 mL from the pump model']);
  });

  it('takes the symptom and infection signs from the last week of the diary, older entries ignored', () => {
    const base = { sessions: [], refills: [], reservoirMl: 20, now: 30 * 24 * HOUR };
    const note = (daysAgo: number, spasmSeverity: number, symptoms: string[]) => ({
      at: base.now - daysAgo * 24 * HOUR,
      spasmSeverity,
      symptoms,
    });
    expect(prefillFindings({ ...base, diary: [note(2, 3, [])] }).symptom).toBe('more-spasticity');
    const wound = prefillFindings({ ...base, diary: [note(1, 1, ['wound-redness'])] });
    expect(wound.symptom).toBe('pump-site-swelling');
    expect(wound.findings['infectionSigns']).toBe(true);
    const meningism = prefillFindings({ ...base, diary: [note(1, 1, ['fever', 'headache'])] });
    expect(meningism.findings).toMatchObject({ infectionSigns: true, fever: true, meningism: true });
    const old = prefillFindings({ ...base, diary: [note(9, 4, ['more-spasms', 'fever'])] });
    expect(old.symptom).toBeNull();
    expect(old.findings).toEqual({ reservoirMl: 20 });
  });

  it('a pain patient’s diary rates pain, not spasms: severe pain or “more pain” is a loss of effect, a mild score is not', () => {
    const base = { sessions: [], refills: [], reservoirMl: 20, now: 30 * 24 * HOUR };
    const pain = (painScore: number, symptoms: string[]) => ({ at: base.now - HOUR, painScore, symptoms });
    expect(prefillFindings({ ...base, diary: [pain(8, [])] }).symptom).toBe('more-spasticity');
    expect(prefillFindings({ ...base, diary: [pain(2, ['more-pain'])] }).symptom).toBe('more-spasticity');
    expect(prefillFindings({ ...base, diary: [pain(3, ['nausea'])] }).symptom).toBeNull();
  });

  it("the prefill read the status from before a session's change: a pump the clinic had just stopped read as running; it reads the status read back, and a stalled motor as its alarm", () => {
    const stop: Session = {
      ...session(3 * HOUR, { reservoir: 10e6, alarms: [] }),
      interrogation: {
        workflow: 'stop',
        snapshot: { status: { reservoir: 10e6, alarms: [], suspended: false } },
        after: { status: { reservoir: 10e6, alarms: [], suspended: true } },
      },
    };
    const stopped = prefillFindings({ sessions: [stop], refills: [], reservoirMl: 20, now: 4 * HOUR });
    expect(stopped.findings['deliveryStopped']).toBe(true);
    const stalled = prefillFindings({
      sessions: [session(3 * HOUR, { reservoir: 10e6, alarms: [], motorStalled: true })],
      refills: [],
      reservoirMl: 20,
      now: 4 * HOUR,
    });
    expect(stalled.findings['activeAlarms']).toEqual(['motor-stall']);
    expect(stalled.findings['deliveryStopped']).toBeUndefined();
  });

  it('a pump that runs no programme (a replacement pump not yet programmed, mode stopped) was not said stopped in the prefill: every report that stops delivery and is no alarm of its own is the stop', () => {
    const notRunning = prefillFindings({
      sessions: [session(3 * HOUR, { reservoir: 18e6, alarms: [], mode: 'stopped' })],
      refills: [],
      reservoirMl: 20,
      now: 4 * HOUR,
    });
    expect(notRunning.findings['deliveryStopped']).toBe(true);
    expect(
      findingsSchema.safeParse({ presentations: ['more-spasticity'], ...notRunning.findings }).success,
    ).toBe(true);
  });
});
