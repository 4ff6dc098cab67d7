/**
 * The care pathway (docs/workflows.md "Care pathway", docs/api.md): candidacy evaluations with the team's
 * decision, post-operative checks, explants, and the derived pathway view (stage, first programme,
 * post-operative items due, battery projection and replacement plan). Rules in authz-table.ts.
 */
import {
  implantFromProcedure,
  implantProcedureSchema,
  pumpFromProcedure,
} from '../../clinic/pathway/implant-procedure.ts';
import { evaluationFieldsSchema, indicationFits } from '../../clinic/pathway/evaluation-records.ts';
import { explantBodySchema } from '../../clinic/pathway/explant-records.ts';
import { pathwayView } from '../../clinic/pathway/pathway-view.ts';
import { pumpReplacementInputSchema } from '../../clinic/pathway/pump-replacement.ts';
import { ItbError } from '../../therapy/codes.ts';
import { operationInstant } from '../../clinic/clinical-time.ts';
import { postOpCheckBodySchema, postOpConcerns } from '../../clinic/pathway/postop-checks.ts';
import { epochMs } from '../../therapy/quantities.ts';
import type { RouteDeps } from '../app.ts';
import { z } from 'zod';
import { anyObject, evaluationSchema, explantSchema, json, postOpCheckSchema } from '../api-schemas.ts';
import { actorOf, idSchema, instantSchema, patientParams, type ApiApp } from './common.ts';

const P = '/api/v1/patients/:patientId';
const at = { at: instantSchema.optional() };
const implantParams = patientParams.extend({ implantId: idSchema });
/** A replacement as the route takes it: the new pump as an implant procedure (its catheter volume computed). */
const replacementBodySchema = z.strictObject({
  procedure: implantProcedureSchema,
  programme: pumpReplacementInputSchema.shape.programme,
  explant: pumpReplacementInputSchema.shape.explant,
  ...at,
});

