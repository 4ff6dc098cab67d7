/**
 * `GET /api/v1/board` — the refill risk board (clinic/risk-board.ts), one page at a time from the stored
 * board rows (clinic/board-page.ts: indexed, no write lock, one audit entry naming only the rows shown) —
 * and `GET /api/v1/reminders` — refills due within N days, one page of the same stored rows in the board's
 * order, and the booked appointments in the window (`ClinicStore.reminders`, one snapshot, one audit entry
 * naming only what it returns). The former per-patient path (four audited views per patient: 31 s for 1,000 patients on SQLite)
 * stays as {@link gatherBoardRecordsPerPatient}, the reference the bulk read is tested against.
 */
import { BOARD_ALERTS_ACTOR } from '../../clinic/alert-board-state.ts';
import { z } from 'zod';
import type { Alert } from '../../clinic/clinical-records.ts';
import type { BoardPatientRecords } from '../../clinic/risk-board.ts';
import { boardRowOrFailure, isBoardFailure } from '../../clinic/board-row-failure.ts';
import { BOARD_FILTERS, BOARD_SORTS } from '../../clinic/board-page.ts';
import type { ActorContext } from '../../clinic/records.ts';
import type { ClinicStore } from '../../clinic/store.ts';
import { epochMs, MS_PER_DAY } from '../../therapy/quantities.ts';
import { batteryProjections, pathwayBoardItems } from '../../clinic/pathway/board-items.ts';
import type { RouteDeps } from '../app.ts';
import { actorOf, queryInt, type ApiApp } from './common.ts';
import { appointmentSchema, json, objectSchema } from '../api-schemas.ts';

const CONCURRENCY = 4;

