/**
 * Pharmacodynamics (docs/clinical-reference.md §4 [A]): a sigmoid Emax of the effect-site concentration on tone, with EC50
 * raised by tolerance; rebound when the drug falls short of what the body has adapted to (dependence);
 * sedation from the brain effect site; and the named stages of withdrawal and overdose.
 */
import { STAGE_THRESHOLDS } from './parameters.ts';
import type { PatientParams } from './patient.ts';
import type { OverdoseStage, WithdrawalStage } from './scales.ts';

/**
 * `base ** exponent` remembered for the last few bases of one exponent. The slow states' step doubling asks
 * for the occupancy at five drives seven times a step, and a step starts at the drive the last one ended
 * at; a power costs more than the rest of the occupancy together. The value is the power itself, so the
 * result is the same bit for bit.
 */
const POWERS_KEPT = 6;
class PowerMemo {
  private exponent = Number.NaN;
  private readonly bases = new Float64Array(POWERS_KEPT).fill(Number.NaN);
  private readonly powers = new Float64Array(POWERS_KEPT);
  private next = 0;

  pow(base: number, exponent: number): number {
    if (exponent !== this.exponent) {
      this.exponent = exponent;
      this.bases.fill(Number.NaN);
    }
    for (let i = 0; i < POWERS_KEPT; i++) if (this.bases[i] === base) return this.powers[i] as number;
    const v = base ** exponent;
    this.bases[this.next] = base;
    this.powers[this.next] = v;
    this.next = (this.next + 1) % POWERS_KEPT;
    return v;
  }
}
const drivePowers = new PowerMemo();
const ec50Powers = new PowerMemo();

/** Fraction of the maximal antispastic effect (0–1) at effect-drive concentration `drive` (µg/mL). */
export function occupancy(p: PatientParams, drive: number, tolerance: number): number {
  if (drive <= 0) return 0;
  const ec50 = p.ec50UgPerMl * tolerance;
  const a = drivePowers.pow(drive, p.hill);
  return a / (ec50Powers.pow(ec50, p.hill) + a);
}

/** Fraction of maximal CNS depression (0–1) at brain effect-site concentration `ceBrain` (µg/mL). */
export function sedationFraction(p: PatientParams, ceBrain: number, tolerance: number): number {
  if (ceBrain <= 0) return 0;
  const ec50 = p.sedationEc50UgPerMl * tolerance ** p.sedationToleranceExponent;
  const a = ceBrain ** p.sedationHill;
  return a / (ec50 ** p.sedationHill + a);
}

/** Unmet dependence: how far the present effect falls short of the adapted level (0–1). */
export const dependenceDeficit = (dependence: number, u: number): number => Math.max(0, dependence - u);

/** Placebo reduction (MAS points) `hoursSinceFirstExposure` after the first drug exposure [A]. */
export function placebo(p: PatientParams, hoursSinceFirstExposure: number | undefined): number {
  if (hoursSinceFirstExposure === undefined || hoursSinceFirstExposure < 0) return 0;
  return p.placeboMas * Math.exp(-hoursSinceFirstExposure / (p.placeboDays * 24));
}

/** True (noise-free) tone and spasm values on the continuous axes, clamped to the scales (0–4). */
export function scoresContinuous(
  p: PatientParams,
  u: number,
  deficit: number,
  placeboMas: number,
): { mas: number; penn: number } {
  const clamp = (v: number): number => Math.min(4, Math.max(0, v));
  const placeboShare = placeboMas / p.baselineMas;
  return {
    mas: clamp(p.baselineMas - p.emaxMas * u + p.reboundMas * deficit - placeboMas),
    penn: clamp(p.baselinePenn * (1 - p.pennMaxReduction * u - placeboShare) + p.reboundPenn * deficit),
  };
}

/** Withdrawal stage from the smoothed withdrawal severity (slow.ts). */
export function withdrawalStageOf(severity: number): WithdrawalStage {
  const t = STAGE_THRESHOLDS.withdrawal;
  if (severity >= t.severe.value) return 'severe';
  if (severity >= t.moderate.value) return 'moderate';
  if (severity >= t.early.value) return 'early';
  return 'none';
}

/** Overdose stage from the sedation fraction. */
export function overdoseStageOf(sedation: number): OverdoseStage {
  const t = STAGE_THRESHOLDS.overdose;
  if (sedation >= t.coma.value) return 'coma';
  if (sedation >= t.respiratoryDepression.value) return 'respiratory-depression';
  if (sedation >= t.drowsy.value) return 'drowsy';
  return 'none';
}
