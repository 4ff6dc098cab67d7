/** The audit trail (admin): read with filters, and verify the hash chain. */
import { z } from 'zod';
import type { RouteDeps } from '../app.ts';
import { actorOf, type ApiApp } from './common.ts';

const auditQuery = z.strictObject({
  entity: z.string().min(1).max(50).optional(),
  entityId: z.string().min(1).max(100).optional(),
  actor: z.string().min(1).max(200).optional(),
  fromSeq: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});

export function registerAdminRoutes(app: ApiApp, deps: RouteDeps): void {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit entries, ascending seq (reading is audited)',
        querystring: auditQuery,
      },
    },
    (request) => {
      const q = request.query;
      const filter = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
      return deps.store.auditTrail(filter, actorOf(request));
    },
  );
  app.get(
    '/api/v1/audit/verify',
    { schema: { tags: ['audit'], summary: 'Re-hash the whole audit chain and compare with its head' } },
    () => deps.store.verifyAudit(),
  );
}
