/**
 * The pump controller's state: everything the pump knows, as plain data (no Maps, no classes) so it can be
 * written to non-volatile memory (state-codec.ts) and compared in tests. The controller never mutates a
 * state; step() returns a new one that shares unchanged parts with the old.
 */
import type { DrugId } from '../therapy/drug.ts';
import type { PatientBolusConfig } from '../therapy/patient-bolus-rules.ts';
import type { Prescription } from '../therapy/prescription.ts';
import type {
  EpochMs,
  Millis,
  Nanograms,
  NanogramsPerMl,
  Nanolitres,
  NanolitresPerDay,
} from '../therapy/quantities.ts';
import type { Reason } from '../therapy/verdict.ts';
import type { DeliveryPurpose } from './delivery.ts';
import type { PumpProfile } from './profile.ts';

/** Version of the state layout; the codec refuses any other. */
export const STATE_FORMAT = 1;

/** Alarms (docs/clinical-reference.md §3). `memory-error-minor` is the non-critical memory error. */
export type AlarmType =
  | 'low-reservoir'
  | 'eri'
  | 'memory-error-minor'
  | 'empty-reservoir'
  | 'eos'
  | 'motor-stall'
  | 'low-battery-reset'
  | 'memory-error';

export type AlarmSeverity = 'non-critical' | 'critical';

/** An active alarm: raised at `since`, stays while its condition holds. */
export interface AlarmRecord {
  readonly type: AlarmType;
  readonly since: EpochMs;
  /** When the next tone sounds. */
  readonly nextToneAt: EpochMs;
  /** Set by an acknowledgement; reset when the next repeat cycle's tone sounds. */
  readonly acknowledgedAt: EpochMs | null;
}

/** What the reservoir holds, as far as the pump knows; `null` contents = unknown (fail closed). */
export interface ReservoirState {
  readonly contents: { readonly drug: DrugId; readonly concentration: NanogramsPerMl } | null;
  /** Calculated volume: the last fill minus every stroke commanded since. Never negative. */
  readonly volume: Nanolitres;
}

export type BolusPurpose = Exclude<DeliveryPurpose, 'basal' | 'periodic-bolus'>;

/** A running operator or patient bolus, delivered in whole strokes at a constant flow. */
export interface ActiveBolus {
  readonly purpose: BolusPurpose;
  readonly commandId: string;
  readonly start: EpochMs;
  readonly strokesTotal: number;
  readonly strokesDone: number;
  readonly flow: NanolitresPerDay;
  /** Fractional-stroke accumulator, in nL·ms/day (see strokes.ts). */
  readonly acc: number;
  /** A bridge bolus pushes the catheter's old fluid at the old dose instead of the basal flow. */
  readonly replacesBasal: boolean;
}

/** Patient-activated bolus settings (myPTM / PTC), off unless programmed; their rules are the therapy's. */
export type { PatientBolusConfig };

export interface BatteryState {
  /** Energy used since the battery's life began, nJ (never above capacity). */
  readonly usedNj: number;
  readonly eriAt: EpochMs | null;
  readonly eosAt: EpochMs | null;
  /** True once the energy is gone: nothing, not even a tone, happens any more. */
  readonly depleted: boolean;
}

/** Why the mechanism is not turning although therapy is programmed. */
export type StallCause = 'fault' | 'field' | 'valve-closed';

export interface MotorState {
  readonly stalled: boolean;
  readonly cause: StallCause | null;
  readonly since: EpochMs | null;
  /** A magnetic field (MRI, magnet) is present now. */
  readonly fieldPresent: boolean;
  /** When a field stall recovers by itself (set when the field ends). */
  readonly recoverAt: EpochMs | null;
}

export type MemoryHealth = 'ok' | 'minor-error' | 'critical-error';

/** One event-log entry; `seq` increases by one per entry and is never reused. */
export interface LogEntry {
  readonly seq: number;
  readonly at: EpochMs;
  readonly type: string;
  readonly message: string;
  readonly data?: Readonly<Record<string, string | number | boolean | null>>;
}

/** What a command did: `ok` with advisory reasons, or refused with an error code and the reasons why. */
export interface CommandResult {
  readonly ok: boolean;
  readonly code?: string;
  readonly reasons: readonly Reason[];
}

/** Drug delivered in one clock hour (for the rolling 24 h hard-limit check). */
export interface HourBucket {
  /** floor(epoch ms / 1 h). */
  readonly hour: number;
  readonly ng: Nanograms;
}

export interface PumpState {
  readonly format: typeof STATE_FORMAT;
  readonly profile: PumpProfile;
  readonly serial: string;
  /** The instant this state describes. */
  readonly clock: EpochMs;
  /** When the battery's life began (hard stop at + maxLife). */
  readonly bornAt: EpochMs;
  readonly utcOffsetMinutes: number;
  /** Bumped by every accepted configuration command; programs are compare-and-set against it. */
  readonly version: number;
  readonly prescription: Prescription;
  /** Mean flow of the prescription over a week, for the battery's "current consumption". */
  readonly meanFlow: NanolitresPerDay;
  readonly patientBolus: PatientBolusConfig | null;
  /** Start times of patient boluses in the last 24 h. */
  readonly patientBolusStarts: readonly EpochMs[];
  readonly reservoir: ReservoirState;
  readonly catheterVolume: Nanolitres;
  /** Basal fractional-stroke accumulator, nL·ms/day, in [0, strokeVolume × 1 day). */
  readonly basalAcc: number;
  readonly bolus: ActiveBolus | null;
  /** Stopped by command; the prescription is kept for resume. */
  readonly suspended: boolean;
  readonly lowBatteryReset: boolean;
  readonly memory: MemoryHealth;
  readonly motor: MotorState;
  readonly thresholds: { readonly lowReservoir: Nanolitres; readonly criticalRepeat: Millis };
  readonly alarms: readonly AlarmRecord[];
  readonly battery: BatteryState | null;
  readonly log: {
    readonly nextSeq: number;
    readonly capacity: number;
    readonly entries: readonly LogEntry[];
  };
  readonly recentCommands: {
    readonly capacity: number;
    readonly entries: readonly { readonly id: string; readonly result: CommandResult }[];
  };
  readonly totals: {
    readonly strokes: number;
    readonly deliveredNl: Nanolitres;
    readonly deliveredNg: Nanograms;
  };
  readonly lastDay: readonly HourBucket[];
  /**
   * Fingerprints of the initiator ephemeral keys of the telemetry link's recent key agreements
   * (src/link/guard.ts), kept in memory so that a HELLO recorded before a restart is refused after it too
   * (docs/protocol.md §3.4). Absent until the first key agreement.
   */
  readonly linkHellos?: readonly string[];
}
