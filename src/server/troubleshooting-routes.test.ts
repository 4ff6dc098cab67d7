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

describe('recorded troubleshooting episodes over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(backend);
  });
  afterAll(() => api.dispose());

  interface EpisodeAnswer {
    id: string;
    steps: { step: string; by: string }[];
    closed: { outcome: string; remedy: string } | null;
    plan: { candidates: { id: string; remedies: string[] }[] };
  }

  it('a nurse opens, a physician records a step and closes; viewers read; the answers carry the plan', async () => {
    const P = `/api/v1/patients/${api.patientA.id}/troubleshooting`;
    const opened = await api.call('nurse', 'POST', P, {
      symptom: 'more-spasticity',
      findings: { reservoirMl: 20, calculatedResidualMl: 12, residualDiscrepancyMl: -4 },
    });
    expect(opened.statusCode).toBe(201);
    const ep = opened.json<EpisodeAnswer>();
    expect(ep.plan.candidates.slice(0, 2).map((c) => c.id)).toContain('catheter-disconnection-or-leak');

    const step = await api.call('physician', 'POST', `${P}/${ep.id}/steps`, {
      step: 'imaging',
      result: 'contrast leaves the catheter at the pump',
      findings: { imaging: 'leak-at-pump' },
    });
    expect(step.statusCode).toBe(201);
    const after = step.json<EpisodeAnswer>();
    expect(after.plan.candidates[0]!.id).toBe('catheter-disconnection-or-leak');
    const remedy = after.plan.candidates[0]!.remedies[1]!;

    const wrong = await api.call('physician', 'POST', `${P}/${ep.id}/close`, {
      cause: 'catheter-disconnection-or-leak',
      remedy: 'refill now',
      outcome: 'resolved',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ resourceType: 'OperationOutcome' });

    const close = { cause: 'catheter-disconnection-or-leak', remedy, outcome: 'referred' };
    expect((await api.call('physician', 'POST', `${P}/${ep.id}/close`, close)).statusCode).toBe(201);
    expect((await api.call('physician', 'POST', `${P}/${ep.id}/close`, close)).statusCode).toBe(409);

    const list = await api.call('viewer', 'GET', P);
    expect(list.statusCode).toBe(200);
    const [read] = list.json<EpisodeAnswer[]>();
    expect(read).toMatchObject({ id: ep.id, closed: { outcome: 'referred', remedy } });
    expect(read!.steps).toMatchObject([{ step: 'imaging' }]);
  });

  it('refuses viewers and patients a write, and answers a bad step with a 400 that writes nothing', async () => {
    const P = `/api/v1/patients/${api.patientA.id}/troubleshooting`;
    const body = { symptom: 'leakage', findings: { reservoirMl: 20 } };
    expect((await api.call('viewer', 'POST', P, body)).statusCode).toBe(403);
    expect((await api.call('patient', 'POST', P, body)).statusCode).toBe(403);
    expect((await api.call('patient', 'GET', P)).statusCode).toBe(403);
    const ep = (await api.call('nurse', 'POST', P, body)).json<EpisodeAnswer>();
    const bad = await api.call('nurse', 'POST', `${P}/${ep.id}/steps`, { step: 'palpation', result: 'x' });
    expect(bad.statusCode).toBe(400);
    const badFinding = await api.call('nurse', 'POST', `${P}/${ep.id}/steps`, {
      step: 'imaging',
      result: 'x',
      findings: { imaging: 'blurry' },
    });
    expect(badFinding.statusCode).toBe(400);
    const read = (await api.call('nurse', 'GET', P)).json<EpisodeAnswer[]>().find((e) => e.id === ep.id);
    expect(read!.steps).toEqual([]);
  });
});

/**
 * H41 (docs/hazards.md): whether the patient is on an intrathecal opioid comes from the records (the
 * prescription in force), not from what the caller typed, so a morphine patient's loss of effect or new
 * neurological signs rank the catheter-tip granuloma, and a baclofen patient's do not.
 */
describe('troubleshooting findings the records settle', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(backend);
    // Patient B is on intrathecal morphine; patient A on baclofen (prescribed here when not yet).
    const morphine = {
      mode: 'simple-continuous',
      drug: 'morphine',
      concentrationMcgPerMl: 10_000,
      doseMcgPerDay: 5_000,
    };
    await api.store.appendPrescription(api.patientB.id, morphine, {
      actor: 'system:test',
      expectedHeadId: null,
    });
    const baclofen = await api.store.currentPrescription(api.patientA.id, { actor: 'system:test' });
    if (baclofen === null) {
      await api.store.appendPrescription(
        api.patientA.id,
        { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 500, doseMcgPerDay: 300 },
        { actor: 'system:test', expectedHeadId: null },
      );
    }
  });
  afterAll(() => api.dispose());

  type Answer = { id: string; plan: { candidates: { id: string; remedies: string[] }[] } };
  const open = (patientId: string, findings: Record<string, unknown>) =>
    api.call('nurse', 'POST', `/api/v1/patients/${patientId}/troubleshooting`, {
      symptom: 'more-spasticity',
      findings: { reservoirMl: 20, neurologicalSigns: true, ...findings },
    });

  it("H41 catheter-tip granuloma is not fed from the records: a morphine patient's new neurological signs rank the granuloma first", async () => {
    const first = (r: { json: <T>() => T }) => r.json<Answer>().plan.candidates[0]?.id;
    const onMorphine = await open(api.patientB.id, { intrathecalOpioid: false });
    expect(onMorphine.statusCode, onMorphine.body).toBe(201);
    expect(first(onMorphine)).toBe('catheter-tip-granuloma');
    const onBaclofen = await open(api.patientA.id, { intrathecalOpioid: true });
    expect(onBaclofen.statusCode, onBaclofen.body).toBe(201);
    expect(first(onBaclofen)).not.toBe('catheter-tip-granuloma');
  });

  it('a morphine patient was told to bridge with "oral baclofen for baclofen": the remedies for a loss of delivery are the drug’s own (causes.ts remediesOf), and closing with the morphine remedy is accepted', async () => {
    const onMorphine = await open(api.patientB.id, {});
    expect(onMorphine.statusCode, onMorphine.body).toBe(201);
    const ep = onMorphine.json<Answer>();
    expect(ep.plan.candidates.flatMap((c) => c.remedies).filter((r) => r.includes('baclofen'))).toEqual([]);
    const disconnect = ep.plan.candidates.find((c) => c.id === 'catheter-disconnection-or-leak');
    const remedy = disconnect?.remedies.find((r) => r.includes('restore intrathecal delivery'));
    expect(remedy).toMatch(/^treat as morphine withdrawal risk: .*treat the pain by another route/);
    const closed = await api.call(
      'physician',
      'POST',
      `/api/v1/patients/${api.patientB.id}/troubleshooting/${ep.id}/close`,
      { cause: 'catheter-disconnection-or-leak', remedy, outcome: 'resolved', note: 'catheter revised' },
    );
    expect(closed.statusCode, closed.body).toBe(201);
    const onBaclofen = await open(api.patientA.id, {});
    expect(onBaclofen.statusCode, onBaclofen.body).toBe(201);
    const baclofenRemedies = onBaclofen.json<Answer>().plan.candidates.flatMap((c) => c.remedies);
    expect(baclofenRemedies.some((r) => r.includes('bridge with oral baclofen'))).toBe(true);
  });
});
