/**
 * The symptom diary routes (routes/diary-routes.ts): the patient writes and reads their own diary, staff
 * only read it, another patient can do neither; the body is validated and the entry is stamped with the
 * server's clock; docs/api.md lists the routes.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BACKENDS, START, startApi, type TestApi } from './test-support.ts';

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`diary routes — ${backend.skip ?? backend.name}`, () => {
    let api: TestApi;
    let path: string;
    beforeAll(async () => {
      api = await startApi(backend);
      path = `/api/v1/patients/${api.patientA.id}/diary`;
    });
    afterAll(() => api.dispose());

    const entry = {
      date: '2024-01-01',
      spasmSeverity: 2,
      symptoms: ['itching', 'drowsiness'],
      notes: 'itchy since the morning',
    };

    it('the patient adds an entry (201, stamped with the server clock) and reads it back', async () => {
      api.clock.t = START + 3_600_000;
      const res = await api.call('patient', 'POST', path, entry);
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ ...entry, patientId: api.patientA.id, at: START + 3_600_000 });
      const list = await api.call('patient', 'GET', path);
      expect(list.statusCode).toBe(200);
      expect(list.json()).toEqual([res.json()]);
    });

    it('staff read the diary but do not write it; another patient does neither', async () => {
      for (const who of ['physician', 'nurse', 'viewer'] as const) {
        expect((await api.call(who, 'GET', path)).statusCode).toBe(200);
        expect((await api.call(who, 'POST', path, entry)).statusCode).toBe(403);
      }
      expect((await api.call('patientB', 'GET', path)).statusCode).toBe(403);
      expect((await api.call('patientB', 'POST', path, entry)).statusCode).toBe(403);
      expect((await api.call('admin', 'GET', path)).statusCode).toBe(403);
      expect((await api.call(null, 'GET', path)).statusCode).toBe(401);
    });

    it('refuses an invalid body with an OperationOutcome and writes nothing', async () => {
      const before = (await api.call('patient', 'GET', path)).json<unknown[]>().length;
      for (const bad of [
        { ...entry, spasmSeverity: 7 },
        { ...entry, symptoms: ['sneezing'] },
        { ...entry, date: 'yesterday' },
        { ...entry, at: 0 },
      ]) {
        const res = await api.call('patient', 'POST', path, bad);
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ resourceType: 'OperationOutcome' });
      }
      expect((await api.call('patient', 'GET', path)).json<unknown[]>()).toHaveLength(before);
    });

    it('a diary entry about 9999-12-31 was stored and topped the diary for ever: a day not yet begun, or before the birth date, is refused and nothing written', async () => {
      api.clock.t = START + 3_600_000;
      const before = (await api.call('patient', 'GET', path)).json<unknown[]>().length;
      for (const date of ['9999-12-31', '2024-01-03', '0001-01-01', '1975-06-14']) {
        const res = await api.call('patient', 'POST', path, { ...entry, date });
        expect(res.statusCode, date).toBe(422);
        expect(res.body).toContain('ITB_E_CLINIC_TIME_OUT_OF_RANGE');
      }
      expect((await api.call('patient', 'GET', path)).json<unknown[]>()).toHaveLength(before);
      // The birth date itself and today are days the patient can write about.
      for (const date of ['1975-06-15', '2024-01-01']) {
        expect((await api.call('patient', 'POST', path, { ...entry, date })).statusCode, date).toBe(201);
      }
    });

    it('docs/api.md lists the diary routes', () => {
      expect(readFileSync('docs/api.md', 'utf8')).toContain('P/diary');
    });
  });
}
