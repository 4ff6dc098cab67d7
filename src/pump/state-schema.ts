/**
 * zod schema of a stored pump state (principle 7: schemas at the edges — non-volatile memory is an edge).
 * Shape alone is not enough for a Class C device: the refinements check the invariants the controller
 * relies on (volumes within the reservoir, accumulators below one stroke, a monotone log), so an image that
 * parses but could not have been written by the controller is rejected rather than run.
 */
import { z } from 'zod';
import { DRUG_IDS } from '../therapy/drug-library.ts';
import { MS_PER_DAY } from '../therapy/quantities.ts';
import { reasonSchema } from '../therapy/reason-schema.ts';
import { MIN_COMMAND_MEMORY } from './commands.ts';
import { MIN_LOG_CAPACITY } from './event-log.ts';
import { alarmTypeSchema, drugSpecSchema, patientBolusSchema, prescriptionNanoSchema } from './inputs.ts';

const int = z.int();
const nonNeg = z.int().min(0);
const epoch = z.int();
const sourcedOf = <T extends z.ZodType>(value: T) =>
  z.strictObject({ value, source: z.string(), confidence: z.enum(['C', 'U', 'A']) });
const range = z.strictObject({ min: nonNeg, max: nonNeg, default: nonNeg });
const tone = z.strictObject({ name: z.enum(['single-tone', 'two-tone']), toneMs: nonNeg, beeps: nonNeg });
const modes = z.array(z.enum(['stopped', 'minimum-rate', 'simple-continuous', 'flex']));
const safeFlow = z.enum(['stop', 'minimum-rate']);
const drugLabel = z.strictObject({
  concentration: z.strictObject({ min: nonNeg, max: nonNeg }).optional(),
  minAgeYears: z.number().min(0).optional(),
  offLabel: z.boolean().optional(),
});

export const profileSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string(),
  kind: z.enum(['peristaltic', 'valve', 'constant-flow']),
  description: z.string(),
  reservoir: sourcedOf(z.int().min(1)),
  strokeVolume: sourcedOf(z.int().min(1)),
  flowRange: sourcedOf(z.strictObject({ min: nonNeg, max: nonNeg })),
  minimumRateFlow: sourcedOf(nonNeg),
  fixedFlow: sourcedOf(nonNeg).optional(),
  lowReservoir: sourcedOf(range),
  emptyThreshold: sourcedOf(nonNeg),
  onEmpty: sourcedOf(z.enum(['stop', 'minimum-rate', 'continue'])),
  onCriticalMemoryError: sourcedOf(safeFlow),
  onLowBatteryReset: sourcedOf(safeFlow),
  internalVolume: sourcedOf(nonNeg),
  maxCatheterVolume: sourcedOf(nonNeg),
  accuracyPercent: sourcedOf(z.number()),
  measuredMeanErrorPercent: sourcedOf(z.number()).optional(),
  battery: z
    .strictObject({
      capacityNj: sourcedOf(z.int().min(1)),
      idleNjPerMs: sourcedOf(nonNeg),
      strokeNj: sourcedOf(nonNeg),
      telemetrySessionNj: sourcedOf(nonNeg),
      nonCriticalToneNj: sourcedOf(nonNeg),
      criticalToneNj: sourcedOf(nonNeg),
      eosReserveNj: sourcedOf(nonNeg),
      eriLeadTime: sourcedOf(nonNeg),
      maxLife: sourcedOf(z.int().min(1)),
      nominalLifeYears: sourcedOf(z.strictObject({ min: z.number(), max: z.number() })),
    })
    .optional(),
  alarms: z
    .strictObject({
      nonCriticalTone: sourcedOf(tone),
      nonCriticalRepeat: sourcedOf(z.int().min(1)),
      criticalTone: sourcedOf(tone),
      criticalRepeat: sourcedOf(range),
    })
    .optional(),
  modes: sourcedOf(modes),
  boluses: sourcedOf(z.array(z.enum(['single-bolus', 'priming-bolus', 'bridge-bolus']))),
  patientBolus: sourcedOf(z.boolean()),
  fieldResponse: sourcedOf(z.enum(['stall-then-recover', 'closed-until-reset', 'unaffected'])),
  labelling: z.partialRecord(z.enum(DRUG_IDS), sourcedOf(drugLabel)),
});

const logEntry = z.strictObject({
  seq: z.int().min(1),
  at: epoch,
  type: z.string(),
  message: z.string(),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});
