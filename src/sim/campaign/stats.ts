/**
 * The statistics of a safety campaign: a rate per 100 patient-years with its 95 % interval (exact Poisson,
 * Garwood 1936, through the Wilson–Hilferty chi-square approximation), the same rate's per-patient (cluster)
 * interval, and the one-sided test that an arm's rate exceeds another's (the conditional binomial test of two
 * Poisson counts, Przyborowski & Wilenski 1940).
 */

/** The standard normal quantile for 0.975 (a 95 % two-sided interval). */
const Z975 = 1.959963984540054;

/** The chi-square quantile with `k` degrees of freedom at the normal quantile `z` (Wilson–Hilferty 1931). */
function chiSquareQuantile(k: number, z: number): number {
  const a = 2 / (9 * k);
  return k * Math.pow(Math.max(0, 1 - a + z * Math.sqrt(a)), 3);
}

export interface Rate {
  readonly count: number;
  readonly per100PatientYears: number;
  readonly low: number;
  readonly high: number;
}

const r4 = (v: number) => Math.round(v * 10_000) / 10_000;

/** `count` events over `patientYears`: the rate per 100 patient-years and its 95 % interval. */
export function poissonRate(count: number, patientYears: number): Rate {
  if (patientYears <= 0) return { count, per100PatientYears: 0, low: 0, high: 0 };
  const scale = 100 / patientYears;
  const low = count === 0 ? 0 : chiSquareQuantile(2 * count, -Z975) / 2;
  const high = chiSquareQuantile(2 * count + 2, Z975) / 2;
  return {
    count,
    per100PatientYears: r4(count * scale),
    low: r4(low * scale),
    high: r4(high * scale),
  };
}

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/**
 * One-sided p-value that the rate of `a` (count over years) exceeds the rate of `b`: given the total count,
 * a's share is binomial with p = a's share of the patient-years under equal rates. Arms share patients
 * (the same seeds), which makes the test conservative for a paired design, never anti-conservative [A].
 */
export function rateIncreaseP(aCount: number, aYears: number, bCount: number, bYears: number): number {
  const n = aCount + bCount;
  if (n === 0 || aYears <= 0 || bYears <= 0) return 1;
  const p = aYears / (aYears + bYears);
  if (p >= 1) return 1;
  let tail = 0;
  for (let k = aCount; k <= n; k++)
    tail += Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
  return Math.min(1, tail);
}

/**
 * One-sided paired sign test that `a` exceeds `b` patient by patient (the same patients in both arms): among
 * the patients whose values differ, the share where a is larger is binomial(½) under no effect. For measures
 * that are not counts of independent events (days with uncontrolled spasticity), and for onsets when a
 * control adds one to many patients against a background of onsets from other causes.
 */
export function pairedIncreaseP(a: readonly number[], b: readonly number[]): number {
  let up = 0;
  let down = 0;
  for (const [i, x] of a.entries()) {
    const y = b[i] ?? 0;
    if (x > y) up++;
    else if (x < y) down++;
  }
  return rateIncreaseP(up, 1, down, 1);
}

/** A rate's per-patient interval and how much wider its variance is than the Poisson one's. */
export interface ClusterInterval {
  readonly low: number;
  readonly high: number;
  /** Cluster variance over Poisson variance (1: onsets spread as independent events; > 1: they cluster). */
  readonly designEffect: number | null;
}

/**
 * The 95 % interval of a rate per 100 patient-years with the patient as the unit (the ratio estimator's
 * cluster-robust variance, n/(n−1) Σ (xᵢ − r tᵢ)² / (Σ tᵢ)², normal approximation, low limit at 0): onsets that
 * cluster in a few patients widen it where the Poisson interval, which counts onsets as independent, stays
 * too narrow. `counts[i]` onsets over `years[i]` patient-years; patients with no years add nothing. With few
 * onsets the normal approximation is poor: read the Poisson interval there.
 */
export function clusterInterval(counts: readonly number[], years: readonly number[]): ClusterInterval {
  let n = 0;
  let x = 0;
  let t = 0;
  for (const [i, yi] of years.entries()) {
    if (yi <= 0) continue;
    n++;
    x += counts[i] ?? 0;
    t += yi;
  }
  if (n < 2 || t <= 0) return { low: 0, high: 0, designEffect: null };
  const r = x / t;
  let ss = 0;
  for (const [i, yi] of years.entries()) if (yi > 0) ss += ((counts[i] ?? 0) - r * yi) ** 2;
  const se = Math.sqrt((n / (n - 1)) * ss) / t;
  return {
    low: r4(Math.max(0, r - Z975 * se) * 100),
    high: r4((r + Z975 * se) * 100),
    // The Poisson variance of the rate is x / t²; with no onsets there is nothing to compare.
    designEffect: x > 0 ? Math.round(((se * se * t * t) / x) * 100) / 100 : null,
  };
}
