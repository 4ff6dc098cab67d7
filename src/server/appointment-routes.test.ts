/**
 * Appointments of every kind are booked, rescheduled, cancelled and attended over the API, audited, with
 * the refill rules kept: at most one open refill booking, and a refill booked — or rescheduled — after
 * refill-by raises the late-booking alert; a rescheduled refill gets every check a booking gets, in the same
 * words (clinic/booking-check.ts, docs/workflows.md "Appointments").
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, Appointment } from '../clinic/clinical-records.ts';
import { epochMs } from '../therapy/quantities.ts';
import { DAY, pumpUrl, refillBody, withPumpApi, type PumpApi } from './pump-test-rig.ts';
import { API_BACKENDS } from './test-support.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});
const sys = { actor: 'system:test' };

/** Refills the rig's pump over the API (which books the next refill), so the patient has a refill-by date. */
async function refill(rig: PumpApi): Promise<Appointment> {
  const { api, patientId, server } = rig;
  const plan = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/plan'), refillBody(server));
  expect(plan.statusCode, plan.body).toBe(200);
  // A pump at ERI is refilled only with the replacement plan named (refill-plan.ts `batteryReasons`).
  const atEri = plan.body.includes('ITB_R_PROG_PUMP_AT_ERI');
  const done = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/apply'), {
    planId: plan.json<{ planId: string }>().planId,
    confirm: true,
    ...(atEri ? { justification: 'replacement booked before end of service' } : {}),
  });
  expect(done.statusCode, done.body).toBe(200);
  return done.json<{ appointment: Appointment }>().appointment;
}

async function refillBy(rig: PumpApi): Promise<number> {
  const res = await rig.api.call('nurse', 'GET', `/api/v1/patients/${rig.patientId}/dates`);
  expect(res.statusCode, res.body).toBe(200);
  const by = res.json<{ refillBy: number | null }>().refillBy;
  if (by === null) throw new Error('the rig patient has no refill-by date');
  return by;
}

