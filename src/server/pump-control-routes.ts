/**
 * Stop and resume delivery over the link (programmer/stop-resume.ts), as plan → confirm routes like the
 * titration: the plan interrogates and shows the withdrawal warning, the restart plan and the guardrail
 * verdict; the apply confirms the kept plan by id with the justification a warning needs. The stop time a
 * resume is judged against comes from the clinic's recorded sessions (unknown → treated as long).
 */
import { interrogate } from '../programmer/interrogate.ts';
import { toJson } from '../programmer/diff.ts';
import { stoppedSinceFrom } from '../clinic/delivery-stop.ts';
import { applyControl, planControl, requireControl, type Control } from '../programmer/stop-resume.ts';
import { applyBolus, planBolus } from '../programmer/bolus.ts';
import { millis } from '../therapy/quantities.ts';
import { parseAs } from '../therapy/units.ts';
import { z } from 'zod';
import { json, pumpAnswer } from './api-schemas.ts';
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
  [`POST ${prefix}/bolus/plan`]: { roles: ['physician'] as const },
  [`POST ${prefix}/bolus/apply`]: { roles: ['physician'] as const },
});

/** A single bolus: the amount ("50 mcg"; a bare number is mcg) over a duration in minutes. */
const bolusPlanBody = z.strictObject({
  amount: z.union([z.string().min(1).max(40), z.number().positive()]),
  durationMinutes: z
    .int()
    .min(1)
    .max(24 * 60),
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
          response: { 200: json(pumpAnswer, 'The reviewed plan (nothing was sent)') },
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
          response: { 200: json(pumpAnswer, 'Written, read back and recorded') },
        },
      },
      async (req) => {
        const { actor } = actorOf(req);
        const { patientId } = req.params;
        const kept = h.take(req.body.planId, 'control', patientId);
        // A stop plan confirmed on the resume route (or the reverse) would send the opposite of what the
        // clinician confirmed: refused before anything is sent.
        requireControl(kept.plan, control);
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

  app.post(
    `${prefix}/bolus/plan`,
    {
      schema: {
        tags: ['pump'],
        summary:
          'Interrogate, then check a single bolus against the pump and the single-bolus cap (nothing is sent)',
        params: patientParams,
        body: bolusPlanBody,
        response: { 200: json(pumpAnswer, 'The reviewed plan (nothing was sent)') },
      },
    },
    async (req) => {
      const { actor } = actorOf(req);
      const { patientId } = req.params;
      const amount = parseAs(req.body.amount, 'mass', 'mcg').ng;
      const duration = millis(req.body.durationMinutes * 60_000);
      return h.withPump(patientId, actor, async ({ client, target }) => {
        const plan = planBolus(await interrogate(client), amount, duration);
        const planId = h.keep({ kind: 'bolus', patientId, implantId: target.implantId, plan });
        return toJson({
          planId,
          amountNg: amount,
          durationMs: duration,
          drug: plan.snapshot.status.drug ?? null,
          cap: plan.cap,
          guardrail: { verdict: plan.verdict, reasons: plan.reasons },
        });
      });
    },
  );
  app.post(
    `${prefix}/bolus/apply`,
    {
      schema: {
        tags: ['pump'],
        summary:
          'Confirm the bolus plan (justification: who observes the patient): send it, read it back, record it',
        params: patientParams,
        body: confirmBody,
        response: { 200: json(pumpAnswer, 'Written, read back and recorded') },
      },
    },
    async (req) => {
      const { actor } = actorOf(req);
      const { patientId } = req.params;
      const kept = h.take(req.body.planId, 'bolus', patientId);
      const { justification } = req.body;
      const outcome = await h.withPump(
        patientId,
        actor,
        async ({ target, wf }) => {
          const out = await applyBolus(
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
