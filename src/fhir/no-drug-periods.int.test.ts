/**
 * FHIR's delivered periods through the real API against the board's own empty dates: a pump refilled late
 * ran empty for ten days, ran empty again and stays so, then was explanted. The MedicationAdministration
 * search said the drug was administered the whole time, in progress after the explant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BACKENDS, emailOf, startApi, type TestApi } from '../server/test-support.ts';

const DAY = 86_400_000;

interface Administration {
  status?: string;
  effectivePeriod?: { start?: string; end?: string };
  note?: { text: string }[];
}

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`no-drug spans in delivered periods (${backend.name})`, () => {
    let api: TestApi;
    let t0 = 0;
    beforeAll(async () => {
      api = await startApi(backend, { sessionTtlMs: 365 * DAY });
      const physician = (await api.store.findUserForLogin(emailOf('physician')))!.user;
      const ctx = { actor: `user:${physician.id}` };
      const pid = api.patientA.id;
      const implantId = api.implantA.id;
      // 300 mcg/day at 1,000 mcg/mL: 0.3 mL a day, so 18 mL last 60 days.
      const rx = await api.store.appendPrescription(
        pid,
        { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 1000, doseMcgPerDay: 300 },
        { ...ctx, expectedHeadId: null },
      );
      const refill = async () => {
        await api.store.recordRefill(
          {
            patientId: pid,
            implantId,
            at: api.clock.t,
            expectedResidualNl: 0,
            measuredResidualNl: 0,
            drug: 'baclofen',
            concentrationNgPerMl: 1_000_000,
            lot: 'L-1',
            volumeAddedNl: 18_000_000,
            justification: 'refilled late: the pump had run empty',
          },
          ctx,
        );
        await api.store.recordProgrammingSession(
          {
            patientId: pid,
            implantId,
            at: api.clock.t,
            interrogation: {
              workflow: 'refill',
              after: {
                status: { reservoir: 18_000_000, drug: 'baclofen', concentration: 1_000_000, alarms: [] },
                prescription: {
                  mode: 'simple-continuous',
                  drug: 'baclofen',
                  concentrationMcgPerMl: 1000,
                  doseMcgPerDay: 300,
                },
              },
            },
            diff: [],
            prescriptionId: rx.id,
          },
          ctx,
        );
      };
      t0 = api.clock.t;
      await refill();
      api.clock.t += 70 * DAY;
      await refill();
      api.clock.t += 100 * DAY;
    });
    afterAll(() => api.dispose());

    const periods = async () => {
      const res = await api.app.inject({
        method: 'GET',
        url: `/fhir/MedicationAdministration?patient=${api.patientA.id}`,
        headers: { authorization: `Bearer ${api.tokens.physician}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json<{ entry?: { resource: Administration }[] }>().entry ?? [])
        .map((e) => e.resource)
        .filter((r) => r.effectivePeriod !== undefined);
    };
    const iso = (ms: number) => new Date(ms).toISOString();
    /** The board's empty instant of a fill of 18 mL at 0.3 mL/day (to the minute: the pump counts strokes). */
    const near = (got: string | undefined, ms: number) =>
      expect(Math.abs(Date.parse(got ?? '') - ms)).toBeLessThan(DAY / 24);

    it('a delivered period ran on through an EMPTY reservoir, as if the drug was administered while the pump was dry: it ends at the empty instant, the refill starts the next, and a pump still empty has none in progress', async () => {
      const got = await periods();
      expect(
        got.map((r) => [r.effectivePeriod?.start, r.status]),
        JSON.stringify(got),
      ).toEqual([
        [iso(t0), 'completed'],
        [iso(t0 + 70 * DAY), 'completed'],
      ]);
      near(got[0]?.effectivePeriod?.end, t0 + 60 * DAY);
      near(got[1]?.effectivePeriod?.end, t0 + 130 * DAY);
      expect(got[0]?.note?.map((n) => n.text).join(' ')).toMatch(/reservoir ran empty/);
    });

    it('a delivered period ran on past the explant, in progress with no pump in the patient: it ends at the explant', async () => {
      // Refilled once more, then explanted 10 days later (before the fill could run dry).
      const explantAt = api.clock.t + 10 * DAY;
      const physician = (await api.store.findUserForLogin(emailOf('physician')))!.user;
      const ctx = { actor: `user:${physician.id}` };
      await api.store.recordRefill(
        {
          patientId: api.patientA.id,
          implantId: api.implantA.id,
          at: api.clock.t,
          expectedResidualNl: 0,
          measuredResidualNl: 0,
          drug: 'baclofen',
          concentrationNgPerMl: 1_000_000,
          lot: 'L-2',
          volumeAddedNl: 18_000_000,
          justification: 'refilled late: the pump had run empty',
        },
        ctx,
      );
      const refilledAt = api.clock.t;
      api.clock.t = explantAt;
      await api.store.recordExplant(
        {
          patientId: api.patientA.id,
          implantId: api.implantA.id,
          at: explantAt,
          reason: 'infection',
          catheter: 'removed',
          replacementImplantId: null,
        },
        ctx,
      );
      api.clock.t += DAY;
      const got = await periods();
      const last = got.at(-1);
      expect(last?.effectivePeriod?.start, JSON.stringify(got)).toBe(iso(refilledAt));
      expect(last?.effectivePeriod?.end).toBe(iso(explantAt));
      expect(last?.status).toBe('completed');
      expect(got.filter((r) => r.status === 'in-progress')).toEqual([]);
    });
  });
}
