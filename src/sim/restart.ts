/**
 * Restarting the drug after an interruption (an empty reservoir, a low-battery reset's safe flow, a catheter
 * revision, the pump stopped for overdose). Tolerance is lost within days while dependence lingers, so the
 * prior full rate can overdose: the label says restart lower and re-titrate (docs/clinical-reference.md §2;
 * the drug library's `restartAfterInterruption`, Lioresal Intrathecal label and case series). Switched off
 * (`restart-guidance`), the clinic resumes the prior rate.
 *
 * The label gives no figure and the therapy rules say nothing about a restart dose below the pump's minimum
 * flow, so the simulated clinic raises such a dose to the lowest dose the pump runs at the patient's strength
 * (the nearest the pump can come to the guidance; docs/simulator.md "Restart after an interruption").
 */
import { getDrug } from '../therapy/drug-library.ts';
import { MS_PER_HOUR, doseToFlow, mcgPerDay, type EpochMs } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import { program, type Sim } from './clinic.ts';
import { isOn } from './controls.ts';

/** The share of the prior dose a restart begins at [A: the label says "lower" without a figure]. */
export const RESTART_FRACTION = sourced(
  0.5,
  'A',
  'our assumption: restart at half the prior dose, then re-titrate by the label (label gives no figure)',
);

/** The guidance's lower dose for a prior dose (µg/day), before the pump's minimum flow is applied. */
const guidedDose = (priorMcgPerDay: number): number =>
  Math.max(1, Math.round(priorMcgPerDay * RESTART_FRACTION.value));

/** The lowest whole µg/day the pump runs at the patient's strength (its minimum flow, rounded up). */
export function lowestProgrammableMcg(sim: Sim): number {
  const min = sim.c.pump.profile.flowRange.value.min;
  let dose = Math.max(1, Math.ceil((min * sim.concentration) / 1e9));
  while (doseToFlow(mcgPerDay(dose), sim.concentration) < min) dose++;
  return dose;
}

/**
 * The restart dose after an interruption that began at `since` (µg/day), or null when the prior rate may
 * simply resume: the interruption was shorter than the drug's threshold, or the guidance is switched off.
 * Never below the lowest dose the pump runs ({@link lowestProgrammableMcg}).
 */
export function restartDose(sim: Sim, since: EpochMs | undefined, priorMcgPerDay: number): number | null {
  const rule = getDrug(sim.s.drug).restartAfterInterruption?.value;
  if (rule === undefined || since === undefined || !isOn(sim.s.controlsOff, 'restart-guidance')) return null;
  if ((sim.c.t - since) / MS_PER_HOUR < rule.interruptedLongerThanHours) return null;
  return Math.max(guidedDose(priorMcgPerDay), lowestProgrammableMcg(sim));
}

/**
 * Programs the restart dose when the guidance applies (see restartDose). Returns null when it does not
 * apply, else whether the pump accepted the restart (a refusal is recorded as a `program-refused` event).
 */
export function restartLower(sim: Sim, since: EpochMs | undefined, priorMcgPerDay: number): boolean | null {
  const dose = restartDose(sim, since, priorMcgPerDay);
  if (dose === null) return null;
  const hours = ((sim.c.t - (since ?? sim.c.t)) / MS_PER_HOUR).toFixed(0);
  const raised = dose > guidedDose(priorMcgPerDay) ? ', raised to the pump’s minimum flow' : '';
  return program(sim, dose, `restart lower after ${hours} h without drug${raised}`);
}
