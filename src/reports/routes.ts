/**
 * PDF routes, thin like the FHIR ones: load from the store (audited views naming the actor), build the data,
 * render. Authorization is the server's (routeId in the route config; optional `deps.authorize`).
 *
 * - `GET /api/v1/patients/:id/emergency-card.pdf`          (routeId `reports.emergency-card`)
 * - `GET /api/v1/refills/:id/report.pdf?patientId=<id>`    (routeId `reports.refill-report`): the store has
 *   no look-up of a refill by id alone, so the patient is named in the query.
 * - `GET /api/v1/patients/:id/session-summary.pdf?day=YYYY-MM-DD` (routeId `reports.session-summary`): the
 *   visit of one clinic day (default today in the clinic's zone) for the chart.
 */
import { notDelivering } from '../clinic/not-delivering.ts';
import { isoDay, isoDayText } from '../therapy/date-text.ts';
import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify';
import type { Refill } from '../clinic/clinical-records.ts';
import { patientDates, patientDatesAsOf } from '../clinic/patient-dates.ts';
import { knownAt } from '../clinic/pump-contents.ts';
import { batteryConcern, projectedEos } from '../clinic/battery-concern.ts';
import { passedRefillBooking } from '../clinic/refill-booking.ts';
import { therapyRecords } from '../clinic/running-prescription.ts';
import type { ClinicStore } from '../clinic/store.ts';
import { ItbError } from '../therapy/codes.ts';
import type { ActorContext } from '../clinic/records.ts';
import { emergencyCardPdf } from './emergency-card.ts';
import { refillReportData, refillReportPdf, type RefillReportData } from './refill-report.ts';
import { emergencyCardData, standingAppointments } from './report-data.ts';
import { currentImplant } from './report-records.ts';
import { sessionSummaryPdf } from './session-summary.ts';
import { sessionSummarySource } from './session-summary-source.ts';
import { z } from 'zod';
import { pdf, zodCompilers } from '../server/api-schemas.ts';
import { idSchema } from '../server/routes/common.ts';
import { actorLabel } from '../clinic/actor-names.ts';

export const REPORT_ROUTE_IDS = {
  emergencyCard: 'reports.emergency-card',
  refillReport: 'reports.refill-report',
  sessionSummary: 'reports.session-summary',
} as const;
export type ReportRouteId = (typeof REPORT_ROUTE_IDS)[keyof typeof REPORT_ROUTE_IDS];

export interface ReportRouteDeps {
  readonly store: ClinicStore;
  readonly actorOf: (request: FastifyRequest) => string;
  /** The clinic's IANA time zone for the dates printed (clinic/time-zone.ts); default UTC. */
  readonly timeZone?: string;
  /** Clock for the card's issue date and "next" appointments; default Date.now. */
  readonly now?: () => number;
  readonly authorize?: (
    request: FastifyRequest,
    access: { readonly routeId: ReportRouteId; readonly patientId?: string; readonly refillId?: string },
  ) => void | Promise<void>;
}

const routeConfig = (routeId: ReportRouteId) =>
  ({ routeId }) as FastifyContextConfig & { routeId: ReportRouteId };

/**
 * What the refill report prints for `refill`: the prescription in force when the refill was recorded and
 * the dates of the one projection (clinic/patient-dates.ts) as the records stood then — the same dates
 * the board and the wizard showed right after the refill — said passed or superseded when printed at
 * `printedAt` after them (default: at the refill).
 */
export async function refillReportSource(
  store: ClinicStore,
  patientId: string,
  refill: Refill,
  ctx: ActorContext,
  printedAt: number = refill.at,
): Promise<RefillReportData> {
  const at = knownAt(refill);
  const chain = await store.prescriptionChain(patientId, ctx);
  const dates = await patientDatesAsOf(store, patientId, ctx, at);
  const refills = await store.listRefills(patientId, ctx);
  return refillReportData({
    patient: await store.getPatient(patientId, ctx),
    implant: await store.getImplant(refill.implantId, ctx),
    refill,
    prescription: chain.filter((p) => p.createdAt <= at).at(-1) ?? null,
    // The booking this refill (or a later one) closed is never printed as the next date.
    appointments: standingAppointments(await store.listAppointments({ patientId }, ctx), refills, refill.at),
    dates,
    printedAt,
    refills,
    notDelivering: notDelivering(dates),
    performedBy: (await store.resolveActors([refill.createdBy])).map(actorLabel).join(''),
  });
}

