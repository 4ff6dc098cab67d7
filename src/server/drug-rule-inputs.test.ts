/**
 * Finding (issue 13 leftover): the drug rules' inputs that the clinic records hold were not fed from them —
 * the count of increases in the last 7 days (ziconotide: at most 3 a week, docs/clinical-reference.md §2
 * [C: Prialt label §2.2]) was left unknown, so a fourth increase in a week passed with a justification. The
 * API now counts the increases from the patient's prescription chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { continuous } from '../pump/test-fixtures.ts';
import { mcgPerMl } from '../therapy/quantities.ts';
import { pumpUrl, withPumpApi, type PumpApi } from './pump-test-rig.ts';
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
      api.clock.t += 49 * HOUR; // past the 24 h interval: only the weekly count is under test
      const r = await post(dose);
      expect(r.statusCode, r.body).toBe(201);
      head = r.json<{ record: { id: string } }>().record.id;
    }
    api.clock.t += 49 * HOUR; // past the 24 h interval: only the weekly count is under test
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
        cnsDepressantsReviewed: true,
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

/**
 * H49 (docs/hazards.md): systemic CNS depressants add to intrathecal opioids and ziconotide
 * (docs/clinical-reference.md §2). The system holds no systemic medication list, so the API asks the
 * prescriber to confirm they were reviewed before a start or an increase; without it, a justification.
 */
describe.skipIf(backend?.skip !== undefined)('systemic CNS depressants asked at the API', () => {
  let api: TestApi;
  beforeAll(async () => {
    if (backend === undefined) throw new Error('no backend');
    api = await startApi(backend, { sessionTtlMs: 30 * 24 * HOUR });
  });
  afterAll(() => api.dispose());
  const codesOf = (r: { json: <T>() => T }) => r.json<Outcome>().issue.map((i) => i.details.coding[0]?.code);

  it('H49 systemic CNS depressants: a ziconotide start or increase without the review confirmed needs a justification; confirmed, it passes', async () => {
    const url = `/api/v1/patients/${api.patientB.id}/prescriptions`;
    let head: string | null = null;
    const post = (mcg: number, extra: Record<string, unknown>) =>
      api.call('physician', 'POST', url, {
        prescription: ziconotide(mcg),
        expectedHeadId: head,
        phase: 'titration',
        ...extra,
      });
    for (const mcg of [2.4, 4.8]) {
      const unasked = await post(mcg, {});
      expect(unasked.statusCode, unasked.body).toBe(422);
      expect(codesOf(unasked)).toContain('ITB_E_CLINIC_JUSTIFICATION_REQUIRED');
      expect(codesOf(unasked)).toContain('ITB_R_CNS_DEPRESSANTS_NOT_REVIEWED');
      expect((await post(mcg, { cnsDepressantsReviewed: false })).statusCode).toBe(422);
      const confirmed = await post(mcg, { cnsDepressantsReviewed: true });
      expect(confirmed.statusCode, confirmed.body).toBe(201);
      const body = confirmed.json<{ record: { id: string }; reasons: { code: string }[] }>();
      expect(body.reasons.map((r) => r.code)).toContain('ITB_R_CNS_DEPRESSANTS_REVIEWED');
      head = body.record.id;
      api.clock.t += 72 * HOUR;
    }
  });
});

/**
 * H41 (docs/hazards.md): an opioid requirement that keeps escalating is a warning sign of a catheter-tip
 * granuloma (docs/clinical-reference.md §2). The rule compares the proposed dose with the lowest dose in
 * force in the last 90 days; the API takes that from the patient's prescription chain, never from the caller.
 */
