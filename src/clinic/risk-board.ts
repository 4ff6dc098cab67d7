/**
 * The refill risk board (docs/architecture.md clinic services; docs/clinical-reference.md §3 "the clinic must never rely on the pump's
 * alarm alone"): pure over a patient's records and `now`. For each patient, from the last known pump state
 * — the last refill (volume added at its time; the residual was drained) or a later interrogation snapshot
 * that reports `reservoirNl` — and the prescription in force, it projects the low-reservoir and empty
 * instants and the refill-by date (therapy/projection.ts), and gathers battery/ERI (from the snapshot),
 * open alerts and the reconciliation verdicts of the last three refills.
 *
 * Order, in three tiers: critical first (refill-by at or before now, the reservoir empty or its state
 * unknown — unknown is not safe — the pump past its projected end of service, or reporting a state in which
 * it delivers no drug); then rows that need
 * action soon — refill-by within {@link REFILL_DUE_SOON_DAYS}, or {@link needsAttention} (the last refill
 * did not reconcile, so the calculated reservoir and the refill-by date are in doubt, or a critical alert
 * is open); then the rest. Within a tier, withdrawal high-risk
 * patients first (boxed warning), then by refill-by, soonest first. (A high-risk patient due in eight weeks
 * does not rank above anyone due tomorrow: our ordering choice [A].)
 *
 * Limitation: the projection runs the prescription in force from the last known state; if it changed
 * since, the row says so (ITB_R_BOARD_RX_CHANGED) — the earlier programme's consumption is not replayed.
 */
import { getProfile } from '../pump/profiles.ts';
import { defineCodes } from '../therapy/codes.ts';
import { drugEmergency } from '../therapy/drug-emergency.ts';
import type { OpioidStatus } from '../therapy/drug.ts';
import { prescriptionFromJson, type PrescriptionJson } from '../therapy/prescription-json.ts';
import { projectReservoir, type ReservoirProjection } from '../therapy/projection.ts';
import type { RefillByCause } from '../therapy/refill-by-cause.ts';
import { MS_PER_DAY, epochMs, type Nanolitres } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import { verdictOf, withTimes, type Reason, type Verdict } from '../therapy/verdict.ts';
import {
  daysToEos,
  EOS_PASSED_POLICY,
  REPLACEMENT_MARGIN,
  replacementOverdue,
} from './pathway/battery-projection.ts';
import { batteryOf as pumpBattery } from './pathway/pathway-view.ts';
import { alertCounts, alertCountText, type AlertCounts } from './alert-counts.ts';
import type {
  Alert,
  Appointment,
  PrescriptionRecord,
  ProgrammingSession,
  Refill,
} from './clinical-records.ts';
import { instantWords } from './clinical-time.ts';
import { implantInUse, pumpRemovedAt } from './implant-in-use.ts';
import { lateBookingReason } from './late-booking.ts';
import { openRefillBooking } from './refill-booking.ts';
import { reportedConditions, saysNotDelivering } from './pump-condition-table.ts';
import {
  asRunByPump,
  knownAt,
  reportedProgramme,
  heldContents,
  lastFill,
  lastFilledState,
  lastPumpState,
  pumpStates,
  pumpTherapy,
  type PumpState,
  type PumpTherapy,
} from './pump-contents.ts';
import type { HighRiskFlags, Implant, Patient } from './records.ts';