/** Registers the report routes on `app`. */
export function registerReportRoutes(app: FastifyInstance, deps: ReportRouteDeps): void {
  const now = deps.now ?? (() => Date.now());
  const pdfOptions = deps.timeZone === undefined ? {} : { timeZone: deps.timeZone };

  app.get<{ Params: { id: string } }>(
    '/api/v1/patients/:id/emergency-card.pdf',
    {
      ...zodCompilers,
      config: routeConfig(REPORT_ROUTE_IDS.emergencyCard),
      schema: {
        tags: ['reports'],
        summary: "The patient's emergency card (PDF)",
        params: z.strictObject({ id: idSchema }),
        response: { 200: pdf('The emergency card') },
      },
      preHandler: async (req) =>
        deps.authorize?.(req, { routeId: REPORT_ROUTE_IDS.emergencyCard, patientId: req.params.id }),
    },
    async (req, reply) => {
      const ctx = { actor: deps.actorOf(req) };
      const id = req.params.id;
      const patient = await deps.store.getPatient(id, ctx);
      const implant = currentImplant(
        await deps.store.listImplants(id, ctx),
        await deps.store.listExplants(id, ctx),
        id,
      );
      const appointments = await deps.store.listAppointments({ patientId: id }, ctx);
      const t = now();
      const refills = await deps.store.listRefills(id, ctx);
      const dates = await patientDates(deps.store, id, ctx, t);
      const eosAt = await projectedEos(deps.store, id, ctx, t);
      // Who prescribed what the pump runs, never only the chain's head (a prescription pending its refill).
      const records = therapyRecords(await deps.store.prescriptionChain(id, ctx), dates.therapy);
      const named = async (r: { readonly createdBy: string } | null) =>
        r === null ? null : (await deps.store.resolveActors([r.createdBy])).map(actorLabel).join('');
      const pdf = await emergencyCardPdf(
        emergencyCardData({
          patient,
          implant,
          therapy: dates.therapy,
          notDelivering: notDelivering(dates),
          prescribedBy: {
            runs: await named(records.runs),
            pending: await named(records.pending),
          },
          refillBy: dates.refillBy,
          battery: batteryConcern(dates, eosAt, 'the next refill', t)?.message ?? null,
          // The card prints the open refill booking only, never one a refill has closed.
          appointments: standingAppointments(appointments, refills, t),
          missedRefillBooking: passedRefillBooking(appointments, refills, t)?.at ?? null,
          now: t,
        }),
        pdfOptions,
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', 'inline; filename="emergency-card.pdf"')
        .send(pdf);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { patientId: string } }>(
    '/api/v1/refills/:id/report.pdf',
    {
      ...zodCompilers,
      config: routeConfig(REPORT_ROUTE_IDS.refillReport),
      schema: {
        tags: ['reports'],
        summary: 'The report of one refill (PDF): reconciliation, drug added, next refill',
        params: z.strictObject({ id: idSchema }),
        querystring: z.strictObject({ patientId: idSchema.describe("the refill's patient") }),
        response: { 200: pdf('The refill report') },
      },
      preHandler: async (req) => {
        const access = { routeId: REPORT_ROUTE_IDS.refillReport, refillId: req.params.id };
        await deps.authorize?.(req, { ...access, patientId: req.query.patientId });
      },
    },
    async (req, reply) => {
      const patientId = req.query.patientId;
      const ctx = { actor: deps.actorOf(req) };
      const refill = (await deps.store.listRefills(patientId, ctx)).find((r) => r.id === req.params.id);
      if (refill === undefined) {
        throw new ItbError('ITB_E_CLINIC_NOT_FOUND', `no refill ${req.params.id} for patient ${patientId}`, {
          refillId: req.params.id,
        });
      }
      const pdf = await refillReportPdf(
        await refillReportSource(deps.store, patientId, refill, ctx, now()),
        pdfOptions,
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', 'inline; filename="refill-report.pdf"')
        .send(pdf);
    },
  );
  app.get<{ Params: { id: string }; Querystring: { day?: string } }>(
    '/api/v1/patients/:id/session-summary.pdf',
    {
      ...zodCompilers,
      config: routeConfig(REPORT_ROUTE_IDS.sessionSummary),
      schema: {
        tags: ['reports'],
        summary:
          "The printed summary of a patient's pump session (PDF): what was read and changed, refills, refill-by, open alerts, who",
        params: z.strictObject({ id: idSchema }),
        querystring: z.strictObject({
          day: z.iso
            .date()
            .optional()
            .describe("the clinic day (YYYY-MM-DD) in the clinic's time zone; today when left out"),
        }),
        response: { 200: pdf('The session summary') },
      },
      preHandler: async (req) =>
        deps.authorize?.(req, { routeId: REPORT_ROUTE_IDS.sessionSummary, patientId: req.params.id }),
    },
    async (req, reply) => {
      const timeZone = deps.timeZone ?? 'UTC';
      const today = isoDay(now(), timeZone);
      // ISO days order as text. A later day has no visit yet: an empty summary could be filed as one.
      if (req.query.day !== undefined && req.query.day > today) {
        throw new ItbError(
          'ITB_E_INVALID_INPUT',
          `day=${req.query.day} is after today (${isoDayText(today)} in ${timeZone}): pick today or an earlier clinic day`,
        );
      }
      const data = await sessionSummarySource(
        deps.store,
        { patientId: req.params.id, day: req.query.day, timeZone, now: now() },
        { actor: deps.actorOf(req) },
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="session-summary-${data.day}.pdf"`)
        .send(await sessionSummaryPdf(data, pdfOptions));
    },
  );
}
