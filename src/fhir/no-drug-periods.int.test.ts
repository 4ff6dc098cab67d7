/**
 * FHIR's delivered periods through the real API against the board's own empty dates: a pump refilled late
 * ran empty for ten days, ran empty again and stays so, then was explanted; another pump's motor stalled
 * for two days. The MedicationAdministration search said the drug was administered the whole time, in
 * progress after the explant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BACKENDS, emailOf, startApi, type TestApi } from '../server/test-support.ts';

const DAY = 86_400_000;
const ML = 1_000_000;

interface Administration {
  status?: string;
  effectivePeriod?: { start?: string; end?: string };
  note?: { text: string }[];
}

/** The patient's delivered periods, as the MedicationAdministration search gives them. */
async function periodsOf(api: TestApi): Promise<Administration[]> {
  const res = await api.app.inject({
    method: 'GET',
    url: `/fhir/MedicationAdministration?patient=${api.patientA.id}`,
    headers: { authorization: `Bearer ${api.tokens.physician}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json<{ entry?: { resource: Administration }[] }>().entry ?? [])
    .map((e) => e.resource)
    .filter((r) => r.effectivePeriod !== undefined);
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Patient A on 300 mcg/day at 1,000 mcg/mL (0.3 mL a day: 18 mL last 60 days), and `fill`: 18 mL put into
 * an empty reservoir now, with the refill session linked to the prescription unless `session` is false.
 */
async function onBaclofen(api: TestApi) {
  const physician = (await api.store.findUserForLogin(emailOf('physician')))!.user;
  const ctx = { actor: `user:${physician.id}` };
  const patientId = api.patientA.id;
  const implantId = api.implantA.id;
  const rx = await api.store.appendPrescription(
    patientId,
    { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 1000, doseMcgPerDay: 300 },
    { ...ctx, expectedHeadId: null },
  );
  const fill = async (session = true) => {
    const at = api.clock.t;
    await api.store.recordRefill(
      {
        patientId,
        implantId,
        at,
        expectedResidualNl: 0,
        measuredResidualNl: 0,
        drug: 'baclofen',
        concentrationNgPerMl: 1_000_000,
        lot: 'L-1',
        volumeAddedNl: 18 * ML,
        justification: 'refilled late: the pump had run empty',
      },
      ctx,
    );
    if (!session) return;
    await api.store.recordProgrammingSession(
      {
        patientId,
        implantId,
        at,
        interrogation: {
          workflow: 'refill',
          after: { status: { reservoir: 18 * ML, drug: 'baclofen', concentration: 1_000_000, alarms: [] } },
        },
        diff: [],
        prescriptionId: rx.id,
      },
      ctx,
    );
  };
  return { ctx, patientId, implantId, fill };
}

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`no-drug spans in delivered periods (${backend.name})`, () => {
    let api: TestApi;
    let pump: Awaited<ReturnType<typeof onBaclofen>>;
    let t0 = 0;
    beforeAll(async () => {
      api = await startApi(backend, { sessionTtlMs: 365 * DAY });
      pump = await onBaclofen(api);
      t0 = api.clock.t;
      await pump.fill();
      api.clock.t += 70 * DAY;
      await pump.fill();
      api.clock.t += 100 * DAY;
    });
    afterAll(() => api.dispose());

    /** The board's empty instant of a fill (to the hour: the pump counts strokes). */
    const near = (got: string | undefined, ms: number) =>
      expect(Math.abs(Date.parse(got ?? '') - ms)).toBeLessThan(DAY / 24);

    it('a delivered period ran on through an EMPTY reservoir, as if the drug was administered while the pump was dry: it ends at the empty instant, the refill starts the next, and a pump still empty has none in progress', async () => {
      const got = await periodsOf(api);
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
      // Refilled once more (no session recorded with it), then explanted 10 days later, before it ran dry.
      const refilledAt = api.clock.t;
      await pump.fill(false);
      const explantAt = refilledAt + 10 * DAY;
      api.clock.t = explantAt;
      await api.store.recordExplant(
        {
          patientId: pump.patientId,
          implantId: pump.implantId,
          at: explantAt,
          reason: 'infection',
          catheter: 'removed',
          replacementImplantId: null,
        },
        pump.ctx,
      );
      api.clock.t += DAY;
      const got = await periodsOf(api);
      const last = got.at(-1);
      expect(last?.effectivePeriod?.start, JSON.stringify(got)).toBe(iso(refilledAt));
      expect(last?.effectivePeriod?.end).toBe(iso(explantAt));
      expect(last?.status).toBe('completed');
      expect(got.filter((r) => r.status === 'in-progress')).toEqual([]);
    });
  });

  describe.skipIf(backend.skip !== undefined)(`a stall in delivered periods (${backend.name})`, () => {
    let api: TestApi;
    afterAll(() => api.dispose());

    it('a delivered period ran on through a motor stall the pump reported: it ends when the stall began and goes on when its alert closed', async () => {
      api = await startApi(backend, { sessionTtlMs: 365 * DAY });
      const pump = await onBaclofen(api);
      const t0 = api.clock.t;
      await pump.fill();
      api.clock.t = t0 + 5 * DAY;
      const stall = await api.store.raiseAlert(
        {
          patientId: pump.patientId,
          implantId: pump.implantId,
          kind: 'pump-alarm',
          severity: 'critical',
          condition: 'motor-stall',
          since: t0 + 5 * DAY,
          message: 'the pump reports a stalled motor: no drug is delivered',
        },
        pump.ctx,
      );
      api.clock.t = t0 + 7 * DAY;
      await api.store.resolveAlert(stall.id, 'motor ran again at the interrogation', pump.ctx);
      api.clock.t = t0 + 8 * DAY;
      const got = await periodsOf(api);
      expect(
        got.map((r) => [r.effectivePeriod?.start, r.effectivePeriod?.end, r.status]),
        JSON.stringify(got),
      ).toEqual([
        [iso(t0), iso(t0 + 5 * DAY), 'completed'],
        [iso(t0 + 7 * DAY), undefined, 'in-progress'],
      ]);
      expect(got[0]?.note?.map((n) => n.text).join(' ')).toMatch(/stopped delivering/);
    });
  });
}
