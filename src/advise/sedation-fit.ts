/**
 * The patient's own sedation sensitivity from the overdose signs recorded at follow-up assessments
 * (docs/advice.md, "Overdose signs at a follow-up"). The tone fit (fit.ts) leaves the sedation EC50 at the
 * population's; a follow-up that records whether the patient was drowsy says on which side of the drowsy
 * threshold the patient's brain concentration was. This is a one-parameter MAP update of the sedation EC50
 * (z-space, prior N(0, 1) from the population's ω) with the tone fit held at its MAP: the fitted patient's
 * brain concentration and tolerance at each assessment give the sedation the model predicts for an EC50, and a
 * probit link turns "signs" or "no signs" into a likelihood. Pure and deterministic.
 */
import type { Observation } from '../body/body.ts';
import { sedationFraction } from '../body/effect.ts';
import { PARAMETERS, STAGE_THRESHOLDS } from '../body/parameters.ts';
import { defaultPatient, type PatientParams } from '../body/patient.ts';
import { sourced } from '../therapy/sourced.ts';
import type { Prior } from './fit.ts';
import { hessian, nelderMead } from './optimize.ts';
import type { TrialObservation } from './trial.ts';

export const SEDATION_FIT = {
  slack: sourced(
    0.5,
    'A',
    'a recorded sign (or its absence) places the drowsy threshold to within half the population’s spread ' +
      'of the sedation EC50 (probit SD in z): a rater may miss drowsiness or see it from another cause, and ' +
      'the fitted kinetics are the population’s typical ones',
  ),
} as const;

/** The sedation EC50's posterior from recorded overdose signs. */
export interface SedationFit {
  /** The population's prior for the sedation EC50 (µg/mL) and its ω. */
  readonly prior: Prior;
  /** MAP sedation EC50 (µg/mL) and its place in z (ln θ = ln θ̃ + ω z). */
  readonly map: number;
  readonly zMap: number;
  /** Posterior SD in z (Laplace); 1 when the records say nothing. */
  readonly posteriorSd: number;
  /** How many follow-up assessments recorded whether overdose signs were seen. */
  readonly observations: number;
}

/** ln Φ(x), stable in both tails (erfc by its Chebyshev fit, fractional error < 1.2e-7). */
export function logNormalCdf(x: number): number {
  const logErfc = (z: number): number => {
    // z ≥ 0
    const t = 1 / (1 + 0.5 * z);
    const poly =
      -z * z -
      1.26551223 +
      t *
        (1.00002368 +
          t *
            (0.37409196 +
              t *
                (0.09678418 +
                  t *
                    (-0.18628806 +
                      t *
                        (0.27886807 +
                          t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
    return Math.log(t) + poly;
  };
  const u = -x / Math.SQRT2;
  return u >= 0 ? Math.log(0.5) + logErfc(u) : Math.log1p(-0.5 * Math.exp(logErfc(-u)));
}

/** The prior of the sedation EC50 for a population: its typical patient's value and the population's ω. */
export function sedationPrior(population: TrialObservation['population']): Prior {
  return {
    median: defaultPatient(population).sedationEc50UgPerMl,
    omega: PARAMETERS.sedationEc50UgPerMl.omega,
  };
}

const logit = (p: number): number => {
  const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return Math.log(q / (1 - q));
};

/**
 * The MAP update of the sedation EC50 from the follow-up assessments that record overdose signs (true or
 * false); null when none records them. `fitted` is the tone fit's patient and `observed` what it shows at each
 * scored time of the trial (fit.ts observeTrial), the follow-up assessments last.
 */
export function fitSedation(
  fitted: PatientParams,
  trial: TrialObservation,
  observed: readonly Observation[],
): SedationFit | null {
  const assessments = trial.infusion?.assessments ?? [];
  const offset = observed.length - assessments.length;
  const records = assessments.flatMap((a, i) => {
    const o = observed[offset + i];
    return a.overdoseSigns === undefined || o === undefined
      ? []
      : [{ signs: a.overdoseSigns, ceBrain: o.brainEffectSite, tolerance: o.tolerance }];
  });
  if (records.length === 0) return null;
  const prior = sedationPrior(trial.population);
  const threshold = logit(STAGE_THRESHOLDS.overdose.drowsy.value);
  const slack = SEDATION_FIT.slack.value;
  const ec50At = (z: number): number => prior.median * Math.exp(prior.omega * z);
  const negLogPosterior = (zs: readonly number[]): number => {
    const z = zs[0] ?? 0;
    const p = { ...fitted, sedationEc50UgPerMl: ec50At(z) };
    let sum = (z * z) / 2;
    for (const r of records) {
      // How far (in z) the patient's EC50 sits below the one that would just make them drowsy here.
      const margin =
        (logit(sedationFraction(p, r.ceBrain, r.tolerance)) - threshold) / (p.sedationHill * prior.omega);
      sum -= logNormalCdf((r.signs ? margin : -margin) / slack);
    }
    return sum;
  };
  const zMap = nelderMead(negLogPosterior, [0], 0.5, 200, 1e-9).x[0] ?? 0;
  const curvature = hessian(negLogPosterior, [zMap])[0]?.[0] ?? 1;
  return {
    prior,
    map: ec50At(zMap),
    zMap,
    posteriorSd: curvature > 0 ? 1 / Math.sqrt(curvature) : 1,
    observations: records.length,
  };
}
