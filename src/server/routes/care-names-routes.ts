/**
 * Who looks after the patient, by name, for the patient's own view: who prescribed what the pump runs (and,
 * apart, a prescription waiting for the next refill) and who did the last refill, named by the one
 * resolver (clinic/actor-names.ts; "deleted user <id>" when the account is gone). Only the actors on the patient's own records are named, so a patient account learns no
 * other name through it.
 */
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { actorOf, idSchema, type ApiApp } from './common.ts';
import { json, objectSchema } from '../api-schemas.ts';
import { patientRecords } from '../../clinic/patient-dates.ts';
import { boardRow } from '../../clinic/risk-board.ts';
import { therapyRecords } from '../../clinic/running-prescription.ts';
import { implantInUse } from '../../clinic/implant-in-use.ts';

const actorName = objectSchema('CareActorName', 'Who did something, as a person reads it', {
  actor: z.string(),
  name: z.string(),
  role: z.string().nullable(),
});

export function registerCareNamesRoutes(app: ApiApp, deps: RouteDeps): void {
  app.get(
    '/api/v1/patients/:patientId/care-names',
    {
      schema: {
        params: z.strictObject({ patientId: idSchema }),
        response: {
          200: json(
            objectSchema('CareNames', 'Who prescribed what the pump runs and who did the last refill', {
              prescribedBy: actorName
                .nullable()
                .describe('Who prescribed what the pump runs now (never a prescription pending its refill)'),
              prescribedAt: z
                .number()
                .nullable()
                .describe('When what the pump runs now was prescribed (epoch ms), or null'),
              pendingPrescribedBy: actorName
                .nullable()
                .describe('Who prescribed the prescription waiting for the next refill, or null'),
              lastRefill: z.strictObject({ at: z.number(), by: actorName }).nullable(),
            }),
            'The prescriber and the last refill, by name; null when there is none',
          ),
        },
        tags: ['therapy'],
        summary: "Who prescribed the patient's therapy and who did the last refill, by name",
      },
    },
    async (request) => {
      const ctx = actorOf(request);
      const id = request.params.patientId;
      // An unknown patient is a 404, not an empty answer; the records are read once for all below.
      const records = await patientRecords(deps.store, id, ctx);
      // What the pump runs may be an earlier prescription than the one on record (a new concentration
      // waits for the refill that brings it in): its prescriber is named, the pending one's apart.
      const { therapy } = boardRow(records, deps.now());
      const rx = therapyRecords(await deps.store.prescriptionChain(id, ctx), therapy);
      // The last refill of the pump in use: after a replacement the old pump's refills are not this
      // pump's (its fill at surgery is no refill); before, the patient read the old pump's last refill.
      const inUse = implantInUse(records.implants, records.explants ?? []);
      const refills = records.refills.filter((r) => r.implantId === inUse?.id);
      const last = refills.reduce<{
        readonly at: number;
        readonly createdBy: string;
      } | null>((a, r) => (a === null || r.at > a.at ? r : a), null);
      const actors = [rx.runs?.createdBy, rx.pending?.createdBy, last?.createdBy].filter(
        (a): a is string => a !== undefined,
      );
      const names = new Map((await deps.store.resolveActors(actors)).map((n) => [n.actor, n] as const));
      const named = (actor: string | undefined) => (actor === undefined ? null : (names.get(actor) ?? null));
      const refiller = named(last?.createdBy);
      return {
        prescribedBy: named(rx.runs?.createdBy),
        prescribedAt: rx.runs?.createdAt ?? null,
        pendingPrescribedBy: named(rx.pending?.createdBy),
        lastRefill: last === null || refiller === null ? null : { at: last.at, by: refiller },
      };
    },
  );
}
