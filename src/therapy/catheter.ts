/**
 * Catheter volume and the priming bolus (docs/clinical-reference.md §3). The catheter is a plug-flow delay line between the
 * pump and the spine: whatever it holds is delivered first. Its volume sets the priming bolus after implant
 * or revision and the bridge when the concentration changes (bridge.ts).
 *
 * Lengths are integer millimetres (catheters are trimmed and recorded to the centimetre mark, so a
 * millimetre is finer than anything measured); volumes are integer nanolitres.
 */
import { ItbError } from './codes.ts';
import { reason } from './guardrail-codes.ts';
import {
  massInVolume,
  mulDiv,
  nanolitres,
  nlToMl,
  timeToDeliver,
  type Millis,
  type Nanograms,
  type NanogramsPerMl,
  type Nanolitres,
  type NanolitresPerDay,
} from './quantities.ts';
import { sourced, type Sourced } from './sourced.ts';
import type { DrugId } from './drug.ts';
import { massText } from './drug-display.ts';
import { formatNumber, formatVolume } from './units.ts';
import { verdictOf, type GuardrailResult, type Reason } from './verdict.ts';

const PROMETRA_MANUAL = 'Prometra II programmable pump implant manual (Flowonix)';
const MM_PER_CM = 10;

/** The Prometra intrathecal catheter [C: implant manual: implanted length = 110 cm − trimmed; × 0.0026 mL/cm]. */
export const PROMETRA_CATHETER = {
  /** Lumen volume in nL per cm (0.0026 mL/cm). */
  volumePerCm: sourced(2_600, 'C', `${PROMETRA_MANUAL}: 0.0026 mL/cm`),
  /** Supplied length in mm (110 cm). */
  suppliedLengthMm: sourced(1_100, 'C', `${PROMETRA_MANUAL}: implanted length = 110 cm − trimmed`),
} as const;

/**
 * Placeholder for the pump's internal fluid-path (dead) volume between the reservoir and the catheter.
 * No figure is confirmed for either pump family, so the default counts the catheter only; a device profile
 * should supply its own value.
 */
export const PUMP_DEAD_VOLUME_UNSET: Sourced<Nanolitres> = sourced(
  nanolitres(0),
  'U',
  'unset: no confirmed pump fluid-path volume; only the catheter is counted (set it from the device profile)',
);

/** Which catheter, and how much of it is implanted. */
export type CatheterSpec =
  | { readonly kind: 'prometra'; readonly trimmedMm: number }
  | {
      readonly kind: 'other';
      /** Lumen volume in nL per cm, with its source (e.g. the catheter's manual). */
      readonly volumePerCm: Sourced<number>;
      readonly implantedLengthMm: number;
    };

/** A clinician's "15 cm" (or "15.5 cm") as whole millimetres. */
export function cmToMm(cm: number): number {
  if (!Number.isFinite(cm) || cm < 0) {
    throw new ItbError('ITB_E_CATHETER_LENGTH', `a catheter length must be ≥ 0 cm, got ${cm}`);
  }
  return Math.round(cm * MM_PER_CM);
}

export interface CatheterVolumeResult extends GuardrailResult {
  readonly volume: Nanolitres;
  readonly implantedLengthMm: number;
  readonly view: {
    readonly catheterVolumeMl: number;
    readonly implantedLengthCm: number;
    readonly reasons: readonly Reason[];
  };
}

function wholeMm(v: number, what: string): number {
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new ItbError('ITB_E_CATHETER_LENGTH', `${what} must be a whole number of millimetres ≥ 0`);
  }
  return v;
}

/**
 * Catheter volume = volume per cm × implanted length. For the Prometra catheter the implanted length is
 * 110 cm − the trimmed length [C]. Throws ITB_E_CATHETER_LENGTH for a length ≤ 0 or beyond the catheter.
 */
