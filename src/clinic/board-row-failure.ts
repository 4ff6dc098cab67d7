/**
 * A board row that could not be computed. The stored board rows are a cache of the projection
 * (board-rows.ts): when the projection throws for one patient (a corrupt record, a forked prescription
 * chain), the clinical write that triggered the refresh must still commit — a cache must never block a
 * refill (missed refill → withdrawal, docs/clinical-reference.md §2) — and the patient must not vanish
 * from the board. The stored row says so and sorts into the top tier (state unknown, needs attention).
 */
import { ItbError } from '../therapy/codes.ts';
import { boardRow, type BoardPatientRecords, type BoardRow } from './risk-board.ts';

/** The stored input of a patient whose board row could not be computed (in `board_records`). */
export interface BoardRowFailure {
  readonly patient: { readonly id: string; readonly name: string };
  /** Why, in the words of the error that stopped the projection. */
  readonly failure: string;
}

/** One stored board input: the records, or why they could not be projected. */
export type BoardEntry = BoardPatientRecords | BoardRowFailure;

export const isBoardFailure = (e: BoardEntry): e is BoardRowFailure => 'failure' in e;

/** The failure's reason as the clinician reads it. */
export function failureReason(error: unknown): string {
  if (error instanceof ItbError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** The row shown for a failure: top tier (state unknown, overdue), verdict block, the reason in words. */
export function failedBoardRow(f: BoardRowFailure): BoardRow {
  return {
    patientId: f.patient.id,
    name: f.patient.name,
    highRisk: false,
    opioidStatus: null,
    implantId: null,
    basis: null,
    lowAlarmAt: null,
    lowReservoir: null,
    emptyAt: null,
    refillBy: null,
    refillByCause: null,
    therapy: null,
    daysToRefillBy: null,
    overdue: true,
    emptySince: null,
    eosAt: null,
    eosPassed: false,
    daysToEos: null,
    replacementOverdue: false,
    stoppedSince: null,
    stoppedSinceTimeKnown: true,
    status: 'unknown',
    battery: null,
    conditions: [],
    openAlerts: { count: 0, acknowledged: 0, critical: 0 },
    reconciliation: { last: null, trend: [] },
    verdict: 'block',
    reasons: [
      {
        code: 'ITB_R_BOARD_NOT_COMPUTED',
        severity: 'block',
        message: `board row could not be computed: ${f.failure}`,
      },
    ],
  };
}

/** The board row of a stored entry at `now`; a projection that throws becomes the failure row. */
export function boardRowOrFailure(e: BoardEntry, now: number): BoardRow {
  if (isBoardFailure(e)) return failedBoardRow(e);
  try {
    return boardRow(e, now);
  } catch (error) {
    return failedBoardRow({
      patient: { id: e.patient.id, name: e.patient.name },
      failure: failureReason(error),
    });
  }
}