/** Reasons the board adds to the projection's (register in src/codes.ts). */
export const RISK_BOARD_CODES = defineCodes({
  ITB_R_BOARD_NO_PUMP_STATE: {
    kind: 'reason',
    summary: 'No refill or interrogation with a reservoir volume is recorded: refill date unknown.',
  },
  ITB_R_BOARD_NO_PRESCRIPTION: {
    kind: 'reason',
    summary: 'No prescription is recorded: the reservoir cannot be projected.',
  },
  ITB_R_BOARD_NO_PUMP: {
    kind: 'reason',
    summary:
      'No pump is in place — none implanted yet (referral, evaluation or screening trial), or the last one ' +
      'was removed and not replaced: there is nothing to refill.',
  },
  ITB_R_BOARD_RX_CHANGED: {
    kind: 'reason',
    summary: 'The prescription changed after the last known pump state: the projection is approximate.',
  },
  ITB_R_BOARD_BATTERY_ERI: {
    kind: 'reason',
    summary: 'The last interrogation reported the elective replacement indicator (ERI).',
  },
  ITB_R_BOARD_EOS_PASSED: {
    kind: 'reason',
    summary:
      'The projected end of service (EOS) of the pump in place has passed with no interrogation since to move ' +
      'it: the pump may have stopped delivering (withdrawal risk) — interrogate it and replace it now.',
  },
  ITB_R_BOARD_REPLACEMENT_OVERDUE: {
    kind: 'reason',
    summary:
      'The projected end of service (EOS) of the pump in place is within the margin planned for the replacement ' +
      'surgery: the pump stops delivering at EOS (withdrawal risk) — replace it now. Critical until the pump is ' +
      'replaced or explanted, whatever alert was closed.',
  },
  ITB_R_BOARD_DELIVERY_STOPPED: {
    kind: 'reason',
    summary:
      'The clinic stopped the pump (a verified stop no confirmed resume followed): no drug is delivered — ' +
      'withdrawal risk; the row is in the top tier until delivery resumes.',
  },
  ITB_R_BOARD_OPEN_ALERTS: { kind: 'reason', summary: 'The patient has open alerts.' },
  ITB_R_BOARD_NOT_COMPUTED: {
    kind: 'reason',
    summary:
      'The board row could not be computed from the records (e.g. a corrupt record): check the patient by hand.',
  },
  ITB_R_BOARD_EMPTY: {
    kind: 'reason',
    summary: 'The reservoir is empty (projected or reported by the pump): no drug is delivered.',
  },
  ITB_R_BOARD_PUMP_CONDITION: {
    kind: 'reason',
    summary: 'The pump reported a condition (alarm or device state) that no later interrogation cleared.',
  },
  ITB_R_BOARD_REFILL_DUE_SOON: {
    kind: 'reason',
    summary: 'The refill-by date falls within the reminder window: book or do the refill now.',
  },
  ITB_R_BOARD_HIGH_RISK: {
    kind: 'reason',
    summary: 'Withdrawal high-risk patient (injury at T6 or above, cannot communicate, prior withdrawal).',
  },
  ITB_R_BOARD_RECONCILIATION: {
    kind: 'reason',
    summary: 'The last refill’s residual reconciliation warned: the pump’s count and reality differ.',
  },
} as const);
type BoardCode = keyof typeof RISK_BOARD_CODES;

export type BoardStatus = 'empty' | 'overdue' | 'unknown' | 'due-soon' | 'attention' | 'ok';

/** What the board reads for one patient. Lists oldest first, as the store returns them. */
export interface BoardPatientRecords {
  readonly patient: Patient;
  readonly implants: readonly Implant[];
  readonly current: PrescriptionRecord | null;
  readonly refills: readonly Refill[];
  readonly sessions: readonly ProgrammingSession[];
  readonly openAlerts: readonly Alert[];
  /**
   * The appointments still booked that were made since the last refill (the open refill booking is among
   * them: refill-booking.ts). Absent in rows stored before the board read it (revision 12 rebuilds them).
   */
  readonly bookings?: readonly Appointment[];
  /**
   * The pumps taken out (pathway/explant-records.ts): a patient whose pumps were all removed has no pump in
   * place (implant-in-use.ts). Absent in rows stored before the board read them (revision 24 rebuilds them).
   */
  readonly explants?: readonly { readonly implantId: string; readonly at: number }[];
}

/** The reservoir is low: the pump says so, or the projected low-reservoir alarm has passed ({@link BoardRow.lowReservoir}). */
export interface LowReservoir {
  readonly source: 'pump' | 'calculated';
  readonly since: number;
}

