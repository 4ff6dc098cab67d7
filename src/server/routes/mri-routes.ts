/**
 * MRI preparation and follow-up over HTTP (clinic/mri, docs/workflows.md "MRI preparation and follow-up";
 * hazards H43 and H44): plan a scan for an implant, a physician's acceptance of drug left in a valve pump's
 * reservoir, mark the scan ready (a valve pump's reservoir emptied: the aspirated volume against the volume
 * expected) and record it done, which raises the "pump not interrogated since" alert. Rules in
 * authz-table.ts.
 */
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { mlToNl } from '../../therapy/quantities.ts';
import { reasonSchema } from '../../therapy/reason-schema.ts';
import { actorOf, idSchema, instantSchema, patientParams, type ApiApp } from './common.ts';
import { json, objectSchema } from '../api-schemas.ts';

const step = { at: z.number(), by: z.string() };
const emptyingSchema = objectSchema(
  'MriEmptying',
  'The valve pump’s reservoir aspirated before the scan: the volumes (nL), whether it is emptied and why',
  {
    expectedNl: z.number(),
    aspiratedNl: z.number(),
    emptied: z.boolean(),
    reasons: z.array(reasonSchema),
  },
);
const scanSchema = objectSchema(
  'MriScan',
  'A planned MRI: what the pump’s MRI rule asks, a physician’s acceptance, readiness and the scan done',
  {
    id: z.string(),
    patientId: z.string(),
    implantId: z.string(),
    deviceProfileId: z.string(),
    plannedAt: z.number(),
    plannedBy: z.string(),
    plannedFor: z.number(),
    note: z.string(),
    rule: objectSchema('MriRule', 'What an MRI asks of this pump (docs/clinical-reference.md §3 MRI)', {
      before: z.enum(['empty-reservoir', 'nothing']),
      duringScan: z.string(),
      interrogateAfter: z.boolean(),
      alertSeverity: z.enum(['critical', 'warning']),
      source: z.string(),
    }),
    acceptance: objectSchema('MriAcceptance', 'A physician’s justified acceptance of drug in the reservoir', {
      ...step,
      justification: z.string(),
    }).nullable(),
    ready: objectSchema('MriReady', 'The scan marked ready, with the emptying and the reasons', {
      ...step,
      emptying: emptyingSchema.nullable(),
      reasons: z.array(reasonSchema),
    }).nullable(),
    done: objectSchema('MriDone', 'The scan done', step).nullable(),
    state: z.enum(['planned', 'ready', 'done']),
  },
);
const scanParams = patientParams.extend({ mriId: idSchema });
const at = { at: instantSchema.optional() };

const P = '/api/v1/patients/:patientId';

export function registerMriRoutes(app: ApiApp, deps: RouteDeps): void {
  const { store } = deps;
  const stamp = (t: number | undefined): number => t ?? deps.now();
  const created = (what: string) => ({ 201: json(scanSchema, what) });

  app.get(
    `${P}/mri`,
    {
      schema: {
        response: { 200: json(z.array(scanSchema), 'The scans, newest plan first') },
        tags: ['mri'],
        summary: 'The patient’s planned and done MRI scans (reading is audited)',
        params: patientParams,
      },
    },
    async (request) => store.listMris(request.params.patientId, actorOf(request)),
  );

  app.post(
    `${P}/implants/:implantId/mri`,
    {
      schema: {
        response: created('The scan planned, with what its preparation asks'),
        tags: ['mri'],
        summary: 'Plan an MRI for the patient with this pump',
        params: patientParams.extend({ implantId: idSchema }),
        body: z.strictObject({ plannedFor: instantSchema, note: z.string().max(2000).optional(), ...at }),
      },
    },
    async (request, reply) => {
      const { at: t, ...rest } = request.body;
      const { patientId, implantId } = request.params;
      const scan = await store.planMri({ ...rest, patientId, implantId, at: stamp(t) }, actorOf(request));
      return reply.status(201).send(scan);
    },
  );

  app.post(
    `${P}/mri/:mriId/acceptance`,
    {
      schema: {
        response: created('The scan with the acceptance recorded'),
        tags: ['mri'],
        summary:
          'A physician accepts scanning a valve-gated pump with drug in its reservoir (the small bolus its closing valve delivers), with a justification',
        params: scanParams,
        body: z.strictObject({ justification: z.string().min(10).max(2000), ...at }),
      },
    },
    async (request, reply) => {
      const { at: t, justification } = request.body;
      const { patientId, mriId } = request.params;
      const scan = await store.acceptMriBolus(
        { patientId, mriId, justification, at: stamp(t) },
        actorOf(request),
      );
      return reply.status(201).send(scan);
    },
  );

  app.post(
    `${P}/mri/:mriId/ready`,
    {
      schema: {
        response: created('The scan marked ready'),
        tags: ['mri'],
        summary:
          'Mark the scan ready: a valve-gated pump’s reservoir emptied (the aspirated volume reconciled with the volume expected) or accepted by a physician; refused otherwise (ITB_E_MRI_RESERVOIR_NOT_EMPTIED, nothing recorded)',
        params: scanParams,
        body: z.strictObject({
          emptying: z
            .strictObject({ expectedMl: z.number().min(0).max(100), aspiratedMl: z.number().min(0).max(100) })
            .optional(),
          ...at,
        }),
      },
    },
    async (request, reply) => {
      const { at: t, emptying } = request.body;
      const { patientId, mriId } = request.params;
      const scan = await store.markMriReady(
        {
          patientId,
          mriId,
          at: stamp(t),
          emptying:
            emptying === undefined
              ? null
              : { expectedNl: mlToNl(emptying.expectedMl), aspiratedNl: mlToNl(emptying.aspiratedMl) },
        },
        actorOf(request),
      );
      return reply.status(201).send(scan);
    },
  );

  app.post(
    `${P}/mri/:mriId/done`,
    {
      schema: {
        response: created('The scan recorded done'),
        tags: ['mri'],
        summary:
          'Record the scan done (`at`: when): the pump carries a “not interrogated since” alert until an interrogation after the scan is recorded',
        params: scanParams,
        body: z.strictObject({ ...at }),
      },
    },
    async (request, reply) => {
      const { patientId, mriId } = request.params;
      const scan = await store.recordMriDone(
        { patientId, mriId, at: stamp(request.body.at) },
        actorOf(request),
      );
      return reply.status(201).send(scan);
    },
  );
}
