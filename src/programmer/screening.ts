/**
 * The screening trial (docs/clinical-reference.md §1.1 [C: Lioresal Intrathecal / Gablofen US labels; Boster et al.,
 * Neuromodulation 2016]): a bolus by lumbar puncture of 50 µg in 1 mL (50 µg/mL); no response → 75 µg
 * 24 h later → 100 µg 24 h after that; no response to 100 µg → not a candidate. 25 µg for very small
 * children or patients who rely on their tone to stand. Tone is scored at least twice within 4 h. A
 * response gives the start dose (therapy/start-dose.ts: 2× the effective dose, 1× if the effect lasted
 * more than 8 h). Each dose is recorded as a trial record; the decision is derived from the records and
 * written into the last one's notes.
 */
import type { Trial, TrialInput } from '../clinic/clinical-records.ts';
import { clinicInstantText } from '../clinic/time-zone.ts';
import { ItbError } from '../therapy/codes.ts';
import {
  hours,
  mcgPerMl,
  mcgToNg,
  ngToMcg,
  volumeForMass,
  type EpochMs,
  type Nanograms,
} from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import { startDose, type StartDoseResult } from '../therapy/start-dose.ts';
import { doseText, massText } from '../therapy/drug-display.ts';
import { withTimes, type Reason } from '../therapy/verdict.ts';
import { progReason } from './codes.ts';
import type { WorkflowStore } from './session.ts';

const LABEL = 'Lioresal Intrathecal / Gablofen US labels; Boster et al., Neuromodulation 2016';
/** The protocol screens for intrathecal baclofen: its doses are baclofen's, in baclofen's label unit. */
const formatMass = (ng: number): string => massText(ng, 'baclofen');
const formatDose = (ng: number): string => doseText(ng, 'baclofen');

export const SCREENING_PROTOCOL = {
  doses: sourced([50, 75, 100].map(mcgToNg), 'C', `${LABEL}: 50 µg, then 75 µg, then 100 µg`),
  smallDose: sourced(mcgToNg(25), 'C', `${LABEL}: 25 µg for very small children or tone-reliant patients`),
  concentration: sourced(mcgPerMl(50), 'C', `${LABEL}: 50 µg in 1 mL (50 µg/mL)`),
  hoursBetween: sourced(24, 'C', `${LABEL}: the next dose 24 h later`),
  minScores: sourced(2, 'C', `${LABEL}: tone scored at least twice within 4 h`),
  scoreWindowMinutes: sourced(240, 'C', `${LABEL}: within 4 h`),
} as const;

/** One timed tone score as the store takes it. */
export type TimedAssessmentInput = NonNullable<TrialInput['assessments']>[number];

/** One screening bolus and its observation. */
export interface ScreeningDose {
  readonly at: EpochMs;
  readonly dose: Nanograms;
  readonly assessments: readonly TimedAssessmentInput[];
  /** The clinician's judgement of the observation (e.g. MAS reduction ≥ 1 point). */
  readonly responded: boolean;
  /** How long the effect lasted; required when it responded. */
  readonly effectHours: number | null;
  readonly notes?: string;
}

export type ScreeningDecision =
  | { readonly decision: 'candidate'; readonly effectiveDose: Nanograms; readonly startDose: StartDoseResult }
  | { readonly decision: 'not-candidate' }
  | { readonly decision: 'continue'; readonly nextDose: Nanograms; readonly notBefore: EpochMs };

/** The protocol dose that must come after `prior` (a first dose may be the small 25 µg one). */
function expectedDoses(prior: readonly ScreeningDose[]): readonly Nanograms[] {
  const doses = SCREENING_PROTOCOL.doses.value;
  const last = prior.at(-1);
  if (last === undefined) return [SCREENING_PROTOCOL.smallDose.value, doses[0]!];
  const i = doses.indexOf(last.dose);
  const next = last.dose === SCREENING_PROTOCOL.smallDose.value ? doses[0] : doses[i + 1];
  return next === undefined ? [] : [next];
}

const fail = (message: string) => new ItbError('ITB_E_PROG_SCREENING', message);

