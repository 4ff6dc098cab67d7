/**
 * What the pump can be told: commands (from the programmer over the telemetry link; each carries a
 * `commandId` so a repeated delivery never acts twice), and signals (from the world: time passing, motor
 * faults, magnetic fields, battery and memory faults, telemetry sessions). Commands are validated here by
 * shape (zod) before the controller's safety checks look at their meaning.
 */
import { z } from 'zod';
import type { DrugId } from '../therapy/drug.ts';
import { DRUG_IDS } from '../therapy/drug-library.ts';
import type { Prescription } from '../therapy/prescription.ts';
import type { Millis, Nanograms, NanogramsPerMl, Nanolitres } from '../therapy/quantities.ts';
import type { AlarmType, PatientBolusConfig } from './state.ts';

/** Signals: not commands, so no id and no result; they never change the prescription. */
export type PumpSignal =
  /** Advance time only. */
  | { readonly kind: 'tick' }
  /** A telemetry session took place (costs battery energy; logged to expose battery-drain wake-ups). */
  | { readonly kind: 'telemetry-session' }
  | { readonly kind: 'motor-stall' }
  | { readonly kind: 'motor-recovered' }
  | { readonly kind: 'magnet-start'; readonly source: 'mri' | 'magnet' }
  /** The field is gone; a stalled rotor turns again after `recovery` (2–24 h after MRI [C]). */
  | { readonly kind: 'magnet-end'; readonly recovery: Millis }
  | { readonly kind: 'battery-fault' }
  | { readonly kind: 'memory-fault'; readonly severity: 'minor' | 'critical' };

interface Cmd<K extends string> {
  readonly kind: K;
  readonly commandId: string;
}
/** Configuration commands may name the state version they were reviewed against. */
interface Versioned {
  readonly expectedVersion?: number;
}

export type PumpCommand =
  | (Cmd<'program'> & {
      /** Required: a prescription is only written over the state the clinician reviewed. */
      readonly expectedVersion: number;
      readonly prescription: Prescription;
      /** Omitted = keep the current setting; null = off. */
      readonly patientBolus?: PatientBolusConfig | null;
    })
  | (Cmd<'refill'> &
      Versioned & {
        readonly drug: DrugId;
        readonly concentration: NanogramsPerMl;
        readonly volumeAdded: Nanolitres;
        /** Calculated volume after the refill (= volumeAdded after draining completely). */
        readonly newVolume: Nanolitres;
        /** The residual drained and measured, for reconciliation with the calculated one. */
        readonly drainedVolume?: Nanolitres;
        /** Required when the drug or concentration changes (the old prescription no longer fits). */
        readonly prescription?: Prescription;
      })
  | (Cmd<'bolus'> & { readonly amount: Nanograms; readonly duration: Millis })
  | (Cmd<'priming-bolus'> & { readonly volume?: Nanolitres; readonly duration?: Millis })
  | (Cmd<'bridge-bolus'> & { readonly volume: Nanolitres; readonly duration: Millis })
  | (Cmd<'stop'> & Versioned)
  | (Cmd<'resume'> & Versioned)
  | (Cmd<'set-alarm-thresholds'> &
      Versioned & { readonly lowReservoir?: Nanolitres; readonly criticalRepeat?: Millis })
  | (Cmd<'acknowledge-alarm'> & { readonly alarm: AlarmType })
  | (Cmd<'set-clock'> & Versioned & { readonly utcOffsetMinutes: number })
  | (Cmd<'set-catheter-volume'> & Versioned & { readonly volume: Nanolitres })
  | Cmd<'patient-bolus'>;

export type PumpInput = PumpSignal | PumpCommand;
export type CommandKind = PumpCommand['kind'];

const SIGNAL_KINDS = new Set<string>([
  'tick',
  'telemetry-session',
  'motor-stall',
  'motor-recovered',
  'magnet-start',
  'magnet-end',
  'battery-fault',
  'memory-fault',
]);

/** True for commands (they carry an id and get a result); false for signals. */
export const isCommand = (input: PumpInput): input is PumpCommand => !SIGNAL_KINDS.has(input.kind);

