/**
 * Short pump procedures over the link (src/programmer/procedures.ts), beside the titration and refill
 * routes of pump-routes.ts. **Alarm test** (DOMAIN.md §3; hazard H03): the clinician sounds the alarm tone
 * for the patient and records whether they heard or felt it; the pump's alarm state is read and recorded
 * with it, and a patient who did not hear it gets an alert — the clinic then must not rely on pump alarms.
 */
import { z } from 'zod';
import { toJson } from '../programmer/diff.ts';
import { runAlarmTest } from '../programmer/procedures.ts';
import type { Helpers } from './pump-routes.ts';
import { actorOf, patientParams, type ApiApp } from './routes/common.ts';

const alarmTestBody = z.strictObject({
  /** Whether the patient heard or felt the alarm tone. */
  heard: z.boolean(),
  notes: z.string().trim().max(2000).optional(),
});

/** The routes under `prefix` (`/api/v1/patients/:patientId/pump`). */
export function registerProcedureRoutes(app: ApiApp, prefix: string, h: Pick<Helpers, 'withPump'>): void {
  app.post(
    `${prefix}/alarm-test`,
    {
      schema: {
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
}
