/**
 * The bridge when the concentration changes at a refill (docs/clinical-reference.md §3, "bridge bolus"): the catheter (and
 * the pump's fluid path) still hold the old drug, and that old fluid reaches the spine first. If the pump
 * switched at once to the flow for the new concentration, the patient would get dose × C1/C2 until the old
 * fluid has cleared — an overdose when the old drug was stronger, an underdose (withdrawal risk, boxed
 * warning) when it was weaker.
 *
 * The bridge keeps the dose continuous: run the flow that gives the prescribed dose at the OLD
 * concentration (D / C1) until the old volume V has left the catheter (V / (D / C1)), then switch to
 * D / C2. The catheter is modelled as plug flow without mixing [A: docs/clinical-reference.md §4 model].
 */
import { ItbError } from './codes.ts';
import { PUMP_DEAD_VOLUME_UNSET } from './catheter.ts';
import { reason } from './guardrail-codes.ts';
import {
  MS_PER_HOUR,
  NL_PER_ML,
  doseToFlow,
  flowToDose,
  massInVolume,
  millis,
  mulDiv,
  nanograms,
  nanolitres,
  ngToMcg,
  nlToMl,
  timeToDeliver,
  type Millis,
  type Nanograms,
  type NanogramsPerDay,
  type NanogramsPerMl,
  type Nanolitres,
  type NanolitresPerDay,
} from './quantities.ts';
import type { Sourced } from './sourced.ts';
import type { DrugId } from './drug.ts';
import { concentrationText, doseText, massText } from './drug-display.ts';
import { formatFlow, formatVolume } from './units.ts';
import { verdictOf, type GuardrailResult, type Reason } from './verdict.ts';

export interface BridgeInput {
  /** Old fluid still to clear: the catheter volume (see catheter.ts). */
  readonly catheterVolume: Nanolitres;
  /** Pump fluid-path volume holding old drug too; defaults to {@link PUMP_DEAD_VOLUME_UNSET}. */
  readonly pumpDeadVolume?: Sourced<Nanolitres>;
  readonly oldConcentration: NanogramsPerMl;
  readonly newConcentration: NanogramsPerMl;
  /** The prescribed daily dose, unchanged across the refill. */
  readonly dose: NanogramsPerDay;
  /** The drug: the reasons state doses in its label's unit (mcg when absent). */
  readonly drug?: DrugId | undefined;
}

/** What the patient would get if the pump switched straight to the new flow. */
export interface WithoutBridge {
  /** dose × C1 / C2 while the old fluid clears. */
  readonly doseRate: NanogramsPerDay;
  /** V / (D / C2). */
  readonly duration: Millis;
  /** V × (C1 − C2): positive = extra drug (overdose), negative = drug missed (underdose). */
  readonly drugDifference: Nanograms;
}

/** What `itb calc bridge --json` prints. */
export interface BridgeView {
  readonly bridgeNeeded: boolean;
  readonly oldFluidMl: number;
  readonly bridgeFlowMlPerDay: number;
  /** Bridge duration in hours, rounded up to 0.01 h (never shorter than needed). */
  readonly bridgeHours: number;
  readonly drugDuringBridgeMcg: number;
  readonly newFlowMlPerDay: number;
  readonly withoutBridge: {
    readonly doseMcgPerDay: number;
    readonly hours: number;
    readonly drugDifferenceMcg: number;
  };
  readonly verdict: GuardrailResult['verdict'];
  readonly reasons: readonly Reason[];
}

export interface BridgeResult extends GuardrailResult {
  readonly needed: boolean;
  /** Old fluid to clear: catheter + pump dead volume. */
  readonly volume: Nanolitres;
  /** D / C1: the flow during the bridge. */
  readonly bridgeFlow: NanolitresPerDay;
  /** V / bridgeFlow, rounded up to the millisecond (0 when no bridge is needed). */
  readonly bridgeDuration: Millis;
  /** V × C1: the old drug delivered during the bridge (0 when no bridge is needed). */
  readonly drugDuringBridge: Nanograms;
  /** D / C2: the flow after the bridge. */
  readonly newFlow: NanolitresPerDay;
  readonly withoutBridge: WithoutBridge;
  readonly view: BridgeView;
}

function positive(v: number, what: string): void {
  if (!Number.isSafeInteger(v) || v <= 0) {
    throw new ItbError('ITB_E_NON_POSITIVE', `the ${what} must be a positive whole number of nanounits`);
  }
}

const hoursUp = (ms: number): number => Math.ceil(ms / (MS_PER_HOUR / 100)) / 100;

