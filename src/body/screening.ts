/**
 * The screening trial before an implant (docs/clinical-reference.md §1.1) [C: Lioresal Intrathecal / Gablofen US labels;
 * Boster et al., Neuromodulation 2016]: a lumbar bolus of 50 µg (50 µg/mL), observed 4–8 h with tone scored
 * at least twice within 4 h; no response → 75 µg 24 h later, then 100 µg; no response to 100 µg → not a
 * candidate. 25 µg first for very small children. The first daily dose of a responder follows the label's
 * start-dose rule (src/therapy/start-dose.ts). Scores carry rater noise and the patient's placebo response.
 */
import { ItbError } from '../therapy/codes.ts';
import { MS_PER_HOUR, epochMs, hours, mcgToNg, ngToMcg, type EpochMs } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import { startDose } from '../therapy/start-dose.ts';
import type { Reason } from '../therapy/verdict.ts';
import { advance, createBody, lumbarBolus, observe, type Body } from './body.ts';
import type { BodyCode } from './codes.ts';
import type { PatientParams } from './patient.ts';
import { createRng, type Rng } from './random.ts';
import {
  masFromContinuous,
  masPosition,
  type MasScore,
  type OverdoseStage,
  type PennScore,
} from './scales.ts';

export interface ScreeningProtocol {
  /** Bolus doses in order, one per trial day. */
  readonly dosesMcg: readonly number[];
  readonly intervalHours: number;
  /** Concentration of the screening solution: sets each bolus volume (dose / concentration). */
  readonly concentrationMcgPerMl: number;
  /** When tone is scored after each bolus (h); at least two within 4 h. */
  readonly assessmentHours: readonly number[];
  /** MAS points below the pre-dose score that count as a response at one assessment. */
  readonly minReduction: number;
  /** How many assessments must show it. */
  readonly minAssessments: number;
  /** Muscle groups scored at each assessment; tone is their mean grade, as in the trials (Penn 1989). */
  readonly muscleGroups: number;
  /** Seed of the rater's noise. */
  readonly seed: number;
  readonly start?: EpochMs;
}

const LABEL = 'Lioresal Intrathecal / Gablofen US labels; Boster et al., Neuromodulation 2016';

/** The protocol's figures with their sources. */
export const SCREENING_RULES = {
  adultDoses: sourced([50, 75, 100], 'C', `${LABEL}: 50 µg, then 75 µg, then 100 µg`),
  smallChildDoses: sourced([25, 50, 75, 100], 'C', `${LABEL}: 25 µg for very small children`),
  intervalHours: sourced(24, 'C', `${LABEL}: next dose 24 h later`),
  concentration: sourced(50, 'C', `${LABEL}: 50 µg/mL screening ampoule`),
  assessmentHours: sourced(
    [1, 2, 4, 6, 8, 10],
    'A',
    `observed 4–8 h, scored at least twice within 4 h [C: ${LABEL}]`,
  ),
  minReduction: sourced(1, 'A', 'a one-grade fall in MAS at an assessment'),
  minAssessments: sourced(
    3,
    'A',
    'seen at three assessments (of six), so a noisy score or two is not a response; calibrated: few adults ' +
      'respond to 25 µg, most to 50 µg',
  ),
  muscleGroups: sourced(
    4,
    'A',
    'trials report the mean Ashworth grade over muscle groups (3.9 → 1.2–1.7: Penn 1989; Coffey 1993)',
  ),
} as const;

/** The adult protocol: 50 → 75 → 100 µg. */
export const DEFAULT_SCREENING_PROTOCOL: ScreeningProtocol = {
  dosesMcg: SCREENING_RULES.adultDoses.value,
  intervalHours: SCREENING_RULES.intervalHours.value,
  concentrationMcgPerMl: SCREENING_RULES.concentration.value,
  assessmentHours: SCREENING_RULES.assessmentHours.value,
  minReduction: SCREENING_RULES.minReduction.value,
  minAssessments: SCREENING_RULES.minAssessments.value,
  muscleGroups: SCREENING_RULES.muscleGroups.value,
  seed: 1,
};

/** Very small children (or patients who rely on their tone to stand): 25 µg first. */
export const SMALL_CHILD_SCREENING_PROTOCOL: ScreeningProtocol = {
  ...DEFAULT_SCREENING_PROTOCOL,
  dosesMcg: SCREENING_RULES.smallChildDoses.value,
};

/** Tone scored in several muscle groups: the grades and their mean (1+ counts as 1.5). */
export interface ToneRating {
  readonly grades: readonly MasScore[];
  readonly meanMas: number;
}

export interface ScreeningAssessment extends ToneRating {
  readonly hours: number;
  /** Mean grade below the pre-dose mean. */
  readonly reduction: number;
  readonly penn: PennScore;
  readonly overdoseStage: OverdoseStage;
}

export interface ScreeningDay {
  readonly doseMcg: number;
  readonly volumeMl: number;
  /** Hours after the trial's start. */
  readonly givenAtHours: number;
  readonly preDose: ToneRating;
  readonly assessments: readonly ScreeningAssessment[];
  readonly responded: boolean;
  /** From the first to the last assessment meeting the criterion (0 without a response). */
  readonly effectHours: number;
}

export type ScreeningDecision =
  | {
      readonly kind: 'responder';
      readonly doseMcg: number;
      readonly effectHours: number;
      /** First-24-hour daily dose from the label rule; null if the rule refused one. */
      readonly startDoseMcgPerDay: number | null;
    }
  | { readonly kind: 'non-candidate' };

