/**
 * Validation rows of the hazards (docs/clinical-reference.md §2): abrupt stop (rebound, staged systemic withdrawal, reversal
 * by restarting) and overdose (a 10 mg error; screening doses).
 */
import { defaultPatient } from './patient.ts';
import { doseSlip, onTherapy, restartAfterInterruption, untreatedWithdrawal } from './scenarios-hazard.ts';
import { abruptStop, bolusWorstSedation, overdose } from './scenarios.ts';
import { LABEL, f, pct, rowsOf, within, type ValidationRow } from './validation-format.ts';

const SRC_STOP = `docs/clinical-reference.md §2 [C: ${LABEL}, boxed warning]`;
const SRC_OD = `docs/clinical-reference.md §2 [C: ${LABEL}; case series]`;
const SRC_UNTREATED = `docs/clinical-reference.md §2 [C: ${LABEL}, boxed warning; Coffey et al. 2002, Arch Phys Med Rehabil]`;

export function withdrawalRows(): ValidationRow[] {
  const s = abruptStop(defaultPatient());
  const u = untreatedWithdrawal(onTherapy(defaultPatient(), 180), 9);
  const untreated = {
    stage: u.stageByDay.at(-1) ?? 'none',
    day9: u.severityByDay.at(-1) ?? 0,
    worst: Math.max(...u.severityByDay),
  };
  const h = (v: number | null): string => f(v, 1, ' h');
  const topic = `Typical patient after 180 days of titrated therapy (${f(s.doseMcgPerDay, 0)} µg/day), abrupt stop`;
  const stop = rowsOf(topic, SRC_STOP);
  const restart = rowsOf(`${topic}, prior rate restarted at ${s.restartAfterHours} h`, SRC_STOP);
  return [
    stop(
      'withdrawal.rebound',
      'tone ≥ 1 point above on-therapy',
      'within hours to a day',
      h(s.reboundHours),
      within(s.reboundHours, 0.5, 24),
    ),
    stop(
      'withdrawal.early',
      'early withdrawal (itching, tachycardia, rebound)',
      'within a day',
      h(s.earlyHours),
      within(s.earlyHours, 0, 24),
    ),
    stop(
      'withdrawal.moderate',
      'moderate (fever, altered mental status)',
      'over 1–3 days',
      h(s.moderateHours),
      within(s.moderateHours, 12, 72),
    ),
    stop(
      'withdrawal.severe',
      'severe (rhabdomyolysis, organ-failure risk)',
      'over 1–3 days (24–72 h)',
      h(s.severeHours),
      within(s.severeHours, 24, 72),
    ),
    restart(
      'withdrawal.restart',
      'withdrawal stage back to none',
      'reversed by restarting (≤ 24 h)',
      `${h(s.stageNoneAfterRestartHours)} after restart (worst before: ${s.worstStageBeforeRestart})`,
      within(s.stageNoneAfterRestartHours, 0, 24),
    ),
    rowsOf(
      `Typical patient after 180 days (${f(s.doseMcgPerDay, 0)} µg/day), drug absent for 9 days`,
      SRC_UNTREATED,
    )(
      'withdrawal.untreated',
      'withdrawal left untreated, day 9',
      'not resolved: still severe, ≥ 90 % of its worst',
      `${untreated.stage}, ${pct(untreated.day9 / untreated.worst)} of worst (${f(untreated.worst, 2)})`,
      untreated.stage === 'severe' && untreated.day9 >= 0.9 * untreated.worst,
    ),
    restart(
      'withdrawal.toneBack',
      'tone within 0.5 point of on-therapy',
      'reversed by restarting (≤ 48 h)',
      h(s.toneBackAfterRestartHours),
      within(s.toneBackAfterRestartHours, 0, 48),
    ),
  ];
}

export function overdoseRows(): ValidationRow[] {
  const p = defaultPatient();
  const early = overdose(p, 14);
  const late = overdose(p, 180);
  const screen = bolusWorstSedation(p, 100, 2);
  const year = onTherapy(p, 365);
  const restart = restartAfterInterruption(year, 14, 24);
  const slip = doseSlip(year, 10, 24);
  const dose = f(year.doseMcgPerDay, 0);
  const h = (v: number | null): string => f(v, 1, ' h');
  const error = rowsOf(
    `10 mg over 1 h into the tip zone, typical patient on day ${early.daysOnTherapy}`,
    SRC_OD,
  );
  return [
    error(
      'overdose.onset',
      'coma begins',
      'within hours (≤ 12 h)',
      h(early.comaOnsetHours),
      within(early.comaOnsetHours, 0, 12),
    ),
    error(
      'overdose.duration',
      'time in coma',
      'hours to days, up to 72 h',
      h(early.comaHours),
      within(early.comaHours, 6, 72),
    ),
    rowsOf(
      `10 mg over 1 h, same patient on day ${late.daysOnTherapy} (tolerance ×${f(late.tolerance, 1)})`,
      SRC_OD,
    )(
      'overdose.tolerant',
      'time in coma',
      'coma all the same, beginning within 12 h, up to 72 h',
      `${h(late.comaHours)} (onset ${h(late.comaOnsetHours)})`,
      within(late.comaHours, 6, 72) && within(late.comaOnsetHours, 0, 12),
    ),
    rowsOf(
      `Typical patient on day 365 (${dose} µg/day, tolerance ×${f(restart.toleranceBefore, 1)}), drug stopped 14 days, prior rate restarted`,
      SRC_OD,
    )(
      'overdose.restart',
      'first overdose sign (≥ drowsy) after the restart',
      'within hours (≤ 12 h; ~6 h reported)',
      `${h(restart.drowsyHours)} (worst in 24 h: ${restart.worstStage}, tolerance ×${f(restart.tolerance, 2)})`,
      within(restart.drowsyHours, 0, 12),
    ),
    rowsOf(`Typical patient on day 365 (${dose} µg/day), rate programmed 10× too high`, SRC_OD)(
      'overdose.slip',
      'first overdose sign (≥ drowsy)',
      'within hours (≤ 12 h)',
      `${h(slip.drowsyHours)} (respiratory depression ${h(slip.respiratoryHours)}, worst in 24 h: ${slip.worstStage})`,
      within(slip.drowsyHours, 0, 12),
    ),
    rowsOf('Typical patient, 100 µg screening bolus (2 mL)', SRC_OD)(
      'overdose.screening',
      'worst CNS depression in 24 h',
      'none (label dose)',
      screen,
      screen === 'none',
    ),
  ];
}
