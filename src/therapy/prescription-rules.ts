/**
 * Prescription validation (docs/clinical-reference.md §3, infusion modes): an ordered list of checks in one pure function
 * that returns a reason for every violation, so a clinician sees everything wrong at once. Hard violations
 * block; soft ones (usual range, minimum-rate withdrawal) warn and need a justified override.
 *
 * Flex step count rule: the pump runs one constant rate per device step, so a periodic bolus splits the
 * basal step it falls in. The 13-step limit is applied to the steps the pump will actually run — every basal
 * step start, every bolus start and every bolus end before midnight, counted once each (see
 * deviceStepStarts in dose-math.ts).
 *
 * The clinician-facing JSON form (mcg/day, mcg/mL, minutes) lives in prescription-json.ts and is
 * re-exported here; parsing checks shape only — the clinical rules are in this file.
 */
import type { DrugEntry, Population } from './drug.ts';
import { allowedConcentrationsText, getDrug, isConcentrationAllowed } from './drug-library.ts';
import {
  detectConcentrationSlip,
  detectDoseSlip,
  doseReason,
  doseRangeReasons,
  towardRange,
  type DoseChange,
} from './dose-check.ts';
import { dailyDose, deviceStepStarts } from './dose-math.ts';
import type { FlexDay, Prescription, Weekday } from './prescription.ts';
import { WEEKDAY_NAMES } from './prescription-json.ts';
import { MS_PER_DAY, MS_PER_MINUTE, NG_PER_MCG, flowToDose, type NanolitresPerDay } from './quantities.ts';
import { sourced } from './sourced.ts';
import { ngPerLabelUnit } from './drug-display.ts';
import { formatConcentration, formatNumber } from './units.ts';
import { verdictOf, type GuardrailResult, type Reason } from './verdict.ts';

/** SynchroMed flexible mode: up to 13 steps a day [C: docs/clinical-reference.md §3]. */
export const MAX_FLEX_STEPS = sourced(13, 'C', 'SynchroMed flexible dosing: up to 13 steps a day');
export const MINUTES_PER_DAY = 1440;

export { WEEKDAY_NAMES } from './prescription-json.ts';
export {
  prescriptionFromJson,
  prescriptionSchema,
  prescriptionToJson,
  type PrescriptionJson,
} from './prescription-json.ts';

export interface ValidationOptions {
  /** The patient's dosing population; without it the soft check uses every population's range. */
  readonly population?: Population;
  /** The device's minimum-rate flow, to check a minimum-rate prescription's dose. */
  readonly minimumRateFlow?: NanolitresPerDay;
  /**
   * The prescription this one replaces (the chain's head): the usual range is then judged by the change's
   * direction, day by day (dose-check.ts `towardRange`), as the titration step judges it. Without it (a
   * first prescription, or none known) a dose outside the usual range warns.
   */
  readonly before?: Prescription;
}

/** Which way the daily dose moves from `before` to `dose` on `weekday` (undefined: every day). */
function changeFrom(opts: ValidationOptions, dose: number, weekday: Weekday | undefined): DoseChange {
  if (opts.before === undefined) return null;
  let was: number;
  try {
    was = dailyDose(
      opts.before,
      weekday,
      opts.minimumRateFlow === undefined ? undefined : { minimumRateFlow: opts.minimumRateFlow },
    );
  } catch {
    // A dose that cannot be computed (minimum rate without the device's flow): no direction, warned.
    return null;
  }
  return dose > was ? 'up' : dose < was ? 'down' : null;
}

/** A mass or daily dose's number in the drug's label unit, "unit" beside it: "300 mcg", "3 mg". */
const amount = (ng: number, drug: DrugEntry): string =>
  `${formatNumber(ng / ngPerLabelUnit(drug.id), 4)} ${drug.labelUnit}`;
const isInt = (v: number): boolean => Number.isSafeInteger(v);

