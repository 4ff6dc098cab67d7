/**
 * A change from one prescription to another, checked as a titration step (docs/clinical-reference.md §1.4) and as a
 * prescription of its own (prescription-rules.ts). One place for the rule "weekday variants are checked day
 * by day and the worst day answers", used by the programmer's plan (src/programmer/titrate.ts), the API's
 * titration gate (src/server/titration-gate.ts) and the web app's live feedback while a flex schedule is
 * edited — so the browser shows exactly the verdict the server will give.
 */
import { ItbError } from './codes.ts';
import type { OpioidStatus } from './drug.ts';
import { ageFloorReasons, cnsDepressantReasons, startReasons } from './drug-indication.ts';
import { getDrug, populationOf } from './drug-library.ts';
import { dailyDose } from './dose-math.ts';
import { validatePrescription } from './prescription-rules.ts';
import type { Prescription, Weekday } from './prescription.ts';
import type { NanogramsPerDay, NanolitresPerDay } from './quantities.ts';
import {
  checkTitration,
  type Origin,
  type TitrationPhase,
  type TitrationResult,
  type TitrationRules,
} from './titration.ts';
import { verdictOf, worse, type GuardrailResult } from './verdict.ts';

export interface PrescriptionChangeInput {
  readonly before: Prescription;
  readonly after: Prescription;
  readonly origin: Origin;
  readonly ageYears?: number;
  /** Hours since the last dose change; unknown warns before an increase. */
  readonly hoursSinceLastChange?: number;
  /** Increases in the 7 days before this one (drugs whose label counts them). */
  readonly increasesInPastWeek?: number;
  readonly opioidStatus?: OpioidStatus;
  /** The last refill's residual was higher than calculated and is unexplained. */
  readonly underDeliverySuspected?: boolean;
  /** The lowest daily dose in force over the drug's escalation window (titration-history.ts). */
  readonly lowestRecentDose?: NanogramsPerDay;
  /** The prescriber confirmed the systemic CNS depressants were reviewed (opioids, ziconotide). */
  readonly cnsDepressantsReviewed?: boolean;
  readonly phase: TitrationPhase;
  /** The device's minimum-rate flow (to dose minimum-rate mode). */
  readonly minimumRateFlow?: NanolitresPerDay;
  readonly rules?: TitrationRules;
}

/** One day's daily dose before and after (null weekday: every day, no weekday variant on either side). */
export interface DayDose {
  readonly weekday: Weekday | null;
  readonly before: NanogramsPerDay;
  readonly after: NanogramsPerDay;
}

export interface PrescriptionStep extends TitrationResult {
  /** The day whose step answered (the worst); null when no weekday variant exists. */
  readonly worstDay: Weekday | null;
  readonly days: readonly DayDose[];
}

const WEEKDAYS: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];
const hasWeekdays = (p: Prescription) => p.mode === 'flex' && p.schedule.byWeekday !== undefined;

/** The drug a change titrates: the proposal's, or (for a stop) the one that was running; none for saline→stop. */
const drugOf = (input: PrescriptionChangeInput) => {
  const p = input.after.mode !== 'stopped' ? input.after : input.before;
  return p.mode === 'stopped' ? undefined : getDrug(p.drug.drug);
};

/**
 * The titration step from `before` to `after`, day by day when either has a weekday variant; the worst day
 * answers; the drug's own rules judge it. Throws ItbError when a daily dose cannot be computed (a malformed flex day, minimum-rate mode
 * without the device's minimum flow).
 */
export function checkPrescriptionStep(input: PrescriptionChangeInput): PrescriptionStep {
  const device = input.minimumRateFlow === undefined ? undefined : { minimumRateFlow: input.minimumRateFlow };
  const days = hasWeekdays(input.before) || hasWeekdays(input.after) ? WEEKDAYS : [null];
  const drug = drugOf(input);
  let worst: PrescriptionStep | undefined;
  const doses: DayDose[] = [];
  for (const day of days) {
    const dose = {
      weekday: day,
      before: dailyDose(input.before, day ?? undefined, device),
      after: dailyDose(input.after, day ?? undefined, device),
    };
    doses.push(dose);
    const r = checkTitration({
      current: dose.before,
      proposed: dose.after,
      origin: input.origin,
      ...(input.ageYears === undefined ? {} : { ageYears: input.ageYears }),
      ...(input.hoursSinceLastChange === undefined
        ? {}
        : { hoursSinceLastChange: input.hoursSinceLastChange }),
      ...(input.increasesInPastWeek === undefined ? {} : { increasesInPastWeek: input.increasesInPastWeek }),
      ...(input.opioidStatus === undefined ? {} : { opioidStatus: input.opioidStatus }),
      ...(input.underDeliverySuspected === undefined
        ? {}
        : { underDeliverySuspected: input.underDeliverySuspected }),
      ...(input.lowestRecentDose === undefined ? {} : { lowestRecentDose: input.lowestRecentDose }),
      ...(input.cnsDepressantsReviewed === undefined
        ? {}
        : { cnsDepressantsReviewed: input.cnsDepressantsReviewed }),
      phase: input.phase,
      ...(drug === undefined ? {} : { drug }),
      ...(input.rules === undefined ? {} : { rules: input.rules }),
    });
    if (worst === undefined || worse(worst.verdict, r.verdict) !== worst.verdict) {
      worst = { ...r, worstDay: day, days: doses };
    }
  }
  return { ...(worst as PrescriptionStep), days: doses };
}

