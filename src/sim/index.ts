/**
 * The simulator (docs/architecture.md, sim/): scenarios, the event-driven runner coupling body + world + pump, the
 * simulated clinic and its faults, population runs across worker threads, CSV and SVG outputs. See
 * docs/simulator.md.
 */
export { SIM_CODES, type SimCode } from './codes.ts';
export {
  parseScenario,
  parseScenarioText,
  scenarioSchema,
  faultSchema,
  type Fault,
  type FaultKind,
  type Scenario,
  type ScenarioInput,
} from './scenario.ts';
export { chooseConcentration } from './strengths.ts';
export { runScenario, SCENARIO_DEFAULTS, type RunOptions, type RunResult } from './runner.ts';
export {
  SYSTEMIC_CSF_FRACTION,
  SYSTEMIC_SPREAD_ML,
  advanceCoupled,
  syncBody,
  type Coupled,
} from './couple.ts';
export { CATHETER_STUDY_DAYS } from './refill.ts';
export { DETECTED_BY } from './detection.ts';
export { DETECTION_WINDOWS, type DetectionWindow } from './campaign/detection-windows.ts';
export { type RunSummary, type FaultOutcome } from './summary.ts';
export type { TimelineRow, SimEvent, SimEventKind, DetectionSignal } from './record.ts';
export { timelineCsv, timelineSvg } from './chart.ts';
export {
  aggregate,
  patientScenario,
  patientSeed,
  runPatient,
  CASE_MIX,
  POPULATION_SAMPLE_HOURS,
  POPULATION_SAMPLE_HOURS_RANGE,
  type OutcomeRow,
  type PatientRunOptions,
  type PatientOutcome,
  type PopulationResult,
} from './population.ts';
export {
  createPopulationPool,
  runPopulation,
  progressBar,
  type PopulationPool,
  type PopulationRunOptions,
} from './pool.ts';