/** Rows per page unless asked (the board's first screen), and the most one request may ask for. */
export const BOARD_PAGE_DEFAULT = 100;
export const BOARD_PAGE_MAX = 500;

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * The per-patient reference path: the full lists, four audited views per patient plus one of the open
 * alerts (slow — kept for the equality test and the benchmark's comparison).
 */
export async function gatherBoardRecordsPerPatient(
  store: ClinicStore,
  ctx: ActorContext,
): Promise<BoardPatientRecords[]> {
  const patients = await store.listPatients(ctx);
  const alerts = await store.listAlerts({ openOnly: true }, ctx);
  const byPatient = new Map<string, Alert[]>();
  for (const a of alerts) byPatient.set(a.patientId, [...(byPatient.get(a.patientId) ?? []), a]);
  return mapLimited(patients, CONCURRENCY, async (patient) => ({
    patient,
    implants: await store.listImplants(patient.id, ctx),
    current: await store.currentPrescription(patient.id, ctx),
    refills: await store.listRefills(patient.id, ctx),
    sessions: await store.listProgrammingSessions(patient.id, ctx),
    openAlerts: byPatient.get(patient.id) ?? [],
    explants: await store.listExplants(patient.id, ctx),
  }));
}

/**
 * `?page=1&limit=100&sort=risk&filter=overdue,high-risk`: a filter list is comma-separated; an unknown
 * sort or filter is refused (ITB_E_INVALID_INPUT) rather than ignored, so a clinician never reads an
 * unfiltered board as a filtered one.
 */
const boardQuerySchema = z.strictObject({
  page: queryInt(1, 100_000).default(1),
  limit: queryInt(1, BOARD_PAGE_MAX).default(BOARD_PAGE_DEFAULT),
  sort: z.enum(BOARD_SORTS).default('risk'),
  filter: z
    .string()
    .default('')
    .transform((s) => (s === '' ? [] : [...new Set(s.split(','))]))
    .pipe(z.array(z.enum(BOARD_FILTERS))),
  patient: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("Only this patient's row, wherever it sorts (the patient and programming pages)"),
});

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

export function registerBoardRoutes(app: ApiApp, deps: RouteDeps): void {
  app.get(
    '/api/v1/board',
    {
      schema: {
        response: {
          200: json(
            objectSchema('RiskBoard', 'The board rows, most urgent first', {
              generatedAt: z.string(),
              rows: z.array(
                z.looseObject({
                  patientId: z.string(),
                  refillByCause: z
                    .object({
                      kind: z.enum(['alarm-margin', 'stability', 'first-fill']),
                      days: z.number(),
                      drug: z.string().nullable(),
                    })
                    .nullable()
                    .describe(
                      "What set refill-by: the low-reservoir alarm less `days` of margin, the drug's `days`-day stability limit, or a new pump's `days`-day first-fill limit; null when refill-by is unknown",
                    ),
                  batteryProjection: z
                    .object({
                      eriAt: z.number(),
                      eosAt: z.number(),
                      eriReported: z.boolean(),
                      eosPassed: z
                        .boolean()
                        .describe('The projected EOS has passed: the pump may have stopped delivering'),
                      eriAtIso: z.string(),
                      eosAtIso: z.string(),
                    })
                    .nullable()
                    .describe(
                      'The pump in place: projected ERI and EOS (the care pathway projection); null without a pump with a battery',
                    ),
                }),
              ),
              pathwayDue: z
                .number()
                .int()
                .describe('Patients with a care pathway item due now, on every page (not only this one)'),
            }),
            'The board',
          ),
        },
        tags: ['board'],
        summary:
          'Refill risk board, one page: overdue first, then high-risk, then by refill-by date (or by name / refill-by / pathway-due); filters overdue, high-risk, eri, alerts, pathway-due',
        querystring: boardQuerySchema,
      },
    },
    async (request) => {
      const now = deps.now();
      const q = request.query;
      const query = {
        page: q.page,
        limit: q.limit,
        sort: q.sort,
        filters: q.filter,
        ...(q.patient === undefined ? {} : { patientId: q.patient }),
      };
      // A critical board state carries its critical alert before the page is read (alert-board-state.ts).
      await deps.store.syncBoardAlerts(BOARD_ALERTS_ACTOR);
      const read = await deps.store.boardPage(query, now, actorOf(request));
      // The care pathway's due items and battery dates for the patients on this page: a separate input
      // beside the board's rows (clinic/pathway/board-items.ts).
      const shown = read.records.filter((e): e is BoardPatientRecords => !isBoardFailure(e));
      const pathway = pathwayBoardItems(shown, read.pathway, epochMs(now));
      // Each row's projected ERI and EOS: the pathway items' dates (one projection), not computed again.
      const projections = batteryProjections(pathway);
      return {
        generatedAt: new Date(now).toISOString(),
        page: q.page,
        limit: q.limit,
        total: read.total,
        sort: q.sort,
        filters: q.filter,
        pathwayDue: read.pathwayDue,
        pathway,
        rows: read.records.map((rec) => {
          const row = boardRowOrFailure(rec, now);
          return {
            ...row,
            lowAlarmAtIso: iso(row.lowAlarmAt),
            emptyAtIso: iso(row.emptyAt),
            refillByIso: iso(row.refillBy),
            batteryProjection: projections.get(row.patientId) ?? null,
          };
        }),
      };
    },
  );

  app.get(
    '/api/v1/reminders',
    {
      schema: {
        response: {
          200: json(
            objectSchema('Reminders', 'Refills due (one page) and appointments in the window', {
              from: z.string(),
              until: z.string(),
              total: z.number().int(),
              refills: z.array(z.looseObject({ patientId: z.string() })),
              appointments: z.array(appointmentSchema),
            }),
            'The reminders',
          ),
        },
        tags: ['board'],
        summary:
          'Refills due (or overdue) within the next N days, one page in the board order, and the booked appointments in that window',
        querystring: z.strictObject({
          withinDays: queryInt(0, 366).default(7),
          page: queryInt(1, 100_000).default(1),
          limit: queryInt(1, BOARD_PAGE_MAX).default(BOARD_PAGE_DEFAULT),
        }),
      },
    },
    async (request) => {
      const now = deps.now();
      const { page, limit, withinDays } = request.query;
      const until = now + withinDays * MS_PER_DAY;
      const read = await deps.store.reminders({ page, limit, until }, now, actorOf(request));
      return {
        from: new Date(now).toISOString(),
        until: new Date(until).toISOString(),
        page,
        limit,
        total: read.total,
        refills: read.records.map((rec) => {
          const r = boardRowOrFailure(rec, now);
          return {
            patientId: r.patientId,
            name: r.name,
            refillBy: iso(r.refillBy),
            overdue: r.overdue,
            highRisk: r.highRisk,
          };
        }),
        appointments: read.appointments,
      };
    },
  );
}
