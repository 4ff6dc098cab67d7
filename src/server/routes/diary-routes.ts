/**
 * The patient's symptom diary (clinic/diary-records.ts): `GET/POST /api/v1/patients/:patientId/diary`.
 * A patient account reads and writes its own diary; staff read it (authz-table.ts). The recording time is
 * the server's clock — the entry's `date` is the day the patient is writing about.
 */
import { diaryBodySchema } from '../../clinic/diary-records.ts';
import type { RouteDeps } from '../app.ts';
import { actorOf, patientParams, type ApiApp } from './common.ts';
import { z } from 'zod';
import { diaryEntrySchema, json } from '../api-schemas.ts';

export function registerDiaryRoutes(app: ApiApp, deps: RouteDeps): void {
  const { store } = deps;
  app.get(
    '/api/v1/patients/:patientId/diary',
    {
      schema: {
        response: { 200: json(z.array(diaryEntrySchema), 'The diary') },
        tags: ['diary'],
        summary: "The patient's symptom diary, oldest first",
        params: patientParams,
      },
    },
    (request) => store.listDiaryEntries(request.params.patientId, actorOf(request)),
  );
  app.post(
    '/api/v1/patients/:patientId/diary',
    {
      schema: {
        response: { 201: json(diaryEntrySchema, 'The entry, added') },
        tags: ['diary'],
        summary: 'Add a symptom diary entry (the patient, for themselves)',
        params: patientParams,
        body: diaryBodySchema,
      },
    },
    async (request, reply) => {
      const input = { ...request.body, patientId: request.params.patientId, at: deps.now() };
      return reply.status(201).send(await store.addDiaryEntry(input, actorOf(request)));
    },
  );
}
