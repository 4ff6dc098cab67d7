/**
 * A full patient record for the FHIR and report tests, written by hand (no store): a 20 mL
 * SynchroMed-like pump, baclofen 2000 mcg/mL, a prescription chain ending in a flex schedule with a
 * Saturday variant, a screening trial, a refill whose residual discrepancy warned (Maino 2017), MAS grades
 * including "1+", open and resolved alerts, and audit entries.
 */
import type { PrescriptionRecord, Refill } from '../clinic/clinical-records.ts';
import type { Implant, Patient } from '../clinic/records.ts';
import type { EpochMs } from '../therapy/quantities.ts';
import type { PatientRecord } from './bundle.ts';

const T0 = Date.UTC(2024, 0, 10, 9, 0) as EpochMs;
const DAY = 86_400_000;
const meta = (id: string, at: number, by = 'user:physician-1') => ({
  id,
  createdAt: at as EpochMs,
  createdBy: by,
});
const PID = '3f1c1c2e-0000-4000-8000-000000000001';
const IMPLANT = '3f1c1c2e-0000-4000-8000-000000000002';

export const patient: Patient = {
  ...meta(PID, T0, 'user:nurse-1'),
  mrn: 'MRN-0042',
  name: 'Ann Example',
  birthDate: '1975-06-15',
  etiology: 'spinal',
  ageBand: '18-64',
  weightGrams: 72_500,
  highRisk: { injuryAtT6OrAbove: true, cannotCommunicate: false, priorWithdrawal: false },
  clinicContact: { clinic: 'Neuro Clinic', phone: '+44 20 7946 0000', afterHoursPhone: '+44 20 7946 0999' },
};

export const implant: Implant = {
  ...meta(IMPLANT, T0),
  patientId: PID,
  pumpSerial: 'NGP123456H',
  deviceProfileId: 'peristaltic-20',
  implantDate: '2024-01-10',
  pocketSide: 'right',
  catheter: { model: '8709SC', lengthMm: 500, volumeNl: 110_000, tipLevel: 'T10' },
};

const rx = (
  n: number,
  at: number,
  prescription: PrescriptionRecord['prescription'],
  prior: string | null,
): PrescriptionRecord => ({
  ...meta(`rx-${n}`, at),
  patientId: PID,
  priorId: prior,
  implantId: IMPLANT,
  prescription,
  verdict: 'ok',
  reasons: [],
  justification: null,
});

export const prescriptions: PrescriptionRecord[] = [
  rx(
    1,
    T0 + DAY,
    { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 2000, doseMcgPerDay: 300 },
    null,
  ),
  rx(
    2,
    T0 + 20 * DAY,
    { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 2000, doseMcgPerDay: 412.5 },
    'rx-1',
  ),
  rx(
    3,
    T0 + 40 * DAY,
    {
      mode: 'flex',
      drug: 'baclofen',
      concentrationMcgPerMl: 2000,
      everyDay: {
        steps: [
          { startMinute: 0, doseMcgPerDay: 400 },
          { startMinute: 480, doseMcgPerDay: 500 },
        ],
        boluses: [{ startMinute: 360, amountMcg: 25, durationMinutes: 60 }],
      },
      byWeekday: { saturday: { steps: [{ startMinute: 0, doseMcgPerDay: 450 }], boluses: [] } },
    },
    'rx-2',
  ),
];

export const refill: Refill = {
  ...meta('refill-1', T0 + 60 * DAY, 'user:nurse-1'),
  patientId: PID,
  implantId: IMPLANT,
  at: T0 + 60 * DAY,
  expectedResidualNl: 4_200_000,
  measuredResidualNl: 2_900_000,
  drug: 'baclofen',
  concentrationNgPerMl: 2_000_000,
  lot: 'LOT-7781A',
  volumeAddedNl: 18_000_000,
  justification: 'Pocket checked by ultrasound; no pocket fill; catheter access port aspirated clear CSF.',
  reconciliation: {
    verdict: 'warn',
    reasons: [
      {
        code: 'ITB_R_RESIDUAL_LOWER_THAN_EXPECTED',
        message: 'Measured residual is 1.3 mL less than calculated (limit 1 mL for a 20 mL pump)',
        limit: 1,
        value: -1.3,
        severity: 'warn',
      },
    ],
    discrepancyNl: -1_300_000,
    reservoirNl: 20_000_000,
  },
};

