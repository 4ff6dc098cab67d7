/**
 * Finding (issue 13 leftover): the drug rules' inputs that the clinic records hold were not fed from them —
 * the count of increases in the last 7 days (ziconotide: at most 3 a week, docs/clinical-reference.md §2
 * [C: Prialt label §2.2]) was left unknown, so a fourth increase in a week passed with a justification. The
 * API now counts the increases from the patient's prescription chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';

const HOUR = 3_600_000;
const ziconotide = (doseMcgPerDay: number) => ({
  mode: 'simple-continuous',
  drug: 'ziconotide',
  concentrationMcgPerMl: 25,
  doseMcgPerDay,
});
interface Outcome {
  issue: { details: { coding: { code: string }[] } }[];
}

const backend = API_BACKENDS[0];
describe.skipIf(backend?.skip !== undefined)('drug-rule inputs fed from the clinic records', () => {
  let api: TestApi;
  let url: string;
  beforeAll(async () => {
    if (backend === undefined) throw new Error('no backend');
    api = await startApi(backend, { sessionTtlMs: 30 * 24 * HOUR });
    url = `/api/v1/patients/${api.patientA.id}/prescriptions`;
  });
  afterAll(() => api.dispose());

  it('the weekly count of titration steps is not fed from the clinic records: a 4th ziconotide increase in 7 days is refused', async () => {
    let head: string | null = null;
    const post = (dose: number) =>
      api.call('physician', 'POST', url, {
        prescription: ziconotide(dose),
        expectedHeadId: head,
        phase: 'titration',
        justification: 'pain not controlled',
      });
    const start = await post(2.4);
    expect(start.statusCode, start.body).toBe(201);
    head = start.json<{ record: { id: string } }>().record.id;
    for (const dose of [4.8, 7.2, 9.6]) {
      api.clock.t += 49 * HOUR; // the label reading keeps increases 48 h apart
      const r = await post(dose);
      expect(r.statusCode, r.body).toBe(201);
      head = r.json<{ record: { id: string } }>().record.id;
    }
    api.clock.t += 49 * HOUR; // the label reading keeps increases 48 h apart
    const fourth = await post(12);
    expect(fourth.statusCode, fourth.body).toBe(422);
    const codes = fourth.json<Outcome>().issue.map((i) => i.details.coding[0]?.code);
    expect(codes).toContain('ITB_R_TITRATION_WEEKLY_COUNT_REACHED');
    expect(codes).not.toContain('ITB_R_TITRATION_WEEKLY_COUNT_UNKNOWN');
  });
});
