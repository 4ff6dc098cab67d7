/**
 * The troubleshooting guide over HTTP (src/therapy/troubleshoot, docs/troubleshooting.md): the pure plan —
 * what is in hand in, causes in order (weight of evidence, then danger) with the steps to tell them apart and
 * the remedies out — and the recorded episodes (clinic/troubleshooting): open with a symptom and findings,
 * record each step's result, close with the cause, remedy and outcome. Rules in authz-table.ts.
 */
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import {
  EPISODE_OUTCOMES,
  EPISODE_SYMPTOMS,
  STEP_IDS,
} from '../../clinic/troubleshooting/episode-records.ts';
import { CAUSE_IDS } from '../../therapy/troubleshoot/causes.ts';
import { findingsSchema } from '../../therapy/troubleshoot/findings.ts';
import { troubleshoot } from '../../therapy/troubleshoot/rank.ts';
import { episodeView, planView } from '../../clinic/troubleshooting/episode-view.ts';
import { recordFindings } from '../../clinic/troubleshooting/record-findings.ts';
import { actorOf, idSchema, instantSchema, patientParams, type ApiApp } from './common.ts';
import { anyObject, json, objectSchema } from '../api-schemas.ts';

const planSchema = anyObject('TroubleshootingPlan', 'The ranked causes and the next steps');
const episodeSchema = objectSchema(
  'TroubleshootingEpisode',
  'A recorded troubleshooting episode: symptom, findings, ranking, steps done, closing, and the plan now',
  {
    id: z.string(),
    patientId: z.string(),
    symptom: z.enum(EPISODE_SYMPTOMS),
    openedAt: z.number(),
    openedBy: z.string(),
    steps: z.array(
      objectSchema('TroubleshootingStep', 'A diagnostic step done, its result and the ranking after it', {
        at: z.number(),
        by: z.string(),
        step: z.string(),
        result: z.string(),
      }),
    ),
    closed: objectSchema('TroubleshootingClosing', 'The cause found, the remedy chosen and the outcome', {
      at: z.number(),
      by: z.string(),
      cause: z.string(),
      remedy: z.string(),
      outcome: z.string(),
    }).nullable(),
    plan: planSchema,
  },
);
const findingsFields = z.record(z.string(), z.unknown());
const episodeParams = patientParams.extend({ episodeId: idSchema });
const at = { at: instantSchema.optional() };

const P = '/api/v1/patients/:patientId/troubleshooting';

export function registerTroubleshootingRoutes(app: ApiApp, deps: RouteDeps): void {
  const { store } = deps;
  const stamp = (t: number | undefined): number => t ?? deps.now();

  app.post(
    '/api/v1/troubleshooting/plan',
    {
      schema: {
        response: { 200: json(planSchema, 'The plan') },
        tags: ['troubleshooting'],
        summary: 'Rank the causes of a malfunction presentation and list the next steps',
        body: findingsSchema,
      },
    },
    (request) => planView(troubleshoot(request.body)),
  );

  app.get(
    P,
    {
      schema: {
        response: { 200: json(z.array(episodeSchema), 'The episodes, newest first') },
        tags: ['troubleshooting'],
        summary: 'The patient’s troubleshooting episodes, newest first (reading is audited)',
        params: patientParams,
      },
    },
    async (request) =>
      (await store.listEpisodes(request.params.patientId, actorOf(request))).map(episodeView),
  );

  app.post(
    P,
    {
      schema: {
        response: { 201: json(episodeSchema, 'The episode opened, with the causes ranked') },
        tags: ['troubleshooting'],
        summary: 'Open a troubleshooting episode for a symptom with the findings in hand',
        params: patientParams,
        body: z.strictObject({ symptom: z.enum(EPISODE_SYMPTOMS), findings: findingsFields, ...at }),
      },
    },
    async (request, reply) => {
      const { at: t, findings, ...rest } = request.body;
      const { patientId } = request.params;
      const fromRecords = await recordFindings(store, patientId, actorOf(request));
      const ep = await store.openEpisode(
        { ...rest, findings: { ...findings, ...fromRecords }, patientId, at: stamp(t) },
        actorOf(request),
      );
      return reply.status(201).send(episodeView(ep));
    },
  );

  app.post(
    `${P}/:episodeId/steps`,
    {
      schema: {
        response: { 201: json(episodeSchema, 'The episode with the step recorded and the causes re-ranked') },
        tags: ['troubleshooting'],
        summary: 'Record a diagnostic step’s result and the findings it adds',
        params: episodeParams,
        body: z.strictObject({
          step: z.enum(STEP_IDS),
          result: z.string().min(1).max(500),
          findings: findingsFields.optional(),
          ...at,
        }),
      },
    },
    async (request, reply) => {
      const { at: t, findings, ...rest } = request.body;
      const { patientId, episodeId } = request.params;
      const fromRecords = await recordFindings(store, patientId, actorOf(request));
      const ep = await store.recordEpisodeStep(
        { ...rest, findings: { ...findings, ...fromRecords }, patientId, episodeId, at: stamp(t) },
        actorOf(request),
      );
      return reply.status(201).send(episodeView(ep));
    },
  );

  app.post(
    `${P}/:episodeId/close`,
    {
      schema: {
        response: { 201: json(episodeSchema, 'The closed episode') },
        tags: ['troubleshooting'],
        summary: 'Close a troubleshooting episode with the cause found, the remedy chosen and the outcome',
        params: episodeParams,
        body: z.strictObject({
          cause: z.enum(CAUSE_IDS),
          remedy: z.string().min(1).max(500),
          outcome: z.enum(EPISODE_OUTCOMES),
          note: z.string().max(2000).optional(),
          ...at,
        }),
      },
    },
    async (request, reply) => {
      const { at: t, ...rest } = request.body;
      const { patientId, episodeId } = request.params;
      const ep = await store.closeEpisode({ ...rest, patientId, episodeId, at: stamp(t) }, actorOf(request));
      return reply.status(201).send(episodeView(ep));
    },
  );
}