/** Structural and per-item checks of one flex day; `label` prefixes each message ("Monday: …"). */
function flexDayReasons(day: FlexDay, drug: DrugEntry, label: string): Reason[] {
  const out: Reason[] = [];
  const add = (r: Reason) => out.push(r);
  const block = (code: Parameters<typeof doseReason>[0], msg: string, limit?: number, value?: number) =>
    add(doseReason(code, 'block', `${label}: ${msg}`, limit, value));
  const { steps, boluses } = day;
  if (steps.length === 0) block('ITB_R_FLEX_STEP_COUNT', 'a flex day needs at least one step', 1, 0);
  steps.forEach((s, i) => {
    const n = `step ${i + 1}`;
    if (!isInt(s.startMinute) || !isInt(s.dose)) {
      block('ITB_R_NOT_AN_INTEGER', `${n} start minute and dose must be whole minutes and ng/day`);
      return;
    }
    if (s.startMinute < 0 || s.startMinute >= MINUTES_PER_DAY) {
      block(
        'ITB_R_MINUTE_OUT_OF_DAY',
        `${n} starts at minute ${s.startMinute}, outside 0–1439`,
        1439,
        s.startMinute,
      );
    }
    const prev = steps[i - 1];
    if (prev && isInt(prev.startMinute) && s.startMinute <= prev.startMinute) {
      block(
        'ITB_R_FLEX_STEPS_NOT_INCREASING',
        `${n} starts at minute ${s.startMinute}, not after minute ${prev.startMinute}`,
      );
    }
    if (drug.hardDoseRange.value.max === 0) return; // saline: reported once for the prescription
    if (s.dose <= 0) {
      block(
        'ITB_R_NOT_POSITIVE',
        `${n} dose ${amount(s.dose, drug)}/day must be positive (a zero step stops the drug)`,
        0,
        s.dose / NG_PER_MCG,
      );
      return;
    }
    const slip = detectDoseSlip(drug, s.dose);
    if (slip) add({ ...slip, message: `${label}: ${n}: ${slip.message}` });
    else if (s.dose > drug.hardDoseRange.value.max) {
      add(
        doseReason(
          'ITB_R_STEP_RATE_ABOVE_HARD_LIMIT',
          'warn',
          `${label}: ${n} runs at ${amount(s.dose, drug)}/day, faster than the ${drug.id} absolute daily maximum ` +
            `${amount(drug.hardDoseRange.value.max, drug)}/day, for part of the day`,
          drug.hardDoseRange.value.max / NG_PER_MCG,
          s.dose / NG_PER_MCG,
        ),
      );
    }
  });
  const first = steps[0];
  if (first && isInt(first.startMinute) && first.startMinute !== 0) {
    block(
      'ITB_R_FLEX_FIRST_STEP_NOT_MIDNIGHT',
      `the first step starts at minute ${first.startMinute}, not at minute 0 (midnight)`,
      0,
      first.startMinute,
    );
  }

  const windows: { start: number; end: number; n: string }[] = [];
  boluses.forEach((b, i) => {
    const n = `periodic bolus ${i + 1}`;
    if (!isInt(b.startMinute) || !isInt(b.amount) || !isInt(b.duration)) {
      block('ITB_R_NOT_AN_INTEGER', `${n} start, amount and duration must be whole minutes, ng and ms`);
      return;
    }
    if (b.startMinute < 0 || b.startMinute >= MINUTES_PER_DAY) {
      block(
        'ITB_R_MINUTE_OUT_OF_DAY',
        `${n} starts at minute ${b.startMinute}, outside 0–1439`,
        1439,
        b.startMinute,
      );
    }
    if (b.amount <= 0)
      block(
        'ITB_R_NOT_POSITIVE',
        `${n} amount ${amount(b.amount, drug)} must be positive`,
        0,
        b.amount / NG_PER_MCG,
      );
    if (b.duration <= 0)
      block('ITB_R_NOT_POSITIVE', `${n} duration must be positive`, 0, b.duration / MS_PER_MINUTE);
    if (b.amount > drug.maxBolus.value && drug.hardDoseRange.value.max > 0) {
      block(
        'ITB_R_BOLUS_ABOVE_MAX',
        `${n} of ${amount(b.amount, drug)} is above the ${drug.id} single-bolus maximum ${amount(drug.maxBolus.value, drug)}`,
        drug.maxBolus.value / NG_PER_MCG,
        b.amount / NG_PER_MCG,
      );
    }
    const start = b.startMinute * MS_PER_MINUTE;
    const end = start + Math.max(0, b.duration);
    if (end > MS_PER_DAY) {
      block(
        'ITB_R_BOLUS_PAST_MIDNIGHT',
        `${n} ends ${formatNumber((end - MS_PER_DAY) / MS_PER_MINUTE, 2)} min after midnight; it must end by midnight`,
      );
    }
    windows.push({ start, end, n });
  });
  windows.sort((a, b) => a.start - b.start);
  windows.forEach((w, i) => {
    const prev = windows[i - 1];
    if (prev && w.start < prev.end) block('ITB_R_BOLUS_OVERLAP', `${prev.n} and ${w.n} overlap`);
  });

  const stepCount = deviceStepStarts(day).length;
  if (steps.length > 0 && stepCount > MAX_FLEX_STEPS.value) {
    block(
      'ITB_R_FLEX_STEP_COUNT',
      `the pump would run ${stepCount} steps (${steps.length} basal steps, split by ${boluses.length} periodic boluses); at most ${MAX_FLEX_STEPS.value}`,
      MAX_FLEX_STEPS.value,
      stepCount,
    );
  }
  return out;
}

