/**
 * The risk board with fixed times. Expected dates come from the projection rule itself (docs/clinical-reference.md §1.6,
 * §3): a 20 mL peristaltic pump (low-reservoir alarm default from its profile) filled with V mL delivering
 * d mL/day alarms at (V − alarm)/d days, and refill-by is 5 days earlier [C: refill 3–5 days before the
 * alarm] unless the drug's stability limit comes first. Order: overdue, then high-risk, then refill-by.
 */
import { describe, expect, it } from 'vitest';
import { getProfile } from '../pump/profiles.ts';
import { REFILL_MARGIN_DAYS } from '../therapy/projection.ts';
import { MS_PER_DAY, epochMs } from '../therapy/quantities.ts';
import type {
  Alert,
  Appointment,
  PrescriptionRecord,
  ProgrammingSession,
  Refill,
} from './clinical-records.ts';
import type { Implant, JsonValue, Patient } from './records.ts';
import { boardRowColumns } from './board-rows.ts';
import { boardTier, REFILL_DUE_SOON_DAYS, riskBoard, type BoardPatientRecords } from './risk-board.ts';

const T0 = Date.UTC(2024, 0, 1);
const ML = 1_000_000;
const PROFILE = getProfile('peristaltic-20');
const ALARM_NL = PROFILE.lowReservoir.value.default;
const meta = (id: string) => ({ id, createdAt: epochMs(T0), createdBy: 'user:t' });

function patient(id: string, highRisk = false): Patient {
  return {
    ...meta(id),
    mrn: id,
    name: `Patient ${id}`,
    birthDate: '1970-01-01',
    etiology: 'spinal',
    ageBand: '18-64',
    weightGrams: null,
    highRisk: { injuryAtT6OrAbove: highRisk, cannotCommunicate: false, priorWithdrawal: false },
    clinicContact: { clinic: 'C', phone: '1' },
  };
}
const implant = (pid: string): Implant => ({
  ...meta(`imp-${pid}`),
  patientId: pid,
  pumpSerial: `S-${pid}`,
  deviceProfileId: PROFILE.id,
  implantDate: '2023-01-01',
  pocketSide: 'left',
  catheter: { model: 'x', lengthMm: 500, volumeNl: 100_000, tipLevel: 'T10' },
});
/** 500 mcg/day at 2000 mcg/mL = 0.25 mL/day. */
const rx = (pid: string, at = T0): PrescriptionRecord => ({
  ...meta(`rx-${pid}`),
  createdAt: epochMs(at),
  patientId: pid,
  priorId: null,
  implantId: null,
  prescription: {
    mode: 'simple-continuous',
    drug: 'baclofen',
    concentrationMcgPerMl: 2000,
    doseMcgPerDay: 500,
  },
  verdict: 'ok',
  reasons: [],
  justification: null,
});
const refill = (pid: string, at: number, addedMl: number, verdict: 'ok' | 'warn' = 'ok'): Refill => ({
  ...meta(`rf-${pid}-${at}`),
  createdAt: epochMs(at), // recorded when it happened
  patientId: pid,
  implantId: `imp-${pid}`,
  at,
  expectedResidualNl: 2 * ML,
  measuredResidualNl: 2 * ML,
  drug: 'baclofen',
  concentrationNgPerMl: 2_000_000,
  lot: 'L',
  volumeAddedNl: addedMl * ML,
  justification: null,
  reconciliation: { verdict, reasons: [], discrepancyNl: 0, reservoirNl: 20 * ML },
});
function rec(id: string, over: Partial<BoardPatientRecords> = {}): BoardPatientRecords {
  return {
    patient: patient(id),
    implants: [implant(id)],
    current: rx(id),
    refills: [refill(id, T0, 20)],
    sessions: [],
    openAlerts: [],
    ...over,
  };
}

/** A new pump's initial fill of ziconotide at 25 mcg/mL, and 2.4 mcg/day prescribed. */
function ziconotideNewPump() {
  const zico = {
    drug: 'ziconotide' as const,
    concentrationNgPerMl: 25_000,
    volumeNl: 20 * ML,
    lot: 'Z',
    at: T0,
  };
  const current: PrescriptionRecord = {
    ...rx('z'),
    prescription: {
      mode: 'simple-continuous',
      drug: 'ziconotide',
      concentrationMcgPerMl: 25,
      doseMcgPerDay: 2.4,
    },
  };
  return { zico, current };
}

/** An interrogation of the new ziconotide pump of {@link ziconotideNewPump} reading `reservoir` nL. */
function zicoRead(id: string, at: number, reservoir: number, alarms: string[] = []): ProgrammingSession {
  return {
    ...meta(id),
    createdAt: epochMs(at),
    patientId: 'z',
    implantId: 'imp-z',
    at,
    interrogation: {
      workflow: 'interrogate',
      snapshot: { status: { reservoir, drug: 'ziconotide', concentration: 25_000, alarms } },
    },
    diff: [],
    prescriptionId: null,
    guardrail: null,
    justification: null,
  };
}

/** The pump's own open critical EMPTY alert of patient 'a' (an interrogation found it at `since`). */
function emptyReservoirAlert(since: number): Alert {
  return {
    ...meta('al'),
    since,
    state: 'open',
    acknowledged: null,
    patientId: 'a',
    implantId: 'imp-a',
    kind: 'pump-alarm',
    severity: 'critical',
    message: 'the pump reports its reservoir empty',
    reasons: [],
    condition: 'empty-reservoir',
    resolved: null,
  };
}

