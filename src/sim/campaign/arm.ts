/**
 * One arm of a safety campaign: its patients' outcomes summed (in index order, so the result does not depend
 * on which worker finished first) into harm rates with 95 % intervals, days with uncontrolled spasticity,
 * and each fault kind with how many were detected and how fast.
 */
import { armLabel, type ControlName } from '../controls.ts';
import type { CampaignOutcome, HarmCase } from './patient.ts';
import { clusterInterval, poissonRate, type ClusterInterval, type Rate } from './stats.ts';

/** The harms every arm reports, in this order (missing ones count 0). */
export const HARMS = [
  'withdrawal-early',
  'withdrawal-moderate',
  'withdrawal-severe',
  'overdose-drowsy',
  'overdose-respiratory-depression',
  'overdose-coma',
  'empty-reservoir',
  'end-of-service',
] as const;
export type Harm = (typeof HARMS)[number];

/** How often the campaign keeps the cases behind each harm of an arm (the first ones, by patient index). */
export const CASES_KEPT_PER_HARM = 5;

export interface FaultStats {
  readonly kind: string;
  readonly count: number;
  readonly detected: number;
  readonly medianDelayHours: number | null;
}

export interface ArmResult {
  readonly off: readonly ControlName[];
  readonly label: string;
  readonly patients: number;
  readonly implanted: number;
  readonly patientYears: number;
  readonly harms: Readonly<Record<Harm, Rate>>;
  /** Each harm's per-patient (cluster) interval: wider than the Poisson one where onsets cluster. */
  readonly clusterIntervals: Readonly<Record<Harm, ClusterInterval>>;
  /** Days with tone ≥ 1 MAS point above the goal, per 100 patient-years. */
  readonly uncontrolledDaysPer100PatientYears: number;
  /** Each patient's days with uncontrolled spasticity, by index (0 for a patient not implanted). */
  readonly uncontrolledDaysByPatient: readonly number[];
  /** Each patient's onsets of each harm, by index (0 for a patient not implanted). */
  readonly harmsByPatient: Readonly<Record<Harm, readonly number[]>>;
  readonly faults: readonly FaultStats[];
  readonly cases: readonly HarmCase[];
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

/** Sums one arm's outcomes. */
export function summariseArm(off: readonly ControlName[], outcomes: readonly CampaignOutcome[]): ArmResult {
  const sorted = [...outcomes].sort((a, b) => a.index - b.index);
  const counts = new Map<string, number>();
  const faults = new Map<string, { count: number; delays: number[] }>();
  const cases: HarmCase[] = [];
  let py = 0;
  let implanted = 0;
  let uncontrolled = 0;
  const byPatient = sorted.map((o) => o.uncontrolledDays);
  const harmsByPatient = Object.fromEntries(
    HARMS.map((h) => [h, sorted.map((o) => o.harms[h] ?? 0)]),
  ) as Record<Harm, number[]>;
  for (const o of sorted) {
    if (!o.implanted) continue;
    implanted++;
    py += o.patientYears;
    uncontrolled += o.uncontrolledDays;
    for (const [k, v] of Object.entries(o.harms)) counts.set(k, (counts.get(k) ?? 0) + v);
    for (const f of o.faults) {
      const e = faults.get(f.kind) ?? { count: 0, delays: [] };
      e.count++;
      if (f.delayHours !== null) e.delays.push(f.delayHours);
      faults.set(f.kind, e);
    }
    for (const c of o.cases)
      if (cases.filter((x) => x.harm === c.harm).length < CASES_KEPT_PER_HARM) cases.push(c);
  }
  const harms = Object.fromEntries(HARMS.map((h) => [h, poissonRate(counts.get(h) ?? 0, py)])) as Record<
    Harm,
    Rate
  >;
  const years = sorted.map((o) => (o.implanted ? o.patientYears : 0));
  const clusterIntervals = Object.fromEntries(
    HARMS.map((h) => [h, clusterInterval(harmsByPatient[h], years)]),
  ) as Record<Harm, ClusterInterval>;
  return {
    off,
    label: armLabel(off),
    patients: sorted.length,
    implanted,
    patientYears: Math.round(py * 1000) / 1000,
    harms,
    clusterIntervals,
    uncontrolledDaysPer100PatientYears: py > 0 ? Math.round((uncontrolled / py) * 100 * 10) / 10 : 0,
    uncontrolledDaysByPatient: byPatient,
    harmsByPatient,
    faults: [...faults.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, e]) => ({
        kind,
        count: e.count,
        detected: e.delays.length,
        medianDelayHours: median(e.delays),
      })),
    cases,
  };
}
