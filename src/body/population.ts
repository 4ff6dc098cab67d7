/**
 * Population experiments for validation: many seeded virtual patients through the screening trial, a
 * lumbar bolus, and two years of titration-to-goal. Deterministic for a given seed and size.
 */
import type { Population } from '../therapy/drug.ts';
import { csfClearanceMlPerH, csfHalfLifeHours, simulateBolus } from './bolus-sim.ts';
import { observe, type Observation } from './body.ts';
import { samplePatient, type PatientParams } from './patient.ts';
import { DEFAULT_SCREENING_PROTOCOL, screeningTrial } from './screening.ts';
import { doseSlip, restartAfterInterruption, type OnTherapy } from './scenarios-hazard.ts';
import { steadyState } from './scenarios.ts';
import { doseOnDay, titrateToGoal } from './titration.ts';

/** The i-th patient of a seeded population. */
export const nthPatient = (seed: number, i: number, population: Population = 'adult-spinal'): PatientParams =>
  samplePatient(seed * 100_003 + i, population);

/** Linear-interpolated quantile of values (q in 0–1). */
export function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const pos = (s.length - 1) * q;
  const a = s[Math.floor(pos)] as number;
  const b = s[Math.ceil(pos)] as number;
  // Equal neighbours (including two infinities) need no interpolation, and ∞ − ∞ would be NaN.
  return a === b ? a : a + (b - a) * (pos - Math.floor(pos));
}

export interface ScreeningStats {
  readonly n: number;
  /** Fraction responding when 25 µg is the first (and only) dose. */
  readonly respond25: number;
  /** Fractions of the standard 50 → 75 → 100 µg trial. */
  readonly respond50: number;
  readonly respond75or100: number;
  readonly never: number;
  /** Fraction with overdose signs (drowsiness or worse) at any assessment of the standard trial. */
  readonly drowsy: number;
}

export function screeningPopulation(n: number, seed: number): ScreeningStats {
  let r25 = 0;
  let r50 = 0;
  let r75 = 0;
  let never = 0;
  let drowsy = 0;
  for (let i = 0; i < n; i++) {
    const p = nthPatient(seed, i);
    const protocol = { ...DEFAULT_SCREENING_PROTOCOL, seed: seed + i };
    const trial = screeningTrial(p, protocol);
    const d = trial.decision;
    if (trial.days.some((day) => day.assessments.some((a) => a.overdoseStage !== 'none'))) drowsy++;
    if (d.kind === 'non-candidate') never++;
    else if (d.doseMcg <= 50) r50++;
    else r75++;
    if (screeningTrial(p, { ...protocol, dosesMcg: [25] }).decision.kind === 'responder') r25++;
  }
  return {
    n,
    respond25: r25 / n,
    respond50: r50 / n,
    respond75or100: r75 / n,
    never: never / n,
    drowsy: drowsy / n,
  };
}

export interface BolusStats {
  readonly n: number;
  readonly halfLife: readonly number[];
  readonly clearance: readonly number[];
  /** 50 µg bolus: onset (+∞ without a 1-point window), time of peak effect and duration (0 without). */
  readonly onset: readonly number[];
  readonly peak: readonly number[];
  readonly duration: readonly number[];
  readonly lumbarCisternal: readonly number[];
}

/** A 50 µg / 1 mL bolus in each patient, plus the steady-state lumbar:cisternal ratio at 300 µg/day. */
export function bolusPopulation(n: number, seed: number, withTiming: boolean): BolusStats {
  const s = {
    halfLife: [] as number[],
    clearance: [] as number[],
    onset: [] as number[],
    peak: [] as number[],
  };
  const duration: number[] = [];
  const ratio: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = nthPatient(seed, i);
    s.halfLife.push(csfHalfLifeHours(p, 50));
    s.clearance.push(csfClearanceMlPerH(p, 50));
    const o = steadyState(p, 300, 2);
    ratio.push(o.csf.spinal / o.csf.cranial);
    if (!withTiming) continue;
    const b = simulateBolus({ doseMcg: 50, patient: p, hours: 16 });
    // Patients without a 1-point window count as onset "never" (+∞) and duration 0, so medians describe
    // the median patient rather than the responsive ones only.
    s.onset.push(b.onsetHours ?? Number.POSITIVE_INFINITY);
    if (b.peakHours !== null) s.peak.push(b.peakHours);
    duration.push(b.durationHours);
  }
  return { n, ...s, duration, lumbarCisternal: ratio };
}

