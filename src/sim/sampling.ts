/**
 * How a run samples its timeline (docs/scaling.md "Event-driven sampling"). A `grid` run samples every
 * `sampleHours`. An `events` run samples the same grid instants but leaps over the quiet ones: once the
 * patient has been left alone for {@link QUIET_SETTLE_HOURS} (no visit, refill, fault, alarm or pump event)
 * and two samples in a row read the same, the next sample is taken up to {@link MAX_LEAP_DAYS} later, just
 * before the next clinical event, with pump, world and body moved there in one closed-form jump. If that
 * sample reads differently, the stretch is run again on the grid from the state before the leap, so every
 * change of stage or of tone against the goal is dated exactly as on the grid. What a leap can miss is an
 * excursion that begins and ends inside one quiet stretch; src/sim/sampling.test.ts measures how rarely.
 */
import type { Observation } from '../body/body.ts';
import { sourced } from '../therapy/sourced.ts';

/** Grid sampling, or grid instants leapt over while nothing happens (population and campaign runs). */
export type Sampling = 'grid' | 'events';

/**
 * Hours with no clinical event before the sampler may leap [A]. After a dose change the effect settles within
 * a day (CSF half-life ~1.5 h, tone lag ~2 h) and withdrawal unfolds over 1–3 days
 * (docs/clinical-reference.md §2, §4); 72 h leaves the fast course of every change on the grid.
 */
export const QUIET_SETTLE_HOURS = sourced(
  72,
  'A',
  'our choice: three days after the last clinical event only the slow states (tolerance over months, dependence over ~14 days) still move',
);

/** The longest leap [A]: two weeks, half the maintenance visit interval. */
export const MAX_LEAP_DAYS = sourced(14, 'A', 'our choice: half the 28-day maintenance visit interval');

/** Tone this far above the goal (MAS points) counts as uncontrolled spasticity [A]. */
export const UNCONTROLLED_MAS_ABOVE_GOAL = 1;

/** Rounds as the timeline row does (record.ts), so the class reads exactly what the summary reads. */
const r3 = (v: number): number => Math.round(v * 1000) / 1000;

/**
 * What the outputs read from one sample: the withdrawal and overdose stages, and the tone against the goal
 * (time at goal) and against uncontrolled spasticity (campaign days). Two samples of the same class count
 * the same in every summary.
 */
export function sampleClass(o: Observation, goalMeanMas: number): string {
  const mas = r3(o.masContinuous);
  const atGoal = mas <= goalMeanMas ? 'g' : '-';
  const uncontrolled = mas >= goalMeanMas + UNCONTROLLED_MAS_ABOVE_GOAL ? 'u' : '-';
  return `${o.withdrawalStage}/${o.overdoseStage}/${atGoal}${uncontrolled}`;
}
