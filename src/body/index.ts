/**
 * The virtual patient (docs/architecture.md): CSF pharmacokinetics solved exactly between input changes,
 * effect on tone and spasms, tolerance, dependence and withdrawal, overdose; seeded and deterministic.
 */
export { BODY_CODES, type BodyCode } from './codes.ts';
export { BODY_MODEL_DRUG, bodyModels } from './model-drug.ts';
export { advance, createBody, lumbarBolus, observe, type Body, type Observation } from './body.ts';
export type { BodyInputs, InfusionSegment, LumbarBolus } from './inputs.ts';
export { defaultPatient, samplePatient, validatePatient, type PatientParams } from './patient.ts';
export { FIXED_TONE, PARAMETERS, POPULATIONS, STAGE_THRESHOLDS, type ModelParameter } from './parameters.ts';
export { createRng, type Rng } from './random.ts';
export {
  MAS_SCORES,
  OVERDOSE_SIGNS,
  OVERDOSE_STAGES,
  WITHDRAWAL_SIGNS,
  WITHDRAWAL_STAGES,
  isMasScore,
  masFromContinuous,
  masPosition,
  pennFromContinuous,
  type MasScore,
  type OverdoseStage,
  type PennScore,
  type WithdrawalStage,
} from './scales.ts';
export {
  EFFECT_THRESHOLD_MAS,
  csfClearanceMlPerH,
  csfHalfLifeHours,
  simulateBolus,
  type BolusSeriesPoint,
  type BolusSimInput,
  type BolusSimResult,
} from './bolus-sim.ts';
export {
  DEFAULT_SCREENING_PROTOCOL,
  SCREENING_RULES,
  SMALL_CHILD_SCREENING_PROTOCOL,
  rateTone,
  screeningTrial,
  type ScreeningAssessment,
  type ScreeningDay,
  type ScreeningDecision,
  type ScreeningProtocol,
  type ScreeningResult,
  type ToneRating,
} from './screening.ts';
export {
  TITRATION_RULES,
  defaultTitrationPolicy,
  doseOnDay,
  titrateToGoal,
  type TitrationPolicy,
  type TitrationRun,
  type TitrationVisit,
} from './titration.ts';
