/**
 * Alarm settings over the link (programmer/alarm-settings.ts) as plan → confirm routes: the plan
 * interrogates and checks the low-reservoir threshold and the alarm repeat interval against the implant's
 * device profile, showing the ranges and before → after; the apply confirms the kept plan by id, writes
 * `set-alarm-thresholds` with compare-and-set, and reads the threshold back.
 */
import { z } from 'zod';
import { applyAlarmSettings, planAlarmSettings } from '../programmer/alarm-settings.ts';
import { interrogate } from '../programmer/interrogate.ts';
import { getProfile } from '../pump/profiles.ts';
import { ItbError } from '../therapy/codes.ts';
import { millis } from '../therapy/quantities.ts';
import { parseAs } from '../therapy/units.ts';
import { registerPlanApply, withStatus } from './plan-apply.ts';
import type { Helpers } from './pump-routes.ts';
import type { ApiApp } from './routes/common.ts';

/** The threshold as a volume ("3 mL"; a bare number is mL) and the repeat interval in whole minutes. */
const alarmPlanBody = z.strictObject({
  lowReservoir: z.union([z.string().min(1).max(40), z.number().positive()]).optional(),
  repeatMinutes: z
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
});

/** The settings a body asks for (throws on a threshold that is not a volume, or a body asking nothing). */
function alarmRequest({ lowReservoir, repeatMinutes }: z.output<typeof alarmPlanBody>) {
  if (lowReservoir === undefined && repeatMinutes === undefined) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      'give a low-reservoir threshold or an alarm repeat interval to change',
    );
  }
  return {
    ...(lowReservoir === undefined ? {} : { lowReservoir: parseAs(lowReservoir, 'volume', 'mL').nl }),
    ...(repeatMinutes === undefined ? {} : { criticalRepeat: millis(repeatMinutes * 60_000) }),
  };
}

export function registerAlarmSettingsRoutes(app: ApiApp, prefix: string, h: Helpers): void {
  registerPlanApply(app, h, {
    prefix,
    path: 'alarm-settings',
    kind: 'alarms',
    plan: {
      summary:
        'Interrogate, then check alarm settings against the device profile: ranges, before → after, verdict (nothing is sent)',
      body: alarmPlanBody,
      answer: 'The plan: planId, ranges, diff and guardrail',
      check: (body) => void alarmRequest(body),
      make: async ({ body, pump: { client, implant } }) => {
        const plan = planAlarmSettings(
          await interrogate(client),
          getProfile(implant.deviceProfileId),
          alarmRequest(body),
        );
        return {
          plan,
          answer: {
            ranges: plan.ranges,
            diff: plan.diff,
            guardrail: { verdict: plan.verdict, reasons: plan.reasons },
          },
        };
      },
    },
    apply: {
      summary: 'Confirm the alarm-settings plan: write it, read the threshold back, record it',
      answer: 'The write, what could not be read back, the session, alerts',
      run: (plan, confirmation, target, wf) => withStatus(applyAlarmSettings(plan, confirmation, target, wf)),
    },
  });
}
