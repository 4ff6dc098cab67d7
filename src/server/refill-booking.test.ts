/**
 * Finding 8: an early refill left two bookings and the emergency card printed the stale one. Invariant
 * (docs/invariants.md I8): at most one open refill booking per patient; a refill closes the booking made
 * before it (clinic/refill-booking.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openRefillBooking } from '../clinic/refill-booking.ts';
import { DAY, pumpUrl, refillBody, withPumpApi, type PumpApi } from './pump-test-rig.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});
const sys = { actor: 'system:test' };

describe('one open refill booking (finding 8)', () => {
  it('an early refill leaves two bookings: a second booking is refused; a refill closes the old one and books one', async () => {
    open = await withPumpApi();
    const { api, patientId, implantId, server } = open;
    const url = `/api/v1/patients/${patientId}/appointments`;
    const book = (at: number) =>
      api.call('nurse', 'POST', url, { kind: 'refill', at, durationMinutes: 30, implantId });
    const first = await book(api.clock.t + 30 * DAY);
    expect(first.statusCode, first.body).toBe(201);
    const second = await book(api.clock.t + 40 * DAY);
    expect(second.statusCode, second.body).toBe(409);
    expect(second.body).toContain('a refill is already booked');

    // The patient comes early: the refill closes the first booking and books the next.
    api.clock.t += 60_000;
    const plan = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/plan'), refillBody(server));
    const p = plan.json<{ planId: string }>();
    const done = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/apply'), {
      planId: p.planId,
      confirm: true,
    });
    expect(done.statusCode, done.body).toBe(200);
    const booked = done.json<{ appointment: { id: string } }>().appointment;
    const appointments = await api.store.listAppointments({ patientId }, sys);
    const refills = await api.store.listRefills(patientId, sys);
    expect(openRefillBooking(appointments, refills, api.clock.t)?.id).toBe(booked.id);
    const card = await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/emergency-card.pdf`);
    expect(card.statusCode).toBe(200);
  });
});
