/**
 * The audit trail (admin): read with filters, each entry with its actor's name and role; verify the hash
 * chain. And who did something, by name, for every page that shows an action (clinic/actor-names.ts).
 */
import { z } from 'zod';
import { MAX_AUDIT_PAGE } from '../../clinic/alerts-audit-repo.ts';
import { namedAuditTrail } from '../../clinic/audit-viewer.ts';
import type { RouteDeps } from '../app.ts';
import { actorOf, idSchema, queryInt, type ApiApp } from './common.ts';
import { json, objectSchema } from '../api-schemas.ts';

const instant = z.iso.datetime({ offset: true }).transform((t) => Date.parse(t));

/** The audit viewer's filters (clinic/audit-filter.ts): who, what, which patient, when; paged by seq. */
const auditQuery = z.strictObject({
  entity: z.string().min(1).max(50).optional(),
  entityId: z.string().min(1).max(100).optional(),
  actor: z.string().min(1).max(200).optional(),
  action: z.string().min(1).max(50).optional(),
  patientId: idSchema.optional(),
  from: instant.optional(),
  to: instant.optional(),
  fromSeq: queryInt(1, Number.MAX_SAFE_INTEGER).optional(),
  beforeSeq: queryInt(1, Number.MAX_SAFE_INTEGER).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit: queryInt(1, MAX_AUDIT_PAGE).optional(),
});

export function registerAdminRoutes(app: ApiApp, deps: RouteDeps): void {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        response: {
          200: json(
            z.array(
              objectSchema('AuditEntry', 'One entry of the hash-chained audit trail', {
                seq: z.number(),
                at: z.number(),
                actor: z.string(),
                action: z.string(),
                entity: z.string(),
                entityId: z.string(),
                actorName: z.string(),
                actorRole: z.string().nullable(),
              }),
            ),
            'The entries',
          ),
        },
        tags: ['audit'],
        summary:
          'Audit entries filtered by who, what, patient and time; ascending seq, or newest first with order=desc (reading is audited)',
        querystring: auditQuery,
      },
    },
    (request) => {
      const filter = Object.fromEntries(Object.entries(request.query).filter(([, v]) => v !== undefined));
      return namedAuditTrail(deps.store, filter, actorOf(request));
    },
  );
  app.get(
    '/api/v1/actors',
    {
      schema: {
        response: {
          200: json(
            z.array(
              objectSchema('ActorName', 'Who did something, as a person reads it', {
                actor: z.string(),
                name: z.string(),
                role: z.string().nullable(),
              }),
            ),
            'Each actor asked for, in order: its name and role ("deleted user <id>" when the account is gone)',
          ),
        },
        tags: ['audit'],
        summary:
          'The names and roles of the actors recorded on records and audit entries (user:<id>, system:…)',
        querystring: z.strictObject({
          actor: z
            .union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).max(500)])
            .transform((a) => (Array.isArray(a) ? a : [a])),
        }),
      },
    },
    (request) => deps.store.resolveActors(request.query.actor),
  );
  app.get(
    '/api/v1/audit/verify',
    {
      schema: {
        response: {
          200: json(
            objectSchema('AuditVerification', 'Whether the chain re-hashes to its head', {
              ok: z.boolean(),
              checked: z.number(),
            }),
            'The verification',
          ),
        },
        tags: ['audit'],
        summary: 'Re-hash the whole audit chain and compare with its head',
      },
    },
    () => deps.store.verifyAudit(),
  );
}
