/**
 * Refill reconciliation (docs/clinical-reference.md §3, "reservoir volume is calculated, not sensed"): the pump counts what
 * it believes it delivered, so at every refill the clinician drains the residual completely and compares it
 * with the pump's calculated residual. A gap means the pump's belief and the body's reality have parted —
 * over- or under-delivery, a leak, or a fill that missed the reservoir (pocket fill: 8 deaths in 351
 * reports, Medtronic 2011 correction).
 *
 * Thresholds [C: Maino, Perez, Koetsier, Neuromodulation 2017;20:733–739]: a discrepancy > 1 mL in a 20 mL
 * pump or > 2 mL in a 40 mL pump is potentially consequential. Maino measured injected vs in-reservoir volume
 * after a refill; docs/clinical-reference.md applies the same thresholds to the drained residual, and so do we.
 */
import { ItbError } from './codes.ts';
import { drugEmergency, overDeliveryWatchText, underDeliveryWatchText } from './drug-emergency.ts';
import type { DrugId } from './drug.ts';
import { reason } from './guardrail-codes.ts';
import { mlToNl, mulDiv, nlToMl, type Nanolitres } from './quantities.ts';
import { sourced, type Sourced } from './sourced.ts';
import { formatVolume } from './units.ts';
import { verdictOf, type GuardrailResult, type Reason } from './verdict.ts';

const MAINO = 'Maino et al., Neuromodulation 2017;20:733–739';

/** The investigation threshold and input sanity bound for one reservoir size. */
export interface ReservoirReconcileRule {
  /** A |measured − expected| strictly above this warns ("investigate"). */
  readonly investigateAbove: Sourced<Nanolitres>;
  /** A residual may exceed the nominal size by at most this (syringe reading, overfill); more is a slip. */
  readonly overCapacityTolerance: Sourced<Nanolitres>;
}

/** Reconciliation rules keyed by nominal reservoir size in nL. Other sizes are refused (no source). */
export const RECONCILE_RULES: ReadonlyMap<number, ReservoirReconcileRule> = new Map([
  [
    mlToNl(20),
    {
      investigateAbove: sourced(mlToNl(1), 'C', `${MAINO}: > 1 mL in 20 mL pumps`),
      overCapacityTolerance: sourced(mlToNl(1), 'A', 'our bound: a residual > 21 mL is a typing slip'),
    },
  ],
  [
    mlToNl(40),
    {
      investigateAbove: sourced(mlToNl(2), 'C', `${MAINO}: > 2 mL in 40 mL pumps`),
      overCapacityTolerance: sourced(mlToNl(2), 'A', 'our bound: a residual > 42 mL is a typing slip'),
    },
  ],
]);

export interface ReconcileInput {
  /** Nominal reservoir size (20 or 40 mL). */
  readonly reservoirSize: Nanolitres;
  /** The residual the pump calculated. */
  readonly expected: Nanolitres;
  /** The residual drained completely and measured at this refill. */
  readonly measured: Nanolitres;
  /**
   * The drug the residual held: the one delivered since the last fill, whose signs of too much and too
   * little the actions name (null, nothing on record: baclofen's, as the emergency card does).
   */
  readonly drug: DrugId | null;
}

/** What `itb calc reconcile --json` prints. */
export interface ReconcileView {
  /** measured − expected in mL: negative = less left than calculated. */
  readonly discrepancyMl: number;
  /** (measured − expected) / expected × 100, to 0.01 %; null when the pump calculated an empty reservoir. */
  readonly discrepancyPercent: number | null;
  readonly verdict: GuardrailResult['verdict'];
  readonly reasons: readonly Reason[];
}

export interface ReconcileResult extends GuardrailResult {
  /** measured − expected (signed). */
  readonly discrepancy: Nanolitres;
  readonly direction: 'match' | 'lower' | 'higher';
  readonly threshold: Nanolitres;
  /** Possible causes for the direction found (empty when within the threshold). */
  readonly causes: readonly string[];
  /** What to do (empty when within the threshold). */
  readonly actions: readonly string[];
  readonly view: ReconcileView;
}

/**
 * Causes and actions by direction (docs/clinical-reference.md §2–§3; refill procedure "if unsure, do not
 * refill" [C]), the signs to observe in the words of the drug the residual held (its emergency card's).
 */
export function discrepancyGuidance(
  direction: 'lower' | 'higher',
  drug: DrugId | null,
): { readonly causes: readonly string[]; readonly actions: readonly string[] } {
  return direction === 'lower'
    ? {
        causes: [
          'over-delivery by the pump',
          'a leak at the pump, the catheter connection or along the catheter',
          'residual drawn back incompletely now (needle not at the needle stop)',
          'an earlier refill that partly missed the reservoir (pocket fill): the pump counted drug it never held',
          'the last fill volume entered into the pump larger than what was injected',
        ],
        actions: [
          'do not refill until the discrepancy is explained (if unsure, do not refill)',
          'confirm the needle position (template or ultrasound) and drain the reservoir again',
          `examine the pocket for swelling or fluid; ${overDeliveryWatchText(drug)}`,
          'check the pump event log and the last refill record; consider a catheter study or rotor study',
        ],
      }
    : {
        causes: [
          'under-delivery: catheter occlusion or kink',
          'motor stall, including an MRI stall (recovery may take 2–24 h)',
          'fluid aspirated from the pocket instead of the reservoir (e.g. an earlier pocket fill collection)',
          'more drug left at the last refill than recorded (residual not fully drained, or overfill)',
        ],
        actions: [
          'do not refill until the discrepancy is explained (if unsure, do not refill)',
          underDeliveryWatchText(drug),
          'interrogate the event log for motor stall or MRI; consider a catheter study (access-port aspiration, contrast) and a rotor study',
          `if the fluid may have come from the pocket, treat as a possible pocket fill: ${overDeliveryWatchText(drug)}`,
        ],
      };
}

