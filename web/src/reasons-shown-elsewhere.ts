/**
 * Where a page says each reason code a board row carries (src/clinic/risk-board.ts `RISK_BOARD_CODES`, the
 * refill-overdue reason and the late refill booking): in a part of its own — the status badge, the pump's
 * conditions, the battery column, the open alerts, the reconciliation, the booking's concerns — or in the
 * page's list of reasons (the board's Status cell, the patient page's "Board reasons"). A page without the
 * part says the reason in its list. Each page lists only the parts it has, so
 * a reason its list leaves out is one the page shows elsewhere, and each is said once. The record type
 * makes a new board code without a place a compile error.
 */
import type { RISK_BOARD_CODES } from '../../src/clinic/risk-board.ts';

export type BoardReasonCode =
  keyof typeof RISK_BOARD_CODES | 'ITB_R_REFILL_OVERDUE' | 'ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY';

/** A part of a page that says a reason in its own way; `reason-list` is the page's list of reasons. */
export type ReasonPlace =
  | 'status-badge'
  | 'not-computed'
  | 'conditions'
  | 'battery'
  | 'alerts'
  | 'reconciliation'
  | 'booking-concerns'
  | 'reason-list';

export const WHERE_SAID: Readonly<Record<BoardReasonCode, ReasonPlace>> = {
  ITB_R_BOARD_EMPTY: 'status-badge',
  ITB_R_REFILL_OVERDUE: 'status-badge',
  ITB_R_BOARD_NOT_COMPUTED: 'not-computed',
  ITB_R_BOARD_PUMP_CONDITION: 'conditions',
  ITB_R_BOARD_BATTERY_ERI: 'battery',
  // The board's battery column ("EOS passed — replace now"); the patient page's battery line.
  ITB_R_BOARD_EOS_PASSED: 'battery',
  // The board's battery column ("Replace now — EOS in 20 days"); the patient page's battery line.
  ITB_R_BOARD_REPLACEMENT_OVERDUE: 'battery',
  // The board's Status cell says "Not delivering since …" and lists this reason under it.
  ITB_R_BOARD_DELIVERY_STOPPED: 'reason-list',
  ITB_R_BOARD_OPEN_ALERTS: 'alerts',
  ITB_R_BOARD_RECONCILIATION: 'reconciliation',
  ITB_R_BOARD_NO_PUMP_STATE: 'reason-list',
  ITB_R_BOARD_NO_PRESCRIPTION: 'reason-list',
  ITB_R_BOARD_NO_PUMP: 'reason-list',
  ITB_R_BOARD_RX_CHANGED: 'reason-list',
  ITB_R_BOARD_REFILL_DUE_SOON: 'reason-list',
  ITB_R_BOARD_HIGH_RISK: 'reason-list',
  // The patient page's booking card says it with the booking; the board, which has none, in its Status cell.
  ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY: 'booking-concerns',
};

/** A part of a page other than its list of reasons. */
type Part = Exclude<ReasonPlace, 'reason-list'>;

/** The board row's parts: the Status cell's badge, conditions and failure line, and its columns. */
export const BOARD_PARTS: readonly Part[] = [
  'status-badge',
  'not-computed',
  'conditions',
  'battery',
  'alerts',
  'reconciliation',
];

/**
 * The patient page's parts beside its "Board reasons": the battery line, the alerts card and the standing
 * booking's concerns (web/src/followup/BookingConcerns.tsx).
 */
export const PATIENT_PAGE_PARTS: readonly Part[] = ['battery', 'alerts', 'booking-concerns'];

/** The codes a page with these parts says outside its list of reasons, so the list leaves them out. */
export function shownElsewhere(parts: readonly Part[]): ReadonlySet<string> {
  return new Set(
    Object.entries(WHERE_SAID)
      .filter(([, place]) => place !== 'reason-list' && parts.includes(place))
      .map(([code]) => code),
  );
}
