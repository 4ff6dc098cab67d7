/**
 * What a clinician reads on the refill report, through the real app: the person who recorded the refill by
 * name ("Performed by user:47d6…" was an id) and every time in the clinic's zone (ITB_TIME_ZONE), named —
 * not UTC. The web app gets the same zone from GET /api/v1/auth/me.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BACKENDS, emailOf, startApi, type TestApi } from '../server/test-support.ts';
import { hasPhrase, readPdf } from './pdf-read.test-support.ts';

const backend = API_BACKENDS[0]!;
const AT = Date.UTC(2024, 2, 10, 9, 0); // 10:00 in Prague (CET, UTC+1)

describe('the refill report names people and speaks the clinic time zone', () => {
  let api: TestApi;
  let refillId = '';
  const before = process.env['ITB_TIME_ZONE'];
  beforeAll(async () => {
    process.env['ITB_TIME_ZONE'] = 'Europe/Prague';
    api = await startApi(backend);
    const signedInAt = api.clock.t;
    api.clock.t = AT;
    const nurse = await api.store.findUserForLogin(emailOf('nurse'));
    const ctx = { actor: `user:${nurse!.user.id}` };
    const pid = api.patientA.id;
    await api.store.appendPrescription(
      pid,
      { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 500, doseMcgPerDay: 300 },
      { ...ctx, expectedHeadId: null },
    );
    const refill = await api.store.recordRefill(
      {
        patientId: pid,
        implantId: api.implantA.id,
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
    api.clock.t = signedInAt + 60_000; // back to the sessions' time, so they have not expired
  });
  afterAll(async () => {
    if (before === undefined) delete process.env['ITB_TIME_ZONE'];
    else process.env['ITB_TIME_ZONE'] = before;
    await api.dispose();
  });

  it('"Performed by" is the nurse\'s name and the refill time is 10:00 CET, not an id and 09:00 UTC', async () => {
    const res = await api.call(
      'physician',
      'GET',
      `/api/v1/refills/${refillId}/report.pdf?patientId=${api.patientA.id}`,
    );
    expect(res.statusCode).toBe(200);
    const text = (await readPdf(res.rawPayload)).text.join(' ');
    expect(hasPhrase(text, 'Test nurse'), text).toBe(true);
    expect(text).not.toMatch(/user:/);
    expect(hasPhrase(text, 'Sun 10 Mar 2024 10:00 CET'), text).toBe(true);
    expect(text).not.toMatch(/UTC/);
  });

  it('the web app learns the clinic zone from /auth/me', async () => {
    const res = await api.call('nurse', 'GET', '/api/v1/auth/me');
    expect(res.json<{ timeZone: string }>().timeZone).toBe('Europe/Prague');
  });
});