/** A command's result in the recent-command memory; its reasons in the one schema (therapy/reason-schema.ts, H63). */
const result = z.strictObject({
  ok: z.boolean(),
  code: z.string().optional(),
  reasons: z.array(reasonSchema),
});

/** The stored state with the profile resolved (the codec stores registered profiles by id). */
export const stateSchema = z
  .strictObject({
    format: z.literal(1),
    profile: profileSchema,
    serial: z.string(),
    clock: epoch,
    bornAt: epoch,
    utcOffsetMinutes: int.min(-840).max(840),
    version: nonNeg,
    prescription: prescriptionNanoSchema,
    meanFlow: nonNeg,
    patientBolus: patientBolusSchema.nullable(),
    patientBolusStarts: z.array(epoch),
    reservoir: z.strictObject({ contents: drugSpecSchema.nullable(), volume: nonNeg }),
    catheterVolume: nonNeg,
    basalAcc: nonNeg,
    bolus: z
      .strictObject({
        purpose: z.enum(['single-bolus', 'priming-bolus', 'bridge-bolus', 'patient-bolus']),
        commandId: z.string(),
        start: epoch,
        strokesTotal: z.int().min(1),
        strokesDone: nonNeg,
        flow: z.int().min(1),
        acc: nonNeg,
        replacesBasal: z.boolean(),
      })
      .nullable(),
    suspended: z.boolean(),
    lowBatteryReset: z.boolean(),
    memory: z.enum(['ok', 'minor-error', 'critical-error']),
    motor: z.strictObject({
      stalled: z.boolean(),
      cause: z.enum(['fault', 'field', 'valve-closed']).nullable(),
      since: epoch.nullable(),
      fieldPresent: z.boolean(),
      recoverAt: epoch.nullable(),
    }),
    thresholds: z.strictObject({ lowReservoir: nonNeg, criticalRepeat: z.int().min(1) }),
    alarms: z.array(
      z.strictObject({
        type: alarmTypeSchema,
        since: epoch,
        nextToneAt: epoch,
        acknowledgedAt: epoch.nullable(),
      }),
    ),
    battery: z
      .strictObject({
        usedNj: nonNeg,
        eriAt: epoch.nullable(),
        eosAt: epoch.nullable(),
        depleted: z.boolean(),
      })
      .nullable(),
    log: z.strictObject({
      nextSeq: z.int().min(1),
      capacity: z.int().min(MIN_LOG_CAPACITY),
      entries: z.array(logEntry),
    }),
    recentCommands: z.strictObject({
      capacity: z.int().min(MIN_COMMAND_MEMORY),
      entries: z.array(z.strictObject({ id: z.string(), result })),
    }),
    totals: z.strictObject({ strokes: nonNeg, deliveredNl: nonNeg, deliveredNg: nonNeg }),
    lastDay: z.array(z.strictObject({ hour: int, ng: nonNeg })),
    linkHellos: z.array(z.string().regex(/^[0-9a-f]{16}$/)).optional(),
  })
  .superRefine((s, ctx) => {
    const bad = (message: string) => ctx.addIssue({ code: 'custom', message });
    const unit = s.profile.strokeVolume.value * MS_PER_DAY;
    if (s.reservoir.volume > s.profile.reservoir.value) bad('calculated volume exceeds the reservoir');
    if (s.basalAcc >= unit) bad('basal accumulator is a whole stroke or more');
    if (s.bolus && (s.bolus.acc >= unit || s.bolus.strokesDone > s.bolus.strokesTotal))
      bad('bolus progress invalid');
    if (s.log.entries.length > s.log.capacity) bad('log holds more entries than its capacity');
    s.log.entries.forEach((e, i) => {
      const prev = s.log.entries[i - 1];
      if (e.seq >= s.log.nextSeq || (prev && e.seq <= prev.seq))
        bad('log sequence numbers are not increasing');
    });
    if (s.recentCommands.entries.length > s.recentCommands.capacity) bad('too many remembered commands');
    if ((s.battery === null) !== (s.profile.battery === undefined))
      bad('battery state does not match the profile');
    if (s.battery && s.profile.battery && s.battery.usedNj > s.profile.battery.capacityNj.value)
      bad('energy used exceeds capacity');
    if (new Set(s.alarms.map((a) => a.type)).size !== s.alarms.length) bad('an alarm is listed twice');
    if (s.prescription.mode !== 'stopped' && s.reservoir.contents === null && s.memory !== 'critical-error') {
      bad('a running prescription with unknown contents');
    }
  });
