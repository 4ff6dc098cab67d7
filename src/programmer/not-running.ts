/**
 * A pump that runs no programme delivers nothing: a replacement pump until the programme it continues is
 * sent to it, a pump whose memory fault reset it. Its own programme (stopped, 0 a day) is not the dose the
 * patient received. Read as the current dose, sending the programme in force an hour after a replacement
 * was "restarting after a stop: restart lower" — advice that, after an hour's gap, risks withdrawal.
 *
 * The dose received is the prescription on record while the interruption is within the drug's restart
 * threshold (drug library `restartAfterInterruption`, docs/clinical-reference.md §2), or at any length for
 * a drug whose library holds no restart rule (it resumes at the prior dose, as stop-resume.ts plans it).
 * Beyond the threshold, or when nobody knows since when, it is a restart from nothing, as before.
 */
import type { PrescriptionRecord } from '../clinic/clinical-records.ts';
import { instantWords, type RecordedInstant } from '../clinic/clinical-time.ts';
import { getDrug } from '../therapy/drug-library.ts';
import { prescriptionFromJson } from '../therapy/prescription-json.ts';
import type { Prescription } from '../therapy/prescription.ts';
import { MS_PER_HOUR } from '../therapy/quantities.ts';
import { withTimes, type Reason } from '../therapy/verdict.ts';
import { progReason } from './codes.ts';
import type { Snapshot } from './interrogate.ts';

/**
 * What the pump runs and holds: an interrogation's snapshot (the server's plan), or what the page knows
 * of it (the programming page's live check: its own interrogation, else the board's record of the pump).
 */
export interface PumpRunning {
  readonly prescription: Snapshot['prescription'];
  readonly status: Pick<Snapshot['status'], 'drug' | 'concentration'>;
}

export interface DoseReceivedInput {
  readonly snapshot: PumpRunning;
  readonly head: Pick<PrescriptionRecord, 'prescription'> | null;
  /**
   * Since when no drug has reached the patient as the records have it, and whether its time of day is on
   * record (a back-dated replacement has its day only); undefined when not known.
   */
  readonly interruptedSince?: RecordedInstant;
  readonly now: number;
}

export interface DoseReceived {
  /** What a step is checked from. */
  readonly before: Prescription;
  /** Why, for a pump that runs no programme (null when it runs one). */
  readonly reason: Reason | null;
}

/** How long delivery has been interrupted: "1 day 3 h", "2 days 0 h", "0 days 1 h". */
export function interruptionText(hours: number): string {
  const days = Math.floor(hours / 24);
  return `${days} ${days === 1 ? 'day' : 'days'} ${Math.floor(hours % 24)} h`;
}

/** See the module comment. */
export function doseReceived(input: DoseReceivedInput): DoseReceived {
  const running = input.snapshot.prescription;
  if (running.mode !== 'stopped') return { before: running, reason: null };
  const recorded = input.interruptedSince;
  const since = recorded?.at;
  // Counted from the earliest instant the record allows: with its day only, the interruption is at most
  // that long, never read shorter (the restart rule below compares it).
  const when =
    recorded === undefined
      ? 'since when is not on record'
      : `no drug delivered since ${instantWords(recorded)} (${recorded.timeKnown ? '' : 'up to '}` +
        `${interruptionText((input.now - recorded.at) / MS_PER_HOUR)})`;
  const said = (message: string): Reason => {
    const r = progReason('ITB_R_PROG_PUMP_CHAIN_MISMATCH', 'warn', `the pump runs no programme: ${message}`);
    return since === undefined ? r : withTimes(r, { interruptedSince: since });
  };
  const restart = { before: running, reason: said(`${when}; the programme sent is a restart`) };
  const rx = input.head === null ? null : prescriptionFromJson(input.head.prescription);
  const { status } = input.snapshot;
  if (
    rx === null ||
    rx.mode === 'stopped' ||
    rx.drug.drug !== status.drug ||
    rx.drug.concentration !== status.concentration
  ) {
    return restart;
  }
  const rule = getDrug(rx.drug.drug).restartAfterInterruption?.value;
  if (rule === undefined) {
    return {
      before: rx,
      reason: said(
        `${when}; ${rx.drug.drug} resumes at the prior dose: the step is checked from the prescription on record`,
      ),
    };
  }
  if (since === undefined || input.now - since > rule.interruptedLongerThanHours * MS_PER_HOUR)
    return restart;
  return {
    before: rx,
    reason: said(
      `${when}, within ${rule.interruptedLongerThanHours} h: the step is checked from the prescription on ` +
        'record, the dose received until then',
    ),
  };
}
