/**
 * What people read about one patient, fetched through the HTTP API as they would fetch it (board, patient
 * page, alerts, bookings, emergency card, refill report, the patient's own view), beside what the pump and
 * its world really hold (read from the virtual pump: the omniscient view no clinic has).
 */
import { notDelivering } from '../../src/clinic/not-delivering.ts';
import type { LightMyRequestResponse } from 'fastify';
import type { Alert, Appointment, PrescriptionRecord, Refill } from '../../src/clinic/clinical-records.ts';
import type { Implant, Patient } from '../../src/clinic/records.ts';
import type { BoardRow } from '../../src/clinic/risk-board.ts';
import type { AlarmType } from '../../src/pump/state.ts';
import { getProfile } from '../../src/pump/profiles.ts';
import { emergencyCardData } from '../../src/reports/report-data.ts';
import { refillReportSource } from '../../src/reports/routes.ts';
import { passedRefillBooking } from '../../src/clinic/refill-booking.ts';
import { patientDates } from '../../src/clinic/patient-dates.ts';
import { prescriptionToJson, type PrescriptionJson } from '../../src/therapy/prescription-json.ts';
import { projectReservoir } from '../../src/therapy/projection.ts';
import { epochMs, nanolitres, type Nanolitres } from '../../src/therapy/quantities.ts';
import { PPM } from '../../src/world/params.ts';
import type { Rig, RigPatient } from './rig.ts';

/** A request that did not succeed while reading what people read. */
export class ReadFailed extends Error {
  constructor(what: string, res: LightMyRequestResponse) {
    super(`${what}: HTTP ${res.statusCode} ${res.body.slice(0, 400)}`);
  }
}

export async function getJson<T>(rig: Rig, account: string, url: string): Promise<T> {
  const res = await rig.call(account, 'GET', url);
  if (res.statusCode !== 200) throw new ReadFailed(`GET ${url} as ${account}`, res);
  return res.json<T>();
}

/** The pump's own state and the world's truth, now. */
export interface PumpTruth {
  readonly now: number;
  readonly drug: string | null;
  readonly concentration: number | null;
  readonly reservoirNl: number;
  readonly trueReservoirNl: number;
  readonly alarms: readonly { readonly type: AlarmType; readonly since: number }[];
  readonly prescription: PrescriptionJson;
  /** When the pump, counting as it counts, runs empty; and when the true reservoir does. */
  readonly pumpEmptyAt: number | null;
  readonly trueEmptyAt: number | null;
}

function emptyAt(rig: Rig, p: RigPatient, volume: Nanolitres): number | null {
  const s = p.pump.server.state.pump;
  const profile = getProfile(p.implant.deviceProfileId);
  if (s.prescription.mode === 'stopped') return null;
  return projectReservoir({
    reservoir: volume,
    prescription: s.prescription,
    lowAlarmThreshold: nanolitres(Math.min(volume, profile.lowReservoir.value.default)),
    start: epochMs(rig.clock.now()),
    utcOffsetMinutes: s.utcOffsetMinutes,
    device: { minimumRateFlow: profile.minimumRateFlow.value },
  }).emptyAt;
}

export function pumpTruth(rig: Rig, p: RigPatient): PumpTruth {
  p.pump.server.tick();
  const s = p.pump.server.state.pump;
  const w = p.pump.world;
  // The true reservoir as the pump would count it: it drains (1 + error) times faster than commanded.
  const trueAsCounted = nanolitres(Math.floor((w.reservoir.volume * PPM) / (PPM + w.deliveryErrorPpm)));
  return {
    now: rig.clock.now(),
    drug: s.reservoir.contents?.drug ?? null,
    concentration: s.reservoir.contents?.concentration ?? null,
    reservoirNl: s.reservoir.volume,
    trueReservoirNl: w.reservoir.volume,
    alarms: s.alarms.map((a) => ({ type: a.type, since: a.since })),
    prescription: prescriptionToJson(s.prescription),
    pumpEmptyAt: s.reservoir.volume === 0 ? rig.clock.now() : emptyAt(rig, p, s.reservoir.volume),
    trueEmptyAt: trueAsCounted === 0 ? rig.clock.now() : emptyAt(rig, p, trueAsCounted),
  };
}

/** What the patient's own view ("Your pump") says about the next refill: a booking, or else the projection. */
export interface PatientViewNext {
  readonly booked: number | null;
  readonly projectedRefillBy: number | null;
}