export interface BoardRow {
  readonly patientId: string;
  readonly name: string;
  readonly highRisk: boolean;
  /** Opioid-naive or tolerant; null until recorded (an opioid's starting range depends on it). */
  readonly opioidStatus: OpioidStatus | null;
  readonly implantId: string | null;
  /** Where the projection starts: the last refill or a later interrogation. */
  readonly basis: {
    readonly kind: PumpState['kind'];
    readonly at: number;
    readonly reservoirNl: number;
  } | null;
  readonly lowAlarmAt: number | null;
  /**
   * The reservoir is low now, said once for every page (the board's alarm column, the patient page, the
   * note beside a dose): the pump's own low-reservoir report (`pump`, since it reported it), else the
   * projected low-reservoir alarm already passed (`calculated`, since `lowAlarmAt`); null when neither —
   * and when the reservoir is empty, which supersedes low ({@link emptySince}). The pages compared
   * `lowAlarmAt` with their own "now", each by its own rule.
   */
  readonly lowReservoir: LowReservoir | null;
  readonly emptyAt: number | null;
  readonly refillBy: number | null;
  /** What set refill-by (the projection's, as data); null when refill-by is unknown. */
  readonly refillByCause: RefillByCause | null;
  /** (refillBy − now) in days to 0.01; negative when overdue; null when unknown. */
  readonly daysToRefillBy: number | null;
  readonly overdue: boolean;
  /**
   * Empty since this instant (the earlier of the projection's empty time and the pump's own report), or
   * null when not empty. Empty outranks overdue: no drug reaches the patient.
   */
  readonly emptySince: number | null;
  /**
   * The projected end of service (EOS) of the pump in place: the care pathway's battery projection
   * (pathway/pathway-view.ts `batteryOf`, the board's battery column); null without a pump with a battery.
   */
  readonly eosAt: number | null;
  /**
   * The projected EOS is at or before now: the pump may have stopped delivering, as a reservoir projected
   * empty is empty. Critical by time: the row is in the top tier ({@link boardTier}) whatever its refill-by.
   */
  readonly eosPassed: boolean;
  /** Whole days from now to the projected EOS (negative once passed); null without {@link eosAt}. */
  readonly daysToEos: number | null;
  /**
   * The projected EOS is ahead but inside the margin planned for surgery (pathway/battery-projection.ts
   * `replacementOverdue`): the pump is still in place and stops delivering at EOS. Critical: the row is in
   * the top tier ({@link boardTier}), whether or not an alert about the battery is still open.
   */
  readonly replacementOverdue: boolean;
  /**
   * Since when the pump in place reports a state in which it delivers no drug, or almost none
   * (pump-condition-table.ts `stopsDelivery`: EOS, motor stall, memory error, low-battery reset, minimum rate,
   * EMPTY), or since the clinic stopped it (an open `delivery-stopped` alert: `saysNotDelivering`); null when
   * neither. Critical: the row is in the top tier ({@link boardTier}).
   */
  readonly stoppedSince: number | null;
  /**
   * Whether the time of day of {@link stoppedSince} is on record; false when only its day is (a
   * replacement recorded without its time: the day's first instant, clinical-time.ts `RecordedInstant`).
   */
  readonly stoppedSinceTimeKnown: boolean;
  /** In words, worst first: empty, overdue, unknown, due-soon, attention, ok. */
  readonly status: BoardStatus;
  /** ERI from the pump's condition alerts (with its since), else the last interrogation's report. */
  readonly battery: { readonly eri: boolean | null; readonly at: number } | null;
  /** What the pump reported and no later interrogation cleared, with since (clinic/pump-conditions.ts). */
  readonly conditions: readonly {
    readonly condition: string;
    readonly severity: Alert['severity'];
    readonly since: number;
    /** False when only the day of `since` is on record (see {@link stoppedSinceTimeKnown}). */
    readonly sinceTimeKnown?: false;
    readonly message: string;
  }[];
  /** The patient's unresolved alerts, acknowledged and critical among them (alert-counts.ts). */
  readonly openAlerts: AlertCounts;
  readonly reconciliation: { readonly last: Verdict | null; readonly trend: readonly Verdict[] };
  readonly verdict: Verdict;
  readonly reasons: readonly Reason[];
  /**
   * What the pump in place holds and runs, and a prescription waiting for the refill that brings its
   * contents in (pump-contents.ts): the one statement of the pump's contents every page and paper prints.
   * Null with no prescription or no pump in place.
   */
  readonly therapy: PumpTherapy | null;
}

/**
 * The revision of the board's rules: bump it with any change to `boardRow`, `needsAttention` or the order
 * here, or to what the board reads for them (board-read.ts). Stored board rows (board-rows.ts) carry the
 * rules version built from it (board-rules-version.ts), and opening the store rebuilds them when it
 * differs, so a rule change never leaves stale rows behind.
 */
export const BOARD_RULES_REVISION = 41;

/**
 * A refill-by this close warns on the board, so a patient due tomorrow is not shown as "OK" (the clinic must
 * never rely on the pump's alarm alone, docs/clinical-reference.md §3).
 */
export const REFILL_DUE_SOON_DAYS = sourced(
  7,
  'A',
  'our choice: one week, the reminder window for booking a refill visit',
);

const r = (code: BoardCode, severity: Verdict, message: string): Reason => ({ code, severity, message });
const isHighRisk = (h: HighRiskFlags): boolean =>
  h.injuryAtT6OrAbove || h.cannotCommunicate || h.priorWithdrawal;

