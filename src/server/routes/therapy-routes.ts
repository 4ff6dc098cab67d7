/**
 * Prescriptions (an append-only chain with compare-and-set on the head), programming sessions and refills.
 * Appending runs the titration guardrail here (titration-gate.ts) and the store's own validation; the
 * response carries both verdicts and all reasons. Refills are reconciled by the store (therapy/
 * reconcile.ts); the verdict and reasons come back with the record.
 */
import { datesView } from '../../clinic/dates-view.ts';
import { checkRefillBooking } from '../../clinic/booking-check.ts';
import { z } from 'zod';
import { refillBodySchema, sessionBodySchema } from '../../clinic/clinical-records.ts';
import { getProfile } from '../../pump/profiles.ts';
import { prescriptionSchema } from '../../therapy/prescription-json.ts';
import { verdictOf, worse } from '../../therapy/verdict.ts';
import type { RouteDeps } from '../app.ts';
import { deviceGate, prescribedImplant } from '../device-gate.ts';
import { chainLastDoseChangeAt, titrationGate } from '../titration-gate.ts';
import { actorOf, idSchema, instantSchema, patientParams, type ApiApp } from './common.ts';
import {
  json,
  objectSchema,
  prescriptionSchema as prescriptionRecordSchema,
  reasonApiSchema,
  refillSchema,
  sessionSchema,
} from '../api-schemas.ts';

const appendBody = z.strictObject({
  prescription: prescriptionSchema,
  /** The chain head the change was based on (null for the first prescription). */
  expectedHeadId: idSchema.nullable(),
  implantId: idSchema.optional(),
  /** Why a soft limit is overridden; required when a guardrail warns. */
  justification: z.string().trim().min(1).max(4000).optional(),
  /** Titration (step) rules differ in the titration and maintenance phases (docs/clinical-reference.md §1.4). */
  phase: z.enum(['titration', 'maintenance']).default('maintenance'),
  /**
   * The prescriber confirms the patient's systemic CNS depressants were reviewed: asked of every start or
   * increase of an opioid or ziconotide, which warns without it (docs/hazards.md H49).
   */
  cnsDepressantsReviewed: z.boolean().optional(),
});

const sessionBody = sessionBodySchema.extend({ implantId: idSchema, at: instantSchema.optional() });
const refillBody = refillBodySchema.extend({ implantId: idSchema, at: instantSchema.optional() });

