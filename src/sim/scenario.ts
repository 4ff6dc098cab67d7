/**
 * Scenario files (docs/architecture.md principle 7, schemas at the edges): one virtual patient, the pump implanted in
 * them, the clinic's refill schedule and titration policy, and the faults to inject. Clinicians' units
 * (µg/day, µg/mL, mL, days) in the file; the runner converts to exact nanounits at its edge.
 */
import { z } from 'zod';
import { PROFILES } from '../pump/profiles.ts';
import { ItbError } from '../therapy/codes.ts';
import { CONTROL_NAMES } from './controls.ts';

const days = z.number().min(0).max(36_525);
const positive = z.number().positive();
const fraction = z.number().min(0).max(1);
/** Which scheduled refill a refill fault hits: 1 = the first refill after the start. */
const refillIndex = z.int().min(1);

const catheterState = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('patent') }),
  z.strictObject({ kind: z.literal('partly-occluded'), fraction }),
  z.strictObject({ kind: z.literal('occluded') }),
  z.strictObject({ kind: z.literal('leaking'), fraction, at: z.enum(['pump-end', 'tip']).optional() }),
  z.strictObject({ kind: z.literal('disconnected') }),
]);

/** Injectable faults (the issue's list); `atDays` counts from the scenario start. */
export const faultSchema = z.discriminatedUnion('kind', [
  /** The refill never happens; only an alarm response (if any) brings the patient in. */
  z.strictObject({ kind: z.literal('missed-refill'), refill: refillIndex }),
  z.strictObject({ kind: z.literal('late-refill'), refill: refillIndex, lateDays: positive }),
  /** Part (default all) of the refill volume goes into the subcutaneous pocket; the pump is told all is in. */
  z.strictObject({ kind: z.literal('pocket-fill'), refill: refillIndex, fraction: fraction.optional() }),
  /** The syringe holds another strength than the one programmed (labelled vs actual). */
  z.strictObject({
    kind: z.literal('wrong-concentration'),
    refill: refillIndex,
    actualMcgPerMl: positive,
  }),
  /**
   * The syringe holds the prescribed strength but the nurse types it × `factor` into the programmer (a
   * decimal slip: 500 µg/mL typed as 50 is 0.1). Refused by the syringe match, and a strength the library
   * does not allow by the library; otherwise the pump is told the typed strength and runs the dose at it.
   */
  z.strictObject({ kind: z.literal('strength-typed'), refill: refillIndex, factor: positive }),
  /**
   * The patient's strength is out of stock at this refill: the clinic prescribes the same dose at another
   * stocked strength (concentration-change.ts), kept only if it runs the dose within the device's flow range.
   */
  z.strictObject({ kind: z.literal('strength-change'), refill: refillIndex, toMcgPerMl: positive }),
  z.strictObject({ kind: z.literal('catheter'), atDays: days, state: catheterState }),
  z.strictObject({
    kind: z.literal('mri'),
    atDays: days,
    scanMinutes: z.number().min(0).max(600).optional(),
  }),
  z.strictObject({ kind: z.literal('battery-fault'), atDays: days }),
  /**
   * A clinician means to keep the dose but types it × `factor` (a decimal slip is 10). `checkedBy`:
   * the programmer's titration guardrail and then the pump (defence in depth), or the pump alone.
   */
  z.strictObject({
    kind: z.literal('programming-slip'),
    atDays: days,
    factor: positive,
    checkedBy: z.enum(['programmer-and-pump', 'pump-only']).optional(),
  }),
]);
export type Fault = z.output<typeof faultSchema>;
export type FaultKind = Fault['kind'];

export const scenarioSchema = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  /** Seeds every random stream of the run (patient, rater, world); default 1. */
  seed: z
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
  start: z.iso.datetime().optional(),
  days: z.number().positive().max(3653),
  /** Timeline sampling interval (hours): tone and stages are observed at these instants. Default 6. */
  sampleHours: z.number().min(0.25).max(168).optional(),
  patient: z
    .strictObject({
      population: z.enum(['adult-spinal', 'adult-cerebral', 'child-under-12']).optional(),
      /** Samples an individual; absent = the population's typical patient. */
      seed: z.int().min(0).optional(),
      /** Days already on intrathecal therapy at the start dose (dependence and tolerance built up). */
      onTherapyDays: days.optional(),
      origin: z.enum(['spinal', 'cerebral']).optional(),
      ageYears: z.number().min(0).max(120).optional(),
    })
    .optional(),
  device: z
    .strictObject({
      profile: z.enum(PROFILES.map((p) => p.id) as [string, ...string[]]).optional(),
      catheterLengthCm: z.number().min(1).max(110).optional(),
      lowReservoirMl: z.number().min(0).optional(),
      /**
       * Days the pump has already run at the start dose (default 0: new): its battery's 7-year life began that
       * long ago and that time's energy is spent, so ERI and EOS come that much sooner (below the maximum life).
       */
      batteryAgeDays: days.optional(),
    })
    .optional(),
  drug: z
    .strictObject({
      concentrationMcgPerMl: positive.optional(),
      /** Volume put in at each refill (default: the full reservoir). */
      fillMl: positive.optional(),
      /** Volume in the reservoir at the start (default: fillMl). */
      initialMl: z.number().min(0).optional(),
    })
    .optional(),
  /** Run the label's screening protocol first and start at its start dose (docs/clinical-reference.md §1.1, §1.3). */
  screening: z.strictObject({ protocol: z.enum(['adult', 'small-child']).optional() }).optional(),
  /** Daily dose at the start when there is no screening (µg/day). */
  startDoseMcgPerDay: positive.optional(),
  /** Titrate towards a tone goal with the label's steps, checked by the titration guardrail. */
  titration: z
    .strictObject({
      goalMeanMas: z.number().min(0).max(4).optional(),
      phase: z.enum(['titration', 'maintenance']).optional(),
    })
    .optional(),
  /** The clinic's refill plan: before the projected alarm (refill-by) and at most every `everyDays`. */
  refills: z
    .strictObject({ everyDays: z.number().min(1).max(180).optional(), marginDays: days.optional() })
    .nullable()
    .optional(),
  /** How the clinic reacts to a critical alarm the patient reports: after this many hours; absent = never. */
  alarmResponseHours: z
    .number()
    .min(0)
    .max(24 * 30)
    .optional(),
  faults: z.array(faultSchema).max(100).optional(),
  /** Safety controls the simulated clinic runs without (src/sim/controls.ts); default none: all on. */
  controlsOff: z.array(z.enum(CONTROL_NAMES as [string, ...string[]])).optional(),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;

/** Validates a parsed scenario; throws ITB_E_SIM_INVALID_SCENARIO naming each bad path. */
export function parseScenario(json: unknown): Scenario {
  const r = scenarioSchema.safeParse(json);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ItbError('ITB_E_SIM_INVALID_SCENARIO', `invalid scenario: ${issues.join('; ')}`, { issues });
  }
  const s = r.data;
  if (s.screening === undefined && s.startDoseMcgPerDay === undefined) {
    throw new ItbError(
      'ITB_E_SIM_INVALID_SCENARIO',
      'invalid scenario: give startDoseMcgPerDay or screening',
    );
  }
  return s;
}

/** Parses scenario text (a file's content). */
export function parseScenarioText(text: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ItbError('ITB_E_SIM_INVALID_SCENARIO', `scenario is not JSON: ${(e as Error).message}`);
  }
  return parseScenario(json);
}
