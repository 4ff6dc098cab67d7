/**
 * What the pump holds, as last read or written: the reservoir volume, drug and concentration from the
 * latest record that says so — the initial fill recorded with the implant, a recorded refill (the residual was drained, so the volume is what was
 * added) or a programming session's pump status (the status read back after the session's change, else
 * the one read before it). The board's dates follow these contents, not the prescription on record: a
 * physician's new concentration is on record before the refill that brings it into the pump, and until
 * then the pump still delivers the old contents (hazard: dates projected with a stronger concentration the
 * pump does not hold yet fall after the pump runs empty; docs/invariants.md I5).
 */
import type { PrescriptionJson } from '../therapy/prescription-json.ts';
import { NG_PER_MCG } from '../therapy/quantities.ts';
import type { Implant } from './records.ts';

/** What a programming session says of the pump (the pages read sessions as the API gives them). */
export interface SessionFacts {
  readonly at: number;
  readonly createdAt: number;
  readonly implantId: string;
  readonly interrogation: Readonly<Record<string, unknown>>;
}
/** What a refill says of the pump's contents. */
export interface RefillFacts {
  readonly at: number;
  readonly createdAt: number;
  readonly implantId: string;
  readonly volumeAddedNl: number;
  readonly drug: string;
  readonly concentrationNgPerMl: number;
}

/** A known state of the pump's reservoir. */
export interface PumpState {
  readonly kind: 'initial-fill' | 'refill' | 'interrogation';
  /** When it was so (never later than when it was recorded: {@link knownAt}). */
  readonly at: number;
  readonly reservoirNl: number;
  /** The drug and concentration (ng/mL) the pump holds, when the record names them. */
  readonly contents: { readonly drug: string; readonly concentrationNgPerMl: number } | null;
  /** The pump reported its reservoir empty (its alarm, or nothing left to count). */
  readonly empty: boolean;
  /**
   * Order among states at the same instant: an interrogation that changed nothing (0) was read before a
   * refill at that instant (the refill plan interrogates first), the refill record (1) before the status
   * read back after it (2). Without it, two records at one instant would be ordered by their random ids.
   */
  readonly rank: 0 | 1 | 2;
  readonly implantId: string;
}

/**
 * When a record says the pump was in a state: its clinical time, but never later than when it was written
 * (nothing is known before it is recorded). A record dated ahead therefore cannot outrank the pump's own
 * later interrogation (hazard: a future-dated refill hid an overdue patient).
 */
export const knownAt = (r: { readonly at: number; readonly createdAt: number }): number =>
  Math.min(r.at, r.createdAt);

const asRecord = (x: unknown): Record<string, unknown> | undefined =>
  typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined;
const volume = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;

/** The boluses a pump runs on top of its programme (link/status-codec.ts `RunningBolus`). */
const EXTRA_BOLUSES: ReadonlySet<string> = new Set(['single-bolus', 'priming-bolus', 'patient-bolus']);

/**
 * The pump's state a session reports. Its `after` status (read back after a change) when there is one;
 * else its `snapshot` status, except for a refill, whose snapshot was read before the drug went in (the
 * refill record itself is the later state). Older sessions carry the volume only, as `reservoirNl`.
 */
export function sessionPumpState(s: SessionFacts): PumpState | undefined {
  const i = s.interrogation;
  const after = asRecord(i['after']);
  const read = after ?? (i['workflow'] === 'refill' ? undefined : asRecord(i['snapshot']));
  const status = asRecord(read?.['status']);
  const reservoirNl =
    volume(status?.['reservoir']) ?? (after === undefined ? volume(i['reservoirNl']) : undefined);
  if (reservoirNl === undefined) return undefined;
  // A bolus on top of the programme still running when the pump was read (a catheter's priming, a
  // clinician's or the patient's bolus) has left the reservoir's count only in part: the rest is drug on its
  // way out within hours, not drug for the days ahead. Counted as still in the reservoir, a priming of
  // 0.33 mL put refill-by two days late at 2000 mcg/mL (the model-based clinic test, seed 772523404). A
  // bridge bolus replaces the basal flow while it runs and a periodic bolus is the programme's own: the
  // projection of the programme already counts them.
  const committed = EXTRA_BOLUSES.has(String(status?.['bolus']))
    ? (volume(status?.['bolusRemaining']) ?? 0)
    : 0;
  const drug = status?.['drug'];
  const concentration = status?.['concentration'];
  const contents =
    typeof drug === 'string' && typeof concentration === 'number' && concentration > 0
      ? { drug, concentrationNgPerMl: concentration }
      : null;
  const alarms = status?.['alarms'];
  const empty = reservoirNl === 0 || (Array.isArray(alarms) && alarms.includes('empty-reservoir'));
  return {
    kind: 'interrogation',
    at: knownAt(s),
    reservoirNl: Math.max(0, reservoirNl - committed),
    contents,
    empty,
    rank: after === undefined ? 0 : 2,
    implantId: s.implantId,
  };
}

const refillState = (f: RefillFacts): PumpState => ({
  kind: 'refill',
  at: knownAt(f),
  reservoirNl: f.volumeAddedNl,
  contents: { drug: f.drug, concentrationNgPerMl: f.concentrationNgPerMl },
  empty: f.volumeAddedNl === 0,
  rank: 1,
  implantId: f.implantId,
});

/**
 * The initial fill recorded with an implant (initial-fill.ts): the new pump's first contents. Without it a
 * newly implanted pump had no known state until its first refill, and the first refill date was unknown.
 */
