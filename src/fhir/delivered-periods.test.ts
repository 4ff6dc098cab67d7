/**
 * FHIR's delivered periods (map-medication.ts `deliveredPeriodsToFhir`) against what the pump held
 * (clinic/pump-contents.ts): a physician's new concentration is on record before the refill that brings it
 * in, and a session linked to it before that refill is no period of it — the pump still ran what it held.
 */
import { describe, expect, it } from 'vitest';
import type { PrescriptionRecord, ProgrammingSession, Refill } from '../clinic/clinical-records.ts';
import type { Implant, JsonValue } from '../clinic/records.ts';
import type { PrescriptionJson } from '../therapy/prescription-json.ts';
import { epochMs, MS_PER_DAY } from '../therapy/quantities.ts';
import { deliveredPeriodsToFhir } from './map-medication.ts';

const T0 = Date.UTC(2024, 0, 1);
const ML = 1_000_000;
const meta = (id: string, at: number) => ({ id, createdAt: epochMs(at), createdBy: 'user:t' });
const implant: Implant = {
  ...meta('imp', T0),
  patientId: 'p',
  pumpSerial: 'S',
  deviceProfileId: 'peristaltic-20',
  implantDate: '2023-01-01',
  pocketSide: 'left',
  catheter: { model: 'x', lengthMm: 500, volumeNl: 100_000, tipLevel: 'T10' },
};
const json = (concentrationMcgPerMl: number, doseMcgPerDay: number): PrescriptionJson => ({
  mode: 'simple-continuous',
  drug: 'baclofen',
  concentrationMcgPerMl,
  doseMcgPerDay,
});
const rx = (id: string, at: number, p: PrescriptionJson, priorId: string | null): PrescriptionRecord => ({
  ...meta(id, at),
  patientId: 'p',
  priorId,
  implantId: null,
  prescription: p,
  verdict: 'ok',
  reasons: [],
  justification: null,
});
const refill = (at: number, concentrationNgPerMl: number): Refill => ({
  ...meta(`rf-${at}`, at),
  patientId: 'p',
  implantId: 'imp',
  at,
  expectedResidualNl: 2 * ML,
  measuredResidualNl: 2 * ML,
  drug: 'baclofen',
  concentrationNgPerMl,
  lot: 'L',
  volumeAddedNl: 18 * ML,
  justification: null,
  reconciliation: { verdict: 'ok', reasons: [], discrepancyNl: 0, reservoirNl: 20 * ML },
});
/** A session at `at` linked to `prescriptionId`, the pump reading back `concentration` ng/mL and `p`. */
const session = (
  id: string,
  at: number,
  prescriptionId: string,
  concentration: number,
  p: PrescriptionJson,
  workflow = 'titrate',
): ProgrammingSession => ({
  ...meta(id, at),
  patientId: 'p',
  implantId: 'imp',
  at,
  interrogation: {
    workflow,
    after: {
      status: { reservoir: 15 * ML, drug: 'baclofen', concentration, alarms: [] },
      prescription: p as unknown as JsonValue,
    },
  },
  diff: [],
  prescriptionId,
  guardrail: null,
  justification: null,
});

describe('delivered periods follow what the pump held', () => {
  it('MedicationAdministration said a pending concentration was administered before the refill that brought it in: its period starts at that refill', () => {
    const old = rx('rx-1', T0, json(1000, 300), null);
    // Day 10: 2,000 mcg/mL prescribed for the next refill; day 12: a session records the pump (still
    // holding 1,000 mcg/mL) linked to the prescription on record; day 30: the refill brings 2,000 mcg/mL in.
    const pending = rx('rx-2', T0 + 10 * MS_PER_DAY, json(2000, 300), 'rx-1');
    const day = (n: number) => T0 + n * MS_PER_DAY;
    const periods = deliveredPeriodsToFhir(
      {
        implants: [implant],
        refills: [refill(T0, 1_000_000), refill(day(30), 2_000_000)],
        sessions: [
          session('s-1', T0, 'rx-1', 1_000_000, json(1000, 300), 'refill'),
          session('s-2', day(12), 'rx-2', 1_000_000, json(1000, 300), 'interrogate'),
          session('s-3', day(30), 'rx-2', 2_000_000, json(2000, 300), 'refill'),
        ],
      },
      [old, pending],
      'p',
    );
    expect(
      periods.map((m) => [m.request?.reference, m.effectivePeriod?.start, m.effectivePeriod?.end]),
    ).toEqual([
      [expect.stringContaining('rx-1'), new Date(T0).toISOString(), new Date(day(30)).toISOString()],
      [expect.stringContaining('rx-2'), new Date(day(30)).toISOString(), undefined],
    ]);
  });

  it("a delivered period ran on through the clinic's stop, as if the drug was administered while the patient had none: the stop ends it, the resume starts the next, with a dose programmed while stopped", () => {
    const day = (n: number) => T0 + n * MS_PER_DAY;
    const first = rx('rx-1', T0, json(1000, 300), null);
    const lower = rx('rx-2', day(6), json(1000, 200), 'rx-1');
    /** A verified stop or resume (programmer/stop-resume.ts records its write's status). */
    const control = (id: string, at: number, workflow: 'stop' | 'resume'): ProgrammingSession => ({
      ...session(id, at, 'rx-1', 1_000_000, json(1000, 300), workflow),
      prescriptionId: null,
      interrogation: { workflow, write: { status: 'verified' } },
    });
    const periods = deliveredPeriodsToFhir(
      {
        implants: [implant],
        refills: [refill(T0, 1_000_000)],
        sessions: [
          session('s-1', T0, 'rx-1', 1_000_000, json(1000, 300), 'refill'),
          control('s-stop', day(5), 'stop'),
          // The lower restart dose is written while stopped: the pump keeps the stop until the resume.
          session('s-2', day(6), 'rx-2', 1_000_000, json(1000, 200)),
          control('s-resume', day(7), 'resume'),
        ],
      },
      [first, lower],
      'p',
    );
    expect(
      periods.map((m) => [m.request?.reference, m.effectivePeriod?.start, m.effectivePeriod?.end, m.status]),
    ).toEqual([
      [
        expect.stringContaining('rx-1'),
        new Date(T0).toISOString(),
        new Date(day(5)).toISOString(),
        'completed',
      ],
      [expect.stringContaining('rx-2'), new Date(day(7)).toISOString(), undefined, 'in-progress'],
    ]);
  });
});
