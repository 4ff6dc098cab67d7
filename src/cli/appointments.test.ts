/**
 * `itb appointments …` through the real CLI on a real clinic database: booking, listing (one patient's or
 * the clinic's, by date range), rescheduling, cancelling and attending go through the API's own domain
 * functions (clinic/booking-check.ts) — one open refill booking, the refill concerns printed — under the
 * API's rules for the same routes, and bad input (unknown ids, bad dates and kinds) is refused with its
 * code and changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckedAppointment } from '../clinic/booking-check.ts';
import { openStore } from '../clinic/open-store.ts';
import type { AppointmentList } from './appointments.ts';
import { ACCOUNTS, itb, recordedPump, stopAll } from './pump-link.test-support.ts';

afterEach(stopAll);

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();

async function clinic() {
  const s = await recordedPump();
  const as = (email: string) => ['--db', s.db, '--as', email, '--json'];
  const nurse = as(ACCOUNTS.nurse);
  const patient = ['--patient', s.patientId];
  const json = <T>(r: { stdout: string; stderr: string; code: number }): T => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as T;
  };
  const book = (kind: string, at: number) =>
    itb(
      'appointments',
      'book',
      ...patient,
      ...nurse,
      '--kind',
      kind,
      '--at',
      iso(at),
      '--duration-minutes',
      '30',
    );
  const list = (...more: string[]) => itb('appointments', 'list', ...nurse, ...more);
  return { s, as, nurse, patient, json, book, list };
}

describe('itb appointments', () => {
  it('books, lists, reschedules, cancels and attends through the API’s domain functions', async () => {
    const c = await clinic();
    const now = Date.now();
    const refill = c.json<CheckedAppointment>(await c.book('refill', now + 20 * DAY));
    expect(refill).toMatchObject({ kind: 'refill', status: 'booked', concerns: [] });
    // One open refill booking: a second is refused and nothing is added.
    const second = await c.book('refill', now + 25 * DAY);
    expect(second.code).toBe(1);
    expect(JSON.parse(second.stderr)).toMatchObject({ error: { code: 'ITB_E_CLINIC_DUPLICATE' } });
    const visit = c.json<CheckedAppointment>(await c.book('follow-up', now - 60_000));

    const mine = c.json<AppointmentList>(await c.list(...c.patient));
    expect(mine.appointments.map((a) => a.id)).toEqual([visit.id, refill.id]);
    const window = await c.list('--from', iso(now), '--to', iso(now + 30 * DAY));
    expect(c.json<AppointmentList>(window).appointments.map((a) => a.id)).toEqual([refill.id]);

    const moved = await itb(
      'appointments',
      'reschedule',
      ...c.patient,
      ...c.nurse,
      '--appointment',
      refill.id,
      '--at',
      iso(now + 21 * DAY),
      '--reason',
      'patient away',
    );
    expect(c.json<CheckedAppointment>(moved)).toMatchObject({ at: now + 21 * DAY, status: 'booked' });
    const attended = await itb('appointments', 'attend', ...c.patient, ...c.nurse, '--appointment', visit.id);
    expect(c.json<CheckedAppointment>(attended).status).toBe('attended');
    const cancelled = await itb(
      'appointments',
      'cancel',
      ...c.patient,
      ...c.nurse,
      '--appointment',
      refill.id,
      '--reason',
      'moved to another clinic',
    );
    expect(c.json<CheckedAppointment>(cancelled).status).toBe('cancelled');
    // Closed: it cannot be moved back into the diary.
    const again = await itb(
      'appointments',
      'reschedule',
      ...c.patient,
      ...c.nurse,
      '--appointment',
      refill.id,
      '--at',
      iso(now + 22 * DAY),
      '--reason',
      'x',
    );
    expect(JSON.parse(again.stderr)).toMatchObject({ error: { code: 'ITB_E_CLINIC_APPOINTMENT_CLOSED' } });
  }, 60_000);

  it('a refill booked while delivery is stopped prints the concern the API gives', async () => {
    const c = await clinic();
    const stop = await itb('pump', 'stop', ...c.s.link, '--confirm', '--justification', 'imaging first');
    expect(stop.code, stop.stderr).toBe(0);
    const human = await itb(
      'appointments',
      'book',
      ...c.patient,
      '--db',
      c.s.db,
      '--as',
      ACCOUNTS.nurse,
      '--kind',
      'refill',
      '--at',
      iso(Date.now() + 5 * DAY),
      '--duration-minutes',
      '30',
    );
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(
      /refill \(30 min\)\s+booked\n\s+warn ITB_R_CLINIC_BOOKING_DELIVERY_STOPPED: /,
    );
  }, 60_000);

  it('unknown ids, bad dates and kinds, and roles the API refuses are clear errors that change nothing', async () => {
    const c = await clinic();
    const code = (r: { stderr: string }) => (JSON.parse(r.stderr) as { error: { code: string } }).error.code;
    const noPatient = await itb('appointments', 'list', '--patient', 'no-such-patient', ...c.nurse);
    expect(noPatient.code).toBe(1);
    expect(code(noPatient)).toBe('ITB_E_CLINIC_NOT_FOUND');
    const noAppointment = await itb(
      'appointments',
      'cancel',
      ...c.patient,
      ...c.nurse,
      '--appointment',
      'nope',
      '--reason',
      'x',
    );
    expect(code(noAppointment)).toBe('ITB_E_CLINIC_NOT_FOUND');
    const badDate = await itb(
      'appointments',
      'book',
      ...c.patient,
      ...c.nurse,
      '--kind',
      'refill',
      '--at',
      '10/12/2026',
      '--duration-minutes',
      '30',
    );
    expect(code(badDate)).toBe('ITB_E_INVALID_INPUT');
    const badKind = await itb(
      'appointments',
      'book',
      ...c.patient,
      ...c.nurse,
      '--kind',
      'party',
      '--at',
      '2030-01-01',
      '--duration-minutes',
      '30',
    );
    expect(code(badKind)).toBe('ITB_E_INVALID_INPUT');
    const backwards = await c.list('--from', '2030-01-02', '--to', '2030-01-01');
    expect(code(backwards)).toBe('ITB_E_INVALID_INPUT');
    // A viewer reads the diary but books nothing (the API's rule for POST …/appointments).
    const viewer = c.as(ACCOUNTS.viewer);
    const viewerBook = await itb(
      'appointments',
      'book',
      ...c.patient,
      ...viewer,
      '--kind',
      'refill',
      '--at',
      '2030-01-01',
      '--duration-minutes',
      '30',
    );
    expect(code(viewerBook)).toBe('ITB_E_FORBIDDEN');
    expect(c.json<AppointmentList>(await itb('appointments', 'list', ...viewer)).appointments).toEqual([]);
  }, 60_000);

  it('closed booking listed as booked by the CLI: a refill booking an early refill closed read as the next refill; the list says which refill closed it, as the web does', async () => {
    const c = await clinic();
    const old = c.json<CheckedAppointment>(await c.book('refill', Date.now() + 20 * DAY));
    // Refilled early, today: the booking made before it is no next refill.
    const store = await openStore(c.s.db, { migrate: false });
    const sys = { actor: 'system:test' };
    const [implant] = await store.listImplants(c.s.patientId, sys);
    const refill = await store.recordRefill(
      {
        patientId: c.s.patientId,
        implantId: implant?.id ?? '',
        at: Date.now(),
        expectedResidualNl: 5_000_000,
        measuredResidualNl: 5_000_000,
        drug: 'baclofen',
        concentrationNgPerMl: 2_000_000,
        lot: 'LOT-EARLY',
        volumeAddedNl: 15_000_000,
        justification: null,
      },
      sys,
    );
    await store.close();

    const listed = c.json<AppointmentList>(await c.list(...c.patient));
    expect(listed.closedByRefill).toEqual({ [old.id]: refill.at });
    const text = await itb('appointments', 'list', ...c.patient, '--db', c.s.db, '--as', ACCOUNTS.nurse);
    expect(text.stdout).toMatch(
      / booked — closed by the refill of \w{3} \d{1,2} \w{3} \d{4} [\d:]+ UTC: not the next refill/,
    );
  }, 60_000);
});
