/**
 * Loads what the session summary prints (session-summary-data.ts) from the store: the patient's sessions
 * and refills of one clinic day (the day as the clinic's time zone counts it, so an evening visit is not
 * split at midnight UTC), the names of the people who recorded them, the open alerts, and the refill-by
 * date and battery of the ONE projection (clinic/patient-dates.ts) at printing time — the date the board
 * and the patient page show at that moment.
 */
import { isoDay } from '../therapy/date-text.ts';
import { patientDates } from '../clinic/patient-dates.ts';
import type { ActorContext } from '../clinic/records.ts';
import type { ClinicStore } from '../clinic/store.ts';
import { currentImplant } from './report-records.ts';
import { actorLabel } from '../clinic/actor-names.ts';
import { sessionSummaryData, type SessionSummaryData } from './session-summary-data.ts';

export interface SessionSummaryRequest {
  readonly patientId: string;
  /** The clinic day, "2026-12-02"; the day of `now` in `timeZone` when left out. */
  readonly day?: string | undefined;
  readonly timeZone: string;
  readonly now: number;
}

/** The summary of one patient's visit on one clinic day, read with `ctx` (audited views naming the actor). */
export async function sessionSummarySource(
  store: ClinicStore,
  r: SessionSummaryRequest,
  ctx: ActorContext,
): Promise<SessionSummaryData> {
  const day = r.day ?? isoDay(r.now, r.timeZone);
  const onDay = (x: { readonly at: number }) => isoDay(x.at, r.timeZone) === day;
  const patient = await store.getPatient(r.patientId, ctx);
  const implants = await store.listImplants(r.patientId, ctx);
  const sessions = (await store.listProgrammingSessions(r.patientId, ctx)).filter(onDay);
  const refills = (await store.listRefills(r.patientId, ctx)).filter(onDay);
  // The pump the visit worked on (a replacement day may name two: the last one worked on), else the current.
  const implant =
    implants.find((i) => i.id === [...sessions, ...refills].sort((a, b) => a.at - b.at).at(-1)?.implantId) ??
    currentImplant(implants, await store.listExplants(r.patientId, ctx), r.patientId);
  const actors = new Set([...sessions, ...refills].map((x) => x.createdBy));
  const names = new Map(
    (await store.resolveActors([...actors, ctx.actor])).map((n) => [n.actor, actorLabel(n)] as const),
  );
  const dates = await patientDates(store, r.patientId, ctx, r.now);
  return sessionSummaryData({
    patient,
    implant,
    sessions,
    refills,
    names,
    dates,
    openAlerts: await store.listAlerts({ patientId: r.patientId, state: 'unresolved' }, ctx),
    day,
    printedAt: r.now,
    printedBy: names.get(ctx.actor) ?? ctx.actor,
  });
}