/** One patient's row. */
export function boardRow(rec: BoardPatientRecords, now: number): BoardRow {
  const reasons: Reason[] = [];
  const highRisk = isHighRisk(rec.patient.highRisk);
  if (highRisk) reasons.push(r('ITB_R_BOARD_HIGH_RISK', 'ok', 'withdrawal high-risk patient'));
  // A pump removed and not replaced leaves nothing in the patient to refill: its last fill is no date.
  const removedAt = pumpRemovedAt(rec.implants, rec.explants ?? []);
  // The pump in place (implant-in-use.ts) and its own records: a replaced pump's refills, interrogations
  // and battery say nothing of its successor. Before, an interrogation of the old pump at or after the new
  // pump's initial fill was the basis of the row — the board read the old pump's reservoir, implant and ERI.
  const inUse = implantInUse(rec.implants, rec.explants ?? []);
  const own = <T extends { readonly implantId: string | null }>(xs: readonly T[]): readonly T[] =>
    inUse === undefined ? xs : xs.filter((x) => x.implantId === inUse.id);
  const pumpRec = { ...rec, refills: own(rec.refills), sessions: own(rec.sessions) };
  // Every known state of the pump, read once: each date below is taken from them.
  const states = removedAt === null ? pumpStates(pumpRec) : [];
  const basis = lastPumpState(states);
  const implant = inUse ?? rec.implants.at(-1);
  // The dates follow what the pump holds, not a new concentration on record that no refill brought in.
  const held = heldContents(states);
  const reported = reportedProgramme(pumpRec.sessions);
  const therapy: PumpTherapy | null =
    rec.current === null ? null : pumpTherapy(rec.current.prescription, held, reported);
  // The last state with drug in it, and its projection for a pump that says it is empty (made once, when
  // first asked for: the row's dates and its empty-since both read it).
  const filled = lastFilledState(states);
  let fromFill: ReservoirProjection | null | undefined;
  const lastFillProjection = (): ReservoirProjection | null =>
    (fromFill ??=
      filled === null || implant === undefined || rec.current === null
        ? null
        : fillProjection(rec.current, pumpRec.sessions, states, filled, getProfile(implant.deviceProfileId), {
            held,
            reported,
          }));
  let lowAlarmAt: number | null = null;
  let emptyAt: number | null = null;
  let refillBy: number | null = null;
  let refillByCause: RefillByCause | null = null;
  let unknownState = false;
  if (removedAt !== null) {
    reasons.push(
      withTimes(
        r(
          'ITB_R_BOARD_NO_PUMP',
          'ok',
          `no pump in place: removed on ${new Date(removedAt).toISOString()} and not replaced — nothing to refill`,
        ),
        { removedAt },
      ),
    );
  } else if (rec.current === null && rec.implants.length === 0) {
    // Before the implant nothing can run out: a warning here would only teach the clinic to ignore warnings.
    reasons.push(r('ITB_R_BOARD_NO_PUMP', 'ok', 'no pump implanted yet: nothing to refill'));
  } else if (rec.current === null || therapy === null) {
    reasons.push(r('ITB_R_BOARD_NO_PRESCRIPTION', 'warn', 'no prescription recorded'));
  } else if (basis === null || implant === undefined) {
    unknownState = true;
    reasons.push(
      r('ITB_R_BOARD_NO_PUMP_STATE', 'warn', 'no refill or interrogation recorded: refill date unknown'),
    );
  } else {
    const profile = getProfile(implant.deviceProfileId);
    const counted = fillCounted(states, basis);
    // A pump that reports itself empty ran out of its last fill: its dates are that fill's, at the programme
    // it ran. Projected from the empty read-back instead, a titration written to an empty pump (a trace
    // left under the empty alarm) moved refill-by from before the pump ran dry to weeks after, while the
    // board still said EMPTY since (walk of the demo, round 13: "30 days overdue" became "5 days overdue").
    const fromLastFill = basis.empty ? lastFillProjection() : null;
    const p =
      fromLastFill !== null
        ? fromLastFill
        : projectReservoir({
            reservoir: basis.reservoirNl as Nanolitres,
            prescription: prescriptionFromJson(therapy.runs),
            lowAlarmThreshold: profile.lowReservoir.value.default,
            start: epochMs(basis.at),
            // The drug's stability counts from the pump's last fill ({@link fillCounted}). A drug with a
            // first-fill limit is due sooner while the new pump still holds its initial fill (ziconotide)
            // — also when a later interrogation is the basis (a post-operative check moved the first
            // refill from 14 days to the drug's 40-day stability).
            fillTime: epochMs(counted.at),
            newPump: counted.newPump,
            device: { minimumRateFlow: profile.minimumRateFlow.value },
          });
    ({ lowAlarmAt, emptyAt, refillBy, refillByCause } = p);
    // A pump that says it is empty is said empty (ITB_R_BOARD_EMPTY), not low: projected from its last fill,
    // "the reservoir (1.5 mL) is already at or below the low-reservoir alarm" gave an interrogation weeks
    // old as today's volume, beside the empty pump's own read-back.
    const stale = (code: string) => fromLastFill !== null && code === 'ITB_R_LOW_ALARM_REACHED';
    reasons.push(...p.reasons.filter((x) => x.code !== 'ITB_R_REFILL_OVERDUE' && !stale(x.code)));
    if (rec.current.createdAt > basis.at) {
      reasons.push(
        r('ITB_R_BOARD_RX_CHANGED', 'warn', 'the prescription changed after the last known pump state'),
      );
    }
  }
  const overdue = refillBy === null ? unknownState : refillBy <= now;
  if (overdue && refillBy !== null) {
    reasons.push(
      withTimes(
        {
          code: 'ITB_R_REFILL_OVERDUE',
          severity: 'warn',
          message: `refill was due ${new Date(refillBy).toISOString()}`,
        },
        { refillBy },
      ),
    );
  }
  if (!overdue && refillBy !== null && refillBy - now <= REFILL_DUE_SOON_DAYS.value * MS_PER_DAY) {
    reasons.push(
      withTimes(
        r(
          'ITB_R_BOARD_REFILL_DUE_SOON',
          'warn',
          `refill due within ${REFILL_DUE_SOON_DAYS.value} days (by ${new Date(refillBy).toISOString()})`,
        ),
        { refillBy },
      ),
    );
  }
  // A refill booked after refill-by, whatever moved the date (a dose, a catheter's priming, an
  // interrogation that found less drug): said from the records, not only by the alert a write raised.
  const booking = openRefillBooking(rec.bookings ?? [], rec.refills, now);
  const late = booking === null ? null : lateBookingReason({ refillBy, emptyAt }, booking.at, now);
  if (late !== null) reasons.push(late);
  const pumpReports = rec.openAlerts
    .filter((a) => a.condition !== undefined)
    .map((a) => ({
      condition: a.condition ?? '',
      severity: a.severity,
      since: a.since,
      ...(a.sinceTimeKnown === false ? { sinceTimeKnown: a.sinceTimeKnown } : {}),
      message: a.message,
    }));
  const reportedEmpty =
    removedAt === null ? pumpReports.find((c) => c.condition === 'empty-reservoir')?.since : undefined;
  const projectedEmpty = emptyAt !== null && emptyAt <= now ? emptyAt : undefined;
  // The pump's report dates back to when its last fill ran out; without it the pump's count wins. A report
  // is an open empty alert, or the last known state itself read empty: a titration written to an empty
  // pump read it back empty, and a week without drug was dated from that session (fresh seed 31337: the
  // refill after it was not flagged as a restart).
  const pumpSaidEmpty = reportedEmpty !== undefined || basis?.empty === true;
  const ranOut = pumpSaidEmpty ? (lastFillProjection()?.emptyAt ?? null) : null;
  // When the last fill ran out, if already past: a later interrogation that finds the pump empty does not
  // move it later, so a restart after the interruption is flagged (docs/invariants.md I4).
  const sinceFill = ranOut !== null && ranOut <= now ? ranOut : undefined;
  const emptyFrom = [reportedEmpty, projectedEmpty, sinceFill].filter((x): x is number => x !== undefined);
  const emptySince = emptyFrom.length === 0 ? null : Math.min(...emptyFrom);
  // Empty supersedes low: a pump with no drug left is not also "low, refill now" (walk of the demo: Emmy
  // Noether's row said EMPTY since a day and, under it, the pump's low-reservoir report since another).
  const conditions =
    emptySince === null ? pumpReports : pumpReports.filter((c) => c.condition !== 'low-reservoir');
  // The pump in place's projected end of service, from the pathway's battery projection (the same the
  // battery column shows). Once past, the pump may have stopped: critical, by time alone, as an empty
  // reservoir is. Before, the battery column said "EOS passed — replace now" while the row sorted by its
  // refill-by date, weeks down the board, and the "overdue" filter left it out.
  const eosAt =
    removedAt !== null || inUse === undefined
      ? null
      : (pumpBattery(inUse, rec.sessions, rec.current?.prescription ?? null, epochMs(now))?.eosAt ?? null);
  const eosPassed = eosAt !== null && eosAt <= now;
  const eosDays = eosAt === null ? null : daysToEos(eosAt, now);
  const overdueReplacement = eosAt !== null && replacementOverdue(eosAt, now);
  // ERI says how long is left: "plan the pump replacement" read the same on the day ERI was reported and
  // 70 days later, 20 days before the pump stops (walk of the demo, round 23).
  const eosLeft =
    eosAt === null || eosPassed
      ? ''
      : `; end of service (EOS) projected ${new Date(eosAt).toISOString()}, ${eosDays} days left`;
  for (const c of conditions) {
    reasons.push(
      withTimes(
        r(
          c.condition === 'eri' ? 'ITB_R_BOARD_BATTERY_ERI' : 'ITB_R_BOARD_PUMP_CONDITION',
          c.severity === 'critical' ? 'block' : 'warn',
          `${c.message} (since ${instantWords({ at: c.since, timeKnown: c.sinceTimeKnown !== false })})` +
            (c.condition === 'eri' ? eosLeft : ''),
        ),
        c.condition === 'eri' && eosLeft !== '' && eosAt !== null
          ? { since: c.since, eosAt }
          : { since: c.since },
      ),
    );
  }
  // A pump that is out has no battery and cannot be empty (its open alerts stay listed for a person to close).
  const battery = removedAt === null ? batteryOf(pumpRec.sessions, conditions) : null;
  if (battery?.eri === true && !conditions.some((c) => c.condition === 'eri')) {
    const eri = r('ITB_R_BOARD_BATTERY_ERI', 'warn', `battery at ERI: plan replacement${eosLeft}`);
    reasons.push(eosLeft !== '' && eosAt !== null ? withTimes(eri, { eosAt }) : eri);
  }
  if (overdueReplacement) {
    reasons.push(
      withTimes(
        r(
          'ITB_R_BOARD_REPLACEMENT_OVERDUE',
          'block',
          `replacement overdue: end of service (EOS) projected ${new Date(eosAt).toISOString()}, ` +
            `${eosDays} days left, inside the ${REPLACEMENT_MARGIN.value / MS_PER_DAY} days planned for ` +
            'surgery — the pump stops delivering at EOS (withdrawal risk): replace it now',
        ),
        { eosAt },
      ),
    );
  }
  if (eosPassed) {
    reasons.push(
      withTimes(
        r(
          'ITB_R_BOARD_EOS_PASSED',
          'block',
          `${EOS_PASSED_POLICY} (projected ${new Date(eosAt).toISOString()})`,
        ),
        { eosAt },
      ),
    );
  }
  if (emptySince !== null) {
    // Empty supersedes low, calculated too: "the reservoir (1.5 mL) is already at or below the low-reservoir
    // alarm" of the last reading is not said beside EMPTY (walk of the demo: Emmy Noether's patient page
    // listed both).
    const low = reasons.findIndex((x) => x.code === 'ITB_R_LOW_ALARM_REACHED');
    if (low >= 0) reasons.splice(low, 1);
    reasons.push(
      withTimes(
        r(
          'ITB_R_BOARD_EMPTY',
          'block',
          `EMPTY since ${new Date(emptySince).toISOString()}: no drug is delivered — withdrawal risk`,
        ),
        { emptySince },
      ),
    );
  }
  // The pump reports a state in which it delivers no drug (EOS, a stalled motor, a memory error, a reset after
  // a low battery, the minimum rate), or the clinic stopped it: the patient withdraws whatever the reservoir
  // holds. Before, such a pump sorted by its refill-by date: a reported stall in the "action soon" tier, a
  // clinic's stop as "OK" in the last tier.
  const stopped = removedAt === null ? rec.openAlerts.filter(saysNotDelivering) : [];
  const stoppedSince = stopped.length === 0 ? null : Math.min(...stopped.map((a) => a.since));
  // The earliest stop's time is known unless only its day is on record (a back-dated replacement).
  const stoppedSinceTimeKnown = !stopped.some((a) => a.since === stoppedSince && a.sinceTimeKnown === false);
  const clinicStop = stopped.find((a) => a.cause?.kind === 'delivery-stopped');
  if (clinicStop !== undefined) {
    // In the words of the drug the pump runs (its emergency card's): "bridge with oral baclofen" once
    // stood beside a morphine or ziconotide pump.
    const runs = therapy?.runs ?? null;
    const drug = runs === null || runs.mode === 'stopped' ? null : runs.drug;
    reasons.push(
      withTimes(
        r(
          'ITB_R_BOARD_DELIVERY_STOPPED',
          'block',
          `delivery stopped by the clinic (since ${new Date(clinicStop.since).toISOString()}): no drug is ` +
            `delivered — ${drugEmergency(drug).whileStopped}, and follow the restart plan`,
        ),
        { since: clinicStop.since },
      ),
    );
  }
  const pumpLow = conditions.find((c) => c.condition === 'low-reservoir');
  const lowReservoir: LowReservoir | null =
    removedAt !== null || emptySince !== null
      ? null
      : pumpLow !== undefined
        ? { source: 'pump', since: pumpLow.since }
        : lowAlarmAt !== null && lowAlarmAt <= now
          ? { source: 'calculated', since: lowAlarmAt }
          : null;
  const alerts = alertCounts(rec.openAlerts);
  if (alerts.count > 0) {
    reasons.push(
      r(
        'ITB_R_BOARD_OPEN_ALERTS',
        alerts.critical > 0 ? 'block' : 'warn',
        `unresolved alerts: ${alertCountText(alerts)}`,
      ),
    );
  }
  // The refills of a pump that is out reconcile nothing now; a replaced pump's refills, nothing of its successor.
  const trend = removedAt === null ? pumpRec.refills.slice(-3).map((x) => x.reconciliation.verdict) : [];
  const last = trend.at(-1) ?? null;
  if (last !== null && last !== 'ok') {
    reasons.push(r('ITB_R_BOARD_RECONCILIATION', last, 'the last refill’s residual did not reconcile'));
  }
  const row: BoardRow = {
    patientId: rec.patient.id,
    name: rec.patient.name,
    highRisk,
    opioidStatus: rec.patient.opioidStatus ?? null,
    implantId: implant?.id ?? null,
    basis: basis === null ? null : { kind: basis.kind, at: basis.at, reservoirNl: basis.reservoirNl },
    lowAlarmAt,
    lowReservoir,
    emptyAt,
    refillBy,
    refillByCause,
    daysToRefillBy: refillBy === null ? null : Math.round(((refillBy - now) / MS_PER_DAY) * 100) / 100,
    overdue: overdue || emptySince !== null,
    emptySince,
    eosAt,
    eosPassed,
    daysToEos: eosDays,
    replacementOverdue: overdueReplacement,
    stoppedSince,
    stoppedSinceTimeKnown,
    status: 'ok',
    battery,
    conditions,
    openAlerts: alerts,
    reconciliation: { last, trend },
    verdict: verdictOf(reasons).verdict,
    reasons,
    therapy: removedAt !== null || implant === undefined ? null : therapy,
  };
  return { ...row, status: statusOf(row, unknownState) };
}