/** The daily-dose reasons for one day's total (slip → block, then hard and usual ranges). */
function dailyDoseReasons(
  drug: DrugEntry,
  dose: number,
  population: Population | undefined,
  what: string,
): Reason[] {
  const slip = detectDoseSlip(drug, dose);
  if (slip) return [slip];
  return doseRangeReasons(drug, dose, population, what);
}

/**
 * Validates a prescription against the drug library and the device's programme rules. Returns every
 * violation as a reason; the verdict is the worst of them. Throws ITB_E_UNKNOWN_DRUG for a drug that is not
 * in the library.
 */
export function validatePrescription(p: Prescription, opts: ValidationOptions = {}): GuardrailResult {
  if (p.mode === 'stopped') return verdictOf([]);
  const drug = getDrug(p.drug.drug);
  const reasons: Reason[] = [];
  const c = p.drug.concentration;
  const slip = detectConcentrationSlip(drug, c);
  if (slip) reasons.push(slip);
  else if (!isConcentrationAllowed(drug, c)) {
    reasons.push(
      doseReason(
        'ITB_R_CONCENTRATION_NOT_ALLOWED',
        'block',
        `${formatConcentration(c, drug.labelUnit)} is not an allowed ${drug.id} concentration; allowed: ${allowedConcentrationsText(drug)}`,
        undefined,
        c / NG_PER_MCG,
      ),
    );
  }
  const noDrug = drug.hardDoseRange.value.max === 0;
  if (noDrug && p.mode !== 'minimum-rate') {
    reasons.push(
      doseReason(
        'ITB_R_SALINE_HAS_NO_DOSE',
        'block',
        `${drug.name} holds no drug: program it only in the stopped or minimum-rate mode`,
      ),
    );
    return verdictOf(reasons);
  }

  switch (p.mode) {
    case 'minimum-rate': {
      if (drug.withdrawalRisk) {
        reasons.push(
          doseReason(
            'ITB_R_MINIMUM_RATE_WITHDRAWAL',
            'warn',
            `minimum-rate mode effectively stops ${drug.id}: withdrawal risk (taper, monitor, plan the restart)`,
          ),
        );
      }
      if (opts.minimumRateFlow !== undefined && !noDrug && isConcentrationAllowed(drug, c)) {
        const dose = flowToDose(opts.minimumRateFlow, c);
        if (dose > drug.hardDoseRange.value.max)
          reasons.push(...doseRangeReasons(drug, dose, opts.population, 'minimum-rate dose'));
      }
      break;
    }
    case 'simple-continuous': {
      if (!isInt(p.dose))
        reasons.push(
          doseReason('ITB_R_NOT_AN_INTEGER', 'block', 'the dose must be a whole number of ng/day'),
        );
      else if (p.dose <= 0)
        reasons.push(
          doseReason(
            'ITB_R_NOT_POSITIVE',
            'block',
            `the dose ${amount(p.dose, drug)}/day must be positive`,
            0,
            p.dose / NG_PER_MCG,
          ),
        );
      else
        reasons.push(
          ...dailyDoseReasons(drug, p.dose, opts.population, 'daily dose').map((r) =>
            towardRange(r, changeFrom(opts, p.dose, undefined)),
          ),
        );
      break;
    }
    case 'flex': {
      const days: [FlexDay, string, Weekday | undefined][] = [[p.schedule.everyDay, 'every day', undefined]];
      for (const [key, day] of Object.entries(p.schedule.byWeekday ?? {})) {
        const name = WEEKDAY_NAMES[Number(key)];
        if (day) days.push([day, name ?? `weekday ${key}`, Number(key) as Weekday]);
      }
      for (const [day, label, weekday] of days) {
        const dayReasons = flexDayReasons(day, drug, label);
        reasons.push(...dayReasons);
        if (dayReasons.some((r) => r.severity === 'block')) continue; // the total is meaningless
        const total = dailyDose({ mode: 'flex', drug: p.drug, schedule: { everyDay: day } });
        reasons.push(
          ...dailyDoseReasons(drug, total, opts.population, `${label}: daily dose`).map((r) =>
            towardRange(r, changeFrom(opts, total, weekday)),
          ),
        );
      }
      break;
    }
  }
  return verdictOf(reasons);
}
