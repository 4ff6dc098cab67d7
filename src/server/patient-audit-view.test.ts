/**
 * Finding "a patient reads who probed its record": a patient account reading the audit of its own record
 * through FHIR (`$everything?_type=AuditEvent`) got every entry's actor as the store wrote it — the internal
 * ids of the clinic staff, and of any other account whose request for this record was refused (another
 * patient's account id included). The patient now sees who at the clinic acted on its record, by name and
 * role, its own actions, and of any other account (a refused probe, another patient) nothing that names it;
 * no entry carries an account id or the hash-chain values that would let one be confirmed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';

interface AuditEvent {
  readonly outcome: string;
  readonly subtype: readonly { readonly code: string }[];
  readonly agent: readonly { readonly who?: { readonly identifier?: unknown; readonly display?: string } }[];
  readonly entity: readonly { readonly detail?: readonly { readonly type: string }[] }[];
}

const userIdOf = async (api: TestApi, account: 'patientB' | 'nurse'): Promise<string> =>
  (await api.call(account, 'GET', '/api/v1/auth/me')).json<{ id: string }>().id;

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(
    `the patient's view of its own audit on ${backend.name}`,
    () => {
      let api: TestApi;
      beforeAll(async () => {
        api = await startApi(backend);
      });
      afterAll(() => api.dispose());

      const auditOf = async (
        account: 'patient' | 'nurse',
      ): Promise<{ body: string; events: AuditEvent[] }> => {
        const res = await api.call(
          account,
          'GET',
          `/fhir/Patient/${api.patientA.id}/$everything?_type=AuditEvent`,
        );
        expect(res.statusCode, res.body).toBe(200);
        const bundle = res.json<{ entry: { resource: AuditEvent & { resourceType: string } }[] }>();
        return {
          body: res.body,
          events: bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === 'AuditEvent'),
        };
      };

      it('a patient reads who probed its record: no account id of a refused prober or of the staff, the staff by name', async () => {
        const prober = await userIdOf(api, 'patientB');
        const nurse = await userIdOf(api, 'nurse');
        expect((await api.call('patientB', 'GET', `/api/v1/patients/${api.patientA.id}`)).statusCode).toBe(
          403,
        );
        expect((await api.call('nurse', 'GET', `/api/v1/patients/${api.patientA.id}`)).statusCode).toBe(200);
        const { body, events } = await auditOf('patient');
        expect(body).not.toContain(prober);
        expect(body).not.toContain(nurse);
        const refused = events.filter((e) => e.outcome === '4');
        expect(refused.length).toBeGreaterThan(0);
        for (const e of refused) expect(e.agent[0]?.who?.display).toBe('another account');
        const displays = events.map((e) => e.agent[0]?.who?.display);
        expect(displays).toContain('Test nurse (nurse)');
        expect(displays).toContain('Test patient (patient)');
        for (const e of events) {
          expect(e.agent[0]?.who?.identifier).toBeUndefined();
          expect((e.entity[0]?.detail ?? []).map((d) => d.type)).toEqual(['seq']);
        }
      });

      it('clinic staff still see each actor by id, now with the name beside it, and the chain values', async () => {
        const prober = await userIdOf(api, 'patientB');
        const { events } = await auditOf('nurse');
        const refusal = events.find((e) => e.outcome === '4');
        expect(refusal?.agent[0]?.who).toEqual({
          identifier: { system: 'urn:itb:actor', value: `user:${prober}` },
          display: 'Test patientB (patient)',
        });
        expect((refusal?.entity[0]?.detail ?? []).map((d) => d.type)).toEqual(['seq', 'hash', 'prevHash']);
      });
    },
  );
}
