/**
 * FHIR's delivered periods through the real API: a session recorded with `POST …/sessions` and linked to
 * the prescription on record — a new concentration waiting for the refill that brings it in — while the
 * pump it read still held the old strength. The MedicationAdministration search said the new strength was
 * administered from that session; it is administered from the refill that brings it in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BACKENDS, emailOf, startApi, type TestApi } from '../server/test-support.ts';

const DAY = 86_400_000;

interface Administration {
  resourceType: string;
  medicationCodeableConcept?: { text?: string };
  effectivePeriod?: { start?: string; end?: string };
}

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`delivered periods through the API (${backend.name})`, () => {
    let api: TestApi;
    let refilledAt: number;
    beforeAll(async () => {
      api = await startApi(backend, { sessionTtlMs: 365 * DAY });
      const physician = (await api.store.findUserForLogin(emailOf('physician')))!.user;
      const ctx = { actor: `user:${physician.id}` };
      const pid = api.patientA.id;
      const implantId = api.implantA.id;
      const first = await api.store.appendPrescription(
        pid,
        { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 1000, doseMcgPerDay: 300 },
        { ...ctx, expectedHeadId: null },
      );
      const fill = (concentrationNgPerMl: number) => ({
        patientId: pid,
        implantId,
        at: api.clock.t,
        expectedResidualNl: 3_000_000,
        measuredResidualNl: 3_000_000,
        drug: 'baclofen' as const,
        concentrationNgPerMl,
        lot: 'L-1',
        volumeAddedNl: 18_000_000,
      });
      const status = (concentration: number) => ({
        after: {
          status: { reservoir: 15_000_000, drug: 'baclofen', concentration, alarms: [] },
          prescription: {
            mode: 'simple-continuous',
            drug: 'baclofen',
            concentrationMcgPerMl: concentration / 1000,
            doseMcgPerDay: 300,
          },
        },
      });
      await api.store.recordRefill(fill(1_000_000), ctx);
      await api.store.recordProgrammingSession(
        {
          patientId: pid,
          implantId,
          at: api.clock.t,
          interrogation: { workflow: 'refill', ...status(1_000_000) },
          diff: [],
          prescriptionId: first.id,
        },
        ctx,
      );
      api.clock.t += DAY;
      const next = await api.store.appendPrescription(
        pid,
        { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 2000, doseMcgPerDay: 300 },
        { ...ctx, expectedHeadId: first.id },
      );
      api.clock.t += DAY;
      // A programmer records its read of the pump (still 1,000 mcg/mL), linked to the prescription on record.
      const res = await api.call('physician', 'POST', `/api/v1/patients/${pid}/sessions`, {
        implantId,
        interrogation: { workflow: 'interrogate', ...status(1_000_000) },
        diff: [],
        prescriptionId: next.id,
      });
      expect(res.statusCode, res.body).toBe(201);
      api.clock.t += 20 * DAY;
      refilledAt = api.clock.t;
      await api.store.recordRefill(fill(2_000_000), ctx);
      await api.store.recordProgrammingSession(
        {
          patientId: pid,
          implantId,
          at: api.clock.t,
          interrogation: { workflow: 'refill', ...status(2_000_000) },
          diff: [],
          prescriptionId: next.id,
        },
        ctx,
      );
      api.clock.t += 60_000;
    });
    afterAll(() => api.dispose());

    it('MedicationAdministration said a pending concentration was administered before the refill that brought it in: 2,000 mcg/mL is administered from that refill', async () => {
      const res = await api.app.inject({
        method: 'GET',
        url: `/fhir/MedicationAdministration?patient=${api.patientA.id}`,
        headers: { authorization: `Bearer ${api.tokens.physician}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      const periods = res
        .json<{ entry?: { resource: Administration }[] }>()
        .entry?.map((e) => e.resource)
        .filter((r) => r.effectivePeriod !== undefined);
      const strong = periods?.filter((r) => /2[,.]?000|2 mg/.test(r.medicationCodeableConcept?.text ?? ''));
      expect(
        strong?.map((r) => r.effectivePeriod?.start),
        JSON.stringify(periods),
      ).toEqual([new Date(refilledAt).toISOString()]);
    });
  });
}