for (const backend of API_BACKENDS)
  describe.skipIf(backend.skip !== undefined)(
    `appointment booking and rescheduling on ${backend.name}`,
    () => {
      it('a rescheduled refill after refill-by raises the late-booking alert', async () => {
        open = await withPumpApi({ backend });
        const rig = open;
        const { api, patientId } = rig;
        const booked = await refill(rig);
        const by = await refillBy(rig);
        expect(booked.at).toBeLessThanOrEqual(by);
        const url = `/api/v1/patients/${patientId}/appointments`;
        const lateAlerts = async () =>
          (await api.store.listAlerts({ patientId }, sys)).filter(
            (a: Alert) =>
              a.kind === 'refill-due' && a.resolved === null && a.message.includes('booked refill'),
          );
        expect(await lateAlerts()).toEqual([]);

        const id = booked.id;
        const moved = await api.call('nurse', 'POST', `${url}/${id}/reschedule`, {
          at: by + 3 * DAY,
          reason: 'patient away that week',
        });
        expect(moved.statusCode, moved.body).toBe(200);
        expect(moved.json<Appointment>()).toMatchObject({ at: by + 3 * DAY, status: 'booked' });
        const alerts = await lateAlerts();
        expect(alerts).toHaveLength(1);
        expect(alerts[0]?.message).toContain('after the refill-by date');
      });

      it('a late-booking alert resolved by hand left the booking after refill-by flagged nowhere: it is refused while the booking stands, and closes itself once rebooked', async () => {
        open = await withPumpApi({ backend });
        const rig = open;
        const { api, patientId } = rig;
        const booked = await refill(rig);
        const by = await refillBy(rig);
        const url = `/api/v1/patients/${patientId}/appointments`;
        await api.call('nurse', 'POST', `${url}/${booked.id}/reschedule`, {
          at: by + 3 * DAY,
          reason: 'patient away that week',
        });
        const late = async () =>
          (await api.store.listAlerts({ patientId }, sys)).filter(
            (a: Alert) => a.cause?.kind === 'booking-after-refill-by' && a.resolved === null,
          );
        const [alert] = await late();
        if (alert === undefined) throw new Error('no late-booking alert was raised');
        const resolve = await api.call(
          'nurse',
          'POST',
          `/api/v1/patients/${patientId}/alerts/${alert.id}/resolve`,
          {
            note: 'seen',
          },
        );
        expect(resolve.statusCode, resolve.body).toBe(409);
        expect(resolve.body).toContain('ITB_E_CLINIC_ALERT_CAUSE_STANDS');
        expect(resolve.body).toContain('closes by itself once the refill is rebooked in time');
        expect(await late()).toHaveLength(1);
        await api.call('nurse', 'POST', `${url}/${booked.id}/reschedule`, {
          at: by - DAY,
          reason: 'moved before refill-by',
        });
        expect(await late()).toEqual([]);
      });

      it('a rescheduled refill is checked only by the late-booking rule: rescheduling names refill-by, ERI and the stop as booking does, and moving it back in time closes the late alert', async () => {
        open = await withPumpApi({
          backend,
          pumpState: (s) =>
            s.battery === null ? s : { ...s, battery: { ...s.battery, eriAt: epochMs(s.clock - 30 * DAY) } },
        });
        const rig = open;
        const { api, patientId, implantId } = rig;
        const booked = await refill(rig);
        const by = await refillBy(rig);
        const stop = await api.call('physician', 'POST', pumpUrl(patientId, 'stop/plan'));
        await api.call('physician', 'POST', pumpUrl(patientId, 'stop/apply'), {
          planId: stop.json<{ planId: string }>().planId,
          confirm: true,
          justification: 'suspected catheter fault, imaging first',
        });
        const url = `/api/v1/patients/${patientId}/appointments`;
        type Checked = Appointment & { concerns: { code: string; message: string }[] };
        const moved = await api.call('nurse', 'POST', `${url}/${booked.id}/reschedule`, {
          at: by + 3 * DAY,
          reason: 'patient away that week',
        });
        expect(moved.statusCode, moved.body).toBe(200);
        const rescheduled = moved.json<Checked>().concerns;
        expect(rescheduled.map((c) => c.code)).toEqual([
          'ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY',
          'ITB_R_CLINIC_BOOKING_DELIVERY_STOPPED',
          'ITB_R_CLINIC_BOOKING_PUMP_BATTERY',
        ]);
        // Booking the same day says the same words.
        await api.call('nurse', 'POST', `${url}/${booked.id}/cancel`, { reason: 'book again' });
        const again = await api.call('nurse', 'POST', url, {
          kind: 'refill',
          at: by + 3 * DAY,
          durationMinutes: 30,
          implantId,
        });
        expect(again.statusCode, again.body).toBe(201);
        expect(again.json<Checked>().concerns).toEqual(rescheduled);

        const late = () =>
          api.store
            .listAlerts({ patientId }, sys)
            .then((all) => all.filter((a) => a.cause?.kind === 'booking-after-refill-by'));
        expect((await late()).filter((a) => a.state !== 'resolved')).toHaveLength(1);
        const back = await api.call('nurse', 'POST', `${url}/${again.json<Checked>().id}/reschedule`, {
          at: by - DAY,
          reason: 'moved before refill-by',
        });
        expect(back.json<Checked>().concerns.map((c) => c.code)).not.toContain(
          'ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY',
        );
        const closed = await late();
        expect(closed.every((a) => a.state === 'resolved')).toBe(true);
        expect(closed.at(-1)?.resolved?.resolution).toBe(
          'closed: the refill booking no longer falls after refill-by',
        );
      });

      it('a cancelled refill booking frees the one open refill booking; a closed appointment cannot change', async () => {
        open = await withPumpApi({ backend });
        const rig = open;
        const { api, patientId, implantId } = rig;
        const booked = await refill(rig);
        const url = `/api/v1/patients/${patientId}/appointments`;
        const book = () =>
          api.call('nurse', 'POST', url, {
            kind: 'refill',
            at: booked.at + DAY,
            durationMinutes: 30,
            implantId,
          });
        const dup = await book();
        expect(dup.statusCode, dup.body).toBe(409);

        const cancelled = await api.call('nurse', 'POST', `${url}/${booked.id}/cancel`, {
          reason: 'patient moved to another clinic',
        });
        expect(cancelled.statusCode, cancelled.body).toBe(200);
        expect(cancelled.json<Appointment>()).toMatchObject({ status: 'cancelled', at: booked.at });
        expect((await book()).statusCode).toBe(201);

        const again = await api.call('nurse', 'POST', `${url}/${booked.id}/reschedule`, {
          at: booked.at + 2 * DAY,
          reason: 'try to revive it',
        });
        expect(again.statusCode).toBe(409);
        expect(again.body).toContain('ITB_E_CLINIC_APPOINTMENT_CLOSED');
        const [stored] = (await api.store.listAppointments({ patientId }, sys)).filter(
          (a) => a.id === booked.id,
        );
        expect(stored).toMatchObject({ status: 'cancelled', at: booked.at });
        expect(stored?.changes.map((c) => c.action)).toEqual(['cancel']);
        const audit = await api.call(
          'admin',
          'GET',
          `/api/v1/audit?entity=appointment&entityId=${booked.id}`,
        );
        expect(audit.body).toContain('"cancel"');
      });

      it('rescheduling into the past is refused in clinician words and changes nothing', async () => {
        open = await withPumpApi({ backend });
        const rig = open;
        const { api, patientId } = rig;
        const booked = await refill(rig);
        const url = `/api/v1/patients/${patientId}/appointments/${booked.id}/reschedule`;
        const res = await api.call('nurse', 'POST', url, { at: api.clock.t - DAY, reason: 'typo' });
        expect(res.statusCode).toBe(422);
        expect(res.body).toContain('is in the past');
        const [stored] = (await api.store.listAppointments({ patientId }, sys)).filter(
          (a) => a.id === booked.id,
        );
        expect(stored).toMatchObject({ at: booked.at, status: 'booked', changes: [] });
        const patient = await api.call('patient', 'POST', url, { at: booked.at + DAY, reason: 'me' });
        expect(patient.statusCode).toBe(403);
      });
    },
  );
