/**
 * Finding: a future-dated refill hides an overdue patient. A refill posted with `at` ten years ahead was
 * accepted (201) and the overdue high-risk patient left the board and the reminders. Invariant
 * (docs/invariants.md I2): every clinical time is checked against the server's clock (clinic/clinical-time.ts:
 * at most 5 minutes ahead, never before the implant or birth date); a refused one changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { implantProcedureInput } from '../clinic/pathway/pathway-fixtures.ts';
import { MS_PER_DAY } from '../therapy/quantities.ts';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';

const sys = { actor: 'system:test' };
const YEAR = 365 * MS_PER_DAY;

describe.each(API_BACKENDS)('future-dated clinical times ($name)', (backend) => {
  if (backend.skip !== undefined) return void it.skip(backend.skip, () => undefined);
  let api: TestApi | undefined;
  afterEach(async () => {
    await api?.dispose();
    api = undefined;
  });

  /** Patient A (high-risk) at 500 mcg/day of 2000 mcg/mL, filled with 20 mL 100 days ago: empty since day 80. */
  async function overduePatient(t: TestApi) {
    const { patientA, implantA } = t;
    t.clock.t -= 100 * MS_PER_DAY;
    const rx = {
      mode: 'simple-continuous',
      drug: 'baclofen',
      concentrationMcgPerMl: 2000,
      doseMcgPerDay: 500,
    };
    await t.store.appendPrescription(patientA.id, rx, {
      ...sys,
      expectedHeadId: null,
      implantId: implantA.id,
    });
    const fill = {
      implantId: implantA.id,
      expectedResidualNl: 2_000_000,
      measuredResidualNl: 2_000_000,
      drug: 'baclofen',
      concentrationNgPerMl: 2_000_000,
      lot: 'L1',
      volumeAddedNl: 20_000_000,
    };
    const first = await t.call('nurse', 'POST', `/api/v1/patients/${patientA.id}/refills`, fill);
    expect(first.statusCode, first.body).toBe(201);
    t.clock.t += 100 * MS_PER_DAY;
    return fill;
  }

  it('a future-dated refill hides an overdue patient: a refill dated ten years ahead is refused and changes nothing', async () => {
    api = await startApi(backend);
    const fill = await overduePatient(api);
    const url = `/api/v1/patients/${api.patientA.id}/refills`;
    const before = await api.store.listRefills(api.patientA.id, sys);
    const res = await api.call('nurse', 'POST', url, { ...fill, at: api.clock.t + 10 * YEAR });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.body).toContain('ITB_E_CLINIC_TIME_OUT_OF_RANGE');
    expect(await api.store.listRefills(api.patientA.id, sys)).toEqual(before);
    const board = await api.call('nurse', 'GET', '/api/v1/board');
    const row = board.json<{ rows: { patientId: string; overdue: boolean }[] }>().rows[0];
    expect(row).toMatchObject({ patientId: api.patientA.id, overdue: true });
    const reminders = await api.call('nurse', 'GET', '/api/v1/reminders');
    expect(reminders.json<{ refills: { patientId: string }[] }>().refills.map((r) => r.patientId)).toContain(
      api.patientA.id,
    );
  });

  it('accepts a clinical time within the stated tolerance and refuses one before the implant date', async () => {
    api = await startApi(backend);
    const fill = await overduePatient(api);
    const url = `/api/v1/patients/${api.patientA.id}/sessions`;
    const session = { implantId: fill.implantId, interrogation: {}, diff: [] };
    const skew = await api.call('physician', 'POST', url, { ...session, at: api.clock.t + 4 * 60_000 });
    expect(skew.statusCode, skew.body).toBe(201);
    const early = await api.call('physician', 'POST', url, { ...session, at: Date.UTC(2000, 0, 1) });
    expect(early.statusCode, early.body).toBe(422);
    expect(early.body).toContain('ITB_E_CLINIC_TIME_OUT_OF_RANGE');
  });

  it("an implant's initial fill dated ten years ahead (or before the implant day) was stored, and it starts the pump's first projection: now refused, nothing recorded", async () => {
    api = await startApi(backend);
    const P = `/api/v1/patients/${api.patientB.id}`;
    const procedure = implantProcedureInput('SER-FILL', '2023-12-01');
    const fill = { drug: 'baclofen', concentrationNgPerMl: 2_000_000, volumeNl: 20_000_000, lot: 'IF-1' };
    for (const at of [api.clock.t + 10 * YEAR, Date.UTC(2023, 0, 1)]) {
      const res = await api.call('physician', 'POST', `${P}/implant-procedure`, {
        ...procedure,
        initialFill: { ...fill, at },
      });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.body).toContain('ITB_E_CLINIC_TIME_OUT_OF_RANGE');
    }
    expect(await api.store.listImplants(api.patientB.id, sys)).toEqual([]);
    const ok = await api.call('physician', 'POST', `${P}/implant-procedure`, {
      ...procedure,
      initialFill: { ...fill, at: Date.UTC(2023, 11, 1, 10) },
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