const initialFillState = (i: Pick<Implant, 'id' | 'initialFill'>): PumpState[] =>
  i.initialFill === null || i.initialFill === undefined
    ? []
    : [
        {
          kind: 'initial-fill',
          at: i.initialFill.at,
          reservoirNl: i.initialFill.volumeNl,
          contents: { drug: i.initialFill.drug, concentrationNgPerMl: i.initialFill.concentrationNgPerMl },
          empty: false,
          rank: 1,
          implantId: i.id,
        },
      ];

/** What the pump's contents are read from: the implants (their initial fills), refills and sessions. */
export interface PumpRecords {
  readonly implants: readonly Pick<Implant, 'id' | 'initialFill'>[];
  readonly refills: readonly RefillFacts[];
  readonly sessions: readonly SessionFacts[];
}

/** Every known state, oldest first (at one instant, by {@link PumpState.rank}). */
export function pumpStates({ implants, refills, sessions }: PumpRecords): PumpState[] {
  const states = [
    ...implants.flatMap(initialFillState),
    ...refills.map(refillState),
    ...sessions.map(sessionPumpState).filter((x): x is PumpState => x !== undefined),
  ];
  return states.sort((a, b) => a.at - b.at || a.rank - b.rank);
}

/** The latest known state: where the projection starts. `states` oldest first ({@link pumpStates}). */
export const lastPumpState = (states: readonly PumpState[]): PumpState | null => states.at(-1) ?? null;

/**
 * The latest state with drug in the reservoir and no empty report: when a pump is found empty, it ran out
 * from here (a refill, the initial fill recorded with the implant, or — with neither on record — the
 * interrogation at implant that read the implant
 * fill). A pump at its last few strokes still counts a trace, so a trace is not "drug in it".
 */
export const lastFilledState = (states: readonly PumpState[]): PumpState | null =>
  states.findLast((s) => !s.empty && s.reservoirNl > 0) ?? null;

/**
 * The last time drug went in: the latest refill or initial fill (at one instant, the one recorded last).
 * The drug's stability counts from it, and a new pump's first-fill limit holds while it is the initial fill.
 */
export const lastFill = (states: readonly PumpState[]): PumpState | null =>
  states.findLast((s) => s.kind !== 'interrogation') ?? null;

/** The drug and concentration the pump holds: from the latest state that names them. */
export const heldContents = (states: readonly PumpState[]): PumpState['contents'] =>
  states.findLast((s) => s.contents !== null)?.contents ?? null;

/**
 * The programme the pump last reported (a session's `after`, else its `snapshot`; refills' snapshots too,
 * the programme does not change as the drug goes in), or null when no session carries one. Sessions at one
 * instant are ordered as their pump states are ({@link PumpState.rank}): the plan's interrogation, read
 * before the change, ranks below the status read back after it (finding: with a titration planned and
 * applied at one instant, the order of their random ids decided whether the board projected the new dose
 * or the old one, and with a new concentration waiting for its refill the old, smaller dose put refill-by
 * after the pump ran empty).
 */
export function reportedProgramme(sessions: readonly SessionFacts[]): PrescriptionJson | null {
  const rank = (s: SessionFacts) => (asRecord(s.interrogation['after']) === undefined ? 0 : 2);
  const latestFirst = [...sessions].sort((a, b) => knownAt(b) - knownAt(a) || rank(b) - rank(a));
  for (const s of latestFirst) {
    const read = asRecord(s.interrogation['after']) ?? asRecord(s.interrogation['snapshot']);
    const p = asRecord(read?.['prescription']);
    if (p !== undefined && typeof p['mode'] === 'string') return p as unknown as PrescriptionJson;
  }
  return null;
}

const holds = (p: PrescriptionJson, held: NonNullable<PumpState['contents']>): boolean =>
  p.mode !== 'stopped' &&
  p.drug === held.drug &&
  p.concentrationMcgPerMl === held.concentrationNgPerMl / NG_PER_MCG;

/**
 * The prescription as the pump runs it. The one in force when it names what the pump holds. When it names
 * other contents — a physician's new concentration, often with a new dose, waiting for the refill that
 * brings it in — the pump still runs its own programme until then: the programme it last reported, when
 * that names what it holds (finding: a new dose and a new concentration together were projected at the new
 * dose and the old concentration, so the dates followed a flow the pump never ran). With no such report,
 * the prescription's dose from the contents held (the same daily dose from other contents is another flow).
 */
export function asRunByPump(
  p: PrescriptionJson,
  held: PumpState['contents'],
  reported: PrescriptionJson | null = null,
): PrescriptionJson {
  if (p.mode === 'stopped' || held === null || holds(p, held)) return p;
  if (reported !== null && holds(reported, held)) return reported;
  return {
    ...p,
    drug: held.drug as typeof p.drug,
    concentrationMcgPerMl: held.concentrationNgPerMl / NG_PER_MCG,
  };
}

/**
 * What the pump holds and runs ({@link asRunByPump}), and the prescription waiting for the refill that brings
 * its contents in (null when the prescription in force names what the pump holds). Every reader that says
 * what is in the pump — the board's dates, the emergency card, the patient's own view — reads `runs`; a
 * new concentration on record is only ever `pending` (finding: the emergency card printed the new 2,000
 * mcg/mL while the pump still held 1,000 mcg/mL until the next refill).
 */
export interface PumpTherapy {
  readonly runs: PrescriptionJson;
  readonly pending: PrescriptionJson | null;
}

/** The pump's therapy under prescription `p` ({@link PumpTherapy}). */
export function pumpTherapy(
  p: PrescriptionJson,
  held: PumpState['contents'],
  reported: PrescriptionJson | null = null,
): PumpTherapy {
  const runs = asRunByPump(p, held, reported);
  return { runs, pending: runs === p ? null : p };
}
