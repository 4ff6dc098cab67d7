/**
 * Stop and resume delivery over the link (programmer/stop-resume.ts), as plan → confirm routes like the
 * titration: the plan interrogates and shows the withdrawal warning, the restart plan and the guardrail
 * verdict; the apply confirms the kept plan by id with the justification a warning needs. The stop time a
 * resume is judged against comes from the clinic's recorded sessions (unknown → treated as long).
 */
import { interrogate } from '../programmer/interrogate.ts';
import { toJson } from '../programmer/diff.ts';
import { applyControl, planControl, stoppedSinceFrom, type Control } from '../programmer/stop-resume.ts';
import type { RouteDeps } from './app.ts';
import { confirmBody } from './plan-confirm.ts';
import type { Helpers } from './pump-routes.ts';
import { actorOf, patientParams, type ApiApp } from './routes/common.ts';

/** The routes' authorization: stopping or resuming changes the therapy, a physician's decision. */
export const pumpControlRules = (prefix: string) => ({
  [`POST ${prefix}/stop/plan`]: { roles: ['physician'] as const },
  [`POST ${prefix}/stop/apply`]: { roles: ['physician'] as const },
  [`POST ${prefix}/resume/plan`]: { roles: ['physician'] as const },
  [`POST ${prefix}/resume/apply`]: { roles: ['physician'] as const },
});

export function registerPumpControlRoutes(app: ApiApp, deps: RouteDeps, prefix: string, h: Helpers): void {
  for (const control of ['stop', 'resume'] as const satisfies readonly Control[]) {
    app.post(
      `${prefix}/${control}/plan`,
      {
        schema: {
          tags: ['pump'],
          summary: `Interrogate, then plan to ${control} delivery: the warnings and the restart plan (nothing is sent)`,
          params: patientParams,
        },
      },
      async (req) => {
        const { actor } = actorOf(req);
        const { patientId } = req.params;
        return h.withPump(patientId, actor, async ({ client, target }) => {
          const sessions = await deps.store.listProgrammingSessions(patientId, { actor });
          const plan = planControl(control, await interrogate(client), {
            now: deps.now(),
            stoppedSince: stoppedSinceFrom(sessions, target.implantId),
          });
          const planId = h.keep({ kind: 'control', patientId, implantId: target.implantId, plan });
          return toJson({
            planId,
            control,
            suspended: plan.snapshot.status.suspended,
            restartPlan: plan.restartPlan,
            guardrail: { verdict: plan.verdict, reasons: plan.reasons },
          });
        });
      },
    );
    app.post(
      `${prefix}/${control}/apply`,
      {
        schema: {
          tags: ['pump'],
          summary: `Confirm the ${control} plan: write it, read the pump back, record it (a stop leaves a withdrawal alert)`,
          params: patientParams,
          body: confirmBody,
        },
      },
      async (req) => {
        const { actor } = actorOf(req);
        const { patientId } = req.params;
        const kept = h.take(req.body.planId, 'control', patientId);
        const { justification } = req.body;
        const outcome = await h.withPump(
          patientId,
          actor,
          async ({ target, wf }) => {
            const out = await applyControl(
              kept.plan,
              { confirm: true, ...(justification === undefined ? {} : { justification }) },
              target,
              wf,
            );
            return { ...out, status: out.write.status };
          },
          kept.implantId,
        );
        h.drop(req.body.planId);
        return toJson(outcome);
      },
    );
  }
}
