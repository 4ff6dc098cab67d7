/**
 * A troubleshooting plan and episode as the API answers them and `itb troubleshoot` prints them: each cause
 * ranked with its title, danger, weight, reasons, steps and remedies, and the next steps to tell the leading
 * causes apart (src/therapy/troubleshoot); an episode with the plan its findings give now.
 */
import { troubleshoot, type TroubleshootingPlan } from '../../therapy/troubleshoot/rank.ts';
import type { Episode } from './episode-records.ts';

/** The plan: each cause with its title, danger, weight, reasons and remedies, and the next steps. */
export function planView(plan: TroubleshootingPlan) {
  return {
    candidates: plan.candidates.map((c) => ({
      id: c.cause.id,
      title: c.cause.title,
      danger: c.cause.danger,
      score: c.score,
      because: c.because,
      remedies: c.remedies,
      steps: c.cause.steps,
    })),
    nextSteps: plan.nextSteps,
  };
}
export type PlanView = ReturnType<typeof planView>;

/** An episode with the plan its findings give now. */
export const episodeView = (e: Episode) => ({
  ...e,
  steps: [...e.steps],
  plan: planView(troubleshoot(e.findings)),
});
export type EpisodeView = ReturnType<typeof episodeView>;
