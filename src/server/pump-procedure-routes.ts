/**
 * Short pump procedures over the link (src/programmer/procedures.ts), beside the titration and refill
 * routes of pump-routes.ts. **Alarm test** (docs/clinical-reference.md §3; hazard H03): the clinician sounds the alarm tone
 * for the patient and records whether they heard or felt it; the pump's alarm state is read and recorded
 * with it, and a patient who did not hear it gets an alert — the clinic then must not rely on pump alarms.
 */
import { z } from 'zod';
import { assertCatheterFits } from '../clinic/people-repo.ts';
import { catheterSchema, type Catheter } from '../clinic/records.ts';
import { toJson } from '../programmer/diff.ts';
import { interrogate } from '../programmer/interrogate.ts';
import {
  applyCatheterChange,
  planCatheterChange,
  runAlarmTest,
  type CatheterChangePlan,
} from '../programmer/procedures.ts';
import { tookEffect } from '../programmer/session.ts';
import { getProfile } from '../pump/profiles.ts';
import { cmToMm } from '../therapy/catheter.ts';
import { ItbError } from '../therapy/codes.ts';
import { nanolitres } from '../therapy/quantities.ts';
import { parseAs } from '../therapy/units.ts';
import type { RouteDeps } from './app.ts';
import { confirmBody } from './plan-confirm.ts';
import type { Helpers } from './pump-routes.ts';
import { actorOf, patientParams, type ApiApp } from './routes/common.ts';
import { json, pumpAnswer } from './api-schemas.ts';

/** A kept catheter-change plan: the pump side, and the record to store once the pump has the volume. */
export interface CatheterKept {
  readonly change: CatheterChangePlan;
  readonly record: Catheter;
}

const catheterPlanBody = z.strictObject({
  model: z.string().trim().min(1).max(100),
  /** Implanted length in cm (after trimming). */
  lengthCm: z.number().positive().max(200),
  /** The catheter's volume with its unit ("0.11 mL", "110 µL"); a bare number is mL. */
  volume: z.union([z.string().min(1).max(40), z.number().positive()]),
  tipLevel: z.string().trim(),
});
const catheterApplyBody = confirmBody.extend({
  /** Who watches the patient during priming (recorded as the justification of the priming warning). */
  supervisedBy: z.string().trim().min(1).max(200),
});

const alarmTestBody = z.strictObject({
  /** Whether the patient heard or felt the alarm tone. */
  heard: z.boolean(),
  notes: z.string().trim().max(2000).optional(),
});

/** The routes under `prefix` (`/api/v1/patients/:patientId/pump`). */
export function registerProcedureRoutes(app: ApiApp, deps: RouteDeps, prefix: string, h: Helpers): void {
  app.post(
    `${prefix}/alarm-test`,
    {
      schema: {
        response: { 200: json(pumpAnswer, 'The alarm test, recorded') },
        tags: ['pump'],
        summary:
          'Record an alarm test: the pump’s alarm state and whether the patient heard or felt the tone',
        params: patientParams,
        body: alarmTestBody,
      },
    },
    async (req) => {
      const { actor } = actorOf(req);
      const { heard, notes } = req.body;
      return h.withPump(req.params.patientId, actor, async ({ target, wf }) =>
        toJson(await runAlarmTest({ heard, ...(notes === undefined ? {} : { notes }) }, target, wf)),
      );
    },
  );

  app.post(
    `${prefix}/catheter/plan`,
    {
      schema: {
        response: { 200: json(pumpAnswer, 'The catheter plan (nothing was sent)') },
        tags: ['pump'],
        summary:
          'Interrogate, then plan a catheter change: the new catheter and its priming bolus (nothing is sent)',
        params: patientParams,
        body: catheterPlanBody,
      },
    },
    async (req) => {
      const { actor } = actorOf(req);
      const { patientId } = req.params;
      const b = req.body;
      const parsed = catheterSchema.safeParse({
        model: b.model,
        lengthMm: cmToMm(b.lengthCm),
        volumeNl: parseAs(b.volume, 'volume', 'mL').nl,
        tipLevel: b.tipLevel,
      });
      if (!parsed.success) {
        throw new ItbError(
          'ITB_E_INVALID_INPUT',
          `the new catheter is not valid:\n${z.prettifyError(parsed.error)}`,
        );
      }
      const record = parsed.data;
      return h.withPump(patientId, actor, async ({ client, target, implant }) => {
        assertCatheterFits(implant.deviceProfileId, record);
        const change = planCatheterChange({
          snapshot: await interrogate(client),
          profile: getProfile(implant.deviceProfileId),
          catheterVolume: nanolitres(record.volumeNl),
        });
        const planId = h.keep({
          kind: 'catheter',
          patientId,
          implantId: target.implantId,
          plan: { change, record },
        });
        return toJson({
          planId,
          current: implant.catheter,
          next: record,
          priming: change.priming.view,
          guardrail: { verdict: change.priming.verdict, reasons: change.priming.reasons },
        });
      });
    },
  );

  app.post(
    `${prefix}/catheter/apply`,
    {
      schema: {
        response: { 200: json(pumpAnswer, 'Written, priming started and recorded') },
        tags: ['pump'],
        summary: 'Write the new catheter volume, start the supervised priming bolus, and record the catheter',
        params: patientParams,
        body: catheterApplyBody,
      },
    },
    async (req) => {
      const { actor } = actorOf(req);
      const { patientId } = req.params;
      const { justification, supervisedBy } = req.body;
      const outcome = await h.confirmKept(req.body.planId, 'catheter', patientId, (kept) =>
        h.withPump(
          patientId,
          actor,
          async ({ target, wf }) => {
            const out = await applyCatheterChange(
              kept.plan.change,
              { confirm: true, supervisedBy, ...(justification === undefined ? {} : { justification }) },
              target,
              wf,
            );
            // The record follows the pump: only a catheter volume the pump took is recorded.
            const implant = tookEffect(out.catheter.status)
              ? await deps.store.replaceCatheter(target.implantId, kept.plan.record, { actor })
              : null;
            return { ...out, status: out.catheter.status, implant };
          },
          kept.implantId,
        ),
      );
      return toJson(outcome);
    },
  );
}