describe.skipIf(backend?.skip !== undefined)('opioid escalation fed from the prescription chain', () => {
  let api: TestApi;
  beforeAll(async () => {
    if (backend === undefined) throw new Error('no backend');
    api = await startApi(backend, { sessionTtlMs: 120 * 24 * HOUR });
  });
  afterAll(() => api.dispose());
  const codesOf = (r: { json: <T>() => T }) => r.json<Outcome>().issue.map((i) => i.details.coding[0]?.code);

  it('H41 catheter-tip granuloma: the escalation is not fed from the prescription chain: morphine past twice its 90-day low needs a justification', async () => {
    const id = api.patientA.id;
    const url = `/api/v1/patients/${id}/prescriptions`;
    await api.call('nurse', 'POST', `/api/v1/patients/${id}/opioid-status`, { opioidStatus: 'tolerant' });
    let head: string | null = null;
    const post = (mcg: number, justification?: string) =>
      api.call('physician', 'POST', url, {
        prescription: morphine(mcg),
        expectedHeadId: head,
        phase: 'maintenance',
        cnsDepressantsReviewed: true,
        ...(justification === undefined ? {} : { justification }),
      });
    // Steps of at most 20 % a day apart: each is an ordinary step on its own.
    for (const mcg of [2_000, 2_400, 2_880, 3_450]) {
      const r = await post(mcg);
      expect(r.statusCode, r.body).toBe(201);
      head = r.json<{ record: { id: string } }>().record.id;
      api.clock.t += 25 * HOUR;
    }
    // 4.14 mg/day is more than twice the 2 mg/day in force within the last 90 days.
    const unasked = await post(4_140);
    expect(unasked.statusCode, unasked.body).toBe(422);
    expect(codesOf(unasked)).toContain('ITB_E_CLINIC_JUSTIFICATION_REQUIRED');
    expect(unasked.body).toContain('ITB_R_TITRATION_ESCALATING');
    const justified = await post(4_140, 'no new neurological signs; MRI of the tip clear last week');
    expect(justified.statusCode, justified.body).toBe(201);
  });
});

/**
 * Finding (issue 13, the simulator shows it): titrating up into an occluded catheter, then an overdose when
 * it reopens (docs/hazards.md H48). The titration rule warns while under-delivery is suspected, but the
 * clinic records never told it: a refill that found more residual than the pump calculated (under-delivery:
 * catheter occlusion or kink, docs/clinical-reference.md §3) left the next increase unquestioned.
 */
const baclofen = (doseMcgPerDay: number) => ({
  mode: 'simple-continuous',
  drug: 'baclofen',
  concentrationMcgPerMl: 500,
  doseMcgPerDay,
});
describe.skipIf(backend?.skip !== undefined)('under-delivery fed from the refill records', () => {
  let api: TestApi;
  beforeAll(async () => {
    if (backend === undefined) throw new Error('no backend');
    api = await startApi(backend, { sessionTtlMs: 30 * 24 * HOUR });
  });
  afterAll(() => api.dispose());
  const codesOf = (r: { json: <T>() => T }) => r.json<Outcome>().issue.map((i) => i.details.coding[0]?.code);

  it('titrating up into an occluded catheter is not fed from the refill records: after a refill found more residual than calculated, an increase needs a justification', async () => {
    const id = api.patientA.id;
    const url = `/api/v1/patients/${id}/prescriptions`;
    const start = await api.call('physician', 'POST', url, {
      prescription: baclofen(400),
      expectedHeadId: null,
      phase: 'titration',
    });
    expect(start.statusCode, start.body).toBe(201);
    const headId = start.json<{ record: { id: string } }>().record.id;
    const refill = (measuredResidualNl: number) =>
      api.call('nurse', 'POST', `/api/v1/patients/${id}/refills`, {
        implantId: api.implantA.id,
        expectedResidualNl: 4_000_000,
        measuredResidualNl,
        drug: 'baclofen',
        concentrationNgPerMl: 500_000,
        lot: 'LOT-1',
        volumeAddedNl: 15_000_000,
        justification: 'residual higher than calculated: catheter to be investigated',
      });
    // 2.5 mL more left than calculated in a 20 mL pump: under-delivery (> 1 mL warns [Maino 2017]).
    const higher = await refill(6_500_000);
    expect(higher.statusCode, higher.body).toBe(201);
    expect(higher.json()).toMatchObject({ reconciliation: { verdict: 'warn', discrepancyNl: 2_500_000 } });
    api.clock.t += 25 * HOUR;
    const increase = (justification?: string) =>
      api.call('physician', 'POST', url, {
        prescription: baclofen(440), // +10 %, 25 h after the last change: otherwise an ordinary step
        expectedHeadId: headId,
        phase: 'titration',
        ...(justification === undefined ? {} : { justification }),
      });
    const unasked = await increase();
    expect(unasked.statusCode, unasked.body).toBe(422);
    expect(codesOf(unasked)).toContain('ITB_E_CLINIC_JUSTIFICATION_REQUIRED');
    expect(unasked.body).toContain('ITB_R_TITRATION_DELIVERY_IN_DOUBT');
    // A refill that reconciles clears the doubt: the same step then passes unasked.
    const matched = await refill(4_000_000);
    expect(matched.json()).toMatchObject({ reconciliation: { verdict: 'ok' } });
    const after = await increase();
    expect(after.statusCode, after.body).toBe(201);
  });
});