function checkVolume(v: number, what: string, max: number, size: number): void {
  if (!Number.isSafeInteger(v)) {
    throw new ItbError('ITB_E_INVALID_INPUT', `${what} must be a whole number of nanolitres`);
  }
  if (v < 0) throw new ItbError('ITB_E_NON_POSITIVE', `${what} must not be negative`);
  if (v > max) {
    throw new ItbError(
      'ITB_E_RESIDUAL_EXCEEDS_RESERVOIR',
      `${what} ${formatVolume(v)} is more than a ${formatVolume(size)} reservoir can hold`,
      { value: v, max },
    );
  }
}

/**
 * Compares the measured residual with the calculated one. The verdict depends only on |measured − expected|
 * (symmetric in sign): within the threshold ok, beyond it warn with causes and actions for the direction.
 * Throws ITB_E_UNKNOWN_RESERVOIR_SIZE, ITB_E_NON_POSITIVE or ITB_E_RESIDUAL_EXCEEDS_RESERVOIR on bad input.
 */
export function reconcileResidual(input: ReconcileInput): ReconcileResult {
  const rule = RECONCILE_RULES.get(input.reservoirSize);
  if (rule === undefined) {
    throw new ItbError(
      'ITB_E_UNKNOWN_RESERVOIR_SIZE',
      `no sourced reconciliation threshold for a ${formatVolume(input.reservoirSize)} reservoir; ` +
        'known sizes: 20 mL, 40 mL',
      { reservoirSize: input.reservoirSize },
    );
  }
  const max = input.reservoirSize + rule.overCapacityTolerance.value;
  checkVolume(input.expected, 'expected residual', max, input.reservoirSize);
  checkVolume(input.measured, 'measured residual', max, input.reservoirSize);

  const d = input.measured - input.expected;
  const threshold = rule.investigateAbove.value;
  const direction = d === 0 ? 'match' : d < 0 ? 'lower' : 'higher';
  const magnitude = Math.abs(d);
  const thresholdMl = nlToMl(threshold);
  const reasons: Reason[] = [];
  let causes: readonly string[] = [];
  let actions: readonly string[] = [];

  if (direction === 'match' || magnitude <= threshold) {
    reasons.push(
      reason(
        'ITB_R_RESIDUAL_WITHIN_TOLERANCE',
        'ok',
        `measured residual ${formatVolume(input.measured)} is within ${formatVolume(threshold)} of the ` +
          `calculated ${formatVolume(input.expected)} [${MAINO}]`,
        thresholdMl,
        nlToMl(magnitude),
      ),
    );
  } else {
    const g = discrepancyGuidance(direction, input.drug);
    causes = g.causes;
    actions = g.actions;
    reasons.push(
      reason(
        direction === 'lower' ? 'ITB_R_RESIDUAL_LOWER_THAN_EXPECTED' : 'ITB_R_RESIDUAL_HIGHER_THAN_EXPECTED',
        'warn',
        `investigate: measured residual ${formatVolume(input.measured)} is ${formatVolume(magnitude)} ` +
          `${direction} than the calculated ${formatVolume(input.expected)} (threshold ` +
          `${formatVolume(threshold)} for a ${formatVolume(input.reservoirSize)} pump) [${MAINO}]. ` +
          `Possible causes: ${g.causes.join('; ')}. Actions: ${g.actions.join('; ')}.`,
        thresholdMl,
        nlToMl(magnitude),
      ),
    );
  }
  if (input.expected === 0) {
    // An empty calculated reservoir means the pump may have stopped delivering (the drug's card says what follows).
    reasons.push(
      reason(
        'ITB_R_RESIDUAL_EXPECTED_EMPTY',
        'warn',
        `the pump calculated an empty reservoir: delivery may have stopped — ${underDeliveryWatchText(input.drug)} ` +
          drugEmergency(input.drug).source,
      ),
    );
  }

  const basisPoints = input.expected === 0 ? null : mulDiv(d, 10_000, input.expected);
  const result = verdictOf(reasons);
  return {
    ...result,
    discrepancy: d as Nanolitres,
    direction,
    threshold,
    causes,
    actions,
    view: {
      discrepancyMl: nlToMl(d),
      discrepancyPercent: basisPoints === null ? null : basisPoints / 100,
      verdict: result.verdict,
      reasons: result.reasons,
    },
  };
}
