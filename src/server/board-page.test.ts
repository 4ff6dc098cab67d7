/**
 * `GET /api/v1/board` paged (issue 14: the whole board, 9.8 MB for 10,000 patients, on every request):
 * the response keeps its shape and adds page, limit, total, sort and filters; a page holds at most `limit`
 * rows; a bad page, limit, sort or filter is refused with ITB_E_INVALID_INPUT and writes nothing (not even
 * the view's audit entry) — a clinician never reads an unfiltered board as a filtered one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCount, continuous, implantInput } from '../clinic/store-test-fixtures.ts';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';

const codeOf = (res: { json: () => unknown }) =>
  (res.json() as { issue?: { details: { coding: { code: string }[] } }[] }).issue?.[0]?.details.coding[0]
    ?.code;

const backend = API_BACKENDS[0];
const SYS = { actor: 'system:test' };

describe.skipIf(backend === undefined)('board pages', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(backend!);
  });
  afterAll(() => api.dispose());

  it('the whole board on every request: one page at a time, with the total', async () => {
    const all = await api.call('nurse', 'GET', '/api/v1/board');
    expect(all.statusCode).toBe(200);
    const body = all.json<{ rows: { patientId: string }[]; total: number; page: number; limit: number }>();
    expect([body.page, body.limit, body.total]).toEqual([1, 100, body.rows.length]);
    expect(body.total).toBeGreaterThanOrEqual(2);
    const first = await api.call('nurse', 'GET', '/api/v1/board?limit=1&page=2&sort=name');
    const one = first.json<{ rows: { patientId: string; name: string }[]; total: number }>();
    expect(one.rows).toHaveLength(1);
    expect(one.total).toBe(body.total);
  });

  it('the total came from its own count: a page past the last still says how many rows all pages hold', async () => {
    const all = (await api.call('nurse', 'GET', '/api/v1/board')).json<{ total: number }>();
    const past = await api.call('nurse', 'GET', `/api/v1/board?limit=1&page=${all.total + 1}&sort=refill-by`);
    expect(past.statusCode).toBe(200);
    const body = past.json<{ rows: unknown[]; total: number }>();
    expect(body.rows).toEqual([]);
    expect(body.total).toBe(all.total);
  });

  it("the patient and programming pages looked for their patient's board row in the board's first page (a patient sorted past it had no reservoir note): ?patient= answers that row wherever it sorts, and audits that row only", async () => {
    const byName = (await api.call('nurse', 'GET', '/api/v1/board?sort=name')).json<{
      rows: { patientId: string }[];
    }>().rows;
    const last = byName.at(-1)!.patientId;
    // Not on a first page of one row: a search of the first page would not find it.
    const first = (await api.call('nurse', 'GET', '/api/v1/board?limit=1&sort=name')).json<{
      rows: { patientId: string }[];
    }>();
    expect(first.rows.map((r) => r.patientId)).not.toContain(last);
    const before = await auditCount(api.db.raw);
    const res = await api.call('nurse', 'GET', `/api/v1/board?patient=${encodeURIComponent(last)}`);
    expect(res.statusCode).toBe(200);
    const body = res.json<{ rows: { patientId: string }[]; total: number }>();
    expect([body.rows.map((r) => r.patientId), body.total]).toEqual([[last], 1]);
    expect(await auditCount(api.db.raw)).toBe(before + 1);
    const [entry] = await api.db.raw.all('select details from audit_log order by seq desc limit 1');
    expect((JSON.parse(String(entry?.['details'])) as { patients: string[] }).patients).toEqual([last]);
    const unknown = await api.call('nurse', 'GET', '/api/v1/board?patient=no-such-patient');
    expect(unknown.json<{ rows: unknown[]; total: number }>()).toMatchObject({ rows: [], total: 0 });
    expect((await api.call('patient', 'GET', `/api/v1/board?patient=${last}`)).statusCode).toBe(403);
  });

  it('a board page with its care pathway items is one audit entry, not one for the board and one more for the pathway', async () => {
    const before = await auditCount(api.db.raw);
    const res = await api.call('nurse', 'GET', '/api/v1/board?limit=5');
    expect(res.statusCode).toBe(200);
    expect(await auditCount(api.db.raw)).toBe(before + 1);
    const [entry] = await api.db.raw.all('select entity, details from audit_log order by seq desc limit 1');
    expect(entry?.['entity']).toBe('board');
    const details = JSON.parse(String(entry?.['details'])) as { patients: string[]; pathway: unknown };
    expect(details.patients).toEqual(
      res.json<{ rows: { patientId: string }[] }>().rows.map((r) => r.patientId),
    );
    expect(Array.isArray(details.pathway)).toBe(true);
  });

  it('GET /reminders read and audited every patient on each call: it returns one page with the total and audits only the rows shown', async () => {
    type Reminders = { refills: { patientId: string }[]; total: number; appointments: unknown[] };
    // Both patients on a pump with a refill-by within the year.
    const implantB = await api.store.addImplant(implantInput(api.patientB.id, 'SER-B2'), SYS);
    for (const [patientId, implantId] of [
      [api.patientA.id, api.implantA.id],
      [api.patientB.id, implantB.id],
    ] as const) {
      await api.store.appendPrescription(patientId, continuous(500, 2000), { ...SYS, expectedHeadId: null });
      await api.store.recordRefill(
        {
          patientId,
          implantId,
          at: api.clock.t,
          expectedResidualNl: 2_000_000,
          measuredResidualNl: 2_000_000,
          drug: 'baclofen',
          concentrationNgPerMl: 2_000_000,
          lot: 'L1',
          volumeAddedNl: 20_000_000,
        },
        SYS,
      );
    }
    const all = (
      await api.call('nurse', 'GET', '/api/v1/reminders?withinDays=366&limit=500')
    ).json<Reminders>();
    expect(all.total).toBe(all.refills.length);
    expect(all.total).toBeGreaterThanOrEqual(2);
    const res = await api.call('nurse', 'GET', '/api/v1/reminders?withinDays=366&limit=1&page=2');
    expect(res.statusCode, res.body).toBe(200);
    const second = res.json<Reminders>();
    expect(second.refills.map((r) => r.patientId)).toEqual([all.refills[1]?.patientId]);
    expect(second.total).toBe(all.total);
    const [entry] = await api.db.raw.all('select entity, details from audit_log order by seq desc limit 1');
    expect(entry?.['entity']).toBe('reminders');
    const details = JSON.parse(String(entry?.['details'])) as { patients: string[] };
    expect(details.patients).toEqual([all.refills[1]?.patientId]);
  });

  it('a bad page, limit, sort or filter is refused with ITB_E_INVALID_INPUT and writes nothing', async () => {
    for (const q of [
      'sort=bogus',
      'filter=overdue,nope',
      'limit=0',
      'limit=501',
      'page=0',
      'page=x',
      'unknown=1',
    ]) {
      const before = await auditCount(api.db.raw);
      const res = await api.call('nurse', 'GET', `/api/v1/board?${q}`);
      expect([q, res.statusCode, codeOf(res)]).toEqual([q, 400, 'ITB_E_INVALID_INPUT']);
      expect(await auditCount(api.db.raw)).toBe(before);
    }
  });
});
