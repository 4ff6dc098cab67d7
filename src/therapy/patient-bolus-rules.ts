/**
 * Patient-controlled bolus (PCB) settings: the one place their rules live (docs/clinical-reference.md §3:
 * patient-activated boluses with a lockout and a daily maximum exist on the programmable pumps, off for
 * baclofen). The programmer's plan and the pump's own check of a `program` command both call
 * {@link patientBolusReasons}, so no setting the plan accepts is refused by the pump for a rule of its own,
 * and none the plan refuses would run.
 *
 * The rules, each with one reason code: the device profile must offer PCB; the drug's library entry must
 * allow it; the settings must lie in {@link PATIENT_BOLUS_LIMITS}; each bolus within the drug's single-bolus
 * maximum; and the worst-case day — the largest basal day plus every allowed bolus — within the drug's
 * absolute daily maximum (an overdose guard: too many boluses or too short a lockout, docs/hazards.md).
 */
import type { DrugEntry } from './drug.ts';
import { dailyDose } from './dose-math.ts';
import { reason } from './guardrail-codes.ts';
import type { Prescription, Weekday } from './prescription.ts';
import type { Millis, Nanograms, NanolitresPerDay } from './quantities.ts';
import { sourced, type Sourced } from './sourced.ts';
import { formatDose, formatMass } from './units.ts';
import type { Reason } from './verdict.ts';

/** Patient-activated bolus settings (myPTM / PTC), as the pump holds them. */
export interface PatientBolusConfig {
  /** Drug per bolus. */
  readonly amount: Nanograms;
  /** How long each bolus runs. */
  readonly duration: Millis;
  /** The least time from one bolus's start to the next. */
  readonly lockout: Millis;
  /** Boluses allowed in any 24 h. */
  readonly maxPerDay: number;
}

/** A closed range of one setting. */
export interface SettingRange {
  readonly min: number;
  readonly max: number;
}

/**
 * The ranges a PCB setting must lie in. No source gives the devices' programmable ranges, so these are our
 * choices [U], kept as named data a clinic can override: a lockout of at least 15 min (and never shorter than
 * the bolus itself), at most 24 boluses a day, each running 1–60 min.
 */
export const PATIENT_BOLUS_LIMITS: Sourced<{
  readonly lockout: SettingRange;
  readonly maxPerDay: SettingRange;
  readonly duration: SettingRange;
}> = sourced(
  {
    lockout: { min: 15 * 60_000, max: 24 * 60 * 60_000 },
    maxPerDay: { min: 1, max: 24 },
    duration: { min: 60_000, max: 60 * 60_000 },
  },
  'U',
  'our choice: lockout 15 min–24 h, 1–24 boluses a day, each over 1–60 min (no source gives the device ranges)',
);

/** How long each bolus runs when the clinician does not say (within the range above). */
export const PATIENT_BOLUS_DEFAULT_DURATION: Sourced<number> = sourced(
  10 * 60_000,
  'U',
  'our choice: 10 min, well inside the 1–60 min range',
);

/** What the rules are checked against: the device, the drug and the basal programme the boluses add to. */
export interface PatientBolusContext {
  /** The device profile's name and whether it offers PCB (profiles.ts `patientBolus`). */
  readonly device: { readonly name: string; readonly patientBolus: Sourced<boolean> };
  readonly drug: DrugEntry;
  /** The basal programme; a stopped one adds nothing. */
  readonly prescription: Prescription;
  /** The device's minimum-rate flow (for a minimum-rate programme's daily dose). */
  readonly minimumRateFlow: NanolitresPerDay;
  readonly limits?: typeof PATIENT_BOLUS_LIMITS;
}

const WEEKDAYS: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];

/** The largest basal daily dose over the weekdays (ng/day). */
export function largestBasalDay(p: Prescription, minimumRateFlow: NanolitresPerDay): number {
  return Math.max(...WEEKDAYS.map((w) => dailyDose(p, w, { minimumRateFlow })));
}

