/**
 * A cancelled appointment is not the next appointment: the refill report and emergency card print only a
 * visit still booked (appointment-lifecycle.ts), never a cancelled or attended one.
 */
import { describe, expect, it } from 'vitest';
import type { Appointment } from '../clinic/clinical-records.ts';
import { epochMs } from '../therapy/quantities.ts';
import { nextAppointment } from './report-data.ts';

const appt = (id: string, at: number, status: Appointment['status']): Appointment => ({
  id,
  patientId: 'p',
  implantId: null,
  at,
  kind: 'refill',
  durationMinutes: 30,
  status,
  changes: [],
  createdAt: epochMs(0),
  createdBy: 'nurse',
});

describe('next appointment', () => {
  it('a cancelled refill is not the next appointment; the booked one after it is', () => {
    const list = [
      appt('cancelled', 10, 'cancelled'),
      appt('attended', 12, 'attended'),
      appt('booked', 20, 'booked'),
    ];
    expect(nextAppointment(list, 5, 'refill')?.id).toBe('booked');
    expect(nextAppointment([appt('cancelled', 10, 'cancelled')], 5)).toBeUndefined();
  });
});
