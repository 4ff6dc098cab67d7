/**
 * Virtual patients: the typical patient of a population, and seeded samples around it with log-normal
 * inter-individual variability (ω per parameter in parameters.ts). Children scale with their CSF volume
 * (docs/clinical-reference.md §4: "children scale with CSF volume"), so the same dose gives them higher concentrations.
 */
import { ItbError } from '../therapy/codes.ts';
import type { Population } from '../therapy/drug.ts';
import { FIXED_TONE, PARAMETERS, POPULATIONS, type ParameterName } from './parameters.ts';
import { createRng, type Rng } from './random.ts';

/** One patient's individual parameter values (units as in PARAMETERS) and the population drawn from. */
export type PatientParams = Readonly<Record<ParameterName, number>> & {
  readonly population: Population;
  /** The seed this patient was sampled with; absent for a population's typical patient. */
  readonly seed?: number;
};

const NAMES = Object.keys(PARAMETERS).sort() as ParameterName[];
const CSF_VOLUMES: readonly ParameterName[] = ['tipVolumeMl', 'spinalVolumeMl', 'cranialVolumeMl'];
const CSF_FLOWS: readonly ParameterName[] = [
  'tipExchangeMlPerH',
  'spinalCranialExchangeMlPerH',
  'spinalClearanceMlPerH',
  'cranialClearanceMlPerH',
];
/** Parameters for which 0 is meaningful (no placebo, no rebound, a perfect rater, …). */
const MAY_BE_ZERO: readonly ParameterName[] = [
  'placeboMas',
  'reboundMas',
  'reboundPenn',
  'raterNoiseMas',
  'raterNoisePenn',
  'bolusCranialShare',
  'pennMaxReduction',
  'sedationToleranceExponent',
];
/** Scores cannot exceed the top of their scales (MAS 4, Penn 4). */
const CAPPED_AT_4: readonly ParameterName[] = ['baselineMas', 'baselinePenn'];

function build(
  population: Population,
  draw: (median: number, omega: number) => number,
  uniform: () => number,
): PatientParams {
  const adj = POPULATIONS[population];
  const values = {} as Record<ParameterName, number>;
  for (const name of NAMES) {
    const def = PARAMETERS[name];
    values[name] = def.omega > 0 ? draw(def.value, def.omega) : def.value;
  }
  const csf = draw(adj.csfScale.value, adj.csfScale.omega);
  const body = draw(adj.bodyScale.value, adj.bodyScale.omega);
  const ec50 = draw(adj.ec50Scale.value, adj.ec50Scale.omega);
  for (const n of CSF_VOLUMES) values[n] *= csf;
  for (const n of CSF_FLOWS) values[n] *= csf;
  values.plasmaVolumeMl *= body;
  values.plasmaClearanceMlPerH *= body ** 0.75; // allometric clearance
  values.ec50UgPerMl *= ec50;
  for (const n of CAPPED_AT_4) values[n] = Math.min(4, values[n]);
  values.toleranceMax = Math.max(1, values.toleranceMax);
  // A few patients' hypertonia is mostly fixed (contracture), which no dose of baclofen relaxes.
  if (uniform() < FIXED_TONE.probability.value) values.emaxMas *= FIXED_TONE.emaxFactor.value;
  return { ...values, population };
}

/** The population's typical patient: every random effect at zero (medians). */
export function defaultPatient(population: Population = 'adult-spinal'): PatientParams {
  return build(
    population,
    (median) => median,
    () => 1,
  );
}

/** A seeded sample from the population; the same seed and population always give the same patient. */
export function samplePatient(seed: number, population: Population = 'adult-spinal'): PatientParams {
  const rng: Rng = createRng(seed).fork(`patient:${population}`);
  const uniform = rng.fork('fixed-tone');
  return {
    ...build(
      population,
      (median, omega) => rng.logNormal(median, omega),
      () => uniform.next(),
    ),
    seed,
  };
}

/** Checks a patient's parameters (e.g. from a scenario file); throws ITB_E_BODY_INVALID_PATIENT. */
export function validatePatient(p: PatientParams): PatientParams {
  if (!(p.population in POPULATIONS)) {
    throw new ItbError('ITB_E_BODY_INVALID_PATIENT', `unknown population ${String(p.population)}`);
  }
  for (const name of NAMES) {
    const v = p[name];
    const mayBeZero = MAY_BE_ZERO.includes(name);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (v === 0 && !mayBeZero)) {
      throw new ItbError(
        'ITB_E_BODY_INVALID_PATIENT',
        `patient parameter ${name} must be a finite ${mayBeZero ? 'non-negative' : 'positive'} number, got ${String(v)}`,
        { parameter: name, value: v },
      );
    }
  }
  if (p.toleranceMax < 1) {
    throw new ItbError(
      'ITB_E_BODY_INVALID_PATIENT',
      'toleranceMax must be at least 1 (a multiplier of EC50)',
    );
  }
  return p;
}