export function registerPathwayRoutes(app: ApiApp, deps: RouteDeps): void {
  const { store } = deps;
  const stamp = (t: number | undefined): number => t ?? deps.now();

  app.get(
    `${P}/pathway`,
    {
      schema: {
        tags: ['pathway'],
        summary: 'The patient’s stage on the care pathway, with what is due next',
        params: patientParams,
        response: {
          200: json(
            anyObject('PathwayView', 'Stage, first programme, post-operative items due, battery projection'),
            'The pathway view',
          ),
        },
      },
    },
    (request) => pathwayView(store, request.params.patientId, actorOf(request), epochMs(deps.now())),
  );

  app.get(
    `${P}/evaluations`,
    {
      schema: {
        tags: ['pathway'],
        summary: 'Candidacy evaluations, oldest first',
        params: patientParams,
        response: { 200: json(z.array(evaluationSchema), 'The evaluations') },
      },
    },
    (request) => store.listEvaluations(request.params.patientId, actorOf(request)),
  );
  app.post(
    `${P}/evaluations`,
    {
      schema: {
        tags: ['pathway'],
        summary: 'Record a candidacy evaluation and the multidisciplinary team’s decision',
        params: patientParams,
        body: evaluationFieldsSchema.extend(at).superRefine(indicationFits),
        response: { 201: json(evaluationSchema, 'The evaluation as recorded') },
      },
    },
    async (request, reply) => {
      const { at: t, ...rest } = request.body;
      const input = { ...rest, patientId: request.params.patientId, at: stamp(t) };
      return reply.status(201).send(await store.recordEvaluation(input, actorOf(request)));
    },
  );

  app.post(
    `${P}/implant-procedure`,
    {
      schema: {
        tags: ['pathway'],
        summary:
          'Record the implant procedure: the catheter volume is computed from its length; pairs the keys',
        params: patientParams,
        body: implantProcedureSchema,
        response: {
          201: json(
            anyObject('ImplantProcedureResult', 'The implant as recorded and the catheter volume computed'),
            'The implant and its catheter volume',
          ),
        },
      },
    },
    async (request, reply) => {
      const { implant, volume } = implantFromProcedure(request.params.patientId, request.body, deps.now());
      const saved = await store.addImplant(implant, actorOf(request));
      return reply.status(201).send({ implant: saved, catheterVolume: volume.view });
    },
  );

  app.get(
    `${P}/postop-checks`,
    {
      schema: {
        tags: ['pathway'],
        summary: 'Post-operative checks, oldest first',
        params: patientParams,
        response: { 200: json(z.array(postOpCheckSchema), 'The checks') },
      },
    },
    (request) => store.listPostOpChecks(request.params.patientId, actorOf(request)),
  );
  app.post(
    `${P}/implants/:implantId/postop-checks`,
    {
      schema: {
        tags: ['pathway'],
        summary: 'Record a post-operative check of an implant (wound, temperature, CSF leak signs …)',
        params: implantParams,
        body: postOpCheckBodySchema.extend(at),
        response: { 201: json(postOpCheckSchema, 'The check as recorded, with what needs attention') },
      },
    },
    async (request, reply) => {
      const { at: t, ...rest } = request.body;
      const { patientId, implantId } = request.params;
      const check = await store.recordPostOpCheck(
        { ...rest, patientId, implantId, at: stamp(t) },
        actorOf(request),
      );
      return reply.status(201).send({ ...check, concerns: postOpConcerns(check) });
    },
  );

  app.get(
    `${P}/explants`,
    {
      schema: {
        tags: ['pathway'],
        summary: 'Pumps taken out, oldest first',
        params: patientParams,
        response: { 200: json(z.array(explantSchema), 'The explants') },
      },
    },
    (request) => store.listExplants(request.params.patientId, actorOf(request)),
  );
  app.post(
    `${P}/implants/:implantId/explant`,
    {
      schema: {
        tags: ['pathway'],
        summary: 'Record that the pump was taken out (replacement or another reason); its history is kept',
        params: implantParams,
        body: explantBodySchema.extend(at),
        response: { 201: json(explantSchema, 'The explant as recorded') },
      },
    },
    async (request, reply) => {
      const { at: t, ...rest } = request.body;
      const { patientId, implantId } = request.params;
      return reply
        .status(201)
        .send(await store.recordExplant({ ...rest, patientId, implantId, at: stamp(t) }, actorOf(request)));
    },
  );

  app.post(
    `${P}/implants/:implantId/replacement`,
    {
      schema: {
        tags: ['pathway'],
        summary:
          'Replace the pump in one transaction: the new pump (procedure and initial fill), its programme, and this pump’s explant',
        params: implantParams,
        body: replacementBodySchema,
        response: {
          201: json(
            anyObject(
              'PumpReplacementResult',
              'The new implant, its programme, the explant and the catheter volume',
            ),
            'The replacement as recorded',
          ),
        },
      },
    },
    async (request, reply) => {
      const { patientId, implantId } = request.params;
      const { procedure, programme, explant, at: t } = request.body;
      if (procedure.initialFill === undefined) {
        throw new ItbError(
          'ITB_E_INVALID_INPUT',
          'a replacement pump is filled at surgery: record its initial fill (drug, concentration, volume, lot)',
        );
      }
      // The new pump is filled at surgery: its fill is dated the operation, as the explant is (before, a
      // replacement recorded the day after showed the new pump filled a day after the old one came out).
      const { at, timeKnown } = operationInstant(procedure.implantDate, deps.now(), t);
      const { pump: newPump, volume } = pumpFromProcedure(procedure, at);
      const done = await store.replacePump(
        { patientId, oldImplantId: implantId, at, timeKnown, newPump, programme, explant },
        actorOf(request),
      );
      return reply.status(201).send({ ...done, catheterVolume: volume.view });
    },
  );
}
