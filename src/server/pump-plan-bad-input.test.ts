/**
 * Finding "a malformed pump plan request is refused only after the pump was interrogated and recorded":
 * the plan routes parsed their unit strings and checked what the body asks for inside the workflow, after
 * opening the link, so `{"proposedDose":"abc"}` answered 400 with an interrogation already recorded as a
 * programming session, audited reads written and the pump woken. Every check that depends on the body alone
 * now runs before the pump is reached (plan-apply.ts `check`): the refusal changes nothing. Run on SQLite
 * and, with ITB_TEST_PG_URL, on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pumpUrl, refillBody, withPumpApi, type PumpApi } from './pump-test-rig.ts';
import { API_BACKENDS } from './test-support.ts';

const sys = { actor: 'system:test' };

const BAD: readonly [string, object][] = [
  ['titration/plan', { proposedDose: 'abc' }],
  ['titration/plan', { proposedDose: '500 mcg' }],
  ['titration/plan', { proposedDose: '2 mL/day' }],
  ['bolus/plan', { amount: '20 mL', durationMinutes: 60 }],
  ['bolus/plan', { amount: '20 mcg/day', durationMinutes: 60 }],
  ['alarm-settings/plan', {}],
  ['alarm-settings/plan', { lowReservoir: '2 mcg' }],
  ['patient-bolus/plan', { enable: true }],
  ['patient-bolus/plan', { enable: true, dose: '1 mL', lockoutMinutes: 60, maxPerDay: 4 }],
];

for (const backend of API_BACKENDS)
  describe.skipIf(backend.skip !== undefined)(`malformed pump plan requests on ${backend.name}`, () => {
    let rig: PumpApi;
    beforeAll(async () => {
      rig = await withPumpApi({ backend });
    });
    afterAll(() => rig.dispose());

    it('a malformed pump plan request is refused only after the pump was interrogated and recorded: now refused first, nothing recorded, the pump not reached', async () => {
      const { api, patientId, server } = rig;
      const changed: string[] = [];
      // A syringe of a drug that does not exist (the pump's contents check refused it after interrogating).
      const unknownDrug: [string, object] = ['refill/plan', { ...refillBody(server), drug: 'foo' }];
      for (const [path, body] of [...BAD, unknownDrug]) {
        const head = (await api.store.verifyAudit()).headSeq;
        const sessions = (await api.store.listProgrammingSessions(patientId, sys)).length;
        const frames = server.meter.received;
        const res = await api.call('physician', 'POST', pumpUrl(patientId, path), body);
        expect(res.statusCode, `${path} ${JSON.stringify(body)}: ${res.body}`).toBe(400);
        const after = {
          audit: (await api.store.verifyAudit()).headSeq,
          sessions: (await api.store.listProgrammingSessions(patientId, sys)).length,
          frames: server.meter.received,
        };
        // listProgrammingSessions is itself an audited read: one entry.
        if (after.audit !== (head ?? 0) + 1 || after.sessions !== sessions || after.frames !== frames) {
          changed.push(
            `${path} ${JSON.stringify(body)}: audit +${(after.audit ?? 0) - (head ?? 0) - 1}, ` +
              `sessions +${after.sessions - sessions}, pump frames +${after.frames - frames}`,
          );
        }
      }
      expect(changed).toEqual([]);
    });

    it('a well-formed request still reaches the pump and plans', async () => {
      const { api, patientId } = rig;
      const res = await api.call('physician', 'POST', pumpUrl(patientId, 'titration/plan'), {
        proposedDose: '520 mcg/day',
      });
      expect(res.statusCode, res.body).toBe(200);
      const alarms = await api.call('physician', 'POST', pumpUrl(patientId, 'alarm-settings/plan'), {
        repeatMinutes: 30,
      });
      expect(alarms.statusCode, alarms.body).toBe(200);
    });
  });