function statusOf(row: BoardRow, unknown: boolean): BoardStatus {
  if (row.emptySince !== null) return 'empty';
  if (unknown) return 'unknown';
  if (row.overdue) return 'overdue';
  if (row.daysToRefillBy !== null && row.daysToRefillBy <= REFILL_DUE_SOON_DAYS.value) return 'due-soon';
  return needsAttention(row) ? 'attention' : 'ok';
}

/**
 * ERI as the pump reported it: an open ERI/EOS condition (at its since); else the last report of a session that
 * carries one — its ERI flag, or the alarms of the pump status it carries; else unknown.
 */
function batteryOf(
  sessions: readonly ProgrammingSession[],
  conditions: BoardRow['conditions'],
): BoardRow['battery'] {
  const eri = conditions.find((c) => c.condition === 'eri' || c.condition === 'eos');
  if (eri !== undefined) return { eri: true, at: eri.since };
  // The last session that reports the battery: a record that carries no pump state (a write intent left
  // by a crash, docs/threat-model.md "Crash tests") must not turn a known ERI into "unknown".
  for (let i = sessions.length - 1; i >= 0; i--) {
    const s = sessions[i]!;
    const flag = s.interrogation['batteryEri'];
    const reported = reportedConditions(s.interrogation);
    if (typeof flag === 'boolean') return { eri: flag, at: s.at };
    if (reported !== null) return { eri: reported.includes('eri'), at: s.at };
  }
  const last = sessions.at(-1);
  return last === undefined ? null : { eri: null, at: last.at };
}