/**
 * Plans the bridge for a concentration change C1 → C2 at an unchanged dose D. Same concentration or
 * nothing to clear → no bridge (ok). Otherwise warn: the bridge must be programmed, and the reason names
 * the hazard of skipping it. Throws ITB_E_NON_POSITIVE for a zero or negative dose or concentration.
 */
export function planBridge(input: BridgeInput): BridgeResult {
  const { oldConcentration: c1, newConcentration: c2, dose, drug } = input;
  const formatDose = (ng: number) => doseText(ng, drug);
  const formatMass = (ng: number) => massText(ng, drug);
  const formatConcentration = (ng: number) => concentrationText(ng, drug);
  const dead = input.pumpDeadVolume ?? PUMP_DEAD_VOLUME_UNSET;
  positive(c1, 'old concentration');
  positive(c2, 'new concentration');
  positive(dose, 'dose');
  for (const [v, what] of [
    [input.catheterVolume, 'catheter volume'],
    [dead.value, 'pump dead volume'],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new ItbError('ITB_E_NON_POSITIVE', `the ${what} must be a whole number of nL ≥ 0`);
    }
  }

  const volume = nanolitres(input.catheterVolume + dead.value);
  const newFlow = doseToFlow(dose, c2);
  const needed = c1 !== c2 && volume > 0;
  const bridgeFlow = needed ? doseToFlow(dose, c1) : newFlow;
  if (newFlow === 0 || bridgeFlow === 0) {
    throw new ItbError(
      'ITB_E_OUT_OF_RANGE',
      `${formatDose(dose)} rounds to no flow at ${formatConcentration(Math.max(c1, c2))}`,
    );
  }
  const bridgeDuration = needed ? (timeToDeliver(volume, bridgeFlow) ?? millis(0)) : millis(0);
  const drugDuringBridge = needed ? massInVolume(volume, c1) : nanograms(0);
  const withoutBridge: WithoutBridge = {
    doseRate: flowToDose(newFlow, c1),
    duration: timeToDeliver(volume, newFlow) ?? millis(0),
    drugDifference: nanograms(mulDiv(volume, c1 - c2, NL_PER_ML)),
  };

  const reasons: Reason[] = [];
  const change = `${formatConcentration(c1)} → ${formatConcentration(c2)}`;
  if (!needed) {
    reasons.push(
      reason(
        'ITB_R_BRIDGE_NOT_NEEDED',
        'ok',
        c1 === c2
          ? `no bridge needed: the concentration stays ${formatConcentration(c1)}`
          : `no bridge needed: no old fluid to clear (${formatVolume(volume)})`,
      ),
    );
  } else {
    const withoutHours = hoursUp(withoutBridge.duration);
    const plan =
      `bridge ${change}: deliver ${formatVolume(volume)} of old fluid at ${formatFlow(bridgeFlow)} for ` +
      `${hoursUp(bridgeDuration)} h, then ${formatFlow(newFlow)}`;
    const over = c1 > c2;
    reasons.push(
      reason(
        over ? 'ITB_R_BRIDGE_PREVENTS_OVERDOSE' : 'ITB_R_BRIDGE_PREVENTS_UNDERDOSE',
        'warn',
        `${plan}. Without it the patient would get ${formatDose(withoutBridge.doseRate)} instead of ` +
          `${formatDose(dose)} for ${withoutHours} h (${formatMass(Math.abs(withoutBridge.drugDifference))} ` +
          (over
            ? 'extra): overdose risk — drowsiness, respiratory depression, coma [label; docs/clinical-reference.md §3]'
            : 'missed): underdose and withdrawal risk (boxed warning) [label; docs/clinical-reference.md §3]'),
        ngToMcg(dose),
        ngToMcg(withoutBridge.doseRate),
      ),
    );
  }

  const result = verdictOf(reasons);
  return {
    ...result,
    needed,
    volume,
    bridgeFlow,
    bridgeDuration,
    drugDuringBridge,
    newFlow,
    withoutBridge,
    view: {
      bridgeNeeded: needed,
      oldFluidMl: nlToMl(volume),
      bridgeFlowMlPerDay: nlToMl(bridgeFlow),
      bridgeHours: hoursUp(bridgeDuration),
      drugDuringBridgeMcg: ngToMcg(drugDuringBridge),
      newFlowMlPerDay: nlToMl(newFlow),
      withoutBridge: {
        doseMcgPerDay: ngToMcg(withoutBridge.doseRate),
        hours: hoursUp(withoutBridge.duration),
        drugDifferenceMcg: ngToMcg(withoutBridge.drugDifference),
      },
      verdict: result.verdict,
      reasons: result.reasons,
    },
  };
}
