/**
 * The board's Status cell and the patient page's "Board reasons" each left out the reason codes another part
 * of the page says, from two hand-kept lists (web/src/reasons-shown-elsewhere.ts now holds the one). A board
 * reason code with no place would be said twice or, worse, by a part the page does not have: every code the
 * board row carries has exactly one place, and each page's list leaves out only what its own parts say.
 */
import { describe, expect, it } from 'vitest';
import { RISK_BOARD_CODES } from '../../src/clinic/risk-board.ts';
import {
  BOARD_PARTS,
  PATIENT_PAGE_PARTS,
  shownElsewhere,
  WHERE_SAID,
} from '../../web/src/reasons-shown-elsewhere.ts';

const BOARD_ROW_CODES = [
  ...Object.keys(RISK_BOARD_CODES),
  'ITB_R_REFILL_OVERDUE',
  'ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY',
].sort();

describe('reasons shown elsewhere', () => {
  it('one list of reason codes shown elsewhere: every board reason code is rendered by a column or said in the Status cell', () => {
    expect(Object.keys(WHERE_SAID).sort()).toEqual(BOARD_ROW_CODES);
    const board = shownElsewhere(BOARD_PARTS);
    const place = (c: string) => WHERE_SAID[c as keyof typeof WHERE_SAID];
    expect([...board].sort()).toEqual(
      BOARD_ROW_CODES.filter((c) => (BOARD_PARTS as readonly string[]).includes(place(c))),
    );
    // The board has no booking card: a late booking is said in its Status cell.
    expect(board.has('ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY')).toBe(false);
  });

  it('a page leaves out of its list only what its own parts say: the patient page, with alerts, battery and the booking card, still lists an empty pump (a late booking was said twice there)', () => {
    const patient = shownElsewhere(PATIENT_PAGE_PARTS);
    expect([...patient].sort()).toEqual([
      'ITB_R_BOARD_BATTERY_ERI',
      'ITB_R_BOARD_EOS_PASSED',
      'ITB_R_BOARD_OPEN_ALERTS',
      'ITB_R_BOARD_REPLACEMENT_OVERDUE',
      'ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY',
    ]);
    expect(patient.has('ITB_R_BOARD_EMPTY')).toBe(false);
  });
});
