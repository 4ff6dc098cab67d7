/**
 * A pump whose delivery is suspended with no stop by this clinic on record — stopped from another
 * programmer, or a stop whose record was lost — reads its programme as running. Interrogated, it read OK on
 * the board at its dose, and the patient's dates gave that dose as received; only the snapshot's
 * "suspended" said it delivered nothing. Over HTTP with the real app and a real pump behind the link.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, pumpUrl, stopDelivery, withPumpApi, type PumpApi } from './pump-test-rig.ts';

interface Row {
  patientId: string;
  verdict: string;
  stoppedSince: number | null;
  conditions: { condition: string; severity: string }[];
}
interface Plan {
  planId: string;
}

describe('a pump suspended with no stop by this clinic', () => {
  let open: PumpApi | undefined;
  afterEach(async () => {
    await open?.dispose();
    open = undefined;
  });

  it('a pump suspended from another programmer read OK on the board at its dose after an interrogation: it reads not delivering, its resume closes it, and the clinic’s own stop raises no second alert', async () => {
    open = await withPumpApi({ pumpState: (s) => ({ ...s, suspended: true }) });
    const { api, patientId } = open;
    const row = async () =>
      (await api.call('nurse', 'GET', '/api/v1/board'))
        .json<{ rows: Row[] }>()
        .rows.find((r) => r.patientId === patientId);
    const conditions = async () =>
      (await api.call('nurse', 'GET', `/api/v1/alerts?patientId=${patientId}&openOnly=true`))
        .json<{ condition?: string }[]>()
        .map((a) => a.condition)
        .filter((c) => c !== undefined);
    const readAt = api.clock.t;
    const read = await api.call('nurse', 'POST', pumpUrl(patientId, 'interrogate'));
    expect(read.statusCode, read.body).toBe(200);
    expect(await row()).toMatchObject({
      verdict: 'block',
      stoppedSince: readAt,
      conditions: [{ condition: 'suspended', severity: 'critical' }],
    });
    const dates = await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/dates`);
    expect(dates.json<{ notDelivering: unknown }>().notDelivering).toEqual({
      since: readAt,
      sinceTimeKnown: true,
      causes: [expect.stringMatching(/no stop by this clinic is on record/)],
      projected: false,
    });

    // Resumed by this clinic (its restart plan warns: no stop on record, for an unknown time).
    api.clock.t += HOUR;
    const resume = await api.call('physician', 'POST', pumpUrl(patientId, 'resume/plan'));
    expect(resume.body).toContain('no stop on record');
    const resumed = await api.call('physician', 'POST', pumpUrl(patientId, 'resume/apply'), {
      planId: resume.json<Plan>().planId,
      confirm: true,
      justification: 'found stopped after surgery elsewhere; restarted lower per plan',
    });
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(await row()).toMatchObject({ stoppedSince: null, conditions: [] });

    // The clinic's own stop is said by its own alert, not twice.
    api.clock.t += HOUR;
    await stopDelivery(open, 'admitted for surgery; oral baclofen bridge');
    await api.call('nurse', 'POST', pumpUrl(patientId, 'interrogate'));
    expect(await conditions()).not.toContain('suspended');
  });
});