/** Whether the device and the drug allow PCB at all, with the reason when they do not. */
export function patientBolusForbidden(device: PatientBolusContext['device'], drug: DrugEntry): Reason | null {
  if (!device.patientBolus.value) {
    return reason(
      'ITB_R_PATIENT_BOLUS_DEVICE_FORBIDS',
      'block',
      `${device.name} has no patient-controlled bolus [${device.patientBolus.source}]`,
    );
  }
  if (!drug.patientBolusAllowed.value) {
    return reason(
      'ITB_R_PATIENT_BOLUS_DRUG_FORBIDS',
      'block',
      `patient-controlled boluses are not allowed for ${drug.id} [${drug.patientBolusAllowed.source}]`,
    );
  }
  return null;
}

/** Every reason the PCB settings `c` may not be programmed (all blocking), or none. */
export function patientBolusReasons(ctx: PatientBolusContext, c: PatientBolusConfig): Reason[] {
  const forbidden = patientBolusForbidden(ctx.device, ctx.drug);
  if (forbidden !== null) return [forbidden];
  const limits = ctx.limits ?? PATIENT_BOLUS_LIMITS;
  const out: Reason[] = [];
  const outside = (what: string, v: number, r: SettingRange, words: (n: number) => string) => {
    if (Number.isSafeInteger(v) && v >= r.min && v <= r.max) return;
    out.push(
      reason(
        'ITB_R_PATIENT_BOLUS_SETTING_OUT_OF_RANGE',
        'block',
        `the ${what} must be ${words(r.min)}–${words(r.max)}, not ${words(v)} [${limits.source}]`,
        v < r.min ? r.min : r.max,
        v,
      ),
    );
  };
  const minutes = (ms: number) => `${ms / 60_000} min`;
  outside('lockout interval', c.lockout, limits.value.lockout, minutes);
  outside('number of boluses a day', c.maxPerDay, limits.value.maxPerDay, String);
  outside('bolus duration', c.duration, limits.value.duration, minutes);
  if (c.lockout < c.duration) {
    out.push(
      reason(
        'ITB_R_PATIENT_BOLUS_SETTING_OUT_OF_RANGE',
        'block',
        `the lockout (${minutes(c.lockout)}) is shorter than the bolus itself (${minutes(c.duration)})`,
        c.duration,
        c.lockout,
      ),
    );
  }
  const drug = ctx.drug;
  if (!Number.isSafeInteger(c.amount) || c.amount <= 0) {
    out.push(
      reason(
        'ITB_R_PATIENT_BOLUS_SETTING_OUT_OF_RANGE',
        'block',
        `the dose per bolus must be above zero, not ${formatMass(c.amount, drug.labelUnit)}`,
        0,
        c.amount,
      ),
    );
  } else if (c.amount > drug.maxBolus.value) {
    out.push(
      reason(
        'ITB_R_PATIENT_BOLUS_DOSE_ABOVE_MAX',
        'block',
        `a patient bolus of ${formatMass(c.amount, drug.labelUnit)} exceeds the ${drug.id} single-bolus maximum ${formatMass(drug.maxBolus.value, drug.labelUnit)} [${drug.maxBolus.source}]`,
        drug.maxBolus.value,
        c.amount,
      ),
    );
  }
  if (out.length > 0) return out;
  const worstDay = largestBasalDay(ctx.prescription, ctx.minimumRateFlow) + c.amount * c.maxPerDay;
  const hardMax = drug.hardDoseRange.value.max;
  if (worstDay > hardMax) {
    out.push(
      reason(
        'ITB_R_PATIENT_BOLUS_DAY_ABOVE_MAX',
        'block',
        `the basal day plus ${c.maxPerDay} boluses of ${formatMass(c.amount, drug.labelUnit)} could reach ${formatDose(worstDay, drug.labelUnit)}, above the ${drug.id} absolute maximum ${formatDose(hardMax, drug.labelUnit)} [${drug.hardDoseRange.source}]`,
        hardMax,
        worstDay,
      ),
    );
  }
  return out;
}
