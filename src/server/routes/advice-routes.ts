/**
 * Model-informed dosing for the clinicians (docs/advice.md): the patient's recorded screening trial fitted
 * and the suggested start dose and titration path, each step with the guardrails' verdict and the predicted
 * probability of overdose signs. Read-only: advice is never programmed from here.
 */
import { z } from 'zod';
import { advise } from '../../advise/advice.ts';
import { requireModelledDrug } from '../../advise/drug-scope.ts';
import { fitSummary, fitTrial } from '../../advise/fit.ts';
import { trialInputFromRecords } from '../../advise/from-records.ts';
import { patientDrug } from '../../clinic/patient-drug.ts';
import { clinicTimeZone } from '../../clinic/time-zone.ts';
import type { RouteDeps } from '../app.ts';
import { json, objectSchema } from '../api-schemas.ts';
import { actorOf, patientParams, queryDecimal, queryInt, type ApiApp } from './common.ts';

const adviceQuery = z.strictObject({
  goal: queryDecimal(0, 3.9).optional(),
  seed: queryInt(0, 2 ** 32 - 1).optional(),
});

const adviceSchema = objectSchema(
  'DosingAdvice',
  'The fitted trial and the advised start and titration path',
  {
    fit: z
      .looseObject({})
      .meta({ description: 'MAP values, priors and posterior SD of the fitted parameters' }),
    advice: z.looseObject({}).meta({
      description: 'Goal, steps (dose, predicted tone, overdose probability, guardrail verdict) and reasons',
    }),
  },
);

/** Registers GET /api/v1/patients/:patientId/advice. */
export function registerAdviceRoutes(app: ApiApp, deps: RouteDeps): void {
  const { store } = deps;
  app.get(
    '/api/v1/patients/:patientId/advice',
    {
      schema: {
        response: { 200: json(adviceSchema, 'The advice (not a prescription)') },
        tags: ['trials'],
        summary: 'Model-informed start dose and titration path from the screening trial',
        params: patientParams,
        querystring: adviceQuery,
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const patient = await store.getPatient(request.params.patientId, actor);
      const receives = patientDrug(
        await store.currentPrescription(patient.id, actor),
        await store.listImplants(patient.id, actor),
      );
      requireModelledDrug(receives?.drug ?? null, receives?.from ?? '');
      const trials = await store.listTrials(request.params.patientId, actor);
      const input = trialInputFromRecords(patient, trials, clinicTimeZone());
      const fit = fitTrial(input.trial);
      const advice = advise({
        fit,
        screeningDoseMcg: input.screeningDoseMcg,
        effectHours: input.effectHours,
        origin: input.origin,
        ...(input.ageYears === undefined ? {} : { ageYears: input.ageYears }),
        ...(request.query.goal === undefined ? {} : { goalMeanMas: request.query.goal }),
        seed: request.query.seed ?? 1,
      });
      return { fit: { ...fitSummary(fit) }, advice: { ...advice } };
    },
  );
}