export interface PrescriptionChangeReview {
  /** The step check; null when the proposed prescription is too malformed to have a daily dose. */
  readonly step: PrescriptionStep | null;
  /** The proposed prescription's own rules (drug library, device programme rules). */
  readonly validation: GuardrailResult;
  /** Both together: the worst of all reasons. */
  readonly guardrail: GuardrailResult;
}

/** The usual-range reasons, which the step judges by the change's direction. */
const USUAL_RANGE_CODES: ReadonlySet<string> = new Set([
  'ITB_R_DOSE_BELOW_USUAL_RANGE',
  'ITB_R_DOSE_ABOVE_USUAL_RANGE',
]);

/**
 * Reviews a proposed prescription as a change from `before`: its own rules first (a malformed schedule is
 * reported as reasons, not thrown), then the step when both daily doses can be computed.
 */
export function reviewPrescriptionChange(input: PrescriptionChangeInput): PrescriptionChangeReview {
  const validation = validatePrescription(input.after, {
    population: populationOf(input.origin, input.ageYears),
    before: input.before,
    ...(input.minimumRateFlow === undefined ? {} : { minimumRateFlow: input.minimumRateFlow }),
  });
  const step = validation.verdict === 'block' ? stepOrNull(input) : checkPrescriptionStep(input);
  // Both judge the usual range by the change's direction (dose-check.ts `towardRange`); the proposal's own
  // check was blind to it and warned beside the step's note under the same code — "OK … moves toward it"
  // and "Warning … below the usual range" together, and the warning won. Said once: a range the step
  // judged is the step's.
  const judged = new Set((step?.reasons ?? []).map((r) => r.code));
  const own = validation.reasons.filter((r) => !(USUAL_RANGE_CODES.has(r.code) && judged.has(r.code)));
  return {
    step,
    validation,
    guardrail: verdictOf([...(step?.reasons ?? []), ...own]),
  };
}

export interface StartInput {
  readonly prescription: Prescription;
  readonly ageYears?: number;
  readonly opioidStatus?: OpioidStatus;
  /** The device's minimum-rate flow (to dose minimum-rate mode). */
  readonly minimumRateFlow?: NanolitresPerDay;
  /** The prescriber confirmed the systemic CNS depressants were reviewed (opioids, ziconotide). */
  readonly cnsDepressantsReviewed?: boolean;
}

/**
 * A first prescription (nothing before it in the chain) is a start, not a titration step: the drug's start
 * rules and age floor judge it (drug-indication.ts), day by day when it has weekday variants — the worst
 * day answers, as for a step. Without these an opioid's first prescription reached the pump with no one
 * asking whether the patient is opioid-naive (docs/clinical-reference.md §2 [C: Infumorph label, section 2]).
 */
export function checkStartPrescription(input: StartInput): GuardrailResult {
  const p = input.prescription;
  if (p.mode === 'stopped') return verdictOf([]);
  const drug = getDrug(p.drug.drug);
  const device = input.minimumRateFlow === undefined ? undefined : { minimumRateFlow: input.minimumRateFlow };
  const days = hasWeekdays(p) ? WEEKDAYS : [undefined];
  const dose = Math.max(...days.map((day) => dailyDose(p, day, device)));
  return verdictOf([
    ...ageFloorReasons(drug, input.ageYears),
    ...startReasons(drug, dose, input.opioidStatus),
    ...cnsDepressantReasons(drug, input.cnsDepressantsReviewed),
  ]);
}

/** The step of a change whose proposal already blocks: computed when possible, else left out. */
function stepOrNull(input: PrescriptionChangeInput): PrescriptionStep | null {
  try {
    return checkPrescriptionStep(input);
  } catch (e) {
    if (e instanceof ItbError) return null;
    throw e;
  }
}
