/**
 * Screening trials, assessments, complications, appointments and alerts: each a list and a record route
 * under the patient, plus the clinic-wide appointment and open-alert lists for the staff.
 */
import { BOARD_ALERTS_ACTOR } from '../../clinic/alert-board-state.ts';
import { bookChecked } from '../../clinic/booking-check.ts';
import { resolveChecked } from '../../clinic/alert-resolve.ts';
import { z } from 'zod';
import {
  alertBodySchema,
  alertInputSchema,
  appointmentBookingSchema,
  assessmentBodySchema,
  complicationBodySchema,
  trialBodySchema,
} from '../../clinic/clinical-records.ts';
import type { ActorContext } from '../../clinic/records.ts';
import { ItbError } from '../../therapy/codes.ts';
import type { RouteDeps } from '../app.ts';
import { principalOf } from '../auth/hook.ts';
import {
  INSTANT_MAX,
  actorOf,
  idSchema,
  instantSchema,
  patientParams,
  queryInt,
  type ApiApp,
} from './common.ts';
import {
  alertSchema,
  appointmentSchema,
  checkedAppointmentSchema,
  assessmentSchema,
  complicationSchema,
  json,
  trialSchema,
} from '../api-schemas.ts';

const at = { at: instantSchema.optional() };
const trialBody = trialBodySchema.extend(at);
const assessmentBody = assessmentBodySchema.extend(at);
const complicationBody = complicationBodySchema.extend({
  ...at,
  implantId: idSchema.nullable().default(null),
});
const appointmentBody = appointmentBookingSchema.extend({
  at: instantSchema,
  implantId: idSchema.nullable().default(null),
});
const alertBody = alertBodySchema.extend({
  implantId: idSchema.nullable().default(null),
  kind: alertInputSchema.shape.kind,
  severity: alertInputSchema.shape.severity,
});
const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
const alertState = z.enum(['open', 'acknowledged', 'unresolved', 'resolved', 'all']);
const note = z.string().trim().min(1).max(2000);