describe('under-delivery fed to the pump titration plan', () => {
  let open: PumpApi | undefined;
  afterAll(() => open?.dispose());

  it('titrating up into an occluded catheter is not fed to the pump titration plan: after a refill found more residual than calculated, the plan warns', async () => {
    open = await withPumpApi();
    const { api, patientId, implantId } = open;
    const plan = async () =>
      (
        await api.call('physician', 'POST', pumpUrl(patientId, 'titration/plan'), {
          proposedDose: '550 mcg/day', // +10 % on 500, days after the last change: otherwise ok
          phase: 'maintenance',
        })
      ).json<{ guardrail: { verdict: string; reasons: { code: string }[] } }>().guardrail;
    expect((await plan()).verdict).toBe('ok');
    const refill = await api.call('nurse', 'POST', `/api/v1/patients/${patientId}/refills`, {
      implantId,
      expectedResidualNl: 4_000_000,
      measuredResidualNl: 6_500_000, // 2.5 mL more than calculated in a 20 mL pump: under-delivery
      drug: 'baclofen',
      concentrationNgPerMl: 2_000_000,
      lot: 'LOT-1',
      volumeAddedNl: 10_000_000,
      justification: 'residual higher than calculated: catheter to be investigated',
    });
    expect(refill.statusCode, refill.body).toBe(201);
    const doubted = await plan();
    expect(doubted.verdict).toBe('warn');
    expect(doubted.reasons.map((r) => r.code)).toContain('ITB_R_TITRATION_DELIVERY_IN_DOUBT');
  });
});

describe('opioid escalation fed to the pump titration plan', () => {
  let open: PumpApi | undefined;
  afterAll(() => open?.dispose());

  it('H41 catheter-tip granuloma: the escalation is not fed to the pump titration plan: past twice the 90-day low, the plan warns', async () => {
    const running = continuous(3_450, { drug: 'morphine', concentration: mcgPerMl(10_000) });
    open = await withPumpApi({ pump: { prescription: running }, sessionTtlMs: 30 * 24 * HOUR });
    const { api, patientId } = open;
    const sys = { actor: 'system:test' };
    let head = (await api.store.currentPrescription(patientId, sys))?.id ?? null;
    for (const mcg of [2_000, 3_450]) {
      const rx = { ...morphine(mcg) };
      head = (await api.store.appendPrescription(patientId, rx, { ...sys, expectedHeadId: head })).id;
      api.clock.t += 30 * HOUR;
    }
    const plan = async (dose: string) => {
      const r = await api.call('physician', 'POST', pumpUrl(patientId, 'titration/plan'), {
        proposedDose: dose,
        phase: 'maintenance',
      });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ guardrail: { reasons: { code: string }[] } }>().guardrail.reasons.map((x) => x.code);
    };
    expect(await plan('3.9 mg/day')).not.toContain('ITB_R_TITRATION_ESCALATING'); // 1.95× the low
    expect(await plan('4.14 mg/day')).toContain('ITB_R_TITRATION_ESCALATING'); // 2.07× the low
  });

  it('H49 systemic CNS depressants: the pump titration plan asks for the review of a ziconotide increase', async () => {
    const running = continuous(2.4, { drug: 'ziconotide', concentration: mcgPerMl(25) });
    const rig = await withPumpApi({ pump: { prescription: running }, sessionTtlMs: 30 * 24 * HOUR });
    try {
      const sys = { actor: 'system:test' };
      const head = (await rig.api.store.currentPrescription(rig.patientId, sys))?.id ?? null;
      await rig.api.store.appendPrescription(rig.patientId, ziconotide(2.4), {
        ...sys,
        expectedHeadId: head,
      });
      rig.api.clock.t += 72 * HOUR;
      const plan = async (extra: Record<string, unknown>) => {
        const r = await rig.api.call('physician', 'POST', pumpUrl(rig.patientId, 'titration/plan'), {
          proposedDose: '4.8 mcg/day',
          phase: 'titration',
          ...extra,
        });
        expect(r.statusCode, r.body).toBe(200);
        return r.json<{ guardrail: { reasons: { code: string }[] } }>().guardrail.reasons.map((x) => x.code);
      };
      expect(await plan({})).toContain('ITB_R_CNS_DEPRESSANTS_NOT_REVIEWED');
      expect(await plan({ cnsDepressantsReviewed: true })).toContain('ITB_R_CNS_DEPRESSANTS_REVIEWED');
    } finally {
      await rig.dispose();
    }
  });
});
