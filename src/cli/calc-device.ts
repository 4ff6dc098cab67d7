/**
 * `itb calc … --profile`: the calculators apply the named device's labelling, flow range and alarm
 * thresholds through the pump's own rules (src/pump/device-labelling.ts, the profile's data), so the
 * calculator and the pump agree. Without a profile the calculator says which assumption it made instead.
 */
import { deviceReasons } from '../pump/device-labelling.ts';
import { pumpReason } from '../pump/codes.ts';
import type { PumpProfile } from '../pump/profile.ts';
import { PROFILES, getProfile } from '../pump/profiles.ts';
import { ItbError, type TherapyCode } from '../therapy/codes.ts';
import type { DrugId } from '../therapy/drug.ts';
import { formatFlow, formatVolume } from '../therapy/units.ts';
import { reasonFor, type Reason } from '../therapy/verdict.ts';

const therapyReason = reasonFor<TherapyCode>();

/** The named profile, or undefined when none was named (throws ITB_E_PUMP_UNKNOWN_PROFILE for a bad id). */
export const profileFlag = (id: string | undefined): PumpProfile | undefined =>
  id === undefined ? undefined : getProfile(id);

/** The programmable profiles' smallest minimum flow: what "some pump can run it" means without a profile. */
function lowestMinimumFlow(): number {
  return Math.min(...PROFILES.filter((p) => p.fixedFlow === undefined).map((p) => p.flowRange.value.min));
}

/**
 * The device's reasons for running `flow` of `drug` at `concentration` (for a patient of `ageYears`), or —
 * without a profile — one reason saying the device was not checked: a warning when no programmable pump in
 * the library could run the flow, otherwise a note.
 */
export function deviceCheck(
  profile: PumpProfile | undefined,
  use: { drug: DrugId; concentration: number; flow: number; ageYears?: number },
): Reason[] {
  if (profile !== undefined) {
    return deviceReasons(profile, {
      drug: use.drug,
      concentration: use.concentration,
      flows: { lowest: use.flow, highest: use.flow },
      ...(use.ageYears === undefined ? {} : { ageYears: use.ageYears }),
    });
  }
  const min = lowestMinimumFlow();
  if (use.flow < min) {
    return [
      pumpReason(
        'ITB_R_PUMP_DEVICE_NOT_NAMED',
        'warn',
        `no --profile: ${formatFlow(use.flow)} is below the minimum flow of every programmable pump in the ` +
          `library (${formatFlow(min)}); a pump would refuse it — use a lower concentration`,
        min,
        use.flow,
      ),
    ];
  }
  return [
    pumpReason(
      'ITB_R_PUMP_DEVICE_NOT_NAMED',
      'ok',
      'no --profile: the device labelling and flow range were not checked (give --profile to apply them)',
    ),
  ];
}

/** Refuses (ITB_E_PUMP_HARD_LIMIT) when any device reason blocks: the calculator refuses what the pump would. */
export function refuseDeviceBlocks(reasons: readonly Reason[]): void {
  const blocks = reasons.filter((r) => r.severity === 'block');
  if (blocks.length > 0) {
    throw new ItbError('ITB_E_PUMP_HARD_LIMIT', blocks.map((r) => r.message).join('; '), { reasons: blocks });
  }
}

/** The empty-date assumption made without a profile: 0 mL, later than a pump's own empty alarm. */
export function emptyAssumption(): Reason {
  const thresholds = [...new Set(PROFILES.map((p) => p.emptyThreshold.value).filter((v) => v > 0))];
  const named = thresholds.map((v) => formatVolume(v)).join(' or ');
  return therapyReason(
    'ITB_R_EMPTY_AT_ZERO_ASSUMED',
    'warn',
    `no --profile: the empty date is taken at 0 mL and the low alarm at --low-alarm-ml; a programmable ` +
      `pump's empty alarm sounds at ${named}, earlier — give --profile to use its thresholds`,
  );
}
