/**
 * Patient-controlled bolus settings over the link (programmer/patient-bolus.ts) as plan → confirm routes:
 * the plan interrogates and checks the setting with the pump's own rules (device, drug, ranges, dose per
 * bolus, worst-case day), showing what the device and the drug allow, the current setting and before →
 * after; the apply confirms the kept plan by id (a justification where it warns), writes `program` with the
 * programme the pump runs and the new setting, and reads both back.
 */
import { z } from 'zod';
import { interrogate } from '../programmer/interrogate.ts';
import { applyPatientBolus, patientBolusRequest, planPatientBolus } from '../programmer/patient-bolus.ts';
import { patientBolusJson } from '../programmer/patient-bolus-text.ts';
import { getProfile } from '../pump/profiles.ts';
import { registerPlanApply, withStatus } from './plan-apply.ts';
import type { Helpers } from './pump-routes.ts';
import type { ApiApp } from './routes/common.ts';

/** On: the dose per bolus ("0.2 mg"; a bare number is mcg), the lockout and bolus length in whole minutes. */
const patientBolusPlanBody = z.strictObject({
  enable: z.boolean(),
  dose: z.union([z.string().min(1).max(40), z.number().positive()]).optional(),
  lockoutMinutes: z
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
  maxPerDay: z.int().min(1).max(1000).optional(),
  bolusMinutes: z
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
});

export function registerPatientBolusRoutes(app: ApiApp, prefix: string, h: Helpers): void {
  registerPlanApply(app, h, {
    prefix,
    path: 'patient-bolus',
    kind: 'patientBolus',
    plan: {
      summary:
        'Interrogate, then check patient-controlled bolus settings with the pump’s rules: what the device and drug allow, current, before → after, verdict (nothing is sent)',
      body: patientBolusPlanBody,
      answer: 'The plan: planId, availability, current setting, diff and guardrail',
      check: (body) => void patientBolusRequest(body),
      make: async ({ body, pump: { client, implant } }) => {
        const request = patientBolusRequest(body);
        const plan = planPatientBolus(
          await interrogate(client),
          getProfile(implant.deviceProfileId),
          request,
        );
        return {
          plan,
          answer: {
            availability: plan.availability,
            current: patientBolusJson(plan.snapshot.patientBolus),
            diff: plan.diff,
            guardrail: { verdict: plan.verdict, reasons: plan.reasons },
          },
        };
      },
    },
    apply: {
      summary: 'Confirm the patient-bolus plan: write it with the running programme, read it back, record it',
      answer: 'The write, the session, alerts',
      run: (plan, confirmation, target, wf) => withStatus(applyPatientBolus(plan, confirmation, target, wf)),
    },
  });
}
