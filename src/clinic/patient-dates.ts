/**
 * One patient's dates — refill-by, low alarm, empty (and since when), battery, the pump's open conditions —
 * from the ONE projection of the facts (clinic/risk-board.ts `boardRow`: recorded refills, the prescription
 * in force, the pump's latest interrogation, open alerts). The board, the refill wizard, the reports and
 * the patient page read their dates here, so no two of them can disagree.
 */
import type { Alert, PrescriptionRecord } from './clinical-records.ts';
import { knownAt } from './pump-contents.ts';
import { boardRow, type BoardPatientRecords, type BoardRow } from './risk-board.ts';
import type { ActorContext } from './records.ts';
import type { ClinicStore } from './store.ts';

/** A patient's records as a full export reads them: the whole prescription chain and every alert. */
export interface DatedRecords extends Omit<BoardPatientRecords, 'current' | 'openAlerts'> {
  /** The prescription chain, oldest first: its head is the prescription in force. */
  readonly prescriptions: readonly PrescriptionRecord[];
  readonly alerts: readonly Alert[];
}

/**
 * The same projection from records the caller has already read (pure): what {@link patientDates} gives at
 * `now`, for an export that loads every list anyway (the FHIR `$everything`), so it never reads twice.
 */
export function datesOf(r: DatedRecords, now: number): BoardRow {
  return boardRow(
    {
      patient: r.patient,
      implants: r.implants,
      current: r.prescriptions.at(-1) ?? null,
      refills: r.refills,
      sessions: r.sessions,
      openAlerts: r.alerts.filter((a) => a.resolved === null),
      ...(r.explants === undefined ? {} : { explants: r.explants }),
    },
    now,
  );
}

/** One patient's records as the board projects them (an unknown patient: ITB_E_CLINIC_NOT_FOUND). */
export async function patientRecords(
  store: ClinicStore,
  patientId: string,
  ctx: ActorContext,
): Promise<BoardPatientRecords> {
  const patient = await store.getPatient(patientId, ctx);
  return {
    patient,
    implants: await store.listImplants(patientId, ctx),
    current: await store.currentPrescription(patientId, ctx),
    refills: await store.listRefills(patientId, ctx),
    sessions: await store.listProgrammingSessions(patientId, ctx),
    openAlerts: await store.listAlerts({ patientId, openOnly: true }, ctx),
    explants: await store.listExplants(patientId, ctx),
  };
}

/** The board row of one patient at `now`. */
export async function patientDates(
  store: ClinicStore,
  patientId: string,
  ctx: ActorContext,
  now: number,
): Promise<BoardRow> {
  return boardRow(await patientRecords(store, patientId, ctx), now);
}

/**
 * The same projection as the records stood at `at` (what was known then: refills and sessions recorded by
 * then, the prescription in force then, alerts open then) — the dates a refill report printed at that
 * refill shows, identical to the board's right after it.
 */
export async function patientDatesAsOf(
  store: ClinicStore,
  patientId: string,
  ctx: ActorContext,
  at: number,
): Promise<BoardRow> {
  return datesAsOf(
    {
      patient: await store.getPatient(patientId, ctx),
      implants: await store.listImplants(patientId, ctx),
      prescriptions: await store.prescriptionChain(patientId, ctx),
      refills: await store.listRefills(patientId, ctx),
      sessions: await store.listProgrammingSessions(patientId, ctx),
      alerts: await store.listAlerts({ patientId }, ctx),
      explants: await store.listExplants(patientId, ctx),
    },
    at,
  );
}

/** {@link patientDatesAsOf} from records the caller has already read (pure). */
export function datesAsOf(r: DatedRecords, at: number): BoardRow {
  return boardRow(
    {
      patient: r.patient,
      implants: r.implants,
      current: r.prescriptions.filter((p) => p.createdAt <= at).at(-1) ?? null,
      refills: r.refills.filter((x) => knownAt(x) <= at),
      sessions: r.sessions.filter((s) => knownAt(s) <= at),
      openAlerts: r.alerts.filter((a) => a.createdAt <= at && (a.resolved === null || a.resolved.at > at)),
      explants: (r.explants ?? []).filter((e) => e.at <= at),
    },
    at,
  );
}