/** Checks one dose against the protocol and the doses before it; throws ITB_E_PROG_SCREENING. */
export function checkScreeningDose(prior: readonly ScreeningDose[], next: ScreeningDose): void {
  const last = prior.at(-1);
  if (last?.responded === true) throw fail('the patient already responded: the trial is decided');
  const allowed = expectedDoses(prior);
  if (!allowed.includes(next.dose)) {
    throw fail(
      allowed.length === 0
        ? 'no response to 100 µg: not a candidate, no further screening dose'
        : `the next screening dose is ${allowed.map((m) => formatMass(m)).join(' or ')}, not ${formatMass(next.dose)} [${SCREENING_PROTOCOL.doses.source}]`,
    );
  }
  const gap = SCREENING_PROTOCOL.hoursBetween;
  if (last !== undefined && next.at - last.at < hours(gap.value)) {
    throw fail(`the next dose comes at least ${gap.value} h after the last [${gap.source}]`);
  }
  const window = SCREENING_PROTOCOL.scoreWindowMinutes.value;
  const scored = next.assessments.filter((a) => a.minutesAfterDose <= window && a.mas.length > 0).length;
  if (scored < SCREENING_PROTOCOL.minScores.value) {
    throw fail(
      `tone must be scored at least ${SCREENING_PROTOCOL.minScores.value} times within ${window / 60} h; ` +
        `${scored} given [${SCREENING_PROTOCOL.minScores.source}]`,
    );
  }
  if (next.responded && !(next.effectHours !== null && next.effectHours > 0)) {
    throw fail('a response needs how long the effect lasted (it sets the start dose)');
  }
}

/** The decision after the doses so far (pure). */
export function screeningDecision(
  doses: readonly ScreeningDose[],
): ScreeningDecision & { reasons: Reason[] } {
  const last = doses.at(-1);
  if (last === undefined) {
    return {
      decision: 'continue',
      nextDose: SCREENING_PROTOCOL.doses.value[0]!,
      notBefore: 0 as EpochMs,
      reasons: [],
    };
  }
  if (last.responded) {
    const sd = startDose({ screeningDose: last.dose, effectDuration: hours(last.effectHours ?? 0) });
    const text =
      sd.dailyDose === null
        ? `responded to ${formatMass(last.dose)} but no start dose passes the limits`
        : `candidate: responded to ${formatMass(last.dose)}; start dose ${formatDose(sd.dailyDose)}`;
    return {
      decision: 'candidate',
      effectiveDose: last.dose,
      startDose: sd,
      reasons: [progReason('ITB_R_PROG_SCREENING_DECISION', sd.verdict, text), ...sd.reasons],
    };
  }
  const next = expectedDoses(doses)[0];
  if (next === undefined) {
    return {
      decision: 'not-candidate',
      reasons: [
        progReason(
          'ITB_R_PROG_SCREENING_DECISION',
          'ok',
          `no response to ${formatMass(last.dose)}: not a candidate [${LABEL}]`,
        ),
      ],
    };
  }
  const notBefore = (last.at + hours(SCREENING_PROTOCOL.hoursBetween.value)) as EpochMs;
  return {
    decision: 'continue',
    nextDose: next,
    notBefore,
    reasons: [
      withTimes(
        progReason(
          'ITB_R_PROG_SCREENING_DECISION',
          'ok',
          `no response to ${formatMass(last.dose)}: give ${formatMass(next)} from ${new Date(notBefore).toISOString()}`,
        ),
        { notBefore },
      ),
    ],
  };
}

/** The decision as the trial record's notes keep it: stored text, so its time is written in the clinic's zone now. */
function decisionText(d: ScreeningDecision): string {
  switch (d.decision) {
    case 'candidate':
      return d.startDose.dailyDose === null
        ? `decision: candidate; no start dose passes the limits (${d.startDose.reasons.map((r) => r.code).join(', ')})`
        : `decision: candidate; start dose ${ngToMcg(d.startDose.dailyDose)} mcg/day (rule ${d.startDose.rule})`;
    case 'not-candidate':
      return 'decision: not a candidate (no response to 100 mcg)';
    case 'continue':
      return `decision: next dose ${ngToMcg(d.nextDose)} mcg not before ${clinicInstantText(d.notBefore)}`;
  }
}

/**
 * Checks and records one screening dose as a trial record (lumbar puncture at 50 µg/mL), with the decision
 * it leads to in the notes, and returns both.
 */
export async function recordScreeningDose(
  prior: readonly ScreeningDose[],
  dose: ScreeningDose,
  target: { readonly patientId: string; readonly actor: string },
  store: Pick<WorkflowStore, 'recordTrial'>,
): Promise<{ trial: Trial; decision: ReturnType<typeof screeningDecision> }> {
  checkScreeningDose(prior, dose);
  const decision = screeningDecision([...prior, dose]);
  const concentration = SCREENING_PROTOCOL.concentration.value;
  const trial = await store.recordTrial(
    {
      patientId: target.patientId,
      at: dose.at,
      doseNg: dose.dose,
      concentrationNgPerMl: concentration,
      volumeNl: volumeForMass(dose.dose, concentration),
      method: 'lumbar-puncture',
      assessments: dose.assessments.map((a) => ({ ...a })),
      responded: dose.responded,
      effectHours: dose.effectHours,
      notes: [dose.notes, decisionText(decision)].filter((x) => x !== undefined && x !== '').join('\n'),
    },
    { actor: target.actor },
  );
  return { trial, decision };
}