export function catheterVolume(spec: CatheterSpec): CatheterVolumeResult {
  let perCm: Sourced<number>;
  let lengthMm: number;
  if (spec.kind === 'prometra') {
    const supplied = PROMETRA_CATHETER.suppliedLengthMm.value;
    const trimmed = wholeMm(spec.trimmedMm, 'the trimmed length');
    if (trimmed >= supplied) {
      throw new ItbError(
        'ITB_E_CATHETER_LENGTH',
        `trimmed ${trimmed / MM_PER_CM} cm leaves no catheter of the supplied ${supplied / MM_PER_CM} cm`,
      );
    }
    perCm = PROMETRA_CATHETER.volumePerCm;
    lengthMm = supplied - trimmed;
  } else {
    perCm = spec.volumePerCm;
    lengthMm = wholeMm(spec.implantedLengthMm, 'the implanted length');
    if (lengthMm === 0) throw new ItbError('ITB_E_CATHETER_LENGTH', 'the implanted length must be > 0');
    if (!Number.isSafeInteger(perCm.value) || perCm.value <= 0) {
      throw new ItbError('ITB_E_NON_POSITIVE', 'the catheter volume per cm must be a positive whole nL/cm');
    }
  }
  const volume = nanolitres(mulDiv(perCm.value, lengthMm, MM_PER_CM));
  const lengthCm = lengthMm / MM_PER_CM;
  const result = verdictOf([
    reason(
      'ITB_R_CATHETER_VOLUME',
      'ok',
      `catheter volume = ${formatNumber(nlToMl(perCm.value), 6)} mL/cm × ${formatNumber(lengthCm, 1)} cm = ` +
        `${formatNumber(nlToMl(volume), 4)} mL [${perCm.confidence}: ${perCm.source}]`,
      undefined,
      nlToMl(volume),
    ),
  ]);
  return {
    ...result,
    volume,
    implantedLengthMm: lengthMm,
    view: { catheterVolumeMl: nlToMl(volume), implantedLengthCm: lengthCm, reasons: result.reasons },
  };
}

/**
 * How long fluid entering the catheter takes to reach the tip at a steady flow (plug flow, our model [A]);
 * e.g. a 50 cm catheter at 0.15 mL/day holds about 21 h of drug (docs/clinical-reference.md §4). Undefined for no flow.
 */
export function catheterTransitTime(volume: Nanolitres, flow: NanolitresPerDay): Millis | undefined {
  return timeToDeliver(volume, flow);
}

export interface PrimingInput {
  readonly catheterVolume: Nanolitres;
  /** Pump fluid-path volume to fill as well; defaults to {@link PUMP_DEAD_VOLUME_UNSET}. */
  readonly pumpDeadVolume?: Sourced<Nanolitres>;
  /** The drug's concentration, to state how much drug could reach the patient early through mixing. */
  readonly concentration?: NanogramsPerMl;
  /** The drug, to state that amount in its label's unit (mcg when absent). */
  readonly drug?: DrugId | undefined;
}

export interface PrimingResult extends GuardrailResult {
  /** Volume the priming bolus delivers: catheter + pump dead volume. */
  readonly volume: Nanolitres;
  /** At most this much drug can reach the patient during priming (all of what is pushed in, if it mixes). */
  readonly drugAtMost?: Nanograms;
  readonly view: {
    readonly primingVolumeMl: number;
    readonly catheterVolumeMl: number;
    readonly pumpDeadVolumeMl: number;
    readonly verdict: GuardrailResult['verdict'];
    readonly reasons: readonly Reason[];
  };
}

/**
 * The priming bolus that fills the catheter (and pump fluid path) after implant or revision. Always warns:
 * it must be supervised, because at priming rates drug mixes with the fluid already in the catheter, so the
 * patient may get drug before the bolus ends and a weaker mix after it [C: docs/clinical-reference.md §3; SynchroMed II
 * priming-bolus labelling update].
 */
