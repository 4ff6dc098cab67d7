/**
 * How long each fault kind can cause the evidence that detects it (src/sim/detection.ts): from the fault's
 * start until its cause is removed — the contents replaced at the next refill, the catheter revised, the
 * pump reprogrammed — and the days its effect outlasts that, or a stated number of days where nothing
 * removes it. Evidence outside the window (symptoms after a pump's end of service years later) detects
 * some other cause, not this fault. Each window is our choice [A], overridable by name like the fault
 * rates beside it (rates.ts).
 */
import { sourced, type Sourced } from '../../therapy/sourced.ts';
import type { FaultKind } from '../scenario.ts';

/** What removes a fault's cause: the next refill done (or the pump replaced), a revision, a programming. */
export type WindowEnd = 'refill' | 'catheter-revision' | 'program';

export interface DetectionWindow {
  /** The event that removes the fault's cause; null when only `maxDays` bounds the window. */
  readonly endedBy: WindowEnd | null;
  /** Days after that event in which its evidence still counts (old fluid in the catheter, the body's lag). */
  readonly afterDays: number;
  /** Days after the fault's start beyond which nothing detects it; null when only its end bounds it. */
  readonly maxDays: number | null;
}

/** The body's lag after a fault's cause is removed: a stage under way at the drug's return settles within a day. */
const BODY_LAG_DAYS = 1;

/**
 * The catheter still holds the old fluid after the contents are replaced: 0.13 mL for the default 50 cm
 * catheter takes about 5 days at 0.025 mL/day (50 µg/day of 2,000 µg/mL), and the body then needs its day.
 */
const CATHETER_CARRY_DAYS = 7;

const untilRefill = (afterDays: number, why: string): Sourced<DetectionWindow> =>
  sourced({ endedBy: 'refill', afterDays, maxDays: null }, 'A', why);

export const DETECTION_WINDOWS: Readonly<Record<FaultKind, Sourced<DetectionWindow>>> = {
  'missed-refill': untilRefill(
    BODY_LAG_DAYS,
    'our choice: the reservoir runs down until the refill that follows (recall or alarm response), plus a day ' +
      'for withdrawal under way when the drug returns',
  ),
  'late-refill': untilRefill(
    BODY_LAG_DAYS,
    'our choice: the reservoir runs down until the late refill, plus a day for withdrawal under way when the ' +
      'drug returns',
  ),
  'pocket-fill': untilRefill(
    BODY_LAG_DAYS,
    'our choice: the drug in the pocket and the empty reservoir act until the next refill, whose ' +
      'reconciliation shows the lower residual, plus a day for the body',
  ),
  'wrong-concentration': untilRefill(
    CATHETER_CARRY_DAYS,
    'our choice: the wrong strength runs until the next refill (or a new pump) replaces the contents, plus 7 ' +
      'days for the old fluid in the catheter at a low flow and the body’s response',
  ),
  'strength-typed': untilRefill(
    CATHETER_CARRY_DAYS,
    'our choice: the pump runs the dose at the strength typed until the next refill (or a new pump) has the ' +
      'strength entered again, plus 7 days for the old fluid in the catheter and the body’s response',
  ),
  'strength-change': untilRefill(
    CATHETER_CARRY_DAYS,
    'our choice: as a wrong concentration (nothing detects the clinic’s own change: the window is for ' +
      'completeness)',
  ),
  catheter: sourced(
    { endedBy: 'catheter-revision', afterDays: BODY_LAG_DAYS, maxDays: null },
    'A',
    'our choice: a catheter fault acts until the catheter is revised, plus a day for the body',
  ),
  mri: sourced(
    { endedBy: null, afterDays: 0, maxDays: 1 },
    'A',
    'our choice: the rotor stalls for the scan and turns again 2–24 h after it (docs/clinical-reference.md ' +
      '§3 [C]), so the stall is over within a day of its start',
  ),
  'battery-fault': sourced(
    { endedBy: 'program', afterDays: 0, maxDays: null },
    'A',
    'our choice: after a low-battery reset the pump runs its safe minimal flow until it is programmed again',
  ),
  'programming-slip': sourced(
    { endedBy: null, afterDays: 0, maxDays: 7 },
    'A',
    'our choice: a dose typed wrong shows within a week — an overdose within hours, withdrawal from a cut to a ' +
      'tenth reaches moderate in 2–3 days in the body model; a titration step from the slipped dose does not ' +
      'undo it, so no programming ends it',
  ),
};