/** What the pump holds and the programme it last reported. */
interface PumpHolds {
  readonly held: PumpState['contents'];
  readonly reported: PrescriptionJson | null;
}

/**
 * The fill a projection from the state `from` counts the drug's stability and first-fill limit from: the
 * last fill of the same pump at or before it (a replaced pump's refills are not this pump's contents).
 * With no fill of this pump on record (an implant recorded without its initial fill), the pump still holds
 * what it was implanted with, from its first known state, and is new — as the refill plan counts a pump
 * with no refill yet as new (pump-routes.ts `newPump`). Without it the board gave a new ziconotide pump its
 * 40-day stability while the refill plan gave its 14-day first fill (model-based clinic test, round 13).
 * The one rule for a pump's running row and for the projection of its last fill once it is empty.
 */
function fillCounted(
  states: readonly PumpState[],
  from: PumpState,
): { readonly at: number; readonly newPump: boolean } {
  const ofPump = states.filter((s) => s.implantId === from.implantId && s.at <= from.at);
  const fill = lastFill(ofPump);
  if (fill !== null) return { at: fill.at, newPump: fill.kind === 'initial-fill' };
  return { at: ofPump[0]?.at ?? from.at, newPump: true };
}

/**
 * The projection of the pump's last fill (`filled`: the last state with drug in it), at the programme the
 * pump ran from that fill, with the drug's stability and first-fill limits counted from the fill it holds
 * ({@link fillCounted}).
 */
