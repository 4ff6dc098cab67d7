/**
 * The guardrails reach the API (docs/architecture.md principle 4): a titration step the label refuses is refused with
 * its reasons; a step above the labelled range without a justification is refused; with one it is recorded
 * with the reasons. Label steps [C: Lioresal Intrathecal / Gablofen US labels; CMSC 2015]: spinal origin,
 * titration phase, +10–30 % per step, at most one increase per 24 h; more than 2× the maximum step blocks
 * (our [A] hard factor, therapy/titration.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continuous } from '../clinic/store-test-fixtures.ts';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';

interface Outcome {
  resourceType: string;
  issue: { severity: string; details: { coding: { code: string }[]; text: string } }[];
}
const codesOf = (o: Outcome) => o.issue.map((i) => i.details.coding[0]?.code);
const HOUR = 3_600_000;

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`prescribing through the API on ${backend.name}`, () => {
    let api: TestApi;
    let url: string;
    let headId: string;
    beforeAll(async () => {
      // Sessions must outlive the clock jumps below (the 8 h default would sign everyone out).
      api = await startApi(backend, { sessionTtlMs: 30 * 24 * HOUR });
      url = `/api/v1/patients/${api.patientA.id}/prescriptions`;
      const first = await api.call('physician', 'POST', url, {
        prescription: continuous(400),
        expectedHeadId: null,
        phase: 'titration',
      });
      expect(first.statusCode, first.body).toBe(201);
      headId = first.json<{ record: { id: string } }>().record.id;
      api.clock.t += 48 * HOUR; // past the once-per-24-h rule
    });
    afterAll(() => api.dispose());

    it('answers the prescription in force with the server clock it was read at (asOf)', async () => {
      const res = await api.call('physician', 'GET', `${url}/current`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ current: { id: string }; asOf: number }>();
      expect(body.current.id).toBe(headId);
      expect(body.asOf).toBe(api.clock.t);
    });

    it('refuses a blocked titration (+100 %, > 2× the 30 % step) with 422 and its reasons', async () => {
      const res = await api.call('physician', 'POST', url, {
        prescription: continuous(800),
        expectedHeadId: headId,
        phase: 'titration',
        justification: 'a justification cannot override a hard limit',
      });
      expect(res.statusCode).toBe(422);
      const o = res.json<Outcome>();
      expect(codesOf(o)[0]).toBe('ITB_E_INVALID_PRESCRIPTION');
      expect(codesOf(o)).toContain('ITB_R_TITRATION_FAR_ABOVE_STEP');
      expect(
        o.issue.find((i) => i.details.coding[0]?.code === 'ITB_R_TITRATION_FAR_ABOVE_STEP')?.severity,
      ).toBe('error');
    });

    it('refuses a warned step (+40 %, above 30 %) without a justification', async () => {
      const res = await api.call('physician', 'POST', url, {
        prescription: continuous(560),
        expectedHeadId: headId,
        phase: 'titration',
      });
      expect(res.statusCode).toBe(422);
      const o = res.json<Outcome>();
      expect(codesOf(o)[0]).toBe('ITB_E_CLINIC_JUSTIFICATION_REQUIRED');
      expect(codesOf(o)).toContain('ITB_R_TITRATION_ABOVE_STEP');
      const chain = await api.call('viewer', 'GET', url);
      expect(chain.json<unknown[]>().length).toBe(1); // nothing was recorded
    });

    it('records the warned step with a justification and returns verdict and reasons', async () => {
      const res = await api.call('physician', 'POST', url, {
        prescription: continuous(560),
        expectedHeadId: headId,
        phase: 'titration',
        justification: 'spasms uncontrolled at 400 mcg/day; monitored inpatient',
      });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json<{
        verdict: string;
        reasons: { code: string }[];
        record: { justification: string; priorId: string };
        titration: { changePercent: number };
      }>();
      expect(body.verdict).toBe('warn');
      expect(body.reasons.map((r) => r.code)).toContain('ITB_R_TITRATION_ABOVE_STEP');
      expect(body.titration.changePercent).toBe(40);
      expect(body.record.priorId).toBe(headId);
      expect(body.record.justification).toMatch(/uncontrolled/);
    });

    it('refuses an increase within 24 h of the last change, and a stale head with 409', async () => {
      const current = (await api.call('nurse', 'GET', `${url}/current`)).json<{
        current: { id: string };
      }>();
      api.clock.t += 2 * HOUR;
      const soon = await api.call('physician', 'POST', url, {
        prescription: continuous(600),
        expectedHeadId: current.current.id,
        phase: 'titration',
      });
      expect(soon.statusCode).toBe(422);
      expect(codesOf(soon.json<Outcome>())).toContain('ITB_R_TITRATION_TOO_SOON');
      const stale = await api.call('physician', 'POST', url, {
        prescription: continuous(450),
        expectedHeadId: headId,
        phase: 'titration',
      });
      expect(stale.statusCode).toBe(409);
      expect(codesOf(stale.json<Outcome>())[0]).toBe('ITB_E_CLINIC_STALE_HEAD');
    });

    it('lets a nurse record a refill and returns the reconciliation verdict', async () => {
      const res = await api.call('nurse', 'POST', `/api/v1/patients/${api.patientA.id}/refills`, {
        implantId: api.implantA.id,
        expectedResidualNl: 4_000_000,
        measuredResidualNl: 1_500_000, // 2.5 mL less than calculated in a 20 mL pump: > 1 mL warns [Maino 2017]
        drug: 'baclofen',
        concentrationNgPerMl: 500_000,
        lot: 'LOT-1',
        volumeAddedNl: 0,
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ reconciliation: { verdict: 'warn', discrepancyNl: -2_500_000 } });
      const nurseRx = await api.call('nurse', 'POST', url, {
        prescription: continuous(200),
        expectedHeadId: null,
      });
      expect(nurseRx.statusCode).toBe(403);
    });
  });
}
