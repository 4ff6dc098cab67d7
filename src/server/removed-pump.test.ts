/**
 * A pump removed without a replacement is not the patient's pump any more (clinic/implant-in-use.ts, the one
 * rule): the emergency card printed the removed pump — model, serial, refill-by — as implanted, and a pump
 * workflow without a named implant was sent to it. Both now say the patient has no pump in place, and
 * nothing is recorded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pumpUrl, withPumpApi, type PumpApi } from './pump-test-rig.ts';
import { API_BACKENDS } from './test-support.ts';

const sys = { actor: 'system:test' };

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`a removed pump on ${backend.name}`, () => {
    let open: PumpApi | undefined;
    afterEach(async () => {
      await open?.dispose();
      open = undefined;
    });

    it('removed pump on paper: the emergency card of a patient whose pump was removed and not replaced printed the removed pump; it is refused, saying when it was removed', async () => {
      open = await withPumpApi({ backend });
      const { api, patientId, implantId } = open;
      const before = await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/emergency-card.pdf`);
      expect(before.statusCode).toBe(200);
      await api.store.recordExplant(
        {
          patientId,
          implantId,
          at: api.clock.t,
          reason: 'infection',
          catheter: 'removed',
          replacementImplantId: null,
        },
        sys,
      );
      const card = await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/emergency-card.pdf`);
      expect(card.statusCode).toBe(404);
      expect(card.body).toContain('no pump in place: the last was removed on');
    });

    it('removed pump at the programmer: a workflow without a named implant went to the removed pump; it is refused and records no session', async () => {
      open = await withPumpApi({ backend });
      const { api, patientId, implantId } = open;
      await api.store.recordExplant(
        {
          patientId,
          implantId,
          at: api.clock.t,
          reason: 'battery-eos',
          catheter: 'removed',
          replacementImplantId: null,
        },
        sys,
      );
      const sessions = (await api.store.listProgrammingSessions(patientId, sys)).length;
      const res = await api.call('nurse', 'POST', pumpUrl(patientId, 'interrogate'), {});
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('no pump in place');
      expect((await api.store.listProgrammingSessions(patientId, sys)).length).toBe(sessions);
    });
  });
}