/** The patient view's next refill as web/src/pages/PatientViewPage.tsx reads it: from GET …/dates. */
async function patientViewNext(rig: Rig, account: string, patientId: string): Promise<PatientViewNext> {
  const d = await getJson<{ refillBy: number | null; booking: { at: number } | null }>(
    rig,
    account,
    `/api/v1/patients/${patientId}/dates`,
  );
  return { booked: d.booking?.at ?? null, projectedRefillBy: d.refillBy };
}

/** Everything people read about one patient now. */
export interface Readings {
  readonly board: BoardRow & { readonly [k: string]: unknown };
  readonly boardRank: number;
  readonly current: PrescriptionRecord | null;
  readonly chainLength: number;
  readonly refills: readonly Refill[];
  readonly alerts: readonly (Alert & { readonly [k: string]: unknown })[];
  readonly appointments: readonly Appointment[];
  readonly cardRefillBy: number | null;
  readonly cardNextRefill: number | null;
  /** The latest refill's report: its low-alarm and refill-by dates. */
  readonly lastReport: {
    readonly refillId: string;
    readonly lowAlarmAt: number | null;
    readonly refillBy: number | null;
  } | null;
  readonly patientView: PatientViewNext;
}

/** The board as the nurse reads it. */
export const readBoard = (rig: Rig) => getJson<{ rows: Readings['board'][] }>(rig, 'nurse', '/api/v1/board');

/** What the patient's own view reads, with the patient's account. */
export async function readPatientOwn(rig: Rig, p: RigPatient): Promise<PatientViewNext> {
  return patientViewNext(rig, p.account, p.patient.id);
}

/** Everything people read about patient `p`; `board` as read once for the step (else read here). */
export async function readAll(
  rig: Rig,
  p: RigPatient,
  board?: { rows: Readings['board'][] },
): Promise<Readings> {
  const id = p.patient.id;
  const P = `/api/v1/patients/${id}`;
  const now = rig.clock.now();
  board ??= await readBoard(rig);
  const boardRank = board.rows.findIndex((r) => r.patientId === id);
  const row = board.rows[boardRank];
  if (row === undefined) throw new Error(`patient ${p.cast.name} is not on the board`);
  // The patient page's reads (staff).
  const patient = await getJson<Patient>(rig, 'nurse', P);
  const implants = await getJson<Implant[]>(rig, 'nurse', `${P}/implants`);
  const { current } = await getJson<{ current: PrescriptionRecord | null }>(
    rig,
    'nurse',
    `${P}/prescriptions/current`,
  );
  const chain = await getJson<PrescriptionRecord[]>(rig, 'nurse', `${P}/prescriptions`);
  const refills = await getJson<Refill[]>(rig, 'nurse', `${P}/refills`);
  const alerts = await getJson<Readings['alerts'][number][]>(rig, 'nurse', `${P}/alerts`);
  const appointments = await getJson<Appointment[]>(rig, 'nurse', `${P}/appointments`);
  const implant = implants.at(-1);
  if (implant === undefined) throw new Error(`patient ${p.cast.name} has no implant`);
  // The emergency card and the refill report print PDFs: their content is built here as their routes
  // build it (src/reports/routes.ts), from the store as the nurse (no route returns the data itself).
  const ctx = { actor: 'user:model-test-nurse' };
  const dates = await patientDates(rig.store, id, ctx, now);
  const { refillBy, therapy } = dates;
  // The model compares the card's dates; who prescribed is not one of its invariants.
  const card = emergencyCardData({
    patient,
    implant,
    therapy,
    notDelivering: notDelivering(dates),
    prescribedBy: { runs: null, pending: null },
    refillBy,
    appointments,
    missedRefillBooking: passedRefillBooking(appointments, refills, now)?.at ?? null,
    battery: null,
    now,
  });
  const last = refills.at(-1);
  const report = last === undefined ? null : await refillReportSource(rig.store, id, last, ctx);
  return {
    board: row,
    boardRank,
    current,
    chainLength: chain.length,
    refills,
    alerts,
    appointments,
    cardRefillBy: card.refillBy,
    cardNextRefill: card.nextRefillAppointment,
    lastReport:
      report === null || last === undefined
        ? null
        : { refillId: last.id, lowAlarmAt: report.lowAlarmAt, refillBy: report.refillBy },
    // The patient's account reads these same records (checked by readPatientOwn at the papers step).
    patientView: await patientViewNext(rig, 'nurse', id),
  };
}

/** The pump's current prescription as the clinic's JSON form (for comparison with the record). */
export const pumpPrescription = (p: RigPatient): PrescriptionJson =>
  prescriptionToJson(p.pump.server.state.pump.prescription);
