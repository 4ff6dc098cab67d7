/**
 * `itb sim bolus`: one lumbar bolus in a virtual patient and the time course of its effect (docs/clinical-reference.md §1.1:
 * onset 0.5–1 h, peak ~4 h, lasting 4–8 h; §4: CSF half-life ~1.5 h). The effect window is where tone is
 * at least one MAS point below its pre-dose value — the contract of the CLI (docs/simulator.md, `itb sim bolus`).
 *
 * The curve is the drug's: the patient's placebo response is switched off here (screeningTrial keeps it).
 */
import { ItbError } from '../therapy/codes.ts';
import { MS_PER_MINUTE, epochMs, mcgToNg } from '../therapy/quantities.ts';
import { advance, createBody, lumbarBolus, observe } from './body.ts';
import { solve, zeros, at as entry } from './matrix.ts';
import { defaultPatient, samplePatient, type PatientParams } from './patient.ts';
import { augmentedSystem, N_STATES, S, splitBolus } from './pk.ts';
import type { MasScore } from './scales.ts';

export interface BolusSimInput {
  readonly doseMcg: number;
  /** Injected volume (default 1 mL: 50 µg in 1 mL of the 50 µg/mL screening ampoule). */
  readonly volumeMl?: number;
  /** Samples a patient from the adult spinal population; without it, the typical patient. */
  readonly seed?: number;
  /** Length of the simulated course (default 24 h). */
  readonly hours?: number;
  /** Overrides the patient entirely (the seed is then ignored). */
  readonly patient?: PatientParams;
}

export interface BolusSeriesPoint {
  readonly hours: number;
  readonly mas: MasScore;
  readonly masContinuous: number;
  /** MAS points below the pre-dose tone. */
  readonly reduction: number;
  readonly tipUgPerMl: number;
  readonly spinalUgPerMl: number;
  readonly cranialUgPerMl: number;
  readonly effectSite: number;
}

/** The `itb sim bolus --json` contract. Times in hours after the bolus; null when there is no effect. */
export interface BolusSimResult {
  readonly series: readonly BolusSeriesPoint[];
  readonly onsetHours: number | null;
  readonly peakHours: number | null;
  readonly durationHours: number;
  readonly peakReduction: number;
  readonly csfHalfLifeHours: number;
}

/** One MAS point defines the effect window (docs/simulator.md, `itb sim bolus`). */
export const EFFECT_THRESHOLD_MAS = 1;
const GRID_MIN = 1;
const round = (v: number, digits: number): number => Number(v.toFixed(digits));

function checkInput(i: BolusSimInput): { volumeMl: number; hours: number } {
  const volumeMl = i.volumeMl ?? 1;
  const hours = i.hours ?? 24;
  const fail = (m: string): never => {
    throw new ItbError('ITB_E_BODY_INVALID_INPUT', m, { ...i });
  };
  if (!Number.isFinite(i.doseMcg) || i.doseMcg <= 0 || i.doseMcg > 100_000) {
    fail(`bolus dose must be > 0 and ≤ 100 000 µg, got ${i.doseMcg}`);
  }
  if (!Number.isFinite(volumeMl) || volumeMl <= 0 || volumeMl > 20)
    fail(`volume must be 0–20 mL, got ${volumeMl}`);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 14) fail(`hours must be 0–336, got ${hours}`);
  return { volumeMl, hours };
}

/**
 * CSF half-life after a lumbar bolus: ln 2 over the slope of ln(spinal CSF concentration) regressed on
 * 15-minute samples from 1 to 8 h — the window of lumbar sampling studies (Sallerin-Caute 1991 [C: label]).
 */
export function csfHalfLifeHours(patient: PatientParams, doseMcg: number, volumeMl = 1): number {
  let body = lumbarBolus(createBody(patient, epochMs(0)), mcgToNg(doseMcg), volumeMl, epochMs(0));
  const pts: [number, number][] = [];
  for (let q = 4; q <= 32; q++) {
    body = advance(body, {}, epochMs(q * 15 * MS_PER_MINUTE));
    pts.push([q / 4, Math.log(observe(body).csf.spinal)]);
  }
  const mt = pts.reduce((a, [t]) => a + t, 0) / pts.length;
  const my = pts.reduce((a, [, y]) => a + y, 0) / pts.length;
  let sxy = 0;
  let sxx = 0;
  for (const [t, y] of pts) {
    sxy += (t - mt) * (y - my);
    sxx += (t - mt) ** 2;
  }
  return Math.log(2) / -(sxy / sxx);
}

