/**
 * The clinic's invariants from pump to paper ("One truth from pump to paper"; docs/invariants.md), checked
 * after every step of the model-based test against the pump's own state and the world's truth. Each check is
 * pure over what was read ({@link Readings}), the pump's truth ({@link PumpTruth}) and the model's memory of
 * what the pump reported; it returns the violations it sees, in words.
 */
import { boardTier } from '../../src/clinic/risk-board.ts';
import { saysEmpty } from '../../src/clinic/alert-board-state.ts';
import type { AlarmType } from '../../src/pump/state.ts';
import { drugEntry, latestRefillBy } from './label.ts';
import type { PumpTruth, Readings } from './readers.ts';

export const INVARIANTS = [
  /** The pump's concentration changes only by a physician's prescription change naming it, never by a refill. */
  'concentration-only-by-prescription',
  /** A wrong syringe (other concentration, other drug, overfill) is refused and changes nothing. */
  'wrong-syringe-changes-nothing',
  /** Every date a person reads (board, patient page, emergency card, refill report, patient view) is the one projection. */
  'one-projection',
  /** The patient's own view ("Your pump") gives the same refill-by as the board. */
  'patient-view-one-projection',
  /** Refill-by is never after the pump's true empty time; an empty pump is overdue. */
  'dates-consistent-with-pump',
  /** While a prescribed new concentration waits for its refill, the dates follow what the pump holds. */
  'dates-follow-pump-contents',
  /** A device state the pump reported stays visible, with its since, until cleared by interrogation or a person. */
  'device-state-stays-visible',
  /** An empty pump is called empty on the board, in the top tier, with a critical alert. */
  'empty-called-empty',
  /** An alert's severity follows the board: a board state that is critical has its open critical alert. */
  'alert-severity-agrees-with-board',
  /** The current prescription on record equals the pump's; after a verified write nothing is pending. */
  'verified-write-matches-pump',
  /** At most one open refill booking per patient. */
  'one-open-booking',
  /** A booking is not after refill-by unless flagged. */
  'booking-not-after-refill-by',
  /** A restart after an interruption longer than the drug's threshold is flagged. */
  'restart-flagged',
  /** A refill plan made before another refill of the pump was recorded (a second tab) is refused and changes nothing. */
  'stale-plan-acts-never',
  /** A dose change the patient's drug's label forbids is blocked; one it allows is blocked by no titration rule. */
  'titration-by-the-label',
  /** Refill-by is never after the drug's stability limit from the last fill (a new pump's first-fill limit). */
  'refill-by-within-drug-limits',
  /** No request of a clinic workflow ends in a server error (5xx). */
  'no-server-error',
  /** A pump removed without a replacement is no pump: no dates, no device states, no pump visit, refused at the programmer (I22). */
  'removed-pump-is-no-pump',
  /** A pump replaced hands over: its device states and visits close, the board and the programme are the new pump's. */
  'replacement-hands-over',
] as const;
export type Invariant = (typeof INVARIANTS)[number];

export interface Violation {
  readonly invariant: Invariant;
  readonly patient: string;
  readonly detail: string;
}

/** What the model remembers of one patient. */
export interface PatientModel {
  readonly name: string;
  /** The concentration the pump should hold: set at implant, changed only by a prescription naming it. */
  concentration: number;
  drug: string;
  /** The implant record of the pump in place (a replacement records a new one). */
  implantId: string;
  /** When the pump was implanted and first filled (its first fill's stability, or first-fill limit, runs from it). */
  implantAt: number;
  /** When the pump was recorded removed without a replacement (null: in place). Its virtual pump runs on, unread. */
  removedAt: number | null;
  /** A physician's prescription change naming new contents (ng/mL), not yet in the pump (the next refill brings it). */
  prescribed: number | null;
  /** Device states the pump reported to the clinic and no later contact cleared: type → [pump since, first reported]. */
  readonly reported: Map<AlarmType, { readonly since: number; readonly reportedAt: number }>;
}

/**
 * How much earlier than the pump's own alarm a reader may date a state: the clinic estimates "empty since"
 * from its projection, which differs from the pump's stroke count by rounding (minutes), never by hours.
 */
const SINCE_EARLY_MS = 6 * 3_600_000;