export function sampleRecord(): PatientRecord {
  return {
    patient,
    implants: [implant],
    prescriptions,
    sessions: [
      {
        ...meta('session-1', T0 + DAY),
        patientId: PID,
        implantId: IMPLANT,
        at: T0 + DAY,
        interrogation: {},
        diff: [],
        prescriptionId: 'rx-1',
        guardrail: null,
        justification: null,
      },
      {
        ...meta('session-3', T0 + 40 * DAY),
        patientId: PID,
        implantId: IMPLANT,
        at: T0 + 40 * DAY,
        interrogation: {},
        diff: [],
        prescriptionId: 'rx-3',
        guardrail: null,
        justification: null,
      },
    ],
    refills: [refill],
    trials: [
      {
        ...meta('trial-1', T0 - 30 * DAY),
        patientId: PID,
        at: T0 - 30 * DAY,
        doseNg: 50_000,
        concentrationNgPerMl: 50_000,
        volumeNl: 1_000_000,
        method: 'lumbar-puncture',
        assessments: [
          {
            minutesAfterDose: 0,
            mas: [{ muscleGroup: 'knee extensors', side: 'left', grade: '3' }],
            pennSpasm: 3,
          },
          {
            minutesAfterDose: 240,
            mas: [{ muscleGroup: 'knee extensors', side: 'left', grade: '1+' }],
            pennSpasm: null,
          },
        ],
        responded: true,
        effectHours: 6,
      },
    ],
    assessments: [
      {
        ...meta('assess-1', T0 + 61 * DAY),
        patientId: PID,
        at: T0 + 61 * DAY,
        mas: [
          { muscleGroup: 'hip adductors', side: 'bilateral', grade: '1+' },
          { muscleGroup: 'elbow flexors', side: 'right', grade: '0' },
        ],
        pennSpasm: 1,
        painNrs: 3,
        goals: [
          { goal: 'Transfers  without help', score: 1 },
          { goal: 'Sleep through the night', score: -1 },
        ],
        sideEffects: [],
      },
    ],
    complications: [
      {
        ...meta('comp-1', T0 + 30 * DAY),
        patientId: PID,
        implantId: IMPLANT,
        at: T0 + 29 * DAY,
        kind: 'catheter-occlusion',
        severity: 'moderate',
        description: 'Partial occlusion on dye study; catheter revised.',
      },
    ],
    appointments: [
      {
        ...meta('appt-1', T0 + 60 * DAY),
        patientId: PID,
        implantId: IMPLANT,
        at: T0 + 140 * DAY,
        kind: 'refill',
        durationMinutes: 45,
        status: 'booked',
        changes: [],
      },
    ],
    alerts: [
      {
        ...meta('alert-1', T0 + 60 * DAY, 'system:refill'),
        patientId: PID,
        implantId: IMPLANT,
        kind: 'residual-discrepancy',
        severity: 'warning',
        message: 'Residual 1.3 mL below calculated',
        reasons: [],
        since: T0 + 60 * DAY,
        state: 'open',
        acknowledged: null,
        resolved: null,
      },
      {
        ...meta('alert-2', T0 + 55 * DAY, 'system:board'),
        patientId: PID,
        implantId: IMPLANT,
        kind: 'low-reservoir',
        severity: 'critical',
        message: 'Reservoir projected below 2 mL',
        reasons: [],
        since: T0 + 55 * DAY,
        state: 'resolved',
        acknowledged: null,
        resolved: { at: T0 + 60 * DAY, by: 'user:nurse-1', resolution: 'Refilled' },
      },
    ],
    evaluations: [
      {
        ...meta('eval-1', T0 - 40 * DAY),
        patientId: PID,
        at: T0 - 40 * DAY,
        indication: 'spasticity',
        diagnosis: 'Spinal cord injury, T4 complete',
        etiology: 'spinal',
        distribution: 'lower-limbs',
        oralBaclofen: [{ maxDailyDoseMg: 80, response: 'partial', intolerance: 'drowsiness' }],
        goals: ['Transfers without help', 'Easier perineal care'],
        contraindications: {
          activeInfection: false,
          bodyHabitusTooSmall: false,
          uncontrolledSeizures: false,
          pregnancy: false,
          anticoagulation: true,
        },
        decision: {
          outcome: 'proceed-to-trial',
          decidedBy: 'Dr A (neurosurgery), B (physiotherapy)',
          decidedAt: T0 - 40 * DAY,
          rationale: 'Severe lower-limb spasticity despite oral baclofen.',
        },
        notes: '',
      },
    ],
    postOpChecks: [
      {
        ...meta('postop-1', T0 + 7 * DAY, 'user:nurse-1'),
        patientId: PID,
        implantId: IMPLANT,
        at: T0 + 7 * DAY,
        completes: ['wound-check'],
        wound: 'erythema',
        temperatureC: 38.2,
        positionalHeadache: false,
        fluidCollection: false,
        infectionSigns: false,
        notes: '',
      },
    ],
    explants: [],
    audit: [
      {
        seq: 1,
        at: T0,
        actor: 'user:nurse-1',
        action: 'create',
        entity: 'patient',
        entityId: PID,
        details: {},
        prevHash: '0'.repeat(64),
        hash: 'a'.repeat(64),
      },
      {
        seq: 7,
        at: T0 + DAY,
        actor: 'user:physician-1',
        action: 'view',
        entity: 'patient',
        entityId: PID,
        details: {},
        prevHash: 'b'.repeat(64),
        hash: 'c'.repeat(64),
      },
    ],
  };
}

export const SAMPLE_NOW = T0 + 62 * DAY;
