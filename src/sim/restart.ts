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
 *
 * Whatever software it runs, the simulated clinic learns from a restart that overdosed the patient (its
 * standard of care, always on, not one of itb's controls): the next restart for that patient is at most
 * {@link RESTART_AFTER_OVERDOSE_FRACTION} of that restart's dose (docs/simulator.md "Restart after an
 * overdose on restart").
 */
import { getDrug } from '../therapy/drug-library.ts';
import { MS_PER_HOUR, doseToFlow, mcgPerDay, type EpochMs } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import type { Sim } from './context.ts';
import { program } from './programming.ts';
import { isOn } from './controls.ts';

/** The share of the prior dose a restart begins at [A: the label says "lower" without a figure]. */
export const RESTART_FRACTION = sourced(
  0.5,
  'A',
  'our assumption: restart at half the prior dose, then re-titrate by the label (label gives no figure)',
);

/**
 * After a restart that overdosed the patient, the share of its dose the next restart begins at, at most [A:
 * the label says restart lower after an interruption and names overdose on restarting the prior rate; a
 * clinic that saw a restart overdose does not repeat it — halving is our figure, the label gives none].
 */
export const RESTART_AFTER_OVERDOSE_FRACTION = sourced(
  0.5,
  'A',
  'our assumption: after an overdose that followed a restart, the next restart is at most half that restart’s dose (label gives no figure)',
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

/** A restart's dose (µg/day) and what lowered or raised it, for the event. */
export interface RestartPlan {
  readonly doseMcg: number;
  readonly note: string;
}

/**
 * The restart after an interruption that began at `since`, from a prior dose (µg/day), or null when the
 * interruption was shorter than the drug's threshold (no restart: the prior rate simply goes on). The
 * guidance lowers the dose (off: the prior dose); after a restart that overdosed the patient the dose is at
 * most {@link RESTART_AFTER_OVERDOSE_FRACTION} of that restart's. Never below the lowest dose the pump runs
 * ({@link lowestProgrammableMcg}).
 */
export function planRestart(
  sim: Sim,
  since: EpochMs | undefined,
  priorMcgPerDay: number,
): RestartPlan | null {
  const rule = getDrug(sim.s.drug).restartAfterInterruption?.value;
  if (rule === undefined || since === undefined) return null;
  if ((sim.c.t - since) / MS_PER_HOUR < rule.interruptedLongerThanHours) return null;
  const lowest = lowestProgrammableMcg(sim);
  let plan: RestartPlan = { doseMcg: priorMcgPerDay, note: '' };
  if (isOn(sim.s.controlsOff, 'restart-guidance')) {
    const guided = guidedDose(priorMcgPerDay);
    plan =
      guided >= lowest
        ? { doseMcg: guided, note: '' }
        : { doseMcg: lowest, note: ', raised to the pump’s minimum flow' };
  }
  const overdosed = sim.restartOverdosed;
  if (overdosed === null) return plan;
  const learned = Math.max(1, Math.round(overdosed * RESTART_AFTER_OVERDOSE_FRACTION.value));
  const cap = Math.max(learned, lowest);
  return cap >= plan.doseMcg
    ? plan
    : { doseMcg: cap, note: `, below the restart at ${overdosed} µg/day that overdosed the patient` };
}

/** Records a restart that ran: the overdose response asks whether it overdosed the patient. */
export function noteRestart(sim: Sim, doseMcg: number): void {
  sim.lastRestart = { at: sim.c.t, doseMcg };
  sim.restartOverdosed = null;
}

/**
 * At the overdose response: when the last change of the pump's dose was a restart, that restart overdosed
 * the patient, and the next one is lower ({@link planRestart}).
 */
export function learnFromOverdose(sim: Sim): void {
  const last = sim.lastRestart;
  if (last === null || sim.lastDoseChangeAt > last.at) return;
  sim.restartOverdosed = last.doseMcg;
  sim.lastRestart = null;
}

/**
 * Programs the restart dose when it differs from the prior rate (see planRestart). Returns null when there
 * is nothing to program — no restart, or the prior rate resumes as it is (the caller resumes it) — else
 * whether the pump accepted the restart (a refusal is recorded as a `program-refused` event).
 */
export function restartLower(sim: Sim, since: EpochMs | undefined, priorMcgPerDay: number): boolean | null {
  const plan = planRestart(sim, since, priorMcgPerDay);
  if (plan === null) return null;
  if (plan.doseMcg === priorMcgPerDay && !isOn(sim.s.controlsOff, 'restart-guidance')) {
    noteRestart(sim, priorMcgPerDay);
    return null;
  }
  const hours = ((sim.c.t - (since ?? sim.c.t)) / MS_PER_HOUR).toFixed(0);
  const ok = program(sim, plan.doseMcg, `restart lower after ${hours} h without drug${plan.note}`);
  if (ok) noteRestart(sim, plan.doseMcg);
  return ok;
}
