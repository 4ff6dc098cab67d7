/**
 * Stop and resume delivery over the link (programmer/stop-resume.ts), as plan → confirm routes like the
 * titration: the plan interrogates and shows the withdrawal warning, the restart plan and the guardrail
 * verdict; the apply confirms the kept plan by id with the justification a warning needs. The stop time a
 * resume is judged against comes from the clinic's recorded sessions (unknown → treated as long).
 */
import { interrogate } from '../programmer/interrogate.ts';
import { stoppedSinceFrom } from '../clinic/delivery-stop.ts';
import { applyControl, planControl, requireControl, type Control } from '../programmer/stop-resume.ts';
import { applyBolus, planBolus } from '../programmer/bolus.ts';
import { applyPriming, planPriming } from '../programmer/priming.ts';
import { getProfile } from '../pump/profiles.ts';
import { millis } from '../therapy/quantities.ts';
import { parseAs } from '../therapy/units.ts';
import { z } from 'zod';
import type { RouteDeps } from './app.ts';
import { registerPlanApply, withStatus } from './plan-apply.ts';
import type { Helpers } from './pump-routes.ts';
import type { ApiApp } from './routes/common.ts';

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
    registerPlanApply(app, h, {
      prefix,
      path: control,
      kind: 'control',
      plan: {
        summary: `Interrogate, then plan to ${control} delivery: the warnings and the restart plan (nothing is sent)`,
        body: undefined,
        answer: 'The reviewed plan (nothing was sent)',
        make: async ({ patientId, actor, pump: { client, target } }) => {
          const sessions = await deps.store.listProgrammingSessions(patientId, { actor });
          const plan = planControl(control, await interrogate(client), {
            now: deps.now(),
            stoppedSince: stoppedSinceFrom(sessions, target.implantId),
          });
          return {
            plan,
            answer: {
              control,
              suspended: plan.snapshot.status.suspended,
              restartPlan: plan.restartPlan,
              guardrail: { verdict: plan.verdict, reasons: plan.reasons },
            },
          };
        },
      },
      apply: {
        summary: `Confirm the ${control} plan: write it, read the pump back, record it (a stop leaves a withdrawal alert)`,
        answer: 'Written, read back and recorded',
        // A stop plan confirmed on the resume route (or the reverse) would send the opposite of what the
        // clinician confirmed: refused before anything is sent.
        check: (plan) => requireControl(plan, control),
        run: (plan, confirmation, target, wf) => withStatus(applyControl(plan, confirmation, target, wf)),
      },
    });
  }

  registerPlanApply(app, h, {
    prefix,
    path: 'bolus',
    kind: 'bolus',
    plan: {
      summary:
        'Interrogate, then check a single bolus against the pump and the single-bolus cap (nothing is sent)',
      body: bolusPlanBody,
      answer: 'The reviewed plan (nothing was sent)',
      check: (body) => void parseAs(body.amount, 'mass', 'mcg'),
      make: async ({ body, pump: { client, implant } }) => {
        const amount = parseAs(body.amount, 'mass', 'mcg').ng;
        const duration = millis(body.durationMinutes * 60_000);
        const profile = getProfile(implant.deviceProfileId);
        const plan = planBolus(await interrogate(client), amount, duration, profile);
        return {
          plan,
          answer: {
            amountNg: amount,
            durationMs: duration,
            drug: plan.snapshot.status.drug ?? null,
            cap: plan.cap,
            guardrail: { verdict: plan.verdict, reasons: plan.reasons },
          },
        };
      },
    },
    apply: {
      summary:
        'Confirm the bolus plan (justification: who observes the patient): send it, read it back, record it',
      answer: 'Written, read back and recorded',
      run: (plan, confirmation, target, wf) => withStatus(applyBolus(plan, confirmation, target, wf)),
    },
  });

  registerPlanApply(app, h, {
    prefix,
    path: 'priming',
    kind: 'priming',
    plan: {
      summary:
        'Interrogate, then plan the priming bolus after an implant or catheter revision: the recorded catheter volume plus the pump’s dead space (nothing is sent)',
      body: undefined,
      answer: 'The priming plan (nothing was sent)',
      make: async ({ pump: { client, implant } }) => {
        const plan = planPriming({
          snapshot: await interrogate(client),
          profile: getProfile(implant.deviceProfileId),
          catheter: implant.catheter,
        });
        return {
          plan,
          answer: {
            priming: plan.priming.view,
            guardrail: { verdict: plan.priming.verdict, reasons: plan.priming.reasons },
          },
        };
      },
    },
    apply: {
      summary:
        'Confirm the priming plan (justification: who supervises): start the priming bolus, read it back, record it',
      answer: 'Written, read back and recorded',
      run: (plan, confirmation, target, wf) => withStatus(applyPriming(plan, confirmation, target, wf)),
    },
  });
}
