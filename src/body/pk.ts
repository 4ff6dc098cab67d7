/**
 * The linear part of the virtual patient (docs/clinical-reference.md §4 workable model [A]): drug amounts in three CSF
 * compartments and plasma, and first-order effect sites. Everything here is linear with constant
 * coefficients, so between input changes it is solved exactly (linear.ts), never by small time steps.
 *
 *   pump ──► tip zone (≈6 mL) ⇄ spinal CSF (≈50 mL) ⇄ cranial CSF (≈100 mL)
 *                                    │ ~20 mL/h               │ ~20 mL/h
 *                                    └──────► plasma (60 L, 10.8 L/h out) ◄┘
 *
 * Effect sites (concentrations, µg/mL): the cord bathed by spinal CSF (fast, what a lumbar bolus floods);
 * the cord near the catheter tip (slow, fed by the tip zone, where infusions stay — Bernards 2006); the
 * brain (slow, fed by cranial CSF: sedation, respiratory depression, coma).
 */
import { fromRows, type Matrix } from './matrix.ts';
import type { PatientParams } from './patient.ts';

/** Indices of the linear state vector. Amounts in µg; effect sites in µg/mL. */
export const S = {
  tip: 0,
  spinal: 1,
  cranial: 2,
  plasma: 3,
  effectSpinal: 4,
  effectTip: 5,
  effectBrain: 6,
} as const;
/** Length of the linear state vector. */
export const N_STATES = 7;

/**
 * The augmented generator [[A, b], [0, 0]] (time in hours): x' = A·x + b·r with r the infusion rate into
 * the tip zone in µg/h. exp of (this × h) holds the state transition and the input response together.
 */
export function augmentedSystem(p: PatientParams): Matrix {
  const vT = p.tipVolumeMl;
  const vS = p.spinalVolumeMl;
  const vC = p.cranialVolumeMl;
  const qT = p.tipExchangeMlPerH;
  const qC = p.spinalCranialExchangeMlPerH;
  const clS = p.spinalClearanceMlPerH;
  const clC = p.cranialClearanceMlPerH;
  const kP = p.plasmaClearanceMlPerH / p.plasmaVolumeMl;
  const keS = p.ke0SpinalPerH;
  const keT = p.ke0TipPerH;
  const keB = p.ke0BrainPerH;
  // Columns: tip, spinal, cranial, plasma, effectSpinal, effectTip, effectBrain, input.
  return fromRows([
    [-qT / vT, qT / vS, 0, 0, 0, 0, 0, 1],
    [qT / vT, -(qT + qC + clS) / vS, qC / vC, 0, 0, 0, 0, 0],
    [0, qC / vS, -(qC + clC) / vC, 0, 0, 0, 0, 0],
    [0, clS / vS, clC / vC, -kP, 0, 0, 0, 0],
    [0, keS / vS, 0, 0, -keS, 0, 0, 0],
    [keT / vT, 0, 0, 0, 0, -keT, 0, 0],
    [0, 0, keB / vC, 0, 0, 0, -keB, 0],
    [0, 0, 0, 0, 0, 0, 0, 0],
  ]);
}

/** Where a lumbar bolus goes, in µg per compartment. */
export interface BolusSplit {
  readonly tip: number;
  readonly spinal: number;
  readonly cranial: number;
}

/**
 * Splits a bolus by its volume [A]: the fraction 1 − e^(−v / v_spread) leaves the tip zone at once (a 1 mL
 * barbotage spreads further than a 0.1 mL pump bolus: Bernards 2006; Flack & Bernards 2010), and of that a
 * fixed share reaches cranial CSF. Mass is conserved exactly: the three parts add up to the amount.
 */
export function splitBolus(p: PatientParams, amountMcg: number, volumeMl: number): BolusSplit {
  const spread = 1 - Math.exp(-volumeMl / p.bolusSpreadVolumeMl);
  const beyond = amountMcg * spread;
  const cranial = beyond * p.bolusCranialShare;
  return { tip: amountMcg - beyond, spinal: beyond - cranial, cranial };
}

/** Concentrations (µg/mL) from a linear state. */
export function concentrations(
  p: PatientParams,
  x: ArrayLike<number>,
): { tip: number; spinal: number; cranial: number; plasmaNgPerMl: number } {
  return {
    tip: (x[S.tip] ?? 0) / p.tipVolumeMl,
    spinal: (x[S.spinal] ?? 0) / p.spinalVolumeMl,
    cranial: (x[S.cranial] ?? 0) / p.cranialVolumeMl,
    plasmaNgPerMl: ((x[S.plasma] ?? 0) / p.plasmaVolumeMl) * 1000,
  };
}

/** The concentration driving the antispastic effect: spinal site + weight × tip site (µg/mL) [A]. */
export const effectDrive = (p: PatientParams, x: ArrayLike<number>): number =>
  (x[S.effectSpinal] ?? 0) + p.tipSiteWeight * (x[S.effectTip] ?? 0);
