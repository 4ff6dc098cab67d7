/**
 * One date format (therapy/date-text.ts): a refill-by date and the next appointment read the same in the
 * API's reason text, on the printed refill report (text extracted with PDF.js) and on the web pages (the
 * web's own formatters, web/src/format.ts, in the zone the server names), in the clinic's zone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { date, dateTime, setClinicTimeZone } from '../../web/src/format.ts';
import type { Reason } from '../therapy/verdict.ts';
import { pumpUrl, refillBody, withPumpApi, type PumpApi } from '../server/pump-test-rig.ts';
import { hasPhrase, readPdf } from './pdf-read.test-support.ts';

const ZONE = 'Europe/Prague';

/** Every reason anywhere in an API answer. */
function reasonsIn(x: unknown): Reason[] {
  if (Array.isArray(x)) return x.flatMap(reasonsIn);
  if (typeof x !== 'object' || x === null) return [];
  const o = x as Record<string, unknown>;
  const own =
    typeof o['code'] === 'string' && typeof o['message'] === 'string' ? [o as unknown as Reason] : [];
  return [...own, ...Object.values(o).flatMap(reasonsIn)];
}
const sys = { actor: 'system:test' };

describe('one date format on the API, the PDF and the web', () => {
  let rig: PumpApi;
  const before = process.env['ITB_TIME_ZONE'];
  beforeAll(async () => {
    process.env['ITB_TIME_ZONE'] = ZONE;
    rig = await withPumpApi();
  });
  afterAll(async () => {
    if (before === undefined) delete process.env['ITB_TIME_ZONE'];
    else process.env['ITB_TIME_ZONE'] = before;
    await rig.dispose();
  });

  it('a refill date read "2027-02-08 08:15 UTC" in the API and "Mon, 8 Feb 2027" on the page: the same refill-by and booking read the same in the API reason text, the refill report PDF and the web', async () => {
    const { api, patientId, server } = rig;
    const me = await api.call('nurse', 'GET', '/api/v1/auth/me');
    setClinicTimeZone(me.json<{ timeZone: string }>().timeZone);

    const plan = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/plan'), refillBody(server));
    expect(plan.statusCode, plan.body).toBe(200);
    const planned = plan.json<{ planId: string }>();
    const booking = reasonsIn(plan.json()).find((r) => r.code === 'ITB_R_PROG_NEXT_REFILL')!;
    const times = booking.times!;
    // The API's words and the page's words for the same instants.
    expect(booking.message).toContain(`refill by ${dateTime(times['refillBy'])}`);
    expect(booking.message).toContain(`booked for ${dateTime(times['bookedFor'])}`);

    const done = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/apply'), {
      planId: planned.planId,
      confirm: true,
    });
    expect(done.statusCode, done.body).toBe(200);
    const booked = done.json<{ appointment: { at: number } }>().appointment.at;
    const dates = await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/dates`);
    const refillBy = dates.json<{ refillBy: number }>().refillBy;
    const refill = (await api.store.listRefills(patientId, sys)).at(-1)!;
    const pdf = await api.call(
      'nurse',
      'GET',
      `/api/v1/refills/${refill.id}/report.pdf?patientId=${encodeURIComponent(patientId)}`,
    );
    expect(pdf.statusCode).toBe(200);
    const text = (await readPdf(pdf.rawPayload)).text.join(' ');
    // The paper's words for the same day and instant are the page's.
    expect(hasPhrase(text, `Refill by ${date(refillBy)}`), text).toBe(true);
    expect(hasPhrase(text, dateTime(booked)), text).toBe(true);
    expect(hasPhrase(text, dateTime(refill.at)), text).toBe(true);
  });
});