export interface TitrationStats {
  /** Screening responders titrated. */
  readonly n: number;
  /** Start dose over effective screening dose, per patient. */
  readonly startRatio: readonly number[];
  /** Doses (µg/day) on each of DOSE_DAYS, one array per day. */
  readonly doses: readonly (readonly number[])[];
  /** Per patient: dose on day 730 − dose on day 365 (µg/day). */
  readonly yearTwoIncrease: readonly number[];
  /** At the last visit of the first year: true tone, spasm score, plasma and near-tip CSF concentrations. */
  readonly mas: readonly number[];
  readonly penn: readonly number[];
  readonly plasma: readonly number[];
  readonly tip: readonly number[];
  /** From each patient's last visit of the first year: hours to the first overdose sign (+∞ if none in 24 h)
   * after a 10× rate slip, and after the rate is restarted in full following 14 days without drug. */
  readonly slipSignHours: readonly number[];
  readonly restartSignHours: readonly number[];
  /** Per patient: drowsiness or worse seen at a visit in the first TITRATION_PHASE_DAYS of titration. */
  readonly drowsyInTitration: readonly boolean[];
}

/** Days of titration read as the label's titration phase [A]. */
export const TITRATION_PHASE_DAYS = 60;

export const DOSE_DAYS = [0, 30, 90, 180, 365, 540, 730] as const;

/** Screening, then titration-to-goal for two years, for every responder among n patients. */
export function titrationPopulation(n: number, seed: number): TitrationStats {
  const out = {
    startRatio: [] as number[],
    yearTwoIncrease: [] as number[],
    mas: [] as number[],
    penn: [] as number[],
    plasma: [] as number[],
    tip: [] as number[],
    slipSignHours: [] as number[],
    restartSignHours: [] as number[],
    drowsyInTitration: [] as boolean[],
  };
  const doses: number[][] = DOSE_DAYS.map(() => []);
  for (let i = 0; i < n; i++) {
    const p = nthPatient(seed + 7, i);
    const d = screeningTrial(p, { ...DEFAULT_SCREENING_PROTOCOL, seed: seed + i }).decision;
    if (d.kind !== 'responder' || d.startDoseMcgPerDay === null) continue;
    out.startRatio.push(d.startDoseMcgPerDay / d.doseMcg);
    let atYear: Observation | undefined;
    let year: OnTherapy | undefined;
    let drowsy = false;
    const run = titrateToGoal(p, d.startDoseMcgPerDay, 730, seed + i, undefined, (v, body) => {
      if (v.day <= TITRATION_PHASE_DAYS && observe(body).overdoseStage !== 'none') drowsy = true;
      if (v.day <= 365) {
        atYear = observe(body);
        year = { body, doseMcgPerDay: v.doseMcgPerDay };
      }
    });
    if (year) {
      out.slipSignHours.push(doseSlip(year, 10, 24).drowsyHours ?? Number.POSITIVE_INFINITY);
      out.restartSignHours.push(
        restartAfterInterruption(year, 14, 24).drowsyHours ?? Number.POSITIVE_INFINITY,
      );
    }
    if (atYear) {
      out.mas.push(atYear.masContinuous);
      out.penn.push(atYear.pennContinuous);
      out.plasma.push(atYear.plasmaNgPerMl);
      out.tip.push(atYear.csf.tip);
    }
    out.drowsyInTitration.push(drowsy);
    DOSE_DAYS.forEach((day, k) => doses[k]?.push(doseOnDay(run, day)));
    out.yearTwoIncrease.push(doseOnDay(run, 730) - doseOnDay(run, 365));
  }
  return { n: out.startRatio.length, ...out, doses };
}