describe('risk board', () => {
  it('projects low alarm and refill-by from the last refill and the prescription in force', () => {
    const [row] = riskBoard([rec('a')], T0);
    const perDay = ML / 4; // 0.25 mL/day
    const alarmAt = T0 + Math.ceil(((20 * ML - ALARM_NL) / perDay) * MS_PER_DAY);
    expect(row?.lowAlarmAt).toBe(alarmAt);
    expect(row?.emptyAt).toBe(T0 + 80 * MS_PER_DAY);
    // Baclofen's stability limit may come before alarm − margin; the board takes the earlier.
    expect(row?.refillBy).toBeLessThanOrEqual(alarmAt - REFILL_MARGIN_DAYS.value * MS_PER_DAY);
    expect(row?.overdue).toBe(false);
  });

  it('opioid status missing from the board row: the row carries what is recorded, null until it is', () => {
    const tolerant = rec('t', { patient: { ...patient('t'), opioidStatus: 'tolerant' } });
    const naive = rec('n', { patient: { ...patient('n'), opioidStatus: 'naive' } });
    const rows = riskBoard([tolerant, naive, rec('u')], T0);
    expect(Object.fromEntries(rows.map((r) => [r.patientId, r.opioidStatus]))).toEqual({
      t: 'tolerant',
      n: 'naive',
      u: null,
    });
  });

  it('sorts overdue first, then high-risk, then by refill-by; flags unknown pump state as overdue', () => {
    const now = T0 + 40 * MS_PER_DAY;
    const rows = riskBoard(
      [
        rec('late-fill', { refills: [refill('late-fill', T0 + 30 * MS_PER_DAY, 20)] }),
        rec('early-fill', { refills: [refill('early-fill', T0 + 10 * MS_PER_DAY, 20)] }),
        rec('overdue', { refills: [refill('overdue', T0 - 60 * MS_PER_DAY, 10)] }),
        rec('risky', {
          patient: patient('risky', true),
          refills: [refill('risky', T0 + 35 * MS_PER_DAY, 20)],
        }),
        rec('unknown', { refills: [] }),
      ],
      now,
    );
    // 'overdue' ran empty on day −20 (10 mL at 0.25 mL/day): empty comes first, then unknown.
    expect(rows.map((r) => r.patientId)).toEqual(['overdue', 'unknown', 'risky', 'early-fill', 'late-fill']);
    expect(rows[1]?.reasons.map((r) => r.code)).toContain('ITB_R_BOARD_NO_PUMP_STATE');
    expect(rows[0]?.reasons.map((r) => r.code)).toContain('ITB_R_REFILL_OVERDUE');
    expect(rows[0]?.daysToRefillBy).toBeLessThan(0);
    expect(rows.map((r) => r.status)).toEqual(['empty', 'unknown', 'ok', 'ok', 'ok']);
  });

  it('ranks due-soon, discrepant and critically alerted rows above a high-risk patient due later [A]', () => {
    const now = T0 + 40 * MS_PER_DAY;
    const critical: Alert = {
      ...meta('al-crit'),
      since: T0,
      state: 'open',
      acknowledged: null,
      patientId: 'alerted',
      implantId: 'imp-alerted',
      kind: 'other',
      severity: 'critical',
      message: 'read-back mismatch',
      reasons: [],
      resolved: null,
    };
    const rows = riskBoard(
      [
        rec('plain', { refills: [refill('plain', T0 + 10 * MS_PER_DAY, 20)] }),
        rec('risky', {
          patient: patient('risky', true),
          refills: [refill('risky', T0 + 35 * MS_PER_DAY, 20)],
        }),
        rec('discrepant', { refills: [refill('discrepant', T0 + 36 * MS_PER_DAY, 20, 'warn')] }),
        rec('alerted', { refills: [refill('alerted', T0 + 37 * MS_PER_DAY, 20)], openAlerts: [critical] }),
        rec('overdue', { refills: [refill('overdue', T0 - 60 * MS_PER_DAY, 10)] }),
        // 4 mL at 0.25 mL/day: alarm in 8 days, refill-by in 3 — inside the 7-day reminder window.
        rec('due-soon', { refills: [refill('due-soon', now, 4)] }),
        rec('risky-soon', { patient: patient('risky-soon', true), refills: [refill('risky-soon', now, 5)] }),
      ],
      now,
    );
    // Overdue; then action soon (high-risk first, then refill-by); then the rest (high-risk first).
    expect(rows.map((r) => r.patientId)).toEqual([
      'overdue',
      'risky-soon',
      'due-soon',
      'discrepant',
      'alerted',
      'risky',
      'plain',
    ]);
  });

  it('warns when refill-by falls within the reminder window, not before (never "OK" the day before)', () => {
    const [row] = riskBoard([rec('a')], T0);
    const refillBy = row?.refillBy ?? 0;
    const window = REFILL_DUE_SOON_DAYS.value * MS_PER_DAY;
    const at = (now: number) => riskBoard([rec('a')], now)[0];
    expect(at(refillBy - window - 1)?.verdict).toBe('ok');
    expect(at(refillBy - window)?.reasons.map((r) => r.code)).toContain('ITB_R_BOARD_REFILL_DUE_SOON');
    const dayBefore = at(refillBy - MS_PER_DAY);
    expect(dayBefore?.verdict).toBe('warn');
    expect(dayBefore?.overdue).toBe(false);
    // Once overdue, the overdue reason says it; "due soon" is not repeated.
    const codes = at(refillBy + 1)?.reasons.map((r) => r.code);
    expect(codes).toContain('ITB_R_REFILL_OVERDUE');
    expect(codes).not.toContain('ITB_R_BOARD_REFILL_DUE_SOON');
  });

  it('open alert count: "N open" counted acknowledged alerts too; the board says open (not acknowledged) and acknowledged apart, critical among both', () => {
    const alert = (id: string, severity: Alert['severity'], acknowledged: Alert['acknowledged']): Alert => ({
      ...meta(id),
      since: T0,
      state: acknowledged === null ? 'open' : 'acknowledged',
      acknowledged,
      patientId: 'a',
      implantId: null,
      kind: 'other',
      severity,
      message: id,
      reasons: [],
      resolved: null,
    });
    const seen = { at: T0, by: 'user:n', note: 'calling the patient' };
    const [row] = riskBoard(
      [
        rec('a', {
          refills: [refill('a', T0 + MS_PER_DAY, 20)],
          openAlerts: [
            alert('new', 'warning', null),
            alert('seen', 'critical', seen),
            alert('seen2', 'warning', seen),
          ],
        }),
      ],
      T0 + 2 * MS_PER_DAY,
    );
    expect(row?.openAlerts).toEqual({ count: 3, acknowledged: 2, critical: 1 });
    const said = row?.reasons.find((r) => r.code === 'ITB_R_BOARD_OPEN_ALERTS');
    // An acknowledged critical alert still blocks: acknowledged is not resolved.
    expect(said?.severity).toBe('block');
    expect(said?.message).toBe('unresolved alerts: 1 open, 2 acknowledged — 1 critical');
  });

  it('keeps the last three reconciliation verdicts, flags ERI and open alerts', () => {
    const alert: Alert = {
      ...meta('al'),
      since: T0,
      state: 'open',
      acknowledged: null,
      patientId: 'a',
      implantId: null,
      kind: 'pump-alarm',
      severity: 'critical',
      message: 'x',
      reasons: [],
      resolved: null,
    };
    const [row] = riskBoard(
      [
        rec('a', {
          refills: [1, 2, 3, 4].map((d) => refill('a', T0 + d * MS_PER_DAY, 20, d === 4 ? 'warn' : 'ok')),
          sessions: [
            {
              ...meta('s'),
              createdAt: epochMs(T0 + 5 * MS_PER_DAY),
              patientId: 'a',
              implantId: 'imp-a',
              at: T0 + 5 * MS_PER_DAY,
              interrogation: { batteryEri: true, reservoirNl: 15 * ML },
              diff: [],
              prescriptionId: null,
              guardrail: null,
              justification: null,
            },
          ],
          openAlerts: [alert],
        }),
      ],
      T0 + 6 * MS_PER_DAY,
    );
    expect(row?.reconciliation).toEqual({ last: 'warn', trend: ['ok', 'ok', 'warn'] });
    expect(row?.battery).toEqual({ eri: true, at: T0 + 5 * MS_PER_DAY });
    expect(row?.basis).toEqual({ kind: 'interrogation', at: T0 + 5 * MS_PER_DAY, reservoirNl: 15 * ML });
    expect(row?.openAlerts).toEqual({ count: 1, acknowledged: 0, critical: 1 });
    expect(row?.verdict).toBe('block');
    expect(row?.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining([
        'ITB_R_BOARD_BATTERY_ERI',
        'ITB_R_BOARD_OPEN_ALERTS',
        'ITB_R_BOARD_RECONCILIATION',
      ]),
    );
  });

  it('an intent record left by a crash is the last session: ERI the pump reported stays ERI, not unknown', () => {
    const session = (
      id: string,
      day: number,
      interrogation: ProgrammingSession['interrogation'],
    ): ProgrammingSession => ({
      ...meta(id),
      createdAt: epochMs(T0 + day * MS_PER_DAY),
      patientId: 'a',
      implantId: 'imp-a',
      at: T0 + day * MS_PER_DAY,
      interrogation,
      diff: [],
      prescriptionId: null,
      guardrail: null,
      justification: null,
    });
    const [row] = riskBoard(
      [
        rec('a', {
          sessions: [
            session('s1', 5, { batteryEri: true, reservoirNl: 15 * ML }),
            session('s2', 6, {
              workflow: 'write-intent',
              write: { op: 'program', commandId: 'c1', status: 'unknown' },
            }),
          ],
        }),
      ],
      T0 + 7 * MS_PER_DAY,
    );
    expect(row?.battery).toEqual({ eri: true, at: T0 + 5 * MS_PER_DAY });
    expect(row?.reasons.map((r) => r.code)).toContain('ITB_R_BOARD_BATTERY_ERI');
  });

  it('a referred patient with no pump was a board warning ("no prescription recorded"): before the implant the row is not a warning', () => {
    const referred = rec('n', { implants: [], current: null, refills: [] });
    const [row] = riskBoard([referred], T0);
    expect(row?.verdict).toBe('ok');
    expect(row?.implantId).toBeNull();
    expect(row?.reasons.map((r) => [r.code, r.severity])).toEqual([['ITB_R_BOARD_NO_PUMP', 'ok']]);
    // A pump on record with no prescription still warns: something is running that nobody prescribed here.
    const [implanted] = riskBoard([rec('i', { current: null, refills: [] })], T0);
    expect(implanted?.verdict).toBe('warn');
    expect(implanted?.reasons.map((r) => r.code)).toContain('ITB_R_BOARD_NO_PRESCRIPTION');
  });

  it('a refill booked after refill-by was flagged only by the alert of the write that moved the date (seed 772523404): the board row says it from the records', () => {
    const booked = (at: number, createdAt = T0 + MS_PER_DAY): Appointment => ({
      ...meta('b'),
      createdAt: epochMs(createdAt),
      patientId: 'a',
      implantId: 'imp-a',
      at,
      kind: 'refill',
      durationMinutes: 30,
      changes: [],
      status: 'booked',
    });
    const now = T0 + 2 * MS_PER_DAY;
    const [plain] = riskBoard([rec('a')], now);
    const refillBy = plain?.refillBy ?? 0;
    const emptyAt = plain?.emptyAt ?? 0;
    const late = (b: Appointment) => riskBoard([rec('a', { bookings: [b] })], now)[0];
    // In time: nothing said.
    expect(late(booked(refillBy - MS_PER_DAY))?.reasons.map((r) => r.code)).not.toContain(
      'ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY',
    );
    // After refill-by: a warning, and the row needs attention (the "action soon" tier).
    const after = late(booked(refillBy + MS_PER_DAY));
    expect(after?.reasons.find((r) => r.code === 'ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY')?.severity).toBe(
      'warn',
    );
    expect(after?.status).toBe('attention');
    expect(after === undefined ? null : boardTier(after)).toBe(1);
    // After the reservoir runs empty: critical.
    expect(
      late(booked(emptyAt + MS_PER_DAY))?.reasons.find(
        (r) => r.code === 'ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY',
      )?.severity,
    ).toBe('block');
    // A booking made before the last refill was closed by it; a cancelled one is not open.
    expect(late(booked(refillBy + MS_PER_DAY, T0 - MS_PER_DAY))?.reasons.map((r) => r.code)).not.toContain(
      'ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY',
    );
    expect(
      late({ ...booked(refillBy + MS_PER_DAY), status: 'cancelled' })?.reasons.map((r) => r.code),
    ).not.toContain('ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY');
  });

  it('a patient before the implant ranked above every patient with a pump on the board: no pump yet sorts last, a pump with no prescription needs attention', () => {
    const referred = rec('n', { implants: [], current: null, refills: [] });
    const dated = rec('d');
    const noState = rec('u', { refills: [] });
    const noRx = rec('x', { current: null, refills: [] });
    const order = riskBoard([referred, noRx, dated, noState], T0).map((r) => r.patientId);
    // Unknown state is overdue (tier 0); no prescription needs attention (tier 1); then the dated row; the
    // patient with nothing to refill last.
    expect(order).toEqual(['u', 'x', 'd', 'n']);
    const [x] = riskBoard([noRx], T0);
    expect(x === undefined ? null : boardTier(x)).toBe(1);
  });

  it('a titration written to an empty pump dated its week without drug from the titration (fresh seed 31337): the empty-since follows the programme the pump ran from its fill, and the stored row keeps it once the alert is resolved', () => {
    const programme = (doseMcgPerDay: number) => ({
      mode: 'simple-continuous',
      drug: 'baclofen',
      concentrationMcgPerMl: 2000,
      doseMcgPerDay,
    });
    const status = (reservoir: number, alarms: string[]) => ({
      reservoir,
      drug: 'baclofen',
      concentration: 2_000_000,
      alarms,
    });
    const readBack = (id: string, at: number, s: JsonValue, p: JsonValue): ProgrammingSession => ({
      ...meta(id),
      createdAt: epochMs(at),
      patientId: 'e',
      implantId: 'imp-e',
      at,
      interrogation: { workflow: 'titrate', after: { status: s, prescription: p } },
      diff: [],
      prescriptionId: null,
      guardrail: null,
      justification: null,
    });
    // 13 mL at 500 mcg/day (0.25 mL/day) runs dry on day 52; on day 60 a titration to 400 mcg/day is written
    // to the empty pump, which reads back empty, and the prescription in force is the new one.
    const titratedAt = T0 + 60 * MS_PER_DAY;
    const records = rec('e', {
      refills: [refill('e', T0, 13)],
      current: { ...rx('e', titratedAt), prescription: programme(400) as PrescriptionRecord['prescription'] },
      sessions: [
        readBack('s-fill', T0, status(13 * ML, []), programme(500)),
        readBack('s-titrate', titratedAt, status(0, ['empty-reservoir']), programme(400)),
      ],
    });
    const [row] = riskBoard([records], titratedAt + 60_000);
    expect(row?.emptySince).toBe(T0 + 52 * MS_PER_DAY);
    // No EMPTY alert is open (a nurse resolved it): the stored row still says empty since day 52, so the
    // board's SQL raises its own EMPTY alert again — as the pump's report, or (since the dates of a pump
    // that says it is empty are its fill's) as the projection's empty instant, already past.
    const stored = boardRowColumns(records, titratedAt + 60_000);
    expect(stored.reported_empty_since ?? stored.empty_at).toBe(T0 + 52 * MS_PER_DAY);
  });

  it('a titration written to an empty pump moved refill-by from before it ran dry to weeks after (walk, round 13: "30 days overdue" became "5 days overdue" while EMPTY): a pump that says it is empty keeps its fill’s dates', () => {
    const programme = (doseMcgPerDay: number) => ({
      mode: 'simple-continuous',
      drug: 'baclofen',
      concentrationMcgPerMl: 2000,
      doseMcgPerDay,
    });
    const status = (reservoir: number, alarms: string[]) => ({
      reservoir,
      drug: 'baclofen',
      concentration: 2_000_000,
      alarms,
    });
    const readBack = (id: string, at: number, s: JsonValue, p: JsonValue): ProgrammingSession => ({
      ...meta(id),
      createdAt: epochMs(at),
      patientId: 'e',
      implantId: 'imp-e',
      at,
      interrogation: { workflow: 'titrate', after: { status: s, prescription: p } },
      diff: [],
      prescriptionId: null,
      guardrail: null,
      justification: null,
    });
    // 13 mL at 500 mcg/day runs dry on day 52. On day 60 a +10 % titration is written to the pump, which
    // reads back a trace (0.4 mL, under its empty alarm) and the empty alarm, or nothing at all.
    const titratedAt = T0 + 60 * MS_PER_DAY;
    const before = rec('e', {
      refills: [refill('e', T0, 13)],
      sessions: [readBack('s-fill', T0, status(13 * ML, []), programme(500))],
    });
    const [was] = riskBoard([before], titratedAt - 60_000);
    expect(was?.emptySince).toBe(T0 + 52 * MS_PER_DAY);
    expect(was?.refillBy).toBeLessThan(T0 + 52 * MS_PER_DAY);
    for (const left of [0.4 * ML, 0]) {
      const after = rec('e', {
        refills: [refill('e', T0, 13)],
        current: {
          ...rx('e', titratedAt),
          prescription: programme(550) as PrescriptionRecord['prescription'],
        },
        sessions: [
          readBack('s-fill', T0, status(13 * ML, []), programme(500)),
          readBack('s-titrate', titratedAt, status(left, ['empty-reservoir']), programme(550)),
        ],
      });
      const [row] = riskBoard([after], titratedAt + 60_000);
      expect(row?.emptySince, `${left} nL left`).toBe(T0 + 52 * MS_PER_DAY);
      expect(row?.emptyAt, `${left} nL left`).toBe(was?.emptyAt);
      expect(row?.refillBy, `${left} nL left`).toBe(was?.refillBy);
      expect(row?.lowAlarmAt, `${left} nL left`).toBe(was?.lowAlarmAt);
    }
  });

  it('an empty pump was said to be "at or below the low-reservoir alarm threshold" with the volume of an interrogation weeks old (walk of the demo a month on: "the reservoir (1.5 mL)" beside "0.16 mL" read today): a pump that says it is empty is said empty, not low', () => {
    const programme = {
      mode: 'simple-continuous',
      drug: 'baclofen',
      concentrationMcgPerMl: 2000,
      doseMcgPerDay: 500,
    };
    const readBack = (id: string, at: number, reservoir: number, alarms: string[]): ProgrammingSession => ({
      ...meta(id),
      createdAt: epochMs(at),
      patientId: 'e',
      implantId: 'imp-e',
      at,
      interrogation: {
        workflow: 'interrogate',
        after: {
          status: { reservoir, drug: 'baclofen', concentration: 2_000_000, alarms },
          prescription: programme,
        },
      },
      diff: [],
      prescriptionId: null,
      guardrail: null,
      justification: null,
    });
    // 13 mL at 0.25 mL/day: on day 46 the pump reads 1.5 mL (under its 2 mL low alarm); on day 90 it reads
    // a trace and says it is empty.
    const emptyReadAt = T0 + 90 * MS_PER_DAY;
    const [row] = riskBoard(
      [
        rec('e', {
          refills: [refill('e', T0, 13)],
          sessions: [
            readBack('s-low', T0 + 46 * MS_PER_DAY, 1.5 * ML, ['low-reservoir']),
            readBack('s-empty', emptyReadAt, 0.16 * ML, ['low-reservoir', 'empty-reservoir']),
          ],
        }),
      ],
      emptyReadAt + 60_000,
    );
    const codes = row?.reasons.map((r) => r.code) ?? [];
    expect(codes).toContain('ITB_R_BOARD_EMPTY');
    expect(codes).not.toContain('ITB_R_LOW_ALARM_REACHED');
    expect(row?.reasons.map((r) => r.message).join('\n')).not.toMatch(/1\.5 mL/);
  });

  it('says when the prescription changed after the last known state', () => {
    const [row] = riskBoard([rec('a', { current: rx('a', T0 + MS_PER_DAY) })], T0 + 2 * MS_PER_DAY);
    expect(row?.reasons.map((r) => r.code)).toContain('ITB_R_BOARD_RX_CHANGED');
  });

  it('a future-dated refill hides an overdue patient: the pump’s later interrogation wins over a record dated ahead', () => {
    const now = T0 + 100 * MS_PER_DAY;
    // A refill written 20 days ago but dated ten years ahead, then a real interrogation: 1.49 mL left.
    const ahead = { ...refill('a', T0 + 3650 * MS_PER_DAY, 20), createdAt: epochMs(now - 20 * MS_PER_DAY) };
    const [row] = riskBoard(
      [
        rec('a', {
          patient: patient('a', true),
          refills: [refill('a', T0, 20), ahead],
          sessions: [
            {
              ...meta('s'),
              createdAt: epochMs(now - MS_PER_DAY),
              patientId: 'a',
              implantId: 'imp-a',
              at: now - MS_PER_DAY,
              interrogation: { reservoirNl: 1_490_000 },
              diff: [],
              prescriptionId: null,
              guardrail: null,
              justification: null,
            },
          ],
        }),
      ],
      now,
    );
    expect(row?.basis).toEqual({ kind: 'interrogation', at: now - MS_PER_DAY, reservoirNl: 1_490_000 });
    expect(row?.overdue).toBe(true);
  });

  /** A session whose pump status (as recorded by the refill, titration and alarm-test workflows) says `status`. */
  const statusSession = (at: number, status: Record<string, unknown>, workflow = 'titrate') => ({
    ...meta(`s-${at}`),
    createdAt: epochMs(at),
    patientId: 'a',
    implantId: 'imp-a',
    at,
    interrogation: { workflow, snapshot: { status: { alarms: [], ...status } } },
    diff: [],
    prescriptionId: null,
    guardrail: null,
    justification: null,
  });

  it('dates follow pump contents: a prescribed concentration the pump does not hold yet does not move the dates', () => {
    // The pump holds 1000 mcg/mL (10 mL at refill); the physician prescribes 2000 mcg/mL for the next refill.
    const held = { ...refill('a', T0, 10), concentrationNgPerMl: 1_000_000 };
    const [row] = riskBoard(
      [rec('a', { refills: [held], current: rx('a', T0 + MS_PER_DAY) })],
      T0 + 2 * MS_PER_DAY,
    );
    // 500 mcg/day at 1000 mcg/mL is 0.5 mL/day: the alarm comes at (10 mL − alarm) / 0.5 days.
    const alarmAt = T0 + ((10 * ML - ALARM_NL) / (0.5 * ML)) * MS_PER_DAY;
    expect(row?.lowAlarmAt).toBeCloseTo(alarmAt, -5);
  });

  it('dates follow pump contents: the reservoir a titration session read from the pump is a known state', () => {
    // The old reader took only a top-level `reservoirNl`, so the pump's status in the snapshot was ignored.
    const at = T0 + 10 * MS_PER_DAY;
    const [row] = riskBoard(
      [
        rec('a', {
          sessions: [statusSession(at, { reservoir: 4 * ML, drug: 'baclofen', concentration: 2_000_000 })],
        }),
      ],
      at,
    );
    expect(row?.basis).toEqual({ kind: 'interrogation', at, reservoirNl: 4 * ML });
  });

  it('dates follow pump contents: the snapshot a refill read before the drug went in is not the pump after it', () => {
    const at = T0 + 10 * MS_PER_DAY;
    const before = statusSession(at, { reservoir: ML, drug: 'baclofen', concentration: 2_000_000 }, 'refill');
    const [row] = riskBoard([rec('a', { refills: [refill('a', at, 20)], sessions: [before] })], at);
    expect(row?.basis).toEqual({ kind: 'refill', at, reservoirNl: 20 * ML });
  });

  it('restart flagged: a pump that ran dry from its implant fill is empty since its fill ran out, not since it was found', () => {
    const implantFill = statusSession(
      T0,
      { reservoir: 10 * ML, drug: 'baclofen', concentration: 2_000_000 },
      'interrogate',
    );
    const found = T0 + 60 * MS_PER_DAY;
    const empty = statusSession(found, { reservoir: 0, alarms: ['empty-reservoir'] }, 'interrogate');
    const emptyAlert = emptyReservoirAlert(found);
    const [row] = riskBoard(
      [rec('a', { refills: [], sessions: [implantFill, empty], openAlerts: [emptyAlert] })],
      found,
    );
    // 10 mL at 0.25 mL/day runs out on day 40.
    expect(row?.emptySince).toBeCloseTo(T0 + 40 * MS_PER_DAY, -5);
  });

  it('removed pump on the board: a pump removed and not replaced kept its refill-by, and its open EMPTY alert kept the row EMPTY; it is no pump in place, its alert still listed', () => {
    const found = T0 + 90 * MS_PER_DAY;
    const emptyAlert = emptyReservoirAlert(found);
    const removedAt = found + MS_PER_DAY;
    const [kept] = riskBoard([rec('a', { openAlerts: [emptyAlert] })], removedAt);
    expect(kept?.emptySince).not.toBeNull();
    const [row] = riskBoard(
      [rec('a', { openAlerts: [emptyAlert], explants: [{ implantId: 'imp-a', at: removedAt }] })],
      removedAt + 30 * MS_PER_DAY,
    );
    expect(row?.refillBy).toBeNull();
    expect(row?.emptySince).toBeNull();
    expect(row?.overdue).toBe(false);
    expect(row?.battery).toBeNull();
    expect(row?.reasons.map((r) => r.code)).toContain('ITB_R_BOARD_NO_PUMP');
    expect(row?.reasons.map((r) => r.code)).not.toContain('ITB_R_BOARD_EMPTY');
    // The open alert is still there for a person to close.
    expect(row?.openAlerts.critical).toBe(1);
    // A replacement is a pump in place again: dates come back from its own fills.
    const [replaced] = riskBoard(
      [
        rec('a', {
          implants: [implant('a'), { ...implant('a'), id: 'imp-b', implantDate: '2024-06-01' }],
          explants: [{ implantId: 'imp-a', at: removedAt }],
        }),
      ],
      removedAt,
    );
    expect(replaced?.reasons.map((r) => r.code)).not.toContain('ITB_R_BOARD_NO_PUMP');
  });

  it('replaced pump read as the new one: an interrogation of the old pump at the new pump’s fill, its ERI and its refills’ reconciliation described the new pump; the row reads the pump in place only', () => {
    const replacedAt = T0 + 40 * MS_PER_DAY;
    const fill = {
      drug: 'baclofen' as const,
      concentrationNgPerMl: 2_000_000,
      volumeNl: 20 * ML,
      lot: 'NEW',
      at: replacedAt,
    };
    const newPump: Implant = {
      ...implant('a'),
      id: 'imp-new',
      pumpSerial: 'S-new',
      implantDate: '2024-02-10',
      createdAt: epochMs(replacedAt),
      initialFill: fill,
    };
    // The old pump read at the operation (its last interrogation, at ERI, nearly empty) after a refill
    // whose residual did not reconcile.
    const oldRead: ProgrammingSession = {
      ...meta('s-old'),
      createdAt: epochMs(replacedAt),
      patientId: 'a',
      implantId: 'imp-a',
      at: replacedAt,
      interrogation: { batteryEri: true, reservoirNl: 1 * ML },
      diff: [],
      prescriptionId: null,
      guardrail: null,
      justification: null,
    };
    const records = rec('a', {
      implants: [implant('a'), newPump],
      explants: [{ implantId: 'imp-a', at: replacedAt }],
      refills: [refill('a', T0, 20, 'warn')],
      sessions: [oldRead],
    });
    const [row] = riskBoard([records], replacedAt);
    const [alone] = riskBoard([rec('a', { implants: [newPump], refills: [], sessions: [] })], replacedAt);
    expect(row?.implantId).toBe('imp-new');
    expect(row?.basis).toEqual({ kind: 'initial-fill', at: replacedAt, reservoirNl: 20 * ML });
    expect(row?.refillBy).toBe(alone?.refillBy);
    expect(row?.battery).toBeNull();
    expect(row?.reconciliation).toEqual({ last: null, trend: [] });
    expect(row?.reasons.map((r) => r.code)).not.toContain('ITB_R_BOARD_BATTERY_ERI');
  });

  it('initial fill not stored with the implant: a new pump is projected from its initial fill, with no reconciliation to show', () => {
    const fill = {
      drug: 'baclofen' as const,
      concentrationNgPerMl: 2_000_000,
      volumeNl: 20 * ML,
      lot: 'L0',
      at: T0,
    };
    const [row] = riskBoard(
      [rec('new', { implants: [{ ...implant('new'), initialFill: fill }], refills: [] })],
      T0,
    );
    expect(row?.basis).toEqual({ kind: 'initial-fill', at: T0, reservoirNl: 20 * ML });
    // The same dates as a 20 mL refill at T0 (the first test): the fill is the pump's first contents.
    const [asRefill] = riskBoard([rec('a')], T0);
    expect(row?.lowAlarmAt).toBe(asRefill?.lowAlarmAt);
    expect(row?.refillBy).toBe(asRefill?.refillBy);
    expect(row?.reconciliation).toEqual({ last: null, trend: [] });
    expect(row?.status).toBe('ok');
    // A later refill of that pump takes over as the basis.
    const later = refill('new', T0 + 30 * MS_PER_DAY, 18);
    const [next] = riskBoard(
      [rec('new', { implants: [{ ...implant('new'), initialFill: fill }], refills: [later] })],
      T0 + 30 * MS_PER_DAY,
    );
    expect(next?.basis?.kind).toBe('refill');
  });
  it("H38 ziconotide first fill: the board books a new pump's first ziconotide refill within 14 days, not at its 84-day undiluted stability", () => {
    // 2.4 mcg/day at 25 mcg/mL is 0.096 mL/day: 20 mL would last far beyond both limits, so only the
    // drug's first-fill limit (adsorption in a new pump, Prialt label §2.3) or its stability can set the date.
    const { zico, current } = ziconotideNewPump();
    const [row] = riskBoard(
      [rec('z', { implants: [{ ...implant('z'), initialFill: zico }], refills: [], current })],
      T0,
    );
    expect(row?.basis?.kind).toBe('initial-fill');
    expect(row?.refillBy).toBe(T0 + 14 * MS_PER_DAY);
    // Refilled once, the pump is no longer new: the next fill of the undiluted 25 mcg/mL keeps 84 days.
    const later = {
      ...refill('z', T0 + 14 * MS_PER_DAY, 18),
      drug: 'ziconotide' as const,
      concentrationNgPerMl: 25_000,
    };
    const [next] = riskBoard(
      [rec('z', { implants: [{ ...implant('z'), initialFill: zico }], refills: [later], current })],
      T0 + 14 * MS_PER_DAY,
    );
    expect(next?.refillBy).toBe(T0 + 98 * MS_PER_DAY);
  });

  it('a new ziconotide pump recorded without its initial fill was given its 40-day stability on the board while the refill plan gave its 14-day first fill: with no fill of the pump on record, it is new from its first known state', () => {
    const { current } = ziconotideNewPump();
    // Read at the implant, then at a post-operative check three days later; no fill or refill recorded.
    const [row] = riskBoard(
      [
        rec('z', {
          implants: [implant('z')],
          refills: [],
          sessions: [zicoRead('s-0', T0, 20 * ML), zicoRead('s-3', T0 + 3 * MS_PER_DAY, 19_712_000)],
          current,
        }),
      ],
      T0 + 3 * MS_PER_DAY,
    );
    expect(row?.refillBy).toBe(T0 + 14 * MS_PER_DAY);
    expect(row?.refillByCause?.kind).toBe('first-fill');
  });

  it('an empty ziconotide pump with no fill on record was dated from its last read as an old pump (40-day stability) while the running row counted it new (14 days): one rule says which fill counts', () => {
    const { current } = ziconotideNewPump();
    const sessions = [zicoRead('s-0', T0, 20 * ML), zicoRead('s-3', T0 + 3 * MS_PER_DAY, 19_712_000)];
    const z = (more: ProgrammingSession[]) =>
      rec('z', { implants: [implant('z')], refills: [], sessions: [...sessions, ...more], current });
    const [running] = riskBoard([z([])], T0 + 3 * MS_PER_DAY);
    // Found empty at day 60 (a leak, say): its dates stay those of the fill it held, a new pump's first fill.
    const now = T0 + 60 * MS_PER_DAY;
    const [empty] = riskBoard([z([zicoRead('s-60', now, 0, ['empty-reservoir'])])], now);
    expect(running?.refillBy).toBe(T0 + 14 * MS_PER_DAY);
    expect(empty?.refillBy).toBe(running?.refillBy);
    expect(empty?.refillByCause?.kind).toBe('first-fill');
  });

  it('a post-operative interrogation of a new ziconotide pump moved its first refill from 14 days to the 40-day stability: the first-fill limit holds until the first refill', () => {
    const { zico, current } = ziconotideNewPump();
    // Interrogated three days after the implant, the pump still holds its first fill.
    const checked: ProgrammingSession = {
      ...meta('s-z'),
      createdAt: epochMs(T0 + 3 * MS_PER_DAY),
      patientId: 'z',
      implantId: 'imp-z',
      at: T0 + 3 * MS_PER_DAY,
      interrogation: {
        workflow: 'interrogate',
        snapshot: {
          status: { reservoir: 19_712_000, drug: 'ziconotide', concentration: 25_000, alarms: [] },
        },
      },
      diff: [],
      prescriptionId: null,
      guardrail: null,
      justification: null,
    };
    const [afterCheck] = riskBoard(
      [
        rec('z', {
          implants: [{ ...implant('z'), initialFill: zico }],
          refills: [],
          sessions: [checked],
          current,
        }),
      ],
      T0 + 3 * MS_PER_DAY,
    );
    expect(afterCheck?.basis?.kind).toBe('interrogation');
    expect(afterCheck?.refillBy).toBe(T0 + 14 * MS_PER_DAY);
  });
});