const iso = (t: number | null) => (t === null ? 'none' : new Date(t).toISOString());

/** A since as a reader gives it: epoch ms, or ISO text. */
const sinceOf = (x: unknown): number | null =>
  typeof x === 'number' ? x : typeof x === 'string' && !Number.isNaN(Date.parse(x)) ? Date.parse(x) : null;

const KIND_FOR: Partial<Record<AlarmType, string>> = { eri: 'battery-eri', 'low-reservoir': 'low-reservoir' };

/** Whether an alert is about device state `type` (by its kind, or a field naming the state). */
export const alertNames = (a: Readings['alerts'][number], type: AlarmType): boolean =>
  a.kind === KIND_FOR[type] || JSON.stringify(a).includes(`"${type}"`);

/** The device states a reader shows: open alerts naming the state, and the board row's own fields. */
function carriers(type: AlarmType, r: Readings): { since: number | null }[] {
  const out: { since: number | null }[] = [];
  for (const a of r.alerts) {
    if (a.resolved === null && alertNames(a, type)) {
      out.push({ since: sinceOf(a['since']) });
    }
  }
  if (type === 'eri' && r.board.battery?.eri === true) out.push({ since: null });
  // The board row's list of what the pump reported (`conditions`, each with its since).
  const states = r.board['conditions'];
  if (Array.isArray(states)) {
    for (const s of states as { condition?: unknown; since?: unknown }[]) {
      if (s.condition === type) out.push({ since: sinceOf(s.since) });
    }
  }
  return out;
}

/**
 * A patient whose pump was removed without a replacement (I22, `src/clinic/implant-in-use.ts`): every reader
 * says no pump is in place — no refill-by anywhere, never overdue or empty, no device state of the removed
 * pump left open, no refill, dose-change or replacement visit booked.
 */
function checkRemoved(m: PatientModel, r: Readings): Violation[] {
  const fails: string[] = [];
  const b = r.board;
  if (!b.reasons.some((x) => x.code === 'ITB_R_BOARD_NO_PUMP'))
    fails.push(`the board row does not say no pump (${b.reasons.map((x) => x.code).join(', ')})`);
  if (b.refillBy !== null) fails.push(`the board gives refill-by ${iso(b.refillBy)}`);
  if (b.overdue || b['status'] === 'empty' || b.reasons.some((x) => /EMPTY/.test(x.code)))
    fails.push('the board calls the removed pump overdue or empty');
  if (b.conditions.length > 0)
    fails.push(`the board shows device states ${b.conditions.map((c) => c.condition).join(', ')}`);
  if (r.cardRefillBy !== null) fails.push(`the patient's dates give refill-by ${iso(r.cardRefillBy)}`);
  if (r.patientView.projectedRefillBy !== null)
    fails.push(`the patient's own view gives refill-by ${iso(r.patientView.projectedRefillBy)}`);
  for (const a of r.alerts)
    if (a.resolved === null && a.condition !== undefined && a.condition !== null)
      fails.push(`the alert "${a.message}" (${a.condition}) of the removed pump is open`);
  for (const a of r.appointments)
    if (a.status === 'booked' && ['refill', 'dose-change', 'replacement'].includes(a.kind))
      fails.push(`a ${a.kind} visit is booked for ${iso(a.at)}`);
  return fails.map((detail) => ({ invariant: 'removed-pump-is-no-pump', patient: m.name, detail }));
}

