/**
 * GET /api/v1/patients/:patientId/advice (routes/advice-routes.ts, docs/advice.md): a patient's recorded
 * screening trial is fitted and the advised path comes back with each step's guardrail verdict; a patient
 * without a responding trial is refused with ITB_E_ADVISE_INVALID_TRIAL as an OperationOutcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationInput } from '../clinic/pathway/pathway-fixtures.ts';
import { implantInput, patientInput } from '../clinic/store-test-fixtures.ts';
import { API_BACKENDS, START, startApi, type TestApi } from './test-support.ts';

const DAY = 86_400_000;
const mas = (grade: string) => [
  { muscleGroup: 'hip adductors', side: 'left', grade },
  { muscleGroup: 'hip adductors', side: 'right', grade },
  { muscleGroup: 'knee extensors', side: 'left', grade },
  { muscleGroup: 'knee extensors', side: 'right', grade },
];
const at = (minutes: number, grade: string) => ({ minutesAfterDose: minutes, mas: mas(grade) });
const stripHead = (x: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(x).filter(([k]) => !['patientId', 'at', 'implantId'].includes(k)));
const continuous = (doseMcgPerDay: number, drug = 'baclofen') => ({
  mode: 'simple-continuous',
  drug,
  concentrationMcgPerMl: drug === 'baclofen' ? 2000 : 25_000,
  doseMcgPerDay,
});
type Answer = {
  advice: {
    steps: {
      day: number;
      doseMcgPerDay: number;
      changePercent: number | null;
      reasons: { code: string }[];
    }[];
  };
  basis: { kind: string; trialAt: number; infusionSince: number | null; why: string | null };
};

/** A registered patient with the candidacy evaluation and a responding screening bolus (50 µg). */
async function trialledPatient(api: TestApi, n: number): Promise<string> {
  const reg = await api.call(
    'nurse',
    'POST',
    '/api/v1/patients',
    patientInput(n, { birthDate: '1975-05-05' }),
  );
  const id = reg.json<{ id: string }>().id;
  const ev = evaluationInput(id, api.clock.t - 40 * DAY);
  await api.call('physician', 'POST', `/api/v1/patients/${id}/evaluations`, { ...stripHead(ev), at: ev.at });
  const trial = {
    doseNg: 50_000,
    concentrationNgPerMl: 50_000,
    volumeNl: 1_000_000,
    method: 'lumbar-puncture',
    // Tone 3 before the bolus, down to 1+–2 for hours: a response (clinical-reference §1.1).
    assessments: [
      at(0, '3'),
      at(60, '3'),
      at(120, '2'),
      at(240, '1+'),
      at(360, '2'),
      at(480, '2'),
      at(600, '3'),
    ],
    responded: true,
    effectHours: 6,
    at: api.clock.t - 30 * DAY,
  };
  const r = await api.call('physician', 'POST', `/api/v1/patients/${id}/trials`, trial);
  expect(r.statusCode, r.body).toBe(201);
  return id;
}

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`dosing advice route — ${backend.skip ?? backend.name}`, () => {
    let api: TestApi;
    beforeAll(async () => {
      // Sessions outlive the clock's jump past the first year of an infusion.
      api = await startApi(backend, { sessionTtlMs: 500 * DAY });
    });
    afterAll(() => api.dispose());

    it('fits the recorded trial and advises a path the guardrails pass; no trial → ITB_E_ADVISE_INVALID_TRIAL', async () => {
      const reg = await api.call(
        'nurse',
        'POST',
        '/api/v1/patients',
        patientInput(8, { birthDate: '1975-05-05' }),
      );
      const id = reg.json<{ id: string }>().id;
      const P = `/api/v1/patients/${id}`;
      const none = await api.call('viewer', 'GET', `${P}/advice`);
      expect(none.statusCode).toBe(422);
      expect(none.body).toContain('ITB_E_ADVISE_INVALID_TRIAL');

      const ev = evaluationInput(id, START - 40 * DAY);
      await api.call('physician', 'POST', `${P}/evaluations`, { ...stripHead(ev), at: ev.at });
      const trial = {
        doseNg: 50_000,
        concentrationNgPerMl: 50_000,
        volumeNl: 1_000_000,
        method: 'lumbar-puncture',
        // Tone 3 before the bolus, down to 1+–2 for hours: a response (clinical-reference §1.1).
        assessments: [
          at(0, '3'),
          at(60, '3'),
          at(120, '2'),
          at(240, '1+'),
          at(360, '2'),
          at(480, '2'),
          at(600, '3'),
        ],
        responded: true,
        effectHours: 6,
        at: START - 30 * DAY,
      };
      expect((await api.call('physician', 'POST', `${P}/trials`, trial)).statusCode).toBe(201);

      const r = await api.call('nurse', 'GET', `${P}/advice?goal=1.5&seed=3`);
      expect(r.statusCode).toBe(200);
      const body = r.json<{
        fit: { observations: number; map: Record<string, number> };
        advice: { steps: { doseMcgPerDay: number; guardrail: { verdict: string } }[] };
        basis: { kind: string };
      }>();
      // No pump programmed yet: the start path is the advice for now.
      expect(body.basis.kind).toBe('start');
      expect(body.fit.observations).toBe(7);
      expect(body.advice.steps[0]?.doseMcgPerDay).toBe(100);
      for (const s of body.advice.steps) expect(s.guardrail.verdict).not.toBe('block');
      expect((await api.call('patient', 'GET', `${P}/advice`)).statusCode).toBe(403);
      expect((await api.call('nurse', 'GET', `${P}/advice?goal=9`)).statusCode).toBe(400);
    }, 60_000);

    it('the model-informed dosing box is for intrathecal baclofen only: a patient on morphine is told the model does not apply', async () => {
      const id = api.patientA.id;
      const P = `/api/v1/patients/${id}`;
      expect(
        (await api.call('nurse', 'POST', `${P}/opioid-status`, { opioidStatus: 'tolerant' })).statusCode,
      ).toBe(200);
      const rx = await api.call('physician', 'POST', `${P}/prescriptions`, {
        prescription: {
          mode: 'simple-continuous',
          drug: 'morphine',
          concentrationMcgPerMl: 25_000,
          doseMcgPerDay: 3_000,
        },
        expectedHeadId: null,
        phase: 'titration',
        cnsDepressantsReviewed: true,
      });
      expect(rx.statusCode, rx.body).toBe(201);
      const r = await api.call('physician', 'GET', `${P}/advice`);
      expect(r.statusCode).toBe(422);
      expect(r.body).toContain('ITB_E_ADVISE_DRUG_NOT_MODELLED');
      expect(r.body).toContain('does not apply to morphine (the prescription in force)');
      expect(r.body).not.toContain('screening bolus');
    });

    it("advice on the programming page showed the trial's start path to a patient on 330 mcg/day: once infused, the path continues from today's dose; past the first year it is said to be the path advised at the start", async () => {
      const id = await trialledPatient(api, 9);
      const P = `/api/v1/patients/${id}`;
      const implant = await api.store.addImplant(implantInput(id, 'SER-9'), { actor: 'system:test' });
      const since = api.clock.t;
      const program = async (dose: number, drug = 'baclofen') => {
        const head = await api.store.currentPrescription(id, { actor: 'system:test' });
        await api.store.appendPrescription(id, continuous(dose, drug), {
          actor: 'system:test',
          expectedHeadId: head?.id ?? null,
          implantId: implant.id,
          justification: 'test history',
        });
      };
      await program(100);
      api.clock.t += 10 * DAY;
      await program(300);
      api.clock.t += 20 * DAY + 3_600_000;
      await program(330);
      api.clock.t += 2 * DAY;

      const now = (await api.call('physician', 'GET', `${P}/advice?seed=3`)).json<Answer>();
      expect(now.basis).toMatchObject({ kind: 'continued', infusionSince: since, why: null });
      expect(now.advice.steps[0]).toMatchObject({ day: 32, doseMcgPerDay: 330, changePercent: null });
      expect(now.advice.steps[0]?.reasons.map((r) => r.code)).toContain('ITB_R_ADVISE_CONTINUED');
      expect(now.advice.steps.every((s) => s.doseMcgPerDay >= 330)).toBe(true);

      // A dose changed less than a day ago: not yet a day on it, so no path from it.
      await program(360);
      const changed = (await api.call('physician', 'GET', `${P}/advice?seed=3`)).json<Answer>();
      expect(changed.basis.kind).toBe('advised-at-start');
      expect(changed.basis.why).toContain('less than a day ago');

      api.clock.t = since + 400 * DAY;
      const late = (await api.call('physician', 'GET', `${P}/advice?seed=3`)).json<Answer>();
      expect(late.basis.kind).toBe('advised-at-start');
      expect(late.basis.why).toContain('more than a year ago');
      expect(late.basis.trialAt).toBe(since - 30 * DAY);
      expect(late.advice.steps[0]).toMatchObject({ day: 0, doseMcgPerDay: 100, changePercent: null });

      // The clinic stops the pump: the advice offered the next step up from a dose the pump was not giving.
      const control = (workflow: 'stop' | 'resume') =>
        api.store.recordProgrammingSession(
          {
            patientId: id,
            implantId: implant.id,
            at: api.clock.t,
            interrogation: { workflow, write: { status: 'verified' } },
            diff: [],
          },
          { actor: 'system:test' },
        );
      await control('stop');
      const stopped = (await api.call('physician', 'GET', `${P}/advice?seed=3`)).json<Answer>();
      expect(stopped.basis.kind).toBe('advised-at-start');
      expect(stopped.basis.why).toMatch(/stopped on .* no resume is recorded: the restart plan decides/);
      // With the stop's alert (as programmer/stop-resume.ts raises it) the board says no drug is delivered.
      await api.store.raiseAlert(
        {
          patientId: id,
          implantId: implant.id,
          kind: 'withdrawal-risk',
          severity: 'warning',
          message: 'Delivery stopped (test)',
          cause: { kind: 'delivery-stopped' },
        },
        { actor: 'system:test' },
      );
      const said = (await api.call('physician', 'GET', `${P}/advice?seed=3`)).json<Answer>();
      expect(said.basis.why).toMatch(
        /no drug is delivered since .* \(the clinic stopped delivery\): the restart plan decides/,
      );
      api.clock.t += 3_600_000;
      await control('resume');
      const resumed = (await api.call('physician', 'GET', `${P}/advice?seed=3`)).json<Answer>();
      expect(resumed.basis.why).toMatch(/stopped on .* and resumed/);
    }, 60_000);
  });
}
