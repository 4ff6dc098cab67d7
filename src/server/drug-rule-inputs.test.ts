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

/**
 * Finding (issue 13): opioid status was not fed. The drug library holds the Infumorph label's start ranges
 * by status (docs/clinical-reference.md §2 [C: Infumorph label, section 2]: naive 0.2–1 mg/day, tolerant
 * 1–10 mg/day), but the patient record had no status and a first prescription skipped the start rules, so
 * 5 mg/day of morphine reached the chain for a patient no one had asked about.
 */
const morphine = (doseMcgPerDay: number) => ({
  mode: 'simple-continuous',
  drug: 'morphine',
  concentrationMcgPerMl: 10_000,
  doseMcgPerDay,
});
describe.skipIf(backend?.skip !== undefined)('opioid status fed from the patient record', () => {
  let api: TestApi;
  beforeAll(async () => {
    if (backend === undefined) throw new Error('no backend');
    api = await startApi(backend);
  });
  afterAll(() => api.dispose());
  const codesOf = (r: { json: <T>() => T }) => r.json<Outcome>().issue.map((i) => i.details.coding[0]?.code);

  it('opioid status is not fed: a morphine start is refused or asked while the status is unknown, judged by it once recorded', async () => {
    const id = api.patientA.id;
    const url = `/api/v1/patients/${id}/prescriptions`;
    const start = (dose: number, justification?: string) =>
      api.call('physician', 'POST', url, {
        prescription: morphine(dose),
        expectedHeadId: null,
        phase: 'titration',
        ...(justification === undefined ? {} : { justification }),
      });
    const setStatus = (opioidStatus: string | null) =>
      api.call('nurse', 'POST', `/api/v1/patients/${id}/opioid-status`, { opioidStatus });

    // Unknown: above the naive range refused even with a justification; within it asked.
    const unknownHigh = await start(5_000, 'pain not controlled');
    expect(unknownHigh.statusCode, unknownHigh.body).toBe(422);
    expect(codesOf(unknownHigh)).toContain('ITB_R_OPIOID_STATUS_UNKNOWN');
    const unknownLow = await start(500);
    expect(unknownLow.statusCode, unknownLow.body).toBe(422);
    expect(codesOf(unknownLow)).toContain('ITB_E_CLINIC_JUSTIFICATION_REQUIRED');

    // Naive: the naive range holds.
    expect((await setStatus('naive')).json<{ opioidStatus: string }>().opioidStatus).toBe('naive');
    const naiveHigh = await start(5_000, 'pain not controlled');
    expect(naiveHigh.statusCode, naiveHigh.body).toBe(422);
    expect(codesOf(naiveHigh)).toContain('ITB_R_OPIOID_NAIVE_START_ABOVE_RANGE');

    // Bad input changes nothing.
    const bad = await setStatus('sometimes');
    expect(bad.statusCode, bad.body).toBe(400);
    expect(
      (await api.call('nurse', 'GET', `/api/v1/patients/${id}`)).json<{ opioidStatus: string }>(),
    ).toMatchObject({
      opioidStatus: 'naive',
    });

    // Tolerant: 5 mg/day is inside the tolerant start range.
    await setStatus('tolerant');
    const tolerant = await start(5_000);
    expect(tolerant.statusCode, tolerant.body).toBe(201);
  });
});
