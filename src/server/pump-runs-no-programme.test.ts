/**
 * A pump that reports it runs no programme delivers nothing, whatever the record says it should run. A
 * replacement pump is filled at surgery and runs none until the programme it continues is sent to it
 * (docs/workflows.md "Replacement and explant"); walking the demo, an interrogation of the new pump read
 * "Stopped (no delivery)" while the board said OK at the continued 440 mcg/day, refill-by 77 days out.
 * Over HTTP with the real app and a real pump behind the link (pump-test-rig.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hasPhrase, readPdf } from '../reports/pdf-read.test-support.ts';
import { HOUR, pumpUrl, withPumpApi, type PumpApi } from './pump-test-rig.ts';

interface Row {
  patientId: string;
  verdict: string;
  stoppedSince: number | null;
  conditions: { condition: string; severity: string }[];
}

describe('a pump that runs no programme', () => {
  let open: PumpApi | undefined;
  afterEach(async () => {
    await open?.dispose();
    open = undefined;
  });

  it('a pump that reported no programme running (a replacement pump before its programme was sent) read OK on the board at the dose on record, and the patient dates and emergency card gave that dose as received: all say not delivering, and sending the programme clears it', async () => {
    open = await withPumpApi({ pump: { prescription: { mode: 'stopped' } } });
    const { api, patientId } = open;
    const row = async () =>
      (await api.call('nurse', 'GET', '/api/v1/board'))
        .json<{ rows: Row[] }>()
        .rows.find((r) => r.patientId === patientId);
    const interrogatedAt = api.clock.t;
    const read = await api.call('nurse', 'POST', pumpUrl(patientId, 'interrogate'));
    expect(read.statusCode, read.body).toBe(200);
    expect(await row()).toMatchObject({
      verdict: 'block',
      stoppedSince: interrogatedAt,
      conditions: [{ condition: 'not-running', severity: 'critical' }],
    });
    const dates = await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/dates`);
    expect(dates.json<{ notDelivering: unknown }>().notDelivering).toEqual({
      since: interrogatedAt,
      sinceTimeKnown: true,
      causes: [expect.stringMatching(/^the pump runs no programme/)],
      projected: false,
    });
    const card = await api.call('physician', 'GET', `/api/v1/patients/${patientId}/emergency-card.pdf`);
    const text = (await readPdf(card.rawPayload)).text.join(' ');
    expect(hasPhrase(text, 'NOT DELIVERING since'), text).toBe(true);
    expect(hasPhrase(text, 'The dose below is programmed, not received'), text).toBe(true);

    // The programme in force sent and read back: the pump runs it, and the condition closes by itself.
    api.clock.t += HOUR;
    const plan = await api.call('physician', 'POST', pumpUrl(patientId, 'titration/plan'), {
      proposed: {
        mode: 'simple-continuous',
        drug: 'baclofen',
        concentrationMcgPerMl: 2000,
        doseMcgPerDay: 500,
      },
      phase: 'maintenance',
    });
    expect(plan.statusCode, plan.body).toBe(200);
    const planId = plan.json<{ planId: string }>().planId;
    const sent = await api.call('physician', 'POST', pumpUrl(patientId, 'titration/apply'), {
      planId,
      confirm: true,
      justification: 'the programme in force, sent to the new pump',
    });
    expect(sent.json<{ status: string }>().status, sent.body.slice(0, 600)).toBe('verified');
    expect(await row()).toMatchObject({ stoppedSince: null, conditions: [] });
  });
});
