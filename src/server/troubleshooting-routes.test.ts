/**
 * The troubleshooting guide through the real app (authorization table, error handler): clinicians get the
 * ranked causes and next steps, others are refused, malformed findings are a 400 naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';

const backend = API_BACKENDS[0]!;

describe('POST /api/v1/troubleshooting/plan', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(backend);
  });
  afterAll(() => api.dispose());

  it('ranks an empty-reservoir alarm with more spasticity first, with interrogation already done', async () => {
    const res = await api.call('nurse', 'POST', '/api/v1/troubleshooting/plan', {
      presentations: ['more-spasticity'],
      activeAlarms: ['empty-reservoir'],
      reservoirMl: 20,
      calculatedResidualMl: 0.4,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ candidates: { id: string; because: string[] }[]; nextSteps: { id: string }[] }>();
    expect(body.candidates[0]!.id).toBe('reservoir-empty-or-low');
    expect(body.candidates[0]!.because.join(' ')).toMatch(/empty/);
    expect(body.nextSteps.map((s) => s.id)).not.toContain('interrogate');
  });

  it('refuses viewers and patients, and anonymous callers', async () => {
    const f = { presentations: ['leakage'], reservoirMl: 20 };
    expect((await api.call('viewer', 'POST', '/api/v1/troubleshooting/plan', f)).statusCode).toBe(403);
    expect((await api.call('patient', 'POST', '/api/v1/troubleshooting/plan', f)).statusCode).toBe(403);
    expect((await api.call(null, 'POST', '/api/v1/troubleshooting/plan', f)).statusCode).toBe(401);
  });

  it('answers malformed findings with a 400 OperationOutcome', async () => {
    const res = await api.call('physician', 'POST', '/api/v1/troubleshooting/plan', {
      presentations: ['hiccups'],
      reservoirMl: 20,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ resourceType: 'OperationOutcome' });
  });
});