export function primingBolus(input: PrimingInput): PrimingResult {
  const dead = input.pumpDeadVolume ?? PUMP_DEAD_VOLUME_UNSET;
  for (const [v, what] of [
    [input.catheterVolume, 'catheter volume'],
    [dead.value, 'pump dead volume'],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new ItbError('ITB_E_NON_POSITIVE', `the ${what} must be a whole number of nL ≥ 0`);
    }
  }
  if (input.catheterVolume === 0) {
    throw new ItbError('ITB_E_NON_POSITIVE', 'the catheter volume must be > 0 to prime it');
  }
  const volume = nanolitres(input.catheterVolume + dead.value);
  const drugAtMost =
    input.concentration === undefined ? undefined : massInVolume(volume, input.concentration);
  const drugText =
    drugAtMost === undefined ? '' : `; up to ${massText(drugAtMost, input.drug)} may reach the patient early`;
  const result = verdictOf([
    reason(
      'ITB_R_PRIMING_SUPERVISED',
      'warn',
      `priming bolus ${formatVolume(volume)} (catheter ${formatVolume(input.catheterVolume)} + pump ` +
        `${formatVolume(dead.value)} [${dead.confidence}: ${dead.source}]): give it under medical ` +
        `supervision — drug mixes with the fluid in the catheter, so dosing is uncertain (overdose, ` +
        `underdose or withdrawal)${drugText} [docs/clinical-reference.md §3; SynchroMed II priming-bolus labelling]`,
      undefined,
      nlToMl(volume),
    ),
  ]);
  return {
    ...result,
    volume,
    ...(drugAtMost === undefined ? {} : { drugAtMost }),
    view: {
      primingVolumeMl: nlToMl(volume),
      catheterVolumeMl: nlToMl(input.catheterVolume),
      pumpDeadVolumeMl: nlToMl(dead.value),
      verdict: result.verdict,
      reasons: result.reasons,
    },
  };
}

/**
 * The largest lumen volume per cm any catheter we know has, with margin, for a model with no data of its
 * own: our choice, 1.5 × the Prometra catheter's 0.0026 mL/cm (the largest confirmed figure).
 */
export const GENERIC_MAX_VOLUME_PER_CM = sourced(
  3_900,
  'A',
  `our choice: 1.5 × ${PROMETRA_MANUAL} 0.0026 mL/cm, for catheters without their own data`,
);

/** A recorded volume may exceed length × lumen by this fraction (trimming to the cm mark, connector). */
export const CATHETER_VOLUME_TOLERANCE = sourced(0.25, 'A', 'our choice: ±25 % for connector and trimming');

/** The lumen volume per cm for a catheter model: the model's own data, or the generic upper bound. */
export function volumePerCmFor(model: string): Sourced<number> {
  return /prometra/i.test(model) ? PROMETRA_CATHETER.volumePerCm : GENERIC_MAX_VOLUME_PER_CM;
}

/**
 * Refuses (ITB_E_OUT_OF_RANGE) a catheter volume that cannot fit its length: above length × lumen per cm
 * (model data, {@link volumePerCmFor}) × (1 + tolerance). A 5 mL volume for a 50 cm catheter would make a
 * 5.2 mL priming bolus, up to thousands of micrograms reaching the patient early (overdose). For a model
 * with its own lumen data (Prometra) a volume below length × lumen × (1 − tolerance) is refused too: a
 * 0.013 mL for 0.13 mL slip primes a tenth of the catheter, so the new drug reaches the tip half a day
 * later than the plan says, and every bridge on a concentration change is computed from it.
 */
export function assertCatheterVolumePlausible(c: {
  readonly model: string;
  readonly lengthMm: number;
  readonly volumeNl: number;
}): void {
  const perCm = volumePerCmFor(c.model);
  const lumen = (c.lengthMm / MM_PER_CM) * perCm.value;
  const floor = Math.ceil(lumen * (1 - CATHETER_VOLUME_TOLERANCE.value));
  if (perCm !== GENERIC_MAX_VOLUME_PER_CM && c.volumeNl < floor) {
    throw new ItbError(
      'ITB_E_OUT_OF_RANGE',
      `a ${formatNumber(c.lengthMm / MM_PER_CM, 1)} cm ${c.model} catheter holds about ${formatVolume(
        nanolitres(Math.round(lumen)),
      )}, not ${formatVolume(nanolitres(c.volumeNl))}: at least ${formatVolume(nanolitres(floor))} ` +
        `(${formatNumber(perCm.value / 1_000_000, 4)} mL/cm). Check the unit (mL vs µL) and the length`,
      { floor, value: c.volumeNl },
    );
  }
  const limit = Math.floor(lumen * (1 + CATHETER_VOLUME_TOLERANCE.value));
  if (c.volumeNl > limit) {
    throw new ItbError(
      'ITB_E_OUT_OF_RANGE',
      `a ${formatNumber(c.lengthMm / MM_PER_CM, 1)} cm ${c.model} catheter cannot hold ${formatVolume(
        nanolitres(c.volumeNl),
      )}: at most ${formatVolume(nanolitres(limit))} (${formatNumber(perCm.value / 1_000_000, 4)} mL/cm). ` +
        'Check the unit (mL vs µL) and the length',
      { limit, value: c.volumeNl },
    );
  }
}
