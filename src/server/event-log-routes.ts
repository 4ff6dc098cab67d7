/**
 * The pump's event log over the link (programmer/event-log.ts): every retained entry with the pump's time
 * stamp, for the clinician who troubleshoots (docs/clinical-reference.md §3: interrogate and read the event
 * log). A read of the pump, so a POST like `P/interrogate`: it opens a link session the pump logs itself.
 */
import { z } from 'zod';
import { readEventLog } from '../programmer/event-log.ts';
import { json, objectSchema } from './api-schemas.ts';
import type { Helpers } from './pump-routes.ts';
import { actorOf, patientParams, type ApiApp } from './routes/common.ts';

const entrySchema = z.object({ seq: z.number(), at: z.number(), type: z.string(), message: z.string() });

export function registerEventLogRoutes(app: ApiApp, prefix: string, h: Helpers): void {
  app.post(
    `${prefix}/event-log`,
    {
      schema: {
        tags: ['pump'],
        summary: "Read the pump's retained event log over the link, oldest first (nothing is changed)",
        params: patientParams,
        response: {
          200: json(
            objectSchema('PumpEventLog', "The pump's retained event log", {
              entries: z.array(entrySchema),
              nextSeq: z.number(),
            }),
            'The entries (times are the pump clock, epoch ms UTC) and the next sequence number',
          ),
        },
      },
    },
    async (req) => {
      const { actor } = actorOf(req);
      return h.withPump(req.params.patientId, actor, async ({ client }) => readEventLog(client));
    },
  );
}