/** What `itb sim trial` prints. */
export interface ScreeningResult {
  readonly days: readonly ScreeningDay[];
  readonly decision: ScreeningDecision;
  readonly reasons: readonly Reason[];
}

function validateProtocol(p: ScreeningProtocol): void {
  const fail = (m: string): never => {
    throw new ItbError('ITB_E_BODY_INVALID_PROTOCOL', m);
  };
  if (p.dosesMcg.length === 0) fail('the protocol needs at least one dose');
  if (p.dosesMcg.some((d) => !Number.isFinite(d) || d <= 0))
    fail('every dose must be a positive number of µg');
  if (!(p.intervalHours > 0) || !(p.concentrationMcgPerMl > 0))
    fail('interval and concentration must be > 0');
  const a = p.assessmentHours;
  if (a.some((h, i) => !(h > 0) || (i > 0 && h <= (a[i - 1] as number)) || h >= p.intervalHours)) {
    fail('assessment times must be increasing, after the bolus and before the next dose');
  }
  if (a.filter((h) => h <= 4).length < 2) fail('tone must be scored at least twice within 4 h (label)');
  if (!Number.isInteger(p.muscleGroups) || p.muscleGroups < 1) fail('at least one muscle group is scored');
  if (!(p.minAssessments >= 1) || p.minAssessments > a.length || !(p.minReduction > 0)) {
    fail('the response criterion must be achievable with the assessments given');
  }
}

/** One rater's grades of `groups` muscle groups, each the patient's tone plus independent rater noise. */
export function rateTone(body: Body, rng: Rng, groups: number): ToneRating {
  const tone = observe(body).masContinuous;
  const grades = Array.from({ length: groups }, () =>
    masFromContinuous(tone + body.params.raterNoiseMas * rng.normal()),
  );
  return { grades, meanMas: grades.reduce((a, g) => a + masPosition(g), 0) / groups };
}

const reason = (code: BodyCode, severity: Reason['severity'], message: string, value?: number): Reason =>
  value === undefined ? { code, severity, message } : { code, severity, message, value };

/** Runs the screening trial on a virtual patient. Throws ITB_E_BODY_INVALID_PROTOCOL on a bad protocol. */
export function screeningTrial(
  patient: PatientParams,
  protocol: ScreeningProtocol = DEFAULT_SCREENING_PROTOCOL,
): ScreeningResult {
  validateProtocol(protocol);
  const rng = createRng(protocol.seed).fork('screening-rater');
  const start = protocol.start ?? epochMs(0);
  const at = (h: number): EpochMs => epochMs(start + Math.round(h * MS_PER_HOUR));
  let body: Body = createBody(patient, start);
  const days: ScreeningDay[] = [];
  const reasons: Reason[] = [];
  for (const [i, doseMcg] of protocol.dosesMcg.entries()) {
    const given = i * protocol.intervalHours;
    body = advance(body, {}, at(given));
    const preDose = rateTone(body, rng, protocol.muscleGroups);
    const volumeMl = doseMcg / protocol.concentrationMcgPerMl;
    body = lumbarBolus(body, mcgToNg(doseMcg), volumeMl, at(given));
    const assessments: ScreeningAssessment[] = [];
    for (const h of protocol.assessmentHours) {
      body = advance(body, {}, at(given + h));
      const tone = rateTone(body, rng, protocol.muscleGroups);
      const o = observe(body, rng);
      const reduction = preDose.meanMas - tone.meanMas;
      assessments.push({ hours: h, ...tone, reduction, penn: o.penn, overdoseStage: o.overdoseStage });
    }
    const positive = assessments.filter((a) => a.reduction >= protocol.minReduction);
    const responded = positive.length >= protocol.minAssessments;
    const effectHours = responded ? (positive.at(-1)?.hours ?? 0) - (positive[0]?.hours ?? 0) : 0;
    days.push({ doseMcg, volumeMl, givenAtHours: given, preDose, assessments, responded, effectHours });
    if (responded) {
      reasons.push(
        reason(
          'ITB_R_SCREEN_RESPONSE',
          'ok',
          `${doseMcg} µg: mean tone fell by ≥ ${protocol.minReduction} MAS grade at ${positive.length} of ` +
            `${assessments.length} assessments, for about ${effectHours} h`,
          doseMcg,
        ),
      );
      const start24 = startDose({ screeningDose: mcgToNg(doseMcg), effectDuration: hours(effectHours) });
      const dailyMcg = start24.dailyDose === null ? null : ngToMcg(start24.dailyDose);
      reasons.push(
        reason(
          'ITB_R_SCREEN_START_DOSE',
          start24.verdict,
          start24.reasons.map((r) => r.message).join('; '),
          dailyMcg ?? undefined,
        ),
      );
      return {
        days,
        decision: { kind: 'responder', doseMcg, effectHours, startDoseMcgPerDay: dailyMcg },
        reasons,
      };
    }
    reasons.push(
      reason(
        'ITB_R_SCREEN_NO_RESPONSE',
        'warn',
        `${doseMcg} µg: no response (≥ ${protocol.minReduction} grade at ≥ ${protocol.minAssessments} ` +
          `assessments) [${LABEL}]`,
        doseMcg,
      ),
    );
  }
  reasons.push(
    reason(
      'ITB_R_SCREEN_NON_CANDIDATE',
      'block',
      `no response up to ${protocol.dosesMcg.at(-1)} µg: not a candidate for intrathecal baclofen [${LABEL}]`,
    ),
  );
  return { days, decision: { kind: 'non-candidate' }, reasons };
}