/** Checks every invariant that reads state (the command-level ones are checked by their commands). */
export function checkState(m: PatientModel, t: PumpTruth, r: Readings): Violation[] {
  if (m.removedAt !== null) return checkRemoved(m, r);
  const v: Violation[] = [];
  const fail = (invariant: Invariant, detail: string) => v.push({ invariant, patient: m.name, detail });

  // The pump holds what the physician prescribed; the record names the same concentration.
  if (t.concentration !== m.concentration || t.drug !== m.drug) {
    fail(
      'concentration-only-by-prescription',
      `the pump holds ${t.drug} ${t.concentration} ng/mL; the prescription named ${m.drug} ${m.concentration} ng/mL`,
    );
  }
  const rec = r.current?.prescription ?? null;
  // While a physician's new concentration waits for its refill, the record names it and the pump not yet.
  const expected =
    m.prescribed === null || t.prescription.mode === 'stopped'
      ? t.prescription
      : { ...t.prescription, concentrationMcgPerMl: m.prescribed / 1000 };
  if (JSON.stringify(rec) !== JSON.stringify(expected)) {
    fail(
      'verified-write-matches-pump',
      `record ${JSON.stringify(rec)} differs from the pump's ${JSON.stringify(t.prescription)}`,
    );
  }

  // One projection: every current refill-by a person reads is the same date.
  const board = r.board.refillBy;
  if (r.cardRefillBy !== board) {
    fail('one-projection', `board refill-by ${iso(board)}, emergency card ${iso(r.cardRefillBy)}`);
  }
  if (r.patientView.projectedRefillBy !== board) {
    fail(
      'patient-view-one-projection',
      `board refill-by ${iso(board)}, patient view ${iso(r.patientView.projectedRefillBy)}`,
    );
  }

  // The latest refill's report, while that refill is still what the board projects from.
  const basis = r.board.basis;
  const lastRefill = r.refills.at(-1);
  // (A report is what stood at its refill: a later prescription change makes it history, not a disagreement.)
  const sameFacts =
    lastRefill !== undefined && (r.current === null || r.current.createdAt <= lastRefill.createdAt);
  // The basis is the refill or the pump's read-back right after it (the same instant).
  if (r.lastReport !== null && sameFacts && basis !== null && basis.at === lastRefill?.at) {
    if (r.lastReport.refillBy !== board || r.lastReport.lowAlarmAt !== r.board.lowAlarmAt) {
      fail(
        'one-projection',
        `board refill-by ${iso(board)} / low alarm ${iso(r.board.lowAlarmAt)}, refill report ${iso(r.lastReport.refillBy)} / ${iso(r.lastReport.lowAlarmAt)}`,
      );
    }
  }

  // Consistent with the pump: never refill-by after the pump (or the true reservoir) runs empty. While a
  // prescribed concentration is not yet in the pump, a violation is its own finding (the dates follow the
  // record instead of the pump).
  const datesInvariant: Invariant =
    m.prescribed === null ? 'dates-consistent-with-pump' : 'dates-follow-pump-contents';
  const empties = [t.pumpEmptyAt, t.trueEmptyAt].filter((x): x is number => x !== null);
  const firstEmpty = empties.length === 0 ? null : Math.min(...empties);
  if (firstEmpty !== null && board !== null && board > firstEmpty) {
    fail(
      datesInvariant,
      `board refill-by ${iso(board)} is after the pump runs empty ${iso(firstEmpty)} (pump counts ${t.reservoirNl} nL, truly ${t.trueReservoirNl} nL)`,
    );
  }
  if (firstEmpty !== null && firstEmpty <= t.now && !r.board.overdue) {
    fail(datesInvariant, `the pump is empty since ${iso(firstEmpty)} but the board does not say overdue`);
  }

  // The drug's own date limits (drug library): refill-by comes before the reservoir's stability runs out
  // from the last fill, or for the first fill of a new pump (no refill yet) its first-fill limit.
  const drug = drugEntry(t.drug ?? m.drug);
  // (The pump in place's own refills: a replaced pump's refills say nothing of the new pump's fill.)
  const lastOwnRefill = r.refills.filter((f) => f.implantId === m.implantId).at(-1);
  const filledAt = lastOwnRefill?.at ?? m.implantAt;
  const limit = latestRefillBy(
    drug,
    filledAt,
    lastOwnRefill === undefined,
    t.concentration ?? m.concentration,
  );
  if (board !== null && board > limit) {
    fail(
      'refill-by-within-drug-limits',
      `board refill-by ${iso(board)} is after the ${drug.id} limit ${iso(limit)} (filled ${iso(filledAt)}${lastOwnRefill === undefined ? ', first fill of a new pump' : ''})`,
    );
  }

  // Reported device states stay visible, with a since between the pump's and the report.
  for (const [type, { since, reportedAt }] of m.reported) {
    const shown = carriers(type, r);
    if (shown.length === 0) {
      fail(
        'device-state-stays-visible',
        `${type} (pump since ${iso(since)}, reported ${iso(reportedAt)}) is shown nowhere`,
      );
    } else if (
      !shown.some((c) => c.since !== null && c.since >= since - SINCE_EARLY_MS && c.since <= reportedAt)
    ) {
      fail('device-state-stays-visible', `${type} is shown without its since (pump since ${iso(since)})`);
    }
  }

  // Empty is called empty: the pump said so, or the board's own projection has run out.
  const saidEmpty = m.reported.has('empty-reservoir');
  const projectedEmpty = r.board.emptyAt !== null && r.board.emptyAt <= t.now;
  if (saidEmpty || projectedEmpty) {
    const called = r.board['status'] === 'empty' || r.board.reasons.some((x) => /EMPTY/.test(x.code));
    if (!called)
      fail(
        'empty-called-empty',
        `the board row does not call the pump empty (${r.board.reasons.map((x) => x.code).join(', ')})`,
      );
    if (boardTier(r.board) !== 0)
      fail('empty-called-empty', `the empty pump is in tier ${boardTier(r.board)}, not the top`);
    if (saidEmpty && r.board.openAlerts.critical < 1)
      fail('empty-called-empty', 'the pump reported empty but no critical alert is open');
  }

  // The alerts say what the board says: an empty pump has an open critical alert that says EMPTY (with
  // the board's since, or the pump's own report's); every device state the board shows is an open alert of
  // the same severity; a blocking board reason has a critical alert open.
  const openAlerts = r.alerts.filter((a) => a.resolved === null);
  if (r.board['status'] === 'empty') {
    // Counted by what the alert is (the pump's empty report or the board's own), not by its words: a late
    // booking's alert also says EMPTY (fresh seed 7331 counted it as a second empty alert).
    const says = openAlerts.filter(saysEmpty);
    if (says.length === 0)
      fail('alert-severity-agrees-with-board', 'the board says EMPTY; no open critical alert says so');
    else if (says.length > 1)
      fail('alert-severity-agrees-with-board', `${says.length} open critical EMPTY alerts, not one`);
  }
  const states: readonly { condition: string; severity: string }[] = r.board.conditions;
  for (const c of states) {
    if (!openAlerts.some((a) => a.condition === c.condition && a.severity === c.severity))
      fail(
        'alert-severity-agrees-with-board',
        `the board shows ${c.condition} as ${c.severity}; no such alert`,
      );
  }
  const blocking = r.board.reasons.filter(
    (x) =>
      x.severity === 'block' &&
      x.code !== 'ITB_R_BOARD_OPEN_ALERTS' &&
      x.code !== 'ITB_R_BOARD_RECONCILIATION',
  );
  if (blocking.length > 0 && !openAlerts.some((a) => a.severity === 'critical'))
    fail(
      'alert-severity-agrees-with-board',
      `the board blocks (${blocking.map((x) => x.code).join(', ')}) but no critical alert is open`,
    );

  // Bookings: one open refill booking, not after refill-by unless flagged.
  // A refill closes the bookings made before it (a booking is open when still booked, made at or after the
  // last refill was recorded and not yet passed).
  const closedBefore = r.refills.reduce(
    (x, f) => Math.max(x, Math.min(f.at, f.createdAt)),
    Number.NEGATIVE_INFINITY,
  );
  // (A cancelled booking is not open: a pump taken out cancels its refill visit.)
  const open = r.appointments.filter(
    (a) => a.kind === 'refill' && a.status === 'booked' && a.at >= t.now && a.createdAt >= closedBefore,
  );
  if (open.length > 1)
    fail('one-open-booking', `${open.length} open refill bookings: ${open.map((a) => iso(a.at)).join(', ')}`);
  const flagged =
    r.board.reasons.some((x) => /BOOK/.test(x.code)) ||
    r.alerts.some((a) => a.resolved === null && /book/i.test(a.message));
  for (const a of open) {
    if (board !== null && a.at > board && !flagged) {
      fail('booking-not-after-refill-by', `booked ${iso(a.at)} after refill-by ${iso(board)}, no flag`);
    }
  }
  return v;
}

/** Violations as one message per line. */
export const describe = (vs: readonly Violation[]): string =>
  vs.map((x) => `  [${x.invariant}] ${x.patient}: ${x.detail}`).join('\n');
