/**
 * The shape of a device profile (docs/clinical-reference.md §3: "model both as device profiles (data), not as code
 * branches"). The controller reads every device difference from here — stroke size, flow limits, what the
 * pump does when the reservoir is empty, which alarms it can sound, its battery — so a new pump model is a
 * new profile, not a new branch in the controller. The profiles themselves are in profiles.ts.
 */
import type { DrugId } from '../therapy/drug.ts';
import type { PrescriptionMode } from '../therapy/prescription.ts';
import type { Millis, Nanolitres, NanogramsPerMl, NanolitresPerDay } from '../therapy/quantities.ts';
import type { Sourced } from '../therapy/sourced.ts';

export type PumpKind = 'peristaltic' | 'valve' | 'constant-flow';

/** Operator-initiated boluses a device can run (docs/clinical-reference.md §3, infusion modes). */
export type BolusKind = 'single-bolus' | 'priming-bolus' | 'bridge-bolus';

/** What the mechanism does in a safe state: deliver nothing, or keep the catheter open at minimum rate. */
export type SafeFlow = 'stop' | 'minimum-rate';

/** An inclusive range with a default, for settings a clinician may program. */
export interface SettingRange<T> {
  readonly min: T;
  readonly max: T;
  readonly default: T;
}

/**
 * Energy model of a battery-powered pump. All energies in nanojoules (integers), so the budget is exact;
 * idle drain in nJ per millisecond (= µW). The figures are calibrated to the confirmed 5–7 year life.
 */
export interface BatteryModel {
  readonly capacityNj: Sourced<number>;
  readonly idleNjPerMs: Sourced<number>;
  readonly strokeNj: Sourced<number>;
  readonly telemetrySessionNj: Sourced<number>;
  readonly nonCriticalToneNj: Sourced<number>;
  readonly criticalToneNj: Sourced<number>;
  /** Energy held back for end-of-service alarms: EOS is declared when only this much is left. */
  readonly eosReserveNj: Sourced<number>;
  /** ERI when the remaining life at the current consumption falls below this. */
  readonly eriLeadTime: Sourced<Millis>;
  /** Hard stop this long after the battery's life began, whatever energy is left. */
  readonly maxLife: Sourced<Millis>;
  /** The nominal life range the model was calibrated against (documentation and tests). */
  readonly nominalLifeYears: Sourced<{ readonly min: number; readonly max: number }>;
}

/** A tone pattern: `beeps` tones of `toneMs` each (two-tone alarms alternate pitch). */
export interface TonePattern {
  readonly name: 'single-tone' | 'two-tone';
  readonly toneMs: number;
  readonly beeps: number;
}

/** The alarm hardware and its schedules; `undefined` for pumps without electronics (constant-flow). */
export interface AlarmModel {
  readonly nonCriticalTone: Sourced<TonePattern>;
  readonly nonCriticalRepeat: Sourced<Millis>;
  readonly criticalTone: Sourced<TonePattern>;
  /** Programmable repeat interval of critical alarms. */
  readonly criticalRepeat: Sourced<SettingRange<Millis>>;
}

/** What a strong static field (MRI, magnet) does to the mechanism (docs/clinical-reference.md §3, MRI). */
export type FieldResponse =
  /** The rotor stalls for the scan and recovers after a delay the world reports (SynchroMed). */
  | 'stall-then-recover'
  /** The flow-activated valve closes and stays closed until a manual reset (resume) (Prometra II). */
  | 'closed-until-reset'
  /** No electronics or motor to disturb (constant-flow gas pump). */
  | 'unaffected';

/** What a device's labelling says about one drug (docs/clinical-reference.md §3). */
export interface DrugLabel {
  /** Strengths the device is labelled for (inclusive); absent: any the drug library allows. */
  readonly concentration?: { readonly min: NanogramsPerMl; readonly max: NanogramsPerMl };
  /** The youngest patient the device is labelled for with this drug. */
  readonly minAgeYears?: number;
  /** Used in this device in practice (e.g. PACC 2017) but not in its labelling: warns, never refused. */
  readonly offLabel?: boolean;
}

/** The drugs a device is labelled for; a drug not listed is refused (device-labelling.ts). */
export type DeviceLabelling = Readonly<Partial<Record<DrugId, Sourced<DrugLabel>>>>;

export interface PumpProfile {
  readonly id: string;
  readonly name: string;
  readonly kind: PumpKind;
  /** Why this profile exists and what it resembles. */
  readonly description: string;
  readonly reservoir: Sourced<Nanolitres>;
  /** Volume of one stroke or valve pulse: the pump delivers only whole ones. */
  readonly strokeVolume: Sourced<Nanolitres>;
  readonly flowRange: Sourced<{ readonly min: NanolitresPerDay; readonly max: NanolitresPerDay }>;
  /** Flow of minimum-rate mode (keeps the catheter patent); 0 when the device has no such mode. */
  readonly minimumRateFlow: Sourced<NanolitresPerDay>;
  /** The only flow of a constant-flow pump; undefined for programmable pumps. */
  readonly fixedFlow?: Sourced<NanolitresPerDay>;
  readonly lowReservoir: Sourced<SettingRange<Nanolitres>>;
  /** At or below this calculated volume the reservoir counts as empty. */
  readonly emptyThreshold: Sourced<Nanolitres>;
  /** What the pump does when the calculated reservoir is empty. `continue` = no controller (gas pump). */
  readonly onEmpty: Sourced<SafeFlow | 'continue'>;
  /** Safe flow after a critical memory error (contents and programme unknown). */
  readonly onCriticalMemoryError: Sourced<SafeFlow>;
  /** Flow after a low-battery reset, until the pump is reprogrammed. */
  readonly onLowBatteryReset: Sourced<SafeFlow>;
  /** Volume inside the pump between reservoir and catheter connector (priming and bridge boluses). */
  readonly internalVolume: Sourced<Nanolitres>;
  /** Largest catheter volume the pump accepts (sanity bound on a typed value). */
  readonly maxCatheterVolume: Sourced<Nanolitres>;
  /** Specified flow accuracy, ± percent of programmed. */
  readonly accuracyPercent: Sourced<number>;
  /** Mean delivered error measured in patients, percent (+ = over-delivery), when known. */
  readonly measuredMeanErrorPercent?: Sourced<number>;
  readonly battery?: BatteryModel;
  readonly alarms?: AlarmModel;
  readonly modes: Sourced<readonly PrescriptionMode[]>;
  readonly boluses: Sourced<readonly BolusKind[]>;
  readonly patientBolus: Sourced<boolean>;
  readonly fieldResponse: Sourced<FieldResponse>;
  /** Which drugs, strengths and patient ages the device is labelled for. */
  readonly labelling: DeviceLabelling;
}
