/**
 * Finding: names, not user ids, wherever a clinician reads who did something — the audit viewer showed
 * "user:47d6…". One resolver (clinic/actor-names.ts) answers the API, the web pages (GET /api/v1/actors)
 * and the PDFs (src/reports/names-and-zone.int.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BACKENDS, emailOf, startApi, type TestApi } from './test-support.ts';

const backend = API_BACKENDS[0]!;

describe('names, not user ids', () => {
  let api: TestApi;
  let nurseActor = '';
  beforeAll(async () => {
    api = await startApi(backend);
    const nurse = await api.store.findUserForLogin(emailOf('nurse'));
    nurseActor = `user:${nurse!.user.id}`;
    const res = await api.call('nurse', 'POST', `/api/v1/patients/${api.patientA.id}/complications`, {
      kind: 'infection',
      severity: 'mild',
      description: 'pocket redness, no fever',
      implantId: api.implantA.id,
    });
    expect(res.statusCode, res.body).toBe(201);
  });
  afterAll(() => api.dispose());

  it('the audit viewer shows user ids: each entry carries its actor’s name and role', async () => {
    const res = await api.call('admin', 'GET', `/api/v1/audit?entity=complication&actor=${nurseActor}`);
    expect(res.statusCode, res.body).toBe(200);
    const entries = res.json<{ actor: string; actorName: string; actorRole: string | null }[]>();
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e).toMatchObject({ actorName: 'Test nurse', actorRole: 'nurse' });
  });

  it('one resolver for every page: a user by name and role, the system in words, a removed account as "deleted user <id>"', async () => {
    const q = [nurseActor, 'system:reminders', 'user:0000-gone'].map((a) => `actor=${a}`).join('&');
    const res = await api.call('viewer', 'GET', `/api/v1/actors?${q}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual([
      { actor: nurseActor, name: 'Test nurse', role: 'nurse' },
      { actor: 'system:reminders', name: 'the system (reminders)', role: null },
      { actor: 'user:0000-gone', name: 'deleted user 0000-gone', role: null },
    ]);
    expect((await api.call('patient', 'GET', `/api/v1/actors?${q}`)).statusCode).toBe(403);
  });
});
