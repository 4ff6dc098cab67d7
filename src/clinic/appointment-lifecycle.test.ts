/**
 * Model-based test of the appointment lifecycle (appointment-lifecycle.ts): any sequence of reschedules,
 * cancellations and attendances, at any times, is either refused or applied exactly as a three-state model
 * says — attended and cancelled are final, only a reschedule moves the start, every change is kept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ItbError } from '../therapy/codes.ts';
import { changeAppointment, type AppointmentAction, type AppointmentState } from './appointment-lifecycle.ts';

const DAY = 86_400_000;
const action: fc.Arbitrary<AppointmentAction> = fc.oneof(
  fc.record({
    action: fc.constant('reschedule' as const),
    at: fc.integer({ min: 0, max: 60 * DAY }),
    reason: fc.constant('moved'),
  }),
  fc.record({ action: fc.constant('cancel' as const), reason: fc.constant('cancelled') }),
  fc.constant({ action: 'attend' as const }),
);

describe('appointment lifecycle', () => {
  it('follows the booked → attended | cancelled model for any sequence of changes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(action, fc.integer({ min: 0, max: 60 * DAY })), { maxLength: 12 }),
        (steps) => {
          let s: AppointmentState = { id: 'a', at: 30 * DAY, status: 'booked', changes: [] };
          let applied = 0;
          for (const [change, now] of steps) {
            const expectRefusal =
              s.status !== 'booked' ||
              (change.action === 'reschedule' && (change.at < now || change.at === s.at)) ||
              (change.action === 'attend' && s.at > now);
            let next: AppointmentState | null = null;
            try {
              next = changeAppointment(s, change, 'nurse', now);
            } catch (e) {
              expect(e).toBeInstanceOf(ItbError);
            }
            expect(next === null).toBe(expectRefusal);
            if (next === null) continue;
            applied += 1;
            expect(next.at).toBe(change.action === 'reschedule' ? change.at : s.at);
            expect(next.status).toBe(
              change.action === 'cancel' ? 'cancelled' : change.action === 'attend' ? 'attended' : 'booked',
            );
            expect(next.changes.at(-1)).toMatchObject({ action: change.action, fromAt: s.at, toAt: next.at });
            s = next;
          }
          expect(s.changes).toHaveLength(applied);
        },
      ),
    );
  });

  it('refuses to change a cancelled appointment, naming what to do instead', () => {
    const cancelled: AppointmentState = { id: 'a', at: DAY, status: 'cancelled', changes: [] };
    expect(() => changeAppointment(cancelled, { action: 'attend' }, 'nurse', 2 * DAY)).toThrow(
      /already cancelled.*book a new appointment/,
    );
  });
});