function fillProjection(
  current: PrescriptionRecord,
  sessions: readonly ProgrammingSession[],
  states: readonly PumpState[],
  filled: PumpState,
  profile: ReturnType<typeof getProfile>,
  pump: PumpHolds,
): ReservoirProjection {
  const counted = fillCounted(states, filled);
  return projectReservoir({
    reservoir: filled.reservoirNl as Nanolitres,
    // The programme the pump ran from that fill: a titration written after it ran dry does not move when
    // it ran dry (fresh seed 31337: a lower dose written to an empty pump dated its week without drug from
    // the titration, and the refill after it was not flagged as a restart).
    prescription: prescriptionFromJson(
      asRunByPump(
        reportedProgramme(sessions.filter((x) => knownAt(x) <= filled.at)) ?? current.prescription,
        filled.contents ?? pump.held,
        pump.reported,
      ),
    ),
    lowAlarmThreshold: profile.lowReservoir.value.default,
    start: epochMs(filled.at),
    fillTime: epochMs(counted.at),
    newPump: counted.newPump,
    device: { minimumRateFlow: profile.minimumRateFlow.value },
  });
}

const LATE_BOOKING = 'ITB_R_CLINIC_BOOKING_AFTER_REFILL_BY';

/**
 * A row the team must look at before its date comes: the last refill's residual did not reconcile (the
 * pump's calculated volume is off by more than the threshold: catheter or pump fault, or a pocket fill —
 * docs/clinical-reference.md §3, Maino 2017), a critical alert is open, or the pump reports a condition (ERI, low
 * reservoir…) that no interrogation has cleared, the refill is booked after the refill-by date (the
 * booking must be moved: late-booking.ts), or a pump is on record with no prescription (nothing says what
 * it should deliver). Such a row is in the "action soon" tier ({@link boardTier})
 * whatever its date: its refill-by date is itself in doubt, or the visit meant to keep it is too late.
 */
