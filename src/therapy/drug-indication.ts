/**
 * Who a drug is for and how it may start (docs/clinical-reference.md §2): the label's age floor, the
 * largest starting dose, and for opioids the starting range by opioid status. One place for these rules:
 * the titration guardrail and `itb calc` read them from here; the numbers are the drug library's.
 */
import type { DrugEntry, OpioidStatus } from './drug.ts';
import { reason } from './guardrail-codes.ts';
import { NG_PER_MCG } from './quantities.ts';
import { formatDose, formatNumber } from './units.ts';
import type { Reason } from './verdict.ts';

/**
 * A warning when the patient is younger than the drug's label supports: off-label use is a clinical
 * decision (it happens in small children), so it needs a justified override rather than a refusal. An
 * unknown age or a drug without an age floor gives no reason.
 */
export function ageFloorReasons(drug: DrugEntry, ageYears: number | undefined): Reason[] {
  const floor = drug.ageFloorYears;
  if (floor === undefined || ageYears === undefined || ageYears >= floor.value) return [];
  return [
    reason(
      'ITB_R_AGE_BELOW_DRUG_LABEL',
      'warn',
      `${drug.id} is labelled from age ${floor.value}; this patient is ${formatNumber(ageYears, 1)}: ` +
        `off-label, needs a justified override [${floor.source}]`,
      floor.value,
      ageYears,
    ),
  ];
}

/**
 * The start rules for a first dose or a restart from 0: the label's largest starting dose (blocks above),
 * and for opioids the starting range of the patient's opioid status. An opioid-naive start above its range
 * blocks (respiratory depression). An unknown status is asked, never assumed: above the naive range it
 * blocks until the status is recorded (the patient may be naive), within it it warns and needs a justified
 * override (docs/clinical-reference.md §2 [C: Infumorph label, section 2]).
 */
export function startReasons(
  drug: DrugEntry,
  proposed: number,
  opioidStatus: OpioidStatus | undefined,
): Reason[] {
  const out: Reason[] = [];
  const max = drug.titration.maxStartDose;
  if (max !== undefined && proposed > max.value) {
    out.push(
      reason(
        'ITB_R_START_ABOVE_LABEL_MAX',
        'block',
        `starting ${drug.id} at ${formatDose(proposed, drug.labelUnit)}: start at no more than ${formatDose(max.value, drug.labelUnit)} [${max.source}]`,
        max.value / NG_PER_MCG,
        proposed / NG_PER_MCG,
      ),
    );
  }
  const ranges = drug.opioidStartRanges;
  if (ranges === undefined) return out;
  const naive = ranges.naive;
  if (opioidStatus === undefined) {
    const aboveNaive = proposed > naive.value.max;
    out.push(
      reason(
        'ITB_R_OPIOID_STATUS_UNKNOWN',
        aboveNaive ? 'block' : 'warn',
        `opioid status unknown: record whether the patient is opioid-naive or tolerant` +
          (aboveNaive
            ? ` before starting ${drug.id} above ${formatDose(naive.value.max, drug.labelUnit)}`
            : '') +
          `; an opioid-naive patient starts ${drug.id} at ${formatDose(naive.value.min, drug.labelUnit)}–` +
          `${formatDose(naive.value.max, drug.labelUnit)}, a tolerant one at ${formatDose(ranges.tolerant.value.min, drug.labelUnit)}–` +
          `${formatDose(ranges.tolerant.value.max, drug.labelUnit)} [${naive.source}]`,
        naive.value.max / NG_PER_MCG,
        proposed / NG_PER_MCG,
      ),
    );
  } else if (opioidStatus === 'naive' && proposed > naive.value.max) {
    out.push(
      reason(
        'ITB_R_OPIOID_NAIVE_START_ABOVE_RANGE',
        'block',
        `an opioid-naive patient starts ${drug.id} at no more than ${formatDose(naive.value.max, drug.labelUnit)}, not ` +
          `${formatDose(proposed, drug.labelUnit)} (respiratory depression) [${naive.source}]`,
        naive.value.max / NG_PER_MCG,
        proposed / NG_PER_MCG,
      ),
    );
  }
  return out;
}

/**
 * A start or an increase of a drug that systemic CNS depressants add to (opioids, ziconotide): the system
 * holds no systemic medication list, so the prescriber confirms the patient's benzodiazepines, other
 * opioids, alcohol and other CNS depressants were reviewed. Confirmed, an ok reason records it with the
 * prescription; not confirmed (or not asked), it warns and needs a justified override (docs/hazards.md H49).
 */
export function cnsDepressantReasons(drug: DrugEntry, reviewed: boolean | undefined): Reason[] {
  const risk = drug.cnsDepressantRisk;
  if (risk === undefined) return [];
  if (reviewed === true) {
    return [
      reason(
        'ITB_R_CNS_DEPRESSANTS_REVIEWED',
        'ok',
        `the prescriber confirmed the patient's systemic CNS depressants were reviewed [${risk.source}]`,
      ),
    ];
  }
  return [
    reason(
      'ITB_R_CNS_DEPRESSANTS_NOT_REVIEWED',
      'warn',
      `confirm the patient's systemic CNS depressants (benzodiazepines, other opioids, alcohol, sedatives) ` +
        `were reviewed before starting or raising ${drug.id}: ${risk.value} [${risk.source}]`,
    ),
  ];
}

/**
 * The warning on a restart from 0 after a stop. The guidance is the drug's own restart rule (baclofen:
 * restart lower and observe for overdose, docs/clinical-reference.md §2); a drug whose library entry holds
 * no restart rule is told so and checked by its start limits, never by another drug's label.
 */
export function restartReason(drug: DrugEntry, proposedNgPerDay: number): Reason {
  const rule = drug.restartAfterInterruption;
  const head = `restarting at ${formatDose(proposedNgPerDay, drug.labelUnit)} after a stop`;
  return reason(
    'ITB_R_TITRATION_RESTART',
    'warn',
    rule === undefined
      ? `${head}: the drug library holds no restart rule for ${drug.id}; the start limits apply as for a first dose`
      : `${head}: ${rule.value.guidance} [${rule.source}]`,
  );
}