/**
 * Apparent CSF clearance after a lumbar bolus: dose / AUC(0–∞) of the spinal (lumbar) concentration, the AUC
 * exact from the linear system (∫₀^∞ x dt = −A⁻¹·x₀).
 */
export function csfClearanceMlPerH(patient: PatientParams, doseMcg: number, volumeMl = 1): number {
  const aug = augmentedSystem(patient);
  const a = zeros(N_STATES);
  for (let i = 0; i < N_STATES; i++) {
    for (let j = 0; j < N_STATES; j++) a.data[i * N_STATES + j] = -entry(aug, i, j);
  }
  const split = splitBolus(patient, doseMcg, volumeMl);
  const b = zeros(N_STATES);
  b.data[S.tip * N_STATES] = split.tip;
  b.data[S.spinal * N_STATES] = split.spinal;
  b.data[S.cranial * N_STATES] = split.cranial;
  const integral = solve(a, b); // column 0 holds ∫ x dt
  const aucAmount = entry(integral, S.spinal, 0);
  return doseMcg / (aucAmount / patient.spinalVolumeMl);
}

/** Simulates one lumbar bolus (see BolusSimResult). Throws ITB_E_BODY_INVALID_INPUT on bad input. */
export function simulateBolus(input: BolusSimInput): BolusSimResult {
  const { volumeMl, hours } = checkInput(input);
  const base = input.patient ?? (input.seed === undefined ? defaultPatient() : samplePatient(input.seed));
  const patient: PatientParams = { ...base, placeboMas: 0 };
  let body = createBody(patient, epochMs(0));
  const pre = observe(body).masContinuous;
  body = lumbarBolus(body, mcgToNg(input.doseMcg), volumeMl, epochMs(0));
  const seriesEvery = hours <= 48 ? 15 : 60; // minutes
  const series: BolusSeriesPoint[] = [];
  let onset: number | null = null;
  let peak: number | null = null;
  let peakReduction = 0;
  let duration = 0;
  let prev: { t: number; r: number } | undefined;
  const steps = Math.round((hours * 60) / GRID_MIN);
  for (let k = 0; k <= steps; k++) {
    if (k > 0) body = advance(body, {}, epochMs(k * GRID_MIN * MS_PER_MINUTE));
    const o = observe(body);
    const t = (k * GRID_MIN) / 60;
    const r = pre - o.masContinuous;
    if (r > peakReduction) {
      peakReduction = r;
      peak = t;
    }
    if (prev) {
      // Time above threshold on this grid interval, crossings by linear interpolation.
      const a = prev.r - EFFECT_THRESHOLD_MAS;
      const b = r - EFFECT_THRESHOLD_MAS;
      const dt = t - prev.t;
      if (a >= 0 && b >= 0) duration += dt;
      else if (a < 0 && b >= 0) {
        const cross = prev.t + (dt * -a) / (b - a);
        onset ??= cross;
        duration += t - cross;
      } else if (a >= 0 && b < 0) duration += (dt * a) / (a - b);
    }
    prev = { t, r };
    if ((k * GRID_MIN) % seriesEvery === 0) {
      series.push({
        hours: round(t, 4),
        mas: o.mas,
        masContinuous: round(o.masContinuous, 4),
        reduction: round(r, 4),
        tipUgPerMl: round(o.csf.tip, 6),
        spinalUgPerMl: round(o.csf.spinal, 6),
        cranialUgPerMl: round(o.csf.cranial, 6),
        effectSite: round(o.effectSite, 6),
      });
    }
  }
  return {
    series,
    onsetHours: onset === null ? null : round(onset, 3),
    peakHours: peak === null ? null : round(peak, 3),
    durationHours: round(duration, 3),
    peakReduction: round(peakReduction, 4),
    csfHalfLifeHours: round(csfHalfLifeHours(patient, input.doseMcg, volumeMl), 3),
  };
}
