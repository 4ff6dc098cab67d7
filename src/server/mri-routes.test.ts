/**
 * Hazards H43 and H44 (docs/hazards.md) through the real app — its authorization table and error handler —
 * on SQLite and PostgreSQL. H43: the API refuses to mark an MRI ready for a valve-gated pump whose reservoir
 * was not emptied (the aspirated volume against the volume expected) unless a physician recorded a
 * justified acceptance; the refusal changes nothing. H44: a scan recorded done leaves the patient with an
 * open "MRI on <date>: pump not interrogated since" alert until an interrogation after the scan is
 * recorded, which closes it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { implantInput, patientInput } from '../clinic/store-test-fixtures.ts';
import { HOUR, pumpUrl, withPumpApi, type PumpApi } from './pump-test-rig.ts';
import { API_BACKENDS } from './test-support.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});
const sys = { actor: 'system:test' };

interface ScanAnswer {
  id: string;
  state: string;
  rule: { before: string; interrogateAfter: boolean };
  acceptance: { by: string } | null;
  ready: { emptying: { emptied: boolean } | null; reasons: { code: string }[] } | null;
}
interface AlertAnswer {
  id: string;
  kind: string;
  severity: string;
  message: string;
  state: string;
  resolved: { resolution: string } | null;
}
interface Outcome {
  issue: { details: { coding: { code: string }[] } }[];
}
const issueCodes = (o: Outcome): string[] => o.issue.map((i) => i.details.coding[0]?.code ?? '');

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`MRI preparation and follow-up on ${backend.name}`, () => {
    it('H43 MRI with a valve-gated pump not emptied: the API refuses to mark it ready (nothing recorded) until the reservoir is emptied or a physician accepts', async () => {
      open = await withPumpApi({ backend });
      const { api } = open;
      const patient = await api.store.createPatient(patientInput(8), sys);
      const implant = await api.store.addImplant(
        implantInput(patient.id, 'VALVE-8', { deviceProfileId: 'valve-20' }),
        sys,
      );
      const P = `/api/v1/patients/${patient.id}`;
      const plan = async () => {
        const res = await api.call('nurse', 'POST', `${P}/implants/${implant.id}/mri`, {
          plannedFor: api.clock.t + 7 * 24 * HOUR,
          note: 'lumbar spine, 1.5 T',
        });
        expect(res.statusCode).toBe(201);
        return res.json<ScanAnswer>();
      };
      const scan = await plan();
      expect(scan.rule.before).toBe('empty-reservoir');
      const ready = (id: string, body: object, role: 'nurse' | 'viewer' = 'nurse') =>
        api.call(role, 'POST', `${P}/mri/${id}/ready`, body);

      // Nothing aspirated, or drug left in the reservoir: refused with the reason, nothing recorded.
      for (const body of [{}, { emptying: { expectedMl: 12, aspiratedMl: 4 } }]) {
        const res = await ready(scan.id, body);
        expect(res.statusCode).toBe(422);
        const codes = issueCodes(res.json<Outcome>());
        expect(codes[0]).toBe('ITB_E_MRI_RESERVOIR_NOT_EMPTIED');
        expect(codes).toContain('ITB_R_MRI_RESERVOIR_NOT_EMPTIED');
      }
      const listed = (await api.call('nurse', 'GET', `${P}/mri`)).json<ScanAnswer[]>();
      expect(listed.map((s) => [s.id, s.state, s.ready])).toEqual([[scan.id, 'planned', null]]);

      // The authorization table: only a physician accepts; viewers and other patients do nothing.
      const accept = { justification: 'the 10 µL the closing valve delivers is judged safe at 500 mcg/mL' };
      expect((await api.call('nurse', 'POST', `${P}/mri/${scan.id}/acceptance`, accept)).statusCode).toBe(
        403,
      );
      expect((await ready(scan.id, {}, 'viewer')).statusCode).toBe(403);
      expect((await api.call('patient', 'GET', `${P}/mri`)).statusCode).toBe(403);
      expect((await api.call('physician', 'POST', `${P}/mri/${scan.id}/acceptance`, accept)).statusCode).toBe(
        201,
      );
      const accepted = await ready(scan.id, { emptying: { expectedMl: 12, aspiratedMl: 4 } });
      expect(accepted.statusCode).toBe(201);
      const a = accepted.json<ScanAnswer>();
      expect(a.state).toBe('ready');
      expect(a.ready?.emptying?.emptied).toBe(false);
      expect(a.ready?.reasons.map((r) => r.code)).toContain('ITB_R_MRI_BOLUS_ACCEPTED');

      // Emptied: the aspirated volume reconciles with the expected volume; no acceptance needed.
      const second = await plan();
      const emptied = await ready(second.id, { emptying: { expectedMl: 12, aspiratedMl: 11.8 } });
      expect(emptied.statusCode).toBe(201);
      expect(emptied.json<ScanAnswer>().ready?.emptying?.emptied).toBe(true);
    });

    it('an MRI planned for an explanted pump was accepted: it is refused, naming the pump, and nothing is recorded', async () => {
      open = await withPumpApi({ backend });
      const { api } = open;
      const patient = await api.store.createPatient(patientInput(9), sys);
      const implant = await api.store.addImplant(implantInput(patient.id, 'OUT-9'), sys);
      await api.store.recordExplant(
        {
          patientId: patient.id,
          implantId: implant.id,
          at: api.clock.t,
          reason: 'infection',
          catheter: 'removed',
          replacementImplantId: null,
        },
        sys,
      );
      const P = `/api/v1/patients/${patient.id}`;
      const res = await api.call('nurse', 'POST', `${P}/implants/${implant.id}/mri`, {
        plannedFor: api.clock.t + 7 * 24 * HOUR,
        note: 'brain, 3 T',
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(issueCodes(res.json<Outcome>())).toEqual(['ITB_E_CLINIC_REFERENCE']);
      expect(res.body).toContain('OUT-9');
      const listed = await api.call('nurse', 'GET', `${P}/mri`);
      expect(listed.json<unknown[]>()).toEqual([]);
    });

    it('H44 pump that does not resume after MRI until interrogated: the scan leaves an open "MRI on <date>: pump not interrogated since" alert that an interrogation after the scan closes', async () => {
      open = await withPumpApi({ backend });
      const { api, patientId, implantId } = open;
      const P = `/api/v1/patients/${patientId}`;
      const planned = await api.call('nurse', 'POST', `${P}/implants/${implantId}/mri`, {
        plannedFor: api.clock.t,
      });
      expect(planned.statusCode).toBe(201);
      const scan = planned.json<ScanAnswer>();
      expect(scan.rule).toMatchObject({ before: 'nothing', interrogateAfter: true });
      // A peristaltic pump needs no emptying: one given is refused.
      const emptying = { emptying: { expectedMl: 12, aspiratedMl: 12 } };
      expect((await api.call('nurse', 'POST', `${P}/mri/${scan.id}/ready`, emptying)).statusCode).toBe(409);
      expect((await api.call('nurse', 'POST', `${P}/mri/${scan.id}/ready`, {})).statusCode).toBe(201);

      const scanAt = api.clock.t - 2 * HOUR;
      const done = await api.call('nurse', 'POST', `${P}/mri/${scan.id}/done`, { at: scanAt });
      expect(done.statusCode).toBe(201);
      expect(done.json<ScanAnswer>().state).toBe('done');
      expect((await api.call('nurse', 'POST', `${P}/mri/${scan.id}/done`, {})).statusCode).toBe(409);

      const mriAlerts = async () =>
        (await api.call('nurse', 'GET', `${P}/alerts`))
          .json<AlertAnswer[]>()
          .filter((x) => x.kind === 'mri-follow-up');
      const [alert, ...more] = await mriAlerts();
      expect(more).toEqual([]);
      expect(alert?.state).toBe('open');
      expect(alert?.severity).toBe('warning');
      expect(alert?.message).toMatch(/^MRI on \w{3} \d{1,2} \w{3} \d{4}: pump not interrogated since\./);

      // An interrogation dated before the scan says nothing about the pump after it.
      await api.store.recordProgrammingSession(
        {
          patientId,
          implantId,
          at: scanAt - HOUR,
          interrogation: { workflow: 'interrogate', snapshot: { status: { alarms: [] } } },
          diff: [],
        },
        { actor: 'user:nurse-1' },
      );
      expect((await mriAlerts())[0]?.state).toBe('open');

      // The interrogation after the scan closes it, naming what closed it.
      expect((await api.call('nurse', 'POST', pumpUrl(patientId, 'interrogate'))).statusCode).toBe(200);
      const [closed] = await mriAlerts();
      expect(closed?.state).toBe('resolved');
      expect(closed?.resolved?.resolution).toBe('closed: the pump was interrogated after the MRI');

      // A scan recorded late, after an interrogation that followed it, raises nothing left to close.
      const late = (
        await api.call('nurse', 'POST', `${P}/implants/${implantId}/mri`, { plannedFor: api.clock.t })
      ).json<ScanAnswer>();
      const lateDone = await api.call('nurse', 'POST', `${P}/mri/${late.id}/done`, {
        at: api.clock.t - HOUR,
      });
      expect(lateDone.statusCode).toBe(201);
      expect((await mriAlerts()).filter((x) => x.state !== 'resolved')).toEqual([]);
    });
  });
}
