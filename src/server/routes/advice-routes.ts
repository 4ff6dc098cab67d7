/**
 * Model-informed dosing for the clinicians (docs/advice.md): the patient's recorded screening trial fitted
 * and the suggested path, each step with the guardrails' verdict and the predicted probability of overdose
 * signs — the start path before anything is programmed on a pump, the path continued from today's dose once
 * the patient is infused, or, when it cannot continue, the start path said to be what was advised at the
 * start and why. Read-only: advice is never programmed from here.
 */
import { z } from 'zod';
import { advise } from '../../advise/advice.ts';
import { requireModelledDrug } from '../../advise/drug-scope.ts';
import { fitSummary, fitTrial } from '../../advise/fit.ts';
import { trialInputFromRecords } from '../../advise/from-records.ts';
import { adviceBasis, infusionFromRecords } from '../../advise/infusion-from-records.ts';
import { deliveryStops } from '../../clinic/delivery-stop.ts';
import { implantInUse } from '../../clinic/implant-in-use.ts';
import { notDelivering, type NotDelivering } from '../../clinic/not-delivering.ts';
import { patientDates } from '../../clinic/patient-dates.ts';
import { patientDrug } from '../../clinic/patient-drug.ts';
import { clinicTimeZone } from '../../clinic/time-zone.ts';
import type { RouteDeps } from '../app.ts';
import { json, objectSchema } from '../api-schemas.ts';
import { actorOf, patientParams, queryDecimal, queryInt, type ApiApp } from './common.ts';

const adviceQuery = z.strictObject({
  goal: queryDecimal(0, 3.9).optional(),
  seed: queryInt(0, 2 ** 32 - 1).optional(),
});

const basisSchema = z
  .strictObject({
    kind: z.enum(['start', 'continued', 'advised-at-start']).meta({
      description:
        "start: nothing programmed on a pump yet, the trial's start path is the advice for now; continued: " +
        "the path continues from today's dose after the doses given since the infusion's start; " +
        'advised-at-start: the patient is infused but the path cannot continue (why), so the steps are the ' +
        'path advised at the start, not a plan for now',
    }),
    trialAt: z.number().meta({ description: 'When the screening trial began (epoch ms)' }),
    infusionSince: z.number().nullable().meta({ description: "The infusion's start (epoch ms), when known" }),
    why: z.string().nullable().meta({ description: 'Why the path does not continue from today (in words)' }),
  })
  .meta({ description: 'Where the advised path begins and what the steps are for a clinician now' });

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
    basis: basisSchema,
  },
);

/** A pump known not to deliver (not merely projected past its end of service), or null. */
const certain = (nd: NotDelivering | null): NotDelivering | null => (nd?.projected === false ? nd : null);

/** Registers GET /api/v1/patients/:patientId/advice. */
export function registerAdviceRoutes(app: ApiApp, deps: RouteDeps): void {
  const { store, now } = deps;
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
      const implants = await store.listImplants(patient.id, actor);
      const receives = patientDrug(await store.currentPrescription(patient.id, actor), implants);
      requireModelledDrug(receives?.drug ?? null, receives?.from ?? '');
      const trials = await store.listTrials(request.params.patientId, actor);
      const input = trialInputFromRecords(patient, trials, clinicTimeZone());
      const inUse = implantInUse(implants, await store.listExplants(patient.id, actor));
      const sessions = inUse === undefined ? [] : await store.listProgrammingSessions(patient.id, actor);
      const infusion = infusionFromRecords(
        await store.prescriptionChain(patient.id, actor),
        inUse?.id,
        now(),
        clinicTimeZone(),
        inUse === undefined ? [] : deliveryStops(sessions, inUse.id),
        certain(notDelivering(await patientDates(store, patient.id, actor, now()))),
      );
      const fit = fitTrial(input.trial);
      const advice = advise({
        fit,
        screeningDoseMcg: input.screeningDoseMcg,
        effectHours: input.effectHours,
        origin: input.origin,
        ...(input.ageYears === undefined ? {} : { ageYears: input.ageYears }),
        ...(request.query.goal === undefined ? {} : { goalMeanMas: request.query.goal }),
        seed: request.query.seed ?? 1,
        ...(infusion.kind === 'continued' ? { given: infusion.given } : {}),
      });
      return {
        fit: { ...fitSummary(fit) },
        advice: { ...advice },
        basis: adviceBasis(infusion, input.startedAt),
      };
    },
  );
}
