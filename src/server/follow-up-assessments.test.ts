/**
 * Follow-up assessments outside the trial (issue 12 item 6): MAS by muscle group, Penn spasm frequency,
 * pain on the 0–10 NRS and Goal Attainment Scaling −2..+2 are recorded and read back on both databases,
 * and a score outside its scale's definition (docs/clinical-reference.md §4) is refused and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';

const follow = {
  mas: [
    { muscleGroup: 'hip adductors', side: 'left', grade: '1+' },
    { muscleGroup: 'knee extensors', side: 'right', grade: '2' },
  ],
  pennSpasm: 1,
  painNrs: 4,
  goals: [
    { goal: 'transfers bed to chair with one helper', score: 0 },
    { goal: 'sleeps through the night without spasms', score: 1 },
  ],
};

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`follow-up assessments on ${backend.name}`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startApi(backend);
    });
    afterAll(() => api.dispose());
    const url = () => `/api/v1/patients/${api.patientA.id}/assessments`;

    it('records MAS by muscle group, Penn, pain NRS and goal attainment, and reads them back', async () => {
      const res = await api.call('nurse', 'POST', url(), follow);
      expect(res.statusCode, res.body).toBe(201);
      const list = await api.call('nurse', 'GET', url());
      expect(list.json()).toEqual([expect.objectContaining(follow)]);
    });

    it.each([
      ['pain 11 on the 0–10 NRS', { ...follow, painNrs: 11 }],
      ['pain 2.5 (the NRS has whole numbers)', { ...follow, painNrs: 2.5 }],
      ['a goal scored +3 (GAS is −2..+2)', { ...follow, goals: [{ goal: 'walks 10 m', score: 3 }] }],
      ['a goal without words', { ...follow, goals: [{ goal: ' ', score: 0 }] }],
      ['Penn 5 (the score is 0–4)', { ...follow, pennSpasm: 5 }],
    ])('refuses %s and changes nothing', async (_what, body) => {
      const before = (await api.call('nurse', 'GET', url())).json<unknown[]>().length;
      const res = await api.call('nurse', 'POST', url(), body);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('ITB_E_');
      expect((await api.call('nurse', 'GET', url())).json<unknown[]>()).toHaveLength(before);
    });
  });
}
