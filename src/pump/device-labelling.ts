/**
 * What a device refuses (docs/clinical-reference.md §3): a drug its labelling does not include, a strength
 * outside its labelled range, a patient younger than it is labelled for, a flow outside its programmable
 * range. One function, so that the pump (prescription and refill), the programmer and `itb calc` refuse the
 * same things with the same reason; the facts are the profile's `labelling` and `flowRange` (data).
 */
import { segmentsBetween } from '../therapy/dose-math.ts';
import type { DrugId } from '../therapy/drug.ts';
import type { Prescription } from '../therapy/prescription.ts';
import { epochMs, MS_PER_DAY, type NanolitresPerDay } from '../therapy/quantities.ts';
import { formatConcentration, formatFlow } from '../therapy/units.ts';
import type { Reason } from '../therapy/verdict.ts';
import { pumpReason } from './codes.ts';
import type { PumpProfile } from './profile.ts';

/** What is to run in the device: the drug and strength, and when known the flows and the patient's age. */
export interface DeviceUse {
  readonly drug: DrugId;
  readonly concentration: number;
  /** The lowest and highest flow the programme runs (nL/day); absent: not checked. */
  readonly flows?: { readonly lowest: number; readonly highest: number };
  readonly ageYears?: number;
}

/**
 * Every reason `profile` refuses (block) or questions (warn: off-label) `use`; empty when the device is
 * labelled for it. Saline is judged like any drug: each profile lists it.
 */
export function deviceReasons(profile: PumpProfile, use: DeviceUse): Reason[] {
  const entry = profile.labelling[use.drug];
  if (entry === undefined) {
    const listed = Object.keys(profile.labelling).join(', ');
    return [
      pumpReason(
        'ITB_R_PUMP_DRUG_NOT_LABELLED',
        'block',
        `${profile.name} is not labelled for ${use.drug}; it is labelled for ${listed}`,
      ),
    ];
  }
  const out: Reason[] = [];
  const l = entry.value;
  if (l.offLabel === true) {
    out.push(
      pumpReason(
        'ITB_R_PUMP_DRUG_OFF_LABEL',
        'warn',
        `${use.drug} is off-label in ${profile.name}: needs a justified override [${entry.source}]`,
      ),
    );
  }
  const c = l.concentration;
  if (c !== undefined && (use.concentration < c.min || use.concentration > c.max)) {
    out.push(
      pumpReason(
        'ITB_R_PUMP_CONCENTRATION_NOT_LABELLED',
        'block',
        `${profile.name} is labelled for ${use.drug} ${formatConcentration(c.min)}–${formatConcentration(c.max)}, ` +
          `not ${formatConcentration(use.concentration)} [${entry.source}]`,
      ),
    );
  }
  const age = l.minAgeYears;
  if (age !== undefined && use.ageYears !== undefined && use.ageYears < age) {
    out.push(
      pumpReason(
        'ITB_R_PUMP_AGE_BELOW_LABEL',
        'block',
        `${profile.name} is labelled for ${use.drug} from age ${age}; this patient is ${use.ageYears} [${entry.source}]`,
        age,
        use.ageYears,
      ),
    );
  }
  if (use.flows !== undefined) out.push(...flowReasons(profile, use.flows));
  return out;
}

/** The device's programmable flow range against the lowest and highest flow of a programme. */
function flowReasons(profile: PumpProfile, flows: NonNullable<DeviceUse['flows']>): Reason[] {
  const { min, max } = profile.flowRange.value;
  const out: Reason[] = [];
  if (flows.highest > max) {
    out.push(
      pumpReason(
        'ITB_R_PUMP_RATE_ABOVE_MAX',
        'block',
        `a flow of ${formatFlow(flows.highest)} exceeds the ${profile.name} maximum ${formatFlow(max)}`,
        max,
        flows.highest,
      ),
    );
  }
  if (flows.lowest < min) {
    out.push(
      pumpReason(
        'ITB_R_PUMP_RATE_BELOW_MIN',
        'block',
        `a flow of ${formatFlow(flows.lowest)} is below the ${profile.name} minimum ${formatFlow(min)} [${profile.flowRange.source}]`,
        min,
        flows.lowest,
      ),
    );
  }
  return out;
}

/**
 * The lowest and highest flow (nL/day) a running programme gives over the week from `from`: what the
 * device's flow range is checked against, by the pump for a prescription or a refill and by the programmer
 * before a refill's injection (so that a strength the pump would refuse at the prescribed dose is not put in).
 */
export function programmeFlows(
  p: Prescription,
  from: number,
  utcOffsetMinutes: number,
  minimumRateFlow: NanolitresPerDay,
): { lowest: number; highest: number } {
  let highest = 0;
  let lowest = Number.MAX_SAFE_INTEGER;
  const segments = segmentsBetween(p, epochMs(from), epochMs(from + 7 * MS_PER_DAY), utcOffsetMinutes, {
    minimumRateFlow,
  });
  for (const seg of segments) {
    highest = Math.max(highest, seg.flow);
    lowest = Math.min(lowest, seg.flow);
  }
  return { lowest, highest };
}