export function registerTherapyRoutes(app: ApiApp, deps: RouteDeps): void {
  const { store } = deps;

  app.get(
    '/api/v1/patients/:patientId/prescriptions',
    {
      schema: {
        response: { 200: json(z.array(prescriptionRecordSchema), 'The chain') },
        tags: ['prescriptions'],
        summary: 'The prescription chain, oldest first',
        params: patientParams,
      },
    },
    (request) => store.prescriptionChain(request.params.patientId, actorOf(request)),
  );

  app.get(
    '/api/v1/patients/:patientId/prescriptions/current',
    {
      schema: {
        response: {
          200: json(
            objectSchema('CurrentPrescription', 'The prescription in force and the server clock', {
              current: prescriptionRecordSchema.nullable(),
              asOf: z.number(),
              /**
               * When the chain's dose last changed (null: no prescription): the titration wait runs from
               * it, not from the last record (a new strength at the same dose is no change).
               */
              lastDoseChangeAt: z.number().nullable(),
            }),
            'The prescription in force',
          ),
        },
        tags: ['prescriptions'],
        summary:
          'The prescription in force (null if none), and the server clock (asOf, epoch ms) so a client ' +
          'times "hours since the last change" on the same clock as the server, from lastDoseChangeAt',
        params: patientParams,
      },
    },
    async (request) => {
      const ctx = actorOf(request);
      const chain = await store.prescriptionChain(request.params.patientId, ctx);
      return {
        current: await store.currentPrescription(request.params.patientId, ctx),
        asOf: deps.now(),
        lastDoseChangeAt: chainLastDoseChangeAt(chain) ?? null,
      };
    },
  );

  app.get(
    '/api/v1/patients/:patientId/dates',
    {
      schema: {
        response: {
          200: json(
            objectSchema('PatientDates', "The patient's projected dates (epoch ms or null) and status", {
              asOf: z.number(),
              status: z.string(),
              concerns: z.array(reasonApiSchema),
              battery: reasonApiSchema
                .nullable()
                .describe(
                  'The pump battery said once: EOS, or ERI with its projected EOS (critical before refill-by)',
                ),
              therapy: z
                .object({
                  runs: prescriptionSchema.describe('What the pump holds and runs'),
                  pending: prescriptionSchema
                    .nullable()
                    .describe('The prescription whose contents the next refill brings in, or null'),
                })
                .nullable()
                .describe(
                  'What is in the pump and what it runs (never a new prescription not yet refilled into it), ' +
                    'and a prescription waiting for its refill; null with no prescription or no pump in place',
                ),
              notDelivering: z
                .object({
                  since: z.number().nullable(),
                  sinceTimeKnown: z
                    .boolean()
                    .describe(
                      'False when only the day of `since` is on record (`since` is then its first instant): say the day alone',
                    ),
                  causes: z.array(z.string()),
                  projected: z.boolean(),
                })
                .nullable()
                .describe(
                  'The pump delivers no drug (empty, stopped by the clinic, a condition it reports that stops ' +
                    'delivery; projected: only past its calculated end of service), since when and why; null ' +
                    'while nothing on record says so',
                ),
            }),
            'The dates',
          ),
        },
        tags: ['prescriptions'],
        summary:
          "The patient's dates from the one projection every page and paper uses (refill-by, low-reservoir " +
          'alarm, empty, status), the open refill booking with its concerns (the booking check), or the refill ' +
          'booking that passed with no refill (passedBooking, a missed visit), and the battery ' +
          'statement (ERI or EOS, compared with refill-by)',
        params: patientParams,
      },
    },
    async (request) => {
      const { patientId } = request.params;
      const ctx = actorOf(request);
      return datesView(store, patientId, ctx, deps.now());
    },
  );

  app.post(
    '/api/v1/patients/:patientId/prescriptions',
    {
      schema: {
        response: {
          201: json(
            objectSchema(
              'PrescriptionAppended',
              'The new chain entry with the guardrail verdict and every reason',
              {
                record: prescriptionRecordSchema,
                verdict: z.enum(['ok', 'warn', 'block']),
                reasons: z.array(z.looseObject({ code: z.string() })),
              },
            ),
            'Prescribed',
          ),
        },
        tags: ['prescriptions'],
        summary:
          'Prescribe or titrate (physician): guardrails run; a block is refused (422) with its reasons, ' +
          'a warning needs `justification`, a stale `expectedHeadId` is refused (409)',
        params: patientParams,
        body: appendBody,
      },
    },
    async (request, reply) => {
      const { patientId } = request.params;
      const body = request.body;
      const ctx = actorOf(request);
      const patient = await store.getPatient(patientId, ctx);
      const head = await store.currentPrescription(patientId, ctx);
      let minimumRateFlow;
      if (body.implantId !== undefined) {
        const implant = await store.getImplant(body.implantId, ctx);
        minimumRateFlow = getProfile(implant.deviceProfileId).minimumRateFlow.value;
      }
      const titration = titrationGate(
        {
          patient,
          head,
          proposed: body.prescription,
          phase: body.phase,
          now: deps.now(),
          ...(minimumRateFlow === undefined ? {} : { minimumRateFlow }),
          chain: await store.prescriptionChain(patientId, ctx),
          refills: await store.listRefills(patientId, ctx),
          cnsDepressantsReviewed: body.cnsDepressantsReviewed === true,
        },
        body.justification,
      );
      const implant = prescribedImplant(
        await store.listImplants(patientId, ctx),
        await store.listExplants(patientId, ctx),
        body.implantId,
      );
      const device = deviceGate(implant, body.prescription, deps.now(), body.justification);
      const record = await store.appendPrescription(patientId, body.prescription, {
        ...ctx,
        expectedHeadId: body.expectedHeadId,
        ...(body.implantId === undefined ? {} : { implantId: body.implantId }),
        ...(body.justification === undefined ? {} : { justification: body.justification }),
      });
      await checkRefillBooking(store, patientId, ctx, deps.now(), { entity: 'prescription', id: record.id });
      return reply.status(201).send({
        record,
        verdict: worse(worse(record.verdict, titration.verdict), verdictOf(device).verdict),
        reasons: [...record.reasons, ...titration.reasons, ...device],
        titration,
      });
    },
  );

  app.get(
    '/api/v1/patients/:patientId/sessions',
    {
      schema: {
        response: { 200: json(z.array(sessionSchema), 'The sessions') },
        tags: ['sessions'],
        summary: 'Programming sessions',
        params: patientParams,
      },
    },
    (request) => store.listProgrammingSessions(request.params.patientId, actorOf(request)),
  );

  app.post(
    '/api/v1/patients/:patientId/sessions',
    {
      schema: {
        response: { 201: json(sessionSchema, 'The session, recorded') },
        tags: ['sessions'],
        summary: 'Record a programming session (interrogation, diff, guardrail, justification)',
        params: patientParams,
        body: sessionBody,
      },
    },
    async (request, reply) => {
      const { at, ...rest } = request.body;
      const ctx = actorOf(request);
      const session = await store.recordProgrammingSession(
        { ...rest, patientId: request.params.patientId, at: at ?? deps.now() },
        ctx,
      );
      // A session can move refill-by (a dose, a reservoir read): re-check the booking (booking-check.ts).
      await checkRefillBooking(store, session.patientId, ctx, deps.now(), {
        entity: 'programming-session',
        id: session.id,
      });
      return reply.status(201).send(session);
    },
  );

  app.get(
    '/api/v1/patients/:patientId/refills',
    {
      schema: {
        response: { 200: json(z.array(refillSchema), 'The refills') },
        tags: ['refills'],
        summary: 'Refills with their reconciliation, oldest first',
        params: patientParams,
      },
    },
    (request) => store.listRefills(request.params.patientId, actorOf(request)),
  );

  app.post(
    '/api/v1/patients/:patientId/refills',
    {
      schema: {
        response: { 201: json(refillSchema, 'The refill, recorded and reconciled') },
        tags: ['refills'],
        summary:
          'Record a refill: the residuals are reconciled (> 1 mL in a 20 mL pump, > 2 mL in a 40 mL pump ' +
          'warns); adding drug after a warning needs `justification`',
        params: patientParams,
        body: refillBody,
      },
    },
    async (request, reply) => {
      const { at, ...rest } = request.body;
      const ctx = actorOf(request);
      const refill = await store.recordRefill(
        { ...rest, patientId: request.params.patientId, at: at ?? deps.now() },
        ctx,
      );
      await checkRefillBooking(store, refill.patientId, ctx, deps.now(), { entity: 'refill', id: refill.id });
      return reply.status(201).send(refill);
    },
  );
}
