/**
 * Restarting the drug after an interruption (an empty reservoir, a low-battery reset's safe flow). Tolerance
 * is lost within days while dependence lingers, so the prior full rate can overdose: the label says restart
 * lower and re-titrate (docs/clinical-reference.md §2; the drug library's `restartAfterInterruption`, Lioresal
 * Intrathecal label and case series). Switched off (`restart-guidance`), the clinic resumes the prior rate.
 */
import { getDrug } from '../therapy/drug-library.ts';
import { MS_PER_HOUR, type EpochMs } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import { program, type Sim } from './clinic.ts';
import { isOn } from './controls.ts';

/** The share of the prior dose a restart begins at [A: the label says "lower" without a figure]. */
export const RESTART_FRACTION = sourced(
  0.5,
  'A',
  'our assumption: restart at half the prior dose, then re-titrate by the label (label gives no figure)',
);

/**
 * The restart dose after an interruption that began at `since` (µg/day), or null when the prior rate may
 * simply resume: the interruption was shorter than the drug's threshold, or the guidance is switched off.
 */
export function restartDose(sim: Sim, since: EpochMs | undefined, priorMcgPerDay: number): number | null {
  const rule = getDrug(sim.s.drug).restartAfterInterruption?.value;
  if (rule === undefined || since === undefined || !isOn(sim.s.controlsOff, 'restart-guidance')) return null;
  if ((sim.c.t - since) / MS_PER_HOUR < rule.interruptedLongerThanHours) return null;
  return Math.max(1, Math.round(priorMcgPerDay * RESTART_FRACTION.value));
}

/** Programs the restart dose when the guidance applies (see restartDose); returns whether it did. */
export function restartLower(sim: Sim, since: EpochMs | undefined, priorMcgPerDay: number): boolean {
  const dose = restartDose(sim, since, priorMcgPerDay);
  if (dose === null) return false;
  const hours = ((sim.c.t - (since ?? sim.c.t)) / MS_PER_HOUR).toFixed(0);
  program(sim, dose, `restart lower after ${hours} h without drug`);
  return true;
}