export function needsAttention(row: BoardRow): boolean {
  const last = row.reconciliation.last;
  return (
    (last !== null && last !== 'ok') ||
    row.openAlerts.critical > 0 ||
    row.conditions.length > 0 ||
    row.battery?.eri === true ||
    row.reasons.some((r) => r.code === LATE_BOOKING || r.code === 'ITB_R_BOARD_NO_PRESCRIPTION')
  );
}

/**
 * 0 critical (refill overdue, empty, state unknown, past the projected EOS or inside the margin before it
 * with the pump still in place, or a pump reporting it delivers no drug), 1 action soon (due within the reminder window, or needing attention), 2 the rest.
 */
export function boardTier(row: BoardRow): 0 | 1 | 2 {
  if (row.overdue || row.eosPassed || row.replacementOverdue || row.stoppedSince !== null) return 0;
  const dueSoon = row.daysToRefillBy !== null && row.daysToRefillBy <= REFILL_DUE_SOON_DAYS.value;
  return dueSoon || needsAttention(row) ? 1 : 2;
}

/**
 * Board order: tier (see {@link boardTier}); in the top tier empty pumps first (longest empty first);
 * then high-risk, then soonest refill-by (unknown first), then name.
 */
export function compareRows(a: BoardRow, b: BoardRow): number {
  const tier = boardTier(a) - boardTier(b);
  if (tier !== 0) return tier;
  if ((a.emptySince === null) !== (b.emptySince === null)) return a.emptySince !== null ? -1 : 1;
  if (a.emptySince !== null && b.emptySince !== null && a.emptySince !== b.emptySince) {
    return a.emptySince - b.emptySince;
  }
  if (a.highRisk !== b.highRisk) return a.highRisk ? -1 : 1;
  const ta = refillByKey(a);
  const tb = refillByKey(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.patientId < b.patientId ? -1 : 1;
}

/**
 * Where a row's refill-by sorts: its date; an unknown one first (unknown is not safe); none at all — no pump
 * yet, nothing to refill — last (before the implant a patient ranked above every patient with a pump).
 */
function refillByKey(row: BoardRow): number {
  if (row.refillBy !== null) return row.refillBy;
  return row.reasons.some((r) => r.code === 'ITB_R_BOARD_NO_PUMP_STATE')
    ? Number.NEGATIVE_INFINITY
    : Number.POSITIVE_INFINITY;
}

/** The whole board, sorted (see {@link compareRows}). */
export function riskBoard(records: readonly BoardPatientRecords[], now: number): BoardRow[] {
  return records.map((rec) => boardRow(rec, now)).sort(compareRows);
}
