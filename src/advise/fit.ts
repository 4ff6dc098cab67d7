/**
 * Per-patient fit of the virtual patient's dose response to the screening trial (docs/advice.md), by maximum
 * a posteriori with the population as the prior (docs/clinical-reference.md §4; parameters and ω in
 * src/body/parameters.ts). Fitted: the antispastic EC50, the maximal effect Emax and the baseline tone — the
 * three that set how far tone falls for a dose. Everything else (CSF kinetics, sedation) stays at the
 * population's typical value, because a trial of three boluses and mean tone scores cannot tell them apart.
 *
 * The fit works on z-scores (ln θ = ln θ̃ + ω z), so the prior is N(0, I) and the posterior's Laplace
 * approximation is a Gaussian in z. Pure and deterministic: the same trial always gives the same fit.
 */
import { advance, createBody, lumbarBolus, observe, type Observation } from '../body/body.ts';
import { PARAMETERS, POPULATIONS } from '../body/parameters.ts';
import { defaultPatient, type PatientParams } from '../body/patient.ts';
import type { Rng } from '../body/random.ts';
import { MS_PER_HOUR, epochMs, mcgToNg, type EpochMs } from '../therapy/quantities.ts';
import { cholesky, hessian, inverseFromCholesky, nelderMead } from './optimize.ts';
import { fitSedation, type SedationFit } from './sedation-fit.ts';
import { sedatingDoses, validateTrial, type TrialObservation } from './trial.ts';

/** The fitted parameters, in the order of the z vector. */
export const FITTED = ['ec50UgPerMl', 'emaxMas', 'baselineMas'] as const;
export type FittedName = (typeof FITTED)[number];

/** The prior of one fitted parameter: its population median and ω (SD of its logarithm). */
export interface Prior {
  readonly median: number;
  readonly omega: number;
}

export interface TrialFit {
  readonly population: TrialObservation['population'];
  /** Maximum a posteriori values. */
  readonly map: Readonly<Record<FittedName, number>>;
  /** The prior each was fitted against. */
  readonly priors: Readonly<Record<FittedName, Prior>>;
  /** Posterior SD of ln θ (Laplace); equal to ω when the trial says nothing about it. */
  readonly posteriorOmega: Readonly<Record<FittedName, number>>;
  /** MAP in z-space and the Cholesky factor of the Laplace covariance (for sampling). */
  readonly zMap: readonly number[];
  readonly covarianceFactor: readonly (readonly number[])[];
  /** Residual SD of the fitted mean scores (MAS grades). */
  readonly residualSd: number;
  readonly observations: number;
  /**
   * The daily doses (mcg/day) at which a follow-up assessment recorded overdose signs: not fitted (the
   * sedation sensitivity stays the population's), but the advice reduces below the lowest and stays below it.
   */
  readonly sedatingDosesMcgPerDay: readonly number[];
  /**
   * The sedation EC50 updated from the follow-up assessments that record whether overdose signs were seen
   * (sedation-fit.ts); null when none does, and the population's sensitivity stands.
   */
  readonly sedation: SedationFit | null;
}

/**
 * SD of a mean MAS grade about the true tone [A]: the rater's noise (PARAMETERS.raterNoiseMas) plus rounding
 * to the ordinal grade (uniform over about one grade: variance 1/12), averaged over the muscle groups.
 */
export function scoreSd(muscleGroups: number): number {
  return Math.sqrt((PARAMETERS.raterNoiseMas.value ** 2 + 1 / 12) / muscleGroups);
}

/** The population's prior for each fitted parameter (EC50 carries the population's EC50 multiplier too). */
export function priorsFor(population: TrialObservation['population']): Readonly<Record<FittedName, Prior>> {
  const typical = defaultPatient(population);
  const ec50Scale = POPULATIONS[population].ec50Scale;
  return {
    ec50UgPerMl: {
      median: typical.ec50UgPerMl,
      omega: Math.hypot(PARAMETERS.ec50UgPerMl.omega, ec50Scale.omega),
    },
    emaxMas: { median: typical.emaxMas, omega: PARAMETERS.emaxMas.omega },
    baselineMas: { median: typical.baselineMas, omega: PARAMETERS.baselineMas.omega },
  };
}

/** The virtual patient with the fitted parameters at z (others typical of the population). */
export function patientAt(
  population: TrialObservation['population'],
  z: readonly number[],
  base: PatientParams = defaultPatient(population),
): PatientParams {
  const priors = priorsFor(population);
  const value = (i: number): number => {
    const pr = priors[FITTED[i] as FittedName];
    return pr.median * Math.exp(pr.omega * (z[i] ?? 0));
  };
  // Tone cannot start above the top of the scale (as samplePatient caps it).
  return { ...base, ec50UgPerMl: value(0), emaxMas: value(1), baselineMas: Math.min(4, value(2)) };
}

const at = (h: number): EpochMs => epochMs(Math.round(h * MS_PER_HOUR));

/**
 * What the patient would show at each scored time, in order: the trial's scores, then the follow-up
 * assessments on the infusion (each dose running from its hour until the next dose).
 */