export function registerEventRoutes(app: ApiApp, deps: RouteDeps): void {
  const { store } = deps;
  const stamp = (t: number | undefined): number => t ?? deps.now();

  app.get(
    '/api/v1/patients/:patientId/trials',
    {
      schema: {
        response: { 200: json(z.array(trialSchema), 'The trials') },
        tags: ['trials'],
        summary: 'Screening trials',
        params: patientParams,
      },
    },
    (request) => store.listTrials(request.params.patientId, actorOf(request)),
  );
  app.post(
    '/api/v1/patients/:patientId/trials',
    {
      schema: {
        response: { 201: json(trialSchema, 'The trial, recorded') },
        tags: ['trials'],
        summary: 'Record a screening trial',
        params: patientParams,
        body: trialBody,
      },
    },
    async (request, reply) => {
      const { at: t, ...rest } = request.body;
      const input = { ...rest, patientId: request.params.patientId, at: stamp(t) };
      return reply.status(201).send(await store.recordTrial(input, actorOf(request)));
    },
  );

  app.get(
    '/api/v1/patients/:patientId/assessments',
    {
      schema: {
        response: { 200: json(z.array(assessmentSchema), 'The assessments') },
        tags: ['assessments'],
        summary: 'Tone and side-effect assessments',
        params: patientParams,
      },
    },
    (request) => store.listAssessments(request.params.patientId, actorOf(request)),
  );
  app.post(
    '/api/v1/patients/:patientId/assessments',
    {
      schema: {
        response: { 201: json(assessmentSchema, 'The assessment, recorded') },
        tags: ['assessments'],
        summary: 'Record an assessment',
        params: patientParams,
        body: assessmentBody,
      },
    },
    async (request, reply) => {
      const { at: t, ...rest } = request.body;
      const input = { ...rest, patientId: request.params.patientId, at: stamp(t) };
      return reply.status(201).send(await store.recordAssessment(input, actorOf(request)));
    },
  );

  app.get(
    '/api/v1/patients/:patientId/complications',
    {
      schema: {
        response: { 200: json(z.array(complicationSchema), 'The complications') },
        tags: ['complications'],
        summary: 'Complications',
        params: patientParams,
      },
    },
    (request) => store.listComplications(request.params.patientId, actorOf(request)),
  );
  app.post(
    '/api/v1/patients/:patientId/complications',
    {
      schema: {
        response: { 201: json(complicationSchema, 'The complication, recorded') },
        tags: ['complications'],
        summary: 'Record a complication',
        params: patientParams,
        body: complicationBody,
      },
    },
    async (request, reply) => {
      const { at: t, ...rest } = request.body;
      const input = { ...rest, patientId: request.params.patientId, at: stamp(t) };
      return reply.status(201).send(await store.recordComplication(input, actorOf(request)));
    },
  );

  app.get(
    '/api/v1/patients/:patientId/appointments',
    {
      schema: {
        response: { 200: json(z.array(appointmentSchema), 'The appointments') },
        tags: ['appointments'],
        summary: "A patient's appointments",
        params: patientParams,
      },
    },
    (request) => store.listAppointments({ patientId: request.params.patientId }, actorOf(request)),
  );
  app.post(
    '/api/v1/patients/:patientId/appointments',
    {
      schema: {
        response: { 201: json(checkedAppointmentSchema, 'The appointment, booked, with its concerns') },
        tags: ['appointments'],
        summary: 'Book an appointment',
        params: patientParams,
        body: appointmentBody,
      },
    },
    async (request, reply) => {
      const input = { ...request.body, patientId: request.params.patientId };
      return reply.status(201).send(await bookChecked(store, input, actorOf(request), deps.now()));
    },
  );
  app.get(
    '/api/v1/appointments',
    {
      schema: {
        response: { 200: json(z.array(appointmentSchema), 'The appointments') },
        tags: ['appointments'],
        summary: 'Appointments starting in [from, to) (epoch ms)',
        querystring: z.strictObject({
          from: queryInt(0, INSTANT_MAX).optional(),
          to: queryInt(0, INSTANT_MAX).optional(),
        }),
      },
    },
    (request) => {
      const { from, to } = request.query;
      return store.listAppointments(
        { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) },
        actorOf(request),
      );
    },
  );

  app.get(
    '/api/v1/patients/:patientId/alerts',
    {
      schema: {
        response: { 200: json(z.array(alertSchema), 'The alerts') },
        tags: ['alerts'],
        summary:
          "A patient's alerts, critical first (all states unless `state` or openOnly=true narrows them)",
        params: patientParams,
        querystring: z.strictObject({ openOnly: booleanQuery.optional(), state: alertState.optional() }),
      },
    },
    async (request) => {
      const { openOnly, state } = request.query;
      // What the board reports now is in the list (alert-board-state.ts).
      await store.syncBoardAlerts(BOARD_ALERTS_ACTOR, request.params.patientId);
      return store.alertInbox(
        { patientId: request.params.patientId, state: state ?? (openOnly === true ? 'unresolved' : 'all') },
        actorOf(request),
      );
    },
  );
  app.post(
    '/api/v1/patients/:patientId/alerts',
    {
      schema: {
        response: { 201: json(alertSchema, 'The alert, raised') },
        tags: ['alerts'],
        summary: 'Raise an alert',
        params: patientParams,
        body: alertBody,
      },
    },
    async (request, reply) => {
      const input = { ...request.body, patientId: request.params.patientId };
      return reply.status(201).send(await store.raiseAlert(input, actorOf(request)));
    },
  );
  /** The alert, if it is this patient's (a patient id in the path never reaches another's alert). */
  const patientsAlert = async (patientId: string, alertId: string, ctx: ActorContext) => {
    const alert = (await store.listAlerts({ patientId }, ctx)).find((a) => a.id === alertId);
    if (alert === undefined) {
      throw new ItbError('ITB_E_CLINIC_NOT_FOUND', `patient ${patientId} has no alert ${alertId}`);
    }
    return alert;
  };
  app.post(
    '/api/v1/patients/:patientId/alerts/:alertId/acknowledge',
    {
      schema: {
        response: { 200: json(alertSchema, 'The alert, acknowledged') },
        tags: ['alerts'],
        summary: 'Acknowledge an open alert with a note: seen, and what is being done',
        params: patientParams.extend({ alertId: idSchema }),
        body: z.strictObject({ note: note }),
      },
    },
    async (request) => {
      const { patientId, alertId } = request.params;
      const ctx = actorOf(request);
      await patientsAlert(patientId, alertId, ctx);
      return store.acknowledgeAlert(alertId, request.body.note, ctx);
    },
  );
  app.post(
    '/api/v1/patients/:patientId/alerts/:alertId/resolve',
    {
      schema: {
        response: { 200: json(alertSchema, 'The alert, resolved') },
        tags: ['alerts'],
        summary: 'Resolve an open or acknowledged alert with a note (`note`, or `resolution` as before)',
        params: patientParams.extend({ alertId: idSchema }),
        body: z
          .strictObject({ resolution: note.optional(), note: note.optional() })
          .refine((b) => (b.resolution === undefined) !== (b.note === undefined), {
            message: 'give the note saying how the alert was resolved (note, or resolution)',
          }),
      },
    },
    async (request) => {
      const { patientId, alertId } = request.params;
      const ctx = actorOf(request);
      const alert = await patientsAlert(patientId, alertId, ctx);
      const note = request.body.note ?? request.body.resolution ?? '';
      return resolveChecked(store, alert, note, ctx, deps.now());
    },
  );
  app.get(
    '/api/v1/alerts',
    {
      schema: {
        response: { 200: json(z.array(alertSchema), 'The alerts with patient name and MRN') },
        tags: ['alerts'],
        summary:
          'The alert inbox: alerts with patient name and MRN, critical first (state: open = not yet ' +
          'acknowledged, acknowledged, unresolved = both (the default), resolved, all). scope=mine (the ' +
          'default) lists what the caller’s role acts on — every critical alert, and by kind (docs/workflows.md ' +
          '"Alerts per role"); scope=all lists every alert',
        querystring: z.strictObject({
          openOnly: booleanQuery.optional(),
          state: alertState.optional(),
          patientId: idSchema.optional(),
          scope: z.enum(['mine', 'all']).optional(),
        }),
      },
    },
    async (request) => {
      const { openOnly, state, patientId, scope } = request.query;
      await store.syncBoardAlerts(BOARD_ALERTS_ACTOR, patientId);
      return store.alertInbox(
        {
          state: state ?? (openOnly === false ? 'all' : 'unresolved'),
          ...(patientId === undefined ? {} : { patientId }),
          ...(scope === 'all' ? {} : { forRole: principalOf(request).role }),
        },
        actorOf(request),
      );
    },
  );
}
