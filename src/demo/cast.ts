/**
 * The demo clinic's implanted patients: twelve on baclofen — spinal and cerebral origin, adults and
 * children, some with the withdrawal high-risk flags (docs/clinical-reference.md §1.4), at doses and
 * strengths within the usual ranges (docs/clinical-reference.md §2) — and one adult pain patient on
 * preservative-free morphine, the drug and pump the library allows patient-controlled boluses for.
 * Three carry a story the board must show: a refill overdue, a residual that did not reconcile at the last
 * refill, and a pump battery at the elective replacement indicator (ERI); one is being troubleshot (a
 * catheter disconnected in his world, more spasticity, an episode open). Demo data only — not clinical
 * guidance.
 */
import type { PatientInput } from '../clinic/records.ts';
import type { DrugId } from '../therapy/drug.ts';

export type DemoStory = 'overdue' | 'discrepancy' | 'eri' | 'troubleshooting' | 'routine';

export interface DemoPatient {
  readonly n: number;
  readonly name: string;
  readonly birthDate: string;
  readonly etiology: PatientInput['etiology'];
  readonly weightKg: number;
  readonly highRisk: NonNullable<PatientInput['highRisk']>;
  /** Starting daily dose (mcg/day) and the strength in the pump (mcg/mL). */
  readonly doseMcg: number;
  readonly concentrationMcgPerMl: number;
  readonly story: DemoStory;
  /**
   * How the day-14 titration step (+10 % a day) is given: as a flex schedule with a higher rate overnight
   * (22:00–07:00, for night-time spasms), or — absent — as a higher continuous dose.
   */
  readonly titrationAs?: 'night-flex';
  /**
   * The drug in the pump when it is not baclofen: the demo pain patient's preservative-free morphine (the
   * model-based test's cast adds one on ziconotide). Such a patient has no baclofen screening trial, and no
   * virtual body (src/body models baclofen only).
   */
  readonly drug?: Extract<DrugId, 'morphine' | 'ziconotide'>;
  /** The opioid status recorded for an opioid patient (the guardrails read it for every opioid start). */
  readonly opioidStatus?: NonNullable<PatientInput['opioidStatus']>;
}

/** The drug in a demo patient's pump. */
export const demoDrug = (p: Pick<DemoPatient, 'drug'>): DrugId => p.drug ?? 'baclofen';

const low = { injuryAtT6OrAbove: false, cannotCommunicate: false, priorWithdrawal: false };

export const DEMO_PATIENTS: readonly DemoPatient[] = [
  {
    n: 1,
    name: 'Ada Lovelace',
    birthDate: '1968-12-10',
    etiology: 'spinal',
    weightKg: 64,
    highRisk: { ...low, injuryAtT6OrAbove: true },
    doseMcg: 300,
    concentrationMcgPerMl: 2000,
    story: 'routine',
  },
  {
    n: 2,
    name: 'Blaise Pascal',
    birthDate: '1955-06-19',
    etiology: 'spinal',
    weightKg: 78,
    highRisk: low,
    doseMcg: 320,
    concentrationMcgPerMl: 1000,
    story: 'routine',
  },
  {
    n: 3,
    name: 'Carl Gauss',
    birthDate: '1979-04-30',
    etiology: 'cerebral',
    weightKg: 82,
    highRisk: low,
    doseMcg: 250,
    concentrationMcgPerMl: 2000,
    story: 'discrepancy',
  },
  {
    n: 4,
    name: 'Dora Maar',
    birthDate: '2016-11-22',
    etiology: 'cerebral',
    weightKg: 24,
    highRisk: { ...low, cannotCommunicate: true },
    doseMcg: 100,
    concentrationMcgPerMl: 500,
    story: 'routine',
  },
  {
    n: 5,
    name: 'Emmy Noether',
    birthDate: '1982-03-23',
    etiology: 'spinal',
    weightKg: 59,
    highRisk: { ...low, priorWithdrawal: true },
    doseMcg: 300,
    concentrationMcgPerMl: 1000,
    story: 'overdue',
  },
  {
    n: 6,
    name: 'Fritz Haber',
    birthDate: '1968-12-09',
    etiology: 'spinal',
    weightKg: 88,
    highRisk: low,
    doseMcg: 400,
    concentrationMcgPerMl: 2000,
    story: 'eri',
  },
  {
    n: 7,
    name: 'Grace Hopper',
    birthDate: '1946-12-09',
    etiology: 'cerebral',
    weightKg: 61,
    highRisk: low,
    doseMcg: 150,
    concentrationMcgPerMl: 1000,
    story: 'routine',
  },
  {
    n: 8,
    name: 'Hugo Alvar',
    birthDate: '2012-02-03',
    etiology: 'cerebral',
    weightKg: 45,
    highRisk: low,
    doseMcg: 180,
    concentrationMcgPerMl: 1000,
    story: 'troubleshooting',
  },
  {
    n: 9,
    name: 'Ida Tarbell',
    birthDate: '1971-11-05',
    etiology: 'spinal',
    weightKg: 70,
    highRisk: { ...low, injuryAtT6OrAbove: true, cannotCommunicate: true },
    doseMcg: 500,
    concentrationMcgPerMl: 2000,
    story: 'routine',
  },
  {
    n: 10,
    name: 'Jonas Salk',
    birthDate: '1960-10-28',
    etiology: 'spinal',
    weightKg: 75,
    highRisk: low,
    doseMcg: 350,
    concentrationMcgPerMl: 2000,
    story: 'routine',
    titrationAs: 'night-flex',
  },
  {
    n: 11,
    name: 'Kira Novak',
    birthDate: '2017-07-14',
    etiology: 'cerebral',
    weightKg: 21,
    highRisk: low,
    doseMcg: 80,
    concentrationMcgPerMl: 500,
    story: 'routine',
  },
  {
    n: 12,
    name: 'Lise Meitner',
    birthDate: '1978-11-07',
    etiology: 'cerebral',
    weightKg: 66,
    highRisk: low,
    doseMcg: 220,
    concentrationMcgPerMl: 1000,
    story: 'routine',
  },
  {
    // Chronic pain, opioid tolerant: 3 mg/day of morphine 25 mg/mL, inside the label's tolerant range of
    // 1–10 mg/day [C: docs/clinical-reference.md §2]. The record's spasticity origin does not apply to
    // pain; "spinal" puts her in the adult range. The only demo pump whose drug allows patient boluses.
    n: 13,
    name: 'Marie Curie',
    birthDate: '1967-11-07',
    etiology: 'spinal',
    weightKg: 58,
    highRisk: low,
    doseMcg: 3000,
    concentrationMcgPerMl: 25_000,
    story: 'routine',
    drug: 'morphine',
    opioidStatus: 'tolerant',
  },
];

/** The demo accounts (fixed, printed at start and listed in docs/demo.md). Demo only: never reuse. */
export const DEMO_PASSWORD = 'itb-demo-2026';
export const DEMO_ACCOUNTS = [
  { role: 'admin', email: 'admin@demo.itb', name: 'Demo Admin' },
  { role: 'physician', email: 'physician@demo.itb', name: 'Dr Demo Physician' },
  { role: 'nurse', email: 'nurse@demo.itb', name: 'Demo Nurse' },
  { role: 'viewer', email: 'viewer@demo.itb', name: 'Demo Viewer' },
  { role: 'patient', email: 'patient@demo.itb', name: 'Ada Lovelace (patient)' },
] as const;