// ---- zod schemas (nanounits, integers) ----
const int = z.int();
const nonNeg = z.int().min(0);
const positive = z.int().min(1);
const commandId = z.string().min(1).max(128);
const drugId = z.enum(DRUG_IDS as [DrugId, ...DrugId[]]);
const drugSpec = z.strictObject({ drug: drugId, concentration: nonNeg });
const flexDay = z.strictObject({
  steps: z.array(z.strictObject({ startMinute: int, dose: nonNeg })),
  boluses: z.array(z.strictObject({ startMinute: int, amount: nonNeg, duration: positive })),
});
const weekdays = z.partialRecord(z.enum(['0', '1', '2', '3', '4', '5', '6']), flexDay);

/** A prescription in nanounits (the in-memory form; the clinician JSON form is prescription-json.ts). */
export const prescriptionNanoSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('stopped') }),
  z.strictObject({ mode: z.literal('minimum-rate'), drug: drugSpec }),
  z.strictObject({ mode: z.literal('simple-continuous'), drug: drugSpec, dose: nonNeg }),
  z.strictObject({
    mode: z.literal('flex'),
    drug: drugSpec,
    schedule: z.strictObject({ everyDay: flexDay, byWeekday: weekdays.optional() }),
  }),
]);

export const patientBolusSchema = z.strictObject({
  amount: positive,
  duration: positive,
  lockout: positive,
  maxPerDay: positive,
});

const alarmType = z.enum([
  'low-reservoir',
  'eri',
  'memory-error-minor',
  'empty-reservoir',
  'eos',
  'motor-stall',
  'low-battery-reset',
  'memory-error',
]);
const versioned = { expectedVersion: nonNeg.optional() };

/** Shape of every command. */
export const commandSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('program'),
    commandId,
    expectedVersion: nonNeg,
    prescription: prescriptionNanoSchema,
    patientBolus: patientBolusSchema.nullable().optional(),
  }),
  z.strictObject({
    kind: z.literal('refill'),
    commandId,
    ...versioned,
    drug: drugId,
    concentration: nonNeg,
    volumeAdded: nonNeg,
    newVolume: nonNeg,
    drainedVolume: nonNeg.optional(),
    prescription: prescriptionNanoSchema.optional(),
  }),
  z.strictObject({ kind: z.literal('bolus'), commandId, amount: positive, duration: positive }),
  z.strictObject({
    kind: z.literal('priming-bolus'),
    commandId,
    volume: positive.optional(),
    duration: positive.optional(),
  }),
  z.strictObject({ kind: z.literal('bridge-bolus'), commandId, volume: positive, duration: positive }),
  z.strictObject({ kind: z.literal('stop'), commandId, ...versioned }),
  z.strictObject({ kind: z.literal('resume'), commandId, ...versioned }),
  z.strictObject({
    kind: z.literal('set-alarm-thresholds'),
    commandId,
    ...versioned,
    lowReservoir: nonNeg.optional(),
    criticalRepeat: positive.optional(),
  }),
  z.strictObject({ kind: z.literal('acknowledge-alarm'), commandId, alarm: alarmType }),
  z.strictObject({ kind: z.literal('set-clock'), commandId, ...versioned, utcOffsetMinutes: int }),
  z.strictObject({ kind: z.literal('set-catheter-volume'), commandId, ...versioned, volume: nonNeg }),
  z.strictObject({ kind: z.literal('patient-bolus'), commandId }),
]);

export const signalSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('tick') }),
  z.strictObject({ kind: z.literal('telemetry-session') }),
  z.strictObject({ kind: z.literal('motor-stall') }),
  z.strictObject({ kind: z.literal('motor-recovered') }),
  z.strictObject({ kind: z.literal('magnet-start'), source: z.enum(['mri', 'magnet']) }),
  z.strictObject({ kind: z.literal('magnet-end'), recovery: nonNeg }),
  z.strictObject({ kind: z.literal('battery-fault') }),
  z.strictObject({ kind: z.literal('memory-fault'), severity: z.enum(['minor', 'critical']) }),
]);

export { alarmType as alarmTypeSchema, drugSpec as drugSpecSchema };
