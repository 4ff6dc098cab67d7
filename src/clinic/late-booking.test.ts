/**
 * The late-booking rule (late-booking.ts): a refill booked after refill-by is a warning, after the reservoir
 * runs empty critical; once it has run empty the words ask for the refill now, never for a rebooking before
 * a date already past.
 */
import { describe, expect, it } from 'vitest';
import { lateBookingReason } from './late-booking.ts';
import { MS_PER_DAY } from '../therapy/quantities.ts';

const T0 = Date.UTC(2026, 3, 1, 9);
const dates = { refillBy: T0 + 10 * MS_PER_DAY, emptyAt: T0 + 17 * MS_PER_DAY };

describe('lateBookingReason', () => {
  it('is silent for a booking in time, warns after refill-by, and is critical after empty', () => {
    expect(lateBookingReason(dates, T0 + 9 * MS_PER_DAY, T0)).toBeNull();
    const afterBy = lateBookingReason(dates, T0 + 12 * MS_PER_DAY, T0);
    expect(afterBy?.severity).toBe('warn');
    expect(afterBy?.message).toMatch(/rebook it before then/);
    const afterEmpty = lateBookingReason(dates, T0 + 20 * MS_PER_DAY, T0);
    expect(afterEmpty?.severity).toBe('block');
    expect(afterEmpty?.message).toMatch(/rebook it before the refill-by date/);
  });

  it('a booking after a pump already empty asked to rebook before a refill-by date in the past (fresh seed 7331): it asks for the refill now', () => {
    const now = T0 + 20 * MS_PER_DAY;
    const late = lateBookingReason(dates, T0 + 30 * MS_PER_DAY, now);
    expect(late?.code).toBe('ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY');
    expect(late?.severity).toBe('block');
    expect(late?.message).not.toMatch(/rebook it before/);
    expect(late?.message).toMatch(/without drug until then/);
    expect(late?.message).toMatch(/EMPTY since/);
    expect(late?.message).toMatch(/refill it now/);
  });
});
