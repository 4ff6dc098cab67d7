/**
 * What the session summary keeps from a visit's records (session-summary-data.ts), found by walking the
 * whole pathway in Chromium: the printed summary of a refill listed the write intent as "Outcome unknown
 * (link lost)" beside the verified refill it stood for, and five identical interrogations as five steps.
 */
import { describe, expect, it } from 'vitest';
import type { ProgrammingSession } from '../clinic/clinical-records.ts';
import type { Implant, Patient } from '../clinic/records.ts';
import { sampleRecord } from '../fhir/test-fixtures.ts';
import { INTENT_WORKFLOW } from '../programmer/write-intent.ts';
import { DRUG_EMERGENCY } from '../therapy/drug-emergency.ts';
import { pdfText } from './pdf-common.ts';
import { hasPhrase, readPdf } from './pdf-read.test-support.ts';
import { sessionSummaryPdf } from './session-summary.ts';
import { sessionSummaryData, type SessionSummarySource } from './session-summary-data.ts';

const rx = { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 2000, doseMcgPerDay: 550 };
const snapshot = { status: { reservoir: 7_000_000, batteryPercent: 95, alarms: [] }, prescription: rx };
let n = 0;
const session = (by: string, interrogation: Record<string, unknown>, diff: ProgrammingSession['diff'] = []) =>
  ({
    id: `s${++n}`,
    patientId: 'p1',
    implantId: 'i1',
    at: 1_000 * n,
    createdAt: 1_000 * n,
    createdBy: by,
    interrogation,
    diff,
    prescriptionId: null,
    guardrail: null,
    justification: null,
  }) as unknown as ProgrammingSession;

const source = (sessions: ProgrammingSession[]): SessionSummarySource => ({
  patient: { name: 'Ida Tarbell', mrn: 'DEMO-009', birthDate: '1971-11-05' } as Patient,
  implant: { deviceProfileId: 'peristaltic-20', pumpSerial: 'DEMO-0009' } as Implant,
  sessions,
  refills: [],
  names: new Map([
    ['user:n', 'Demo Nurse'],
    ['user:d', 'Dr Demo Physician'],
  ]),
  dates: { refillBy: null, battery: { eri: false } },
  openAlerts: [],
  day: '2026-12-02',
  printedAt: 10_000,
  printedBy: 'Demo Nurse',
});

describe('the session summary’s closing note follows the drug in the pump', () => {
  it('a morphine pump’s summary ended with “Do not stop intrathecal baclofen abruptly”: it prints the drug the pump reports after the visit', async () => {
    const morphineRx = { ...rx, drug: 'morphine', concentrationMcgPerMl: 10_000, doseMcgPerDay: 3_000 };
    const d = sessionSummaryData(
      source([
        session('user:n', { workflow: 'interrogate', snapshot: { ...snapshot, prescription: morphineRx } }),
      ]),
    );
    expect(d.drug).toBe('morphine');
    const text = (await readPdf(await sessionSummaryPdf(d, { compress: false }))).text.join(' ');
    expect(hasPhrase(text, pdfText(DRUG_EMERGENCY.morphine.paperNote))).toBe(true);
    expect(text).not.toMatch(/baclofen/i);
  });
});

describe('the session summary of a day with nothing recorded', () => {
  it('printed "no pump session or refill on 2026-12-02" under "Clinic day Wed 2 Dec 2026": the day in the one date format', async () => {
    const text = (
      await readPdf(await sessionSummaryPdf(sessionSummaryData(source([])), { compress: false }))
    ).text.join(' ');
    expect(hasPhrase(text, 'no pump session or refill on Wed 2 Dec 2026')).toBe(true);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});

describe('the session summary keeps the steps worth a line on the chart', () => {
  it('raw reason code on paper: a refill’s reconciliation reasons are printed in words, never as [ITB_…]', () => {
    const d = sessionSummaryData({ ...source([]), refills: sampleRecord().refills });
    expect(d.refills[0]?.reasons).toEqual([
      'Measured residual is 1.3 mL less than calculated (limit 1 mL for a 20 mL pump)',
    ]);
  });

  it('a write intent is not printed as an unknown outcome beside the verified write it stood for', () => {
    const d = sessionSummaryData(
      source([
        session('user:n', { workflow: INTENT_WORKFLOW, write: { status: 'unknown' } }),
        session('user:n', { workflow: 'refill', snapshot, write: { status: 'verified' } }, [
          { path: 'reservoir', before: 7_000_000, after: 18_000_000 },
        ]),
      ]),
    );
    expect(d.steps.map((s) => s.what)).toEqual(['Refill']);
    expect(d.steps.map((s) => s.outcome)).toEqual([
      'Verified: the pump read back the new programme exactly.',
    ]);
    expect(d.steps[0]?.changes).toEqual(['reservoir volume: 7 mL → 18 mL']);
  });

  it('an interrogation that read what the step before it read adds no line, but its reader stays in the staff list', () => {
    const d = sessionSummaryData(
      source([
        session('user:d', { workflow: 'interrogate', snapshot }),
        session('user:n', { workflow: 'interrogate', snapshot }),
        session('user:n', {
          workflow: 'interrogate',
          snapshot: { ...snapshot, status: { ...snapshot.status, reservoir: 6_900_000 } },
        }),
      ]),
    );
    expect(d.steps.map((s) => [s.by, s.read.find(([k]) => k === 'Reservoir (calculated)')?.[1]])).toEqual([
      ['Dr Demo Physician', '7 mL'],
      ['Demo Nurse', '6.9 mL'],
    ]);
    expect(d.staff).toEqual(['Dr Demo Physician', 'Demo Nurse']);
  });

  it('a patient-controlled bolus change is printed before → after with units, and the setting read (finding: PCB changes had no words)', () => {
    const pcb = { amount: 200_000, duration: 600_000, lockout: 7_200_000, maxPerDay: 4 };
    const d = sessionSummaryData(
      source([
        session(
          'user:d',
          {
            workflow: 'patient-bolus',
            snapshot: { ...snapshot, patientBolus: pcb },
            write: { status: 'verified' },
          },
          [
            { path: 'patientBolus.lockoutMinutes', before: 120, after: 180 },
            { path: 'patientBolus.maxPerDay', before: 4, after: 3 },
          ],
        ),
      ]),
    );
    expect(d.steps.map((s) => s.what)).toEqual(['Patient-controlled bolus settings']);
    expect(d.steps[0]?.changes).toEqual([
      'patient-controlled bolus, lockout: 120 min → 180 min',
      'patient-controlled bolus, at most: 4 a day → 3 a day',
    ]);
    expect(d.steps[0]?.read).toContainEqual([
      'Patient-controlled bolus',
      '200 mcg per bolus, lockout 120 min, at most 4 a day',
    ]);
  });
});