describe('empty supersedes low', () => {
  /** The pump's own open low-reservoir alert of patient 'a' (an interrogation found it at `since`). */
  const lowReservoirAlert = (since: number): Alert => ({
    ...emptyReservoirAlert(since),
    id: 'al-low',
    kind: 'low-reservoir',
    severity: 'warning',
    message: 'the pump reports a low reservoir: refill now',
    condition: 'low-reservoir',
  });

  it('board row of a pump calculated EMPTY also showed the pump’s low-reservoir report ("refill now — since …") under "EMPTY since …": the row says empty, not low', () => {
    // 20 mL at 0.25 mL/day: the low alarm is on day ~72, empty on day 80; the pump said low on day 72.
    const now = T0 + 90 * MS_PER_DAY;
    const [row] = riskBoard([rec('a', { openAlerts: [lowReservoirAlert(T0 + 72 * MS_PER_DAY)] })], now);
    expect(row?.status).toBe('empty');
    expect(row?.emptySince).toBe(T0 + 80 * MS_PER_DAY);
    expect(row?.conditions.map((c) => c.condition)).toEqual([]);
    expect(row?.reasons.filter((r) => /low reservoir/.test(r.message))).toEqual([]);
    expect(row?.lowReservoir).toBeNull();
  });

  it('the pages compared lowAlarmAt with their own now, each by its own rule: the row says low once — the pump’s report, else the calculated alarm passed', () => {
    const since = T0 + 60 * MS_PER_DAY;
    const [pump] = riskBoard([rec('a', { openAlerts: [lowReservoirAlert(since)] })], since);
    expect(pump?.lowAlarmAt).toBeGreaterThan(since);
    expect(pump?.lowReservoir).toEqual({ source: 'pump', since });
    const [ahead] = riskBoard([rec('a')], since);
    expect(ahead?.lowReservoir).toBeNull();
    const [passed] = riskBoard([rec('a')], T0 + 75 * MS_PER_DAY);
    expect(passed?.lowReservoir).toEqual({ source: 'calculated', since: passed?.lowAlarmAt });
  });
});

describe('empty supersedes low, calculated', () => {
  it('patient page listed "the reservoir is already at or below the low-reservoir alarm" beside "EMPTY since" for a pump calculated empty: the row says empty only', () => {
    // An interrogation on day 72 read 1.5 mL (under the 2 mL alarm): at 0.25 mL/day it is empty on day 78.
    const read: ProgrammingSession = {
      ...meta('s-read'),
      createdAt: epochMs(T0 + 72 * MS_PER_DAY),
      patientId: 'a',
      implantId: 'imp-a',
      at: T0 + 72 * MS_PER_DAY,
      interrogation: { workflow: 'interrogate', reservoirNl: 1.5 * ML },
      diff: [],
      prescriptionId: null,
      guardrail: null,
      justification: null,
    };
    const [row] = riskBoard([rec('a', { sessions: [read] })], T0 + 85 * MS_PER_DAY);
    expect(row?.status).toBe('empty');
    expect(row?.reasons.map((r) => r.code)).not.toContain('ITB_R_LOW_ALARM_REACHED');
    expect(row?.reasons.map((r) => r.code)).toContain('ITB_R_BOARD_EMPTY');
  });
});
