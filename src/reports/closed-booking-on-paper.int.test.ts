/**
 * A refill closes the refill booking made before it (clinic/refill-booking.ts): no paper prints that
 * booking as the next date. Walked in the demo: a patient refilled early (booked for Mon 14 Dec, refilled
 * on Thu 3 Dec, the wizard booked Sun 31 Jan); the refill report printed "Next appointment Mon 14 Dec"
 * beside "Refill by Tue 2 Feb" while the wizard and the patient page said 31 Jan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BACKENDS, emailOf, startApi, type TestApi } from '../server/test-support.ts';
import { hasPhrase, readPdf } from './pdf-read.test-support.ts';

const backend = API_BACKENDS[0]!;
const DAY = 86_400_000;
const AT = Date.UTC(2024, 2, 10, 9, 0);

describe('a refill booking closed by a refill is not printed as the next appointment', () => {
  let api: TestApi;
  let refillId = '';
  beforeAll(async () => {
    api = await startApi(backend);
    const signedInAt = api.clock.t;
    const nurse = await api.store.findUserForLogin(emailOf('nurse'));
    const ctx = { actor: `user:${nurse!.user.id}` };
    const pid = api.patientA.id;
    const implantId = api.implantA.id;
    api.clock.t = AT - DAY;
    await api.store.appendPrescription(
      pid,
      { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 500, doseMcgPerDay: 300 },
      { ...ctx, expectedHeadId: null },
    );
    // Booked before the refill, for eleven days after it: the refill made early closes it.
    await api.store.bookAppointment(
      { patientId: pid, implantId, kind: 'refill', at: AT + 11 * DAY, durationMinutes: 30 },
      ctx,
    );
    api.clock.t = AT;
    const refill = await api.store.recordRefill(
      {
        patientId: pid,
        implantId,
        at: AT,
        expectedResidualNl: 3_000_000,
        measuredResidualNl: 2_800_000,
        drug: 'baclofen',
        concentrationNgPerMl: 500_000,
        lot: 'L-1',
        volumeAddedNl: 18_000_000,
      },
      ctx,
    );
    refillId = refill.id;
    api.clock.t = AT + 60_000;
    await api.store.bookAppointment(
      { patientId: pid, implantId, kind: 'refill', at: AT + 50 * DAY, durationMinutes: 30 },
      ctx,
    );
    api.clock.t = signedInAt + 60_000;
  });
  afterAll(async () => {
    await api.dispose();
  });

  it('closed booking on the refill report: it prints the booking the refill made, not the one it closed', async () => {
    const res = await api.call(
      'physician',
      'GET',
      `/api/v1/refills/${refillId}/report.pdf?patientId=${api.patientA.id}`,
    );
    expect(res.statusCode).toBe(200);
    const text = (await readPdf(res.rawPayload)).text.join(' ');
    expect(hasPhrase(text, 'Next appointment Mon 29 Apr 2024'), text).toBe(true);
    expect(text).not.toMatch(/Thu 21 Mar 2024/);
  });
});
