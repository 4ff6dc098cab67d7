/**
 * Each drug's titration rules as data (docs/clinical-reference.md §1.4, §2): how far one increase may go,
 * how often, how many a week, how large a reduction is before it risks withdrawal, and the largest start.
 * The titration guardrail (titration.ts) reads these and nothing else, so a drug is titrated by its own
 * label — never by baclofen's percentages. [U] and [A] values are placeholders a clinic overrides.
 */
import { BACLOFEN_LABEL, INFUMORPH_LABEL, PACC, PRIALT_LABEL } from './drug-data.ts';
import type { ReductionRule, TitrationRules } from './drug.ts';
import { mcgPerDay } from './quantities.ts';
import { sourced } from './sourced.ts';

const ABRUPT = sourced(50, 'A', 'our threshold: losing more than half the dose at once is treated as abrupt');

const BACLOFEN_REDUCTION: ReductionRule = {
  usual: sourced({ min: 10, max: 20 }, 'U', `${BACLOFEN_LABEL}: reduce 10–20 % for side effects`),
  abruptAbove: ABRUPT,
  abruptHarm: sourced(
    'severe withdrawal — fever, altered mental status, rebound spasticity, rigidity, rhabdomyolysis, death — within 24–72 h',
    'C',
    `${BACLOFEN_LABEL}, boxed warning`,
  ),
};

/** What stopping a pain drug abruptly risks (clonidine: rebound hypertension) [U: our reading]. */
const PAIN_WITHDRAWAL = (drug: string) =>
  sourced(
    drug === 'clonidine'
      ? 'rebound hypertension and agitation'
      : 'opioid withdrawal — pain, agitation, tachycardia, sweating',
    'U',
    `our reading for ${drug} [${PACC}]`,
  );

/** Baclofen: percentage steps by phase and origin [C: label; CMSC 2015], once a day at most. */
export const BACLOFEN_TITRATION: TitrationRules = {
  increase: {
    kind: 'percent',
    steps: {
      titration: {
        spinal: sourced({ min: 10, max: 30 }, 'C', `${BACLOFEN_LABEL}; CMSC 2015: spinal origin +10–30 %`),
        'cerebral-or-child': sourced(
          { min: 5, max: 15 },
          'C',
          `${BACLOFEN_LABEL}; CMSC 2015: cerebral origin and children +5–15 %`,
        ),
      },
      maintenance: {
        spinal: sourced({ min: 10, max: 40 }, 'U', `${BACLOFEN_LABEL}: maintenance, spinal origin 10–40 %`),
        'cerebral-or-child': sourced(
          { min: 5, max: 20 },
          'U',
          `${BACLOFEN_LABEL}: maintenance, cerebral origin 5–20 %; children < 12 y use this row (our choice [A])`,
        ),
      },
    },
    hardStepFactor: sourced(2, 'A', 'our choice: an increase above 2× the labelled maximum step is refused'),
  },
  minHoursBetweenIncreases: sourced(24, 'C', `${BACLOFEN_LABEL}: increase at most once every 24 hours`),
  reduction: BACLOFEN_REDUCTION,
};

/**
 * Ziconotide: "increments of up to 2.4 mcg/day, at intervals of no more than 2–3 times per week, up to
 * 19.2 mcg/day"; start at no more than 2.4 mcg/day [C: Prialt label §2.2]. Its trials titrated with a minimum
 * interval of 24 h [C: Prialt label, section 14; EU SmPC section 4.2 "minimal interval 24 hours"]. It may be
 * stopped abruptly without withdrawal [C: Prialt label, boxed warning], so a reduction of any size is allowed.
 */
export const ZICONOTIDE_TITRATION: TitrationRules = {
  increase: {
    kind: 'absolute',
    max: sourced(mcgPerDay(2.4), 'C', `${PRIALT_LABEL} §2.2: increments of up to 2.4 mcg/day`),
  },
  // A day apart at the least, as the label's trials titrated; the weekly count below keeps "no more than 2–3
  // times per week" (docs/clinical-reference.md §2).
  minHoursBetweenIncreases: sourced(
    24,
    'C',
    `${PRIALT_LABEL} section 14: minimum titration interval 24 h; EU SmPC 4.2: minimal interval 24 h`,
  ),
  // The EU label recommends twice the minimum: sooner warns (docs/clinical-reference.md §2).
  recommendedHoursBetweenIncreases: sourced(
    48,
    'C',
    'Prialt EU SmPC 4.2: the recommended interval, for safety reasons, is 48 hours or more',
  ),
  maxIncreasesPerWeek: sourced(3, 'C', `${PRIALT_LABEL} §2.2: no more than 2–3 times per week`),
  maxStartDose: sourced(mcgPerDay(2.4), 'C', `${PRIALT_LABEL} §2.2: initiate at no more than 2.4 mcg/day`),
};

/**
 * The "escalating dose requirement" warning sign of a catheter-tip granuloma with intrathecal opioids, as a
 * rule: an increase to more than twice the lowest dose in force in the last 90 days (docs/clinical-reference.md
 * §2; the sign [U: Hassenbusch 2008; FDA 2008; PACC 2017], the threshold [A]).
 */
export const OPIOID_ESCALATION = sourced(
  { windowDays: 90, factor: 2 },
  'A',
  'our threshold for the granuloma warning sign "escalating dose requirement" (docs/clinical-reference.md §2)',
);

/**
 * The PACC drugs (and morphine beyond its start): no labelled step is confirmed here, so the step is a
 * placeholder [U] of 10–20 % once a day, refused above twice that — overridable data, not a finding. Opioids
 * also watch for an escalating requirement (OPIOID_ESCALATION).
 */
const painPercentSteps = (drug: string, withdrawal: boolean, opioid = false): TitrationRules => {
  const row = sourced(
    { min: 10, max: 20 },
    'U',
    `our placeholder for ${drug}: no labelled step confirmed [${PACC}; ${INFUMORPH_LABEL}]`,
  );
  const rows = { spinal: row, 'cerebral-or-child': row };
  return {
    increase: {
      kind: 'percent',
      steps: { titration: rows, maintenance: rows },
      hardStepFactor: sourced(2, 'A', 'our choice: an increase above 2× the maximum step is refused'),
    },
    minHoursBetweenIncreases: sourced(24, 'U', `our placeholder for ${drug}: at most one increase a day`),
    ...(opioid ? { escalationWatch: OPIOID_ESCALATION } : {}),
    ...(withdrawal
      ? {
          reduction: {
            usual: sourced({ min: 10, max: 20 }, 'U', `our placeholder for ${drug}: reduce 10–20 % a step`),
            abruptAbove: ABRUPT,
            abruptHarm: PAIN_WITHDRAWAL(drug),
          },
        }
      : {}),
  };
};

export const MORPHINE_TITRATION = painPercentSteps('morphine', true, true);
export const HYDROMORPHONE_TITRATION = painPercentSteps('hydromorphone', true, true);
/** Clonidine: rebound hypertension on an abrupt stop, so reductions are stepped like withdrawal drugs. */
export const CLONIDINE_TITRATION = painPercentSteps('clonidine', true);
export const BUPIVACAINE_TITRATION = painPercentSteps('bupivacaine', false);
/** Saline has no dose: only the stopped and minimum-rate modes, so no step ever applies. */
export const SALINE_TITRATION = painPercentSteps('saline', false);
