/** The patient's timeline (web/src/patient-timeline.tsx): what is an event, and in whose words. */
import { describe, expect, it, vi } from 'vitest';
import type { Explant } from '../../src/clinic/pathway/explant-records.ts';
import type { Implant, Session } from '../../web/src/api.ts';
import { epochMs } from '../../src/therapy/quantities.ts';

// The timeline's badges come with the web's router, which reads the location when loaded.
vi.stubGlobal('window', { location: { pathname: '/' }, addEventListener: () => undefined });
type Timeline = (d: {
  patientId: string;
  sessions: readonly Session[];
  refills: readonly never[];
  trials: readonly never[];
  complications: readonly never[];
  episodes?: readonly unknown[];
  implants?: readonly Implant[];
  explants?: readonly Explant[];
}) => { kind: string; text: string; by?: string }[];
// A .tsx module: the server's tsconfig has no JSX, so it is loaded by path (vitest transforms it).
const TIMELINE_MODULE = '../../web/src/patient-timeline.tsx';
const timeline = ((await import(TIMELINE_MODULE)) as { timeline: Timeline }).timeline;

const session = (
  at: number,
  interrogation: Record<string, unknown>,
  diff: Session['diff'] = [],
): Session => ({
  id: `s${at}`,
  implantId: 'i1',
  at,
  createdAt: at,
  createdBy: 'user:n1',
  interrogation,
  diff,
  justification: null,
});
const of = (sessions: Session[]) =>
  timeline({ patientId: 'p', sessions, refills: [], trials: [], complications: [] });

describe('patient timeline', () => {
  it('an alarm test is labelled as an alarm test in the timeline, with whether the patient heard it', () => {
    const rows = of([
      session(1, { workflow: 'alarm-test', heard: true }),
      session(2, { workflow: 'alarm-test', heard: false }),
    ]);
    expect(rows.map((r) => [r.kind, r.text])).toEqual([
      ['Alarm test', 'the patient could NOT hear or feel the alarm: do not rely on pump alarms'],
      ['Alarm test', 'the patient heard or felt the alarm'],
    ]);
  });

  it('no timeline row for an interrogation that changes nothing; a change is one row', () => {
    const rows = of([
      session(1, { workflow: 'interrogate' }),
      session(2, { workflow: 'titrate' }, [{ path: 'doseMcgPerDay', before: 300, after: 330 }]),
    ]);
    expect(rows.map((r) => r.kind)).toEqual(['Programming session']);
  });

  it('month skipped: a refill showed twice, as its Refill row and as a session "reservoir volume 8.31 mL → 18 mL"', () => {
    const contents = session(1, { workflow: 'refill' }, [
      { path: 'reservoir', before: 8_310_000, after: 18_000_000 },
    ]);
    expect(of([contents])).toEqual([]);
    // A refill that programs the physician's new concentration still shows the programme change.
    const newStrength = session(2, { workflow: 'refill' }, [
      { path: 'reservoir', before: 1_000_000, after: 18_000_000 },
      { path: 'prescription.concentrationMcgPerMl', before: 1000, after: 2000 },
    ]);
    expect(of([newStrength]).map((r) => r.kind)).toEqual(['Programming session']);
  });

  it('replacement missing from the timeline: the pump taken out and the pump put in are lines of their own, the old named as replaced by the new', () => {
    const surgery = Date.UTC(2026, 2, 1, 9);
    const catheter = { model: '8709SC', lengthMm: 500, tipLevel: 'T10' };
    const implants = [
      {
        id: 'i1',
        pumpSerial: 'OLD-1',
        deviceProfileId: 'peristaltic-20',
        implantDate: '2020-01-01',
        createdAt: 1,
        pocketSide: 'right' as const,
        catheter,
        initialFill: null,
      },
      {
        id: 'i2',
        pumpSerial: 'NEW-2',
        createdBy: 'user:surgeon',
        deviceProfileId: 'peristaltic-20',
        implantDate: '2026-03-01',
        createdAt: 2,
        pocketSide: 'left' as const,
        catheter,
        initialFill: {
          drug: 'baclofen' as const,
          concentrationNgPerMl: 500_000,
          volumeNl: 20e6,
          lot: 'L',
          at: surgery,
        },
      },
    ];
    const explant = {
      id: 'x1',
      createdAt: epochMs(surgery + 3_600_000),
      createdBy: 'user:doc',
      patientId: 'p',
      implantId: 'i1',
      at: surgery + 3_600_000,
      reason: 'battery-eri' as const,
      catheter: 'kept' as const,
      replacementImplantId: 'i2',
      notes: '',
    };
    const rows = timeline({
      patientId: 'p',
      sessions: [],
      refills: [],
      trials: [],
      complications: [],
      implants,
      explants: [explant],
    });
    expect(rows.map((r) => [r.kind, r.text])).toEqual([
      ['Pump removed', 'serial OLD-1 — battery eri; catheter kept; replaced by NEW-2'],
      [
        'Pump implanted',
        'serial NEW-2 (Peristaltic 20 mL (SynchroMed II-like)), left side; catheter 8709SC, tip at T10; filled with 20 mL of baclofen 500 mcg/mL',
      ],
      [
        'Pump implanted',
        'serial OLD-1 (Peristaltic 20 mL (SynchroMed II-like)), right side; catheter 8709SC, tip at T10; its fill not recorded',
      ],
    ]);
    expect(rows.map((r) => r.by)).toEqual(['user:doc', 'user:surgeon', undefined]);
  });

  it('a troubleshooting episode is in the timeline: symptom, steps, and the cause, remedy and outcome once closed', () => {
    const ep = (closed: unknown) => ({ openedAt: 5, symptom: 'more-spasticity', steps: [{}, {}], closed });
    const rows = timeline({
      patientId: 'p',
      sessions: [],
      refills: [],
      trials: [],
      complications: [],
      episodes: [
        ep(null),
        ep({
          at: 9,
          cause: 'catheter-disconnection-or-leak',
          remedy: 'surgical catheter revision',
          outcome: 'referred',
        }),
      ],
    });
    expect(rows.map((r) => [r.kind, r.text])).toEqual([
      [
        'Troubleshooting',
        'more spasticity; 2 step(s) recorded; catheter disconnection or leak — surgical catheter revision — outcome referred',
      ],
      ['Troubleshooting', 'more spasticity; 2 step(s) recorded; still open'],
    ]);
  });
});