export function observeTrial(patient: PatientParams, trial: TrialObservation): Observation[] {
  let body = createBody(patient, at(0));
  const out: Observation[] = [];
  for (const day of trial.days) {
    body = advance(body, {}, at(day.givenAtHours));
    out.push(observe(body));
    body = lumbarBolus(body, mcgToNg(day.doseMcg), day.volumeMl, at(day.givenAtHours));
    for (const a of day.assessments) {
      body = advance(body, {}, at(day.givenAtHours + a.hours));
      out.push(observe(body));
    }
  }
  const inf = trial.infusion;
  if (inf === undefined) return out;
  const segments = inf.doses.map((d, i) => ({
    start: at(d.fromHours),
    end: at(inf.doses[i + 1]?.fromHours ?? Math.max(d.fromHours, inf.assessments.at(-1)?.hours ?? 0) + 1),
    ngPerDay: Math.round(d.doseMcgPerDay * 1000),
  }));
  for (const a of inf.assessments) {
    body = advance(body, { segments }, at(a.hours));
    out.push(observe(body));
  }
  return out;
}

/** The noise-free mean tone the patient would show at each scored time (observeTrial's order). */
export function predictTrial(patient: PatientParams, trial: TrialObservation): number[] {
  return observeTrial(patient, trial).map((o) => o.masContinuous);
}

const observedScores = (trial: TrialObservation): number[] => [
  ...trial.days.flatMap((d) => [d.preDose.meanMas, ...d.assessments.map((a) => a.meanMas)]),
  ...(trial.infusion?.assessments.map((a) => a.meanMas) ?? []),
];

/**
 * Fits the trial. Throws ITB_E_ADVISE_INVALID_TRIAL on a malformed trial. The posterior covariance is the
 * inverse Hessian of the negative log posterior at the MAP; where numerical noise leaves it not positive
 * definite, the prior's covariance is used (the honest answer when the trial is uninformative).
 */
export function fitTrial(trial: TrialObservation): TrialFit {
  validateTrial(trial);
  const observed = observedScores(trial);
  const sd = scoreSd(trial.muscleGroups);
  const base = defaultPatient(trial.population);
  const negLogPosterior = (z: readonly number[]): number => {
    const predicted = predictTrial(patientAt(trial.population, z, base), trial);
    let sum = 0;
    for (const [i, y] of observed.entries()) sum += (y - (predicted[i] as number)) ** 2;
    return sum / (2 * sd * sd) + z.reduce((s, v) => s + v * v, 0) / 2;
  };
  const zMap = nelderMead(negLogPosterior, [0, 0, 0]).x;
  const L = cholesky(hessian(negLogPosterior, zMap));
  const covariance = L
    ? inverseFromCholesky(L)
    : FITTED.map((_, i) => FITTED.map((__, j) => (i === j ? 1 : 0)));
  const covarianceFactor = cholesky(covariance) ?? covariance;
  const priors = priorsFor(trial.population);
  const fitted = patientAt(trial.population, zMap, base);
  const observations = observeTrial(fitted, trial);
  const predicted = observations.map((o) => o.masContinuous);
  const residualSd = Math.sqrt(
    observed.reduce((s, y, i) => s + (y - (predicted[i] as number)) ** 2, 0) / observed.length,
  );
  const record = <T>(f: (name: FittedName, i: number) => T): Record<FittedName, T> =>
    Object.fromEntries(FITTED.map((n, i) => [n, f(n, i)])) as Record<FittedName, T>;
  return {
    population: trial.population,
    map: record((n) => fitted[n]),
    priors,
    posteriorOmega: record((n, i) => priors[n].omega * Math.sqrt((covariance[i] as number[])[i] as number)),
    zMap,
    covarianceFactor,
    residualSd,
    observations: observed.length,
    sedatingDosesMcgPerDay: sedatingDoses(trial),
    sedation: fitSedation(fitted, trial, observations),
  };
}

/**
 * One draw of the fitted parameters from the Laplace posterior, as a whole virtual patient. With a sedation
 * update the sedation EC50 is drawn from its posterior too (independently of the tone parameters); without,
 * it stays the base's (the population's draw).
 */
export function samplePosterior(fit: TrialFit, rng: Rng, base?: PatientParams): PatientParams {
  const e = FITTED.map(() => rng.normal());
  const z = fit.zMap.map(
    (m, i) => m + (fit.covarianceFactor[i] as number[]).reduce((s, l, k) => s + l * (e[k] as number), 0),
  );
  const drawn = patientAt(fit.population, z, base);
  const sed = fit.sedation;
  if (sed === null) return drawn;
  const zs = sed.zMap + sed.posteriorSd * rng.normal();
  return { ...drawn, sedationEc50UgPerMl: sed.prior.median * Math.exp(sed.prior.omega * zs) };
}

/** The fitted patient: the MAP of the tone fit, and the sedation EC50's MAP when signs were recorded. */
export function fittedPatient(fit: TrialFit): PatientParams {
  const p = patientAt(fit.population, fit.zMap);
  return fit.sedation === null ? p : { ...p, sedationEc50UgPerMl: fit.sedation.map };
}

/** What a clinician is shown of a fit: the values, priors and uncertainty, without the sampling internals. */
export type FitSummary = Omit<TrialFit, 'zMap' | 'covarianceFactor'>;

/** The fit as shown by the CLI and the API. */
export function fitSummary(fit: TrialFit): FitSummary {
  return {
    population: fit.population,
    map: fit.map,
    priors: fit.priors,
    posteriorOmega: fit.posteriorOmega,
    residualSd: fit.residualSd,
    observations: fit.observations,
    sedatingDosesMcgPerDay: fit.sedatingDosesMcgPerDay,
    sedation: fit.sedation,
  };
}
