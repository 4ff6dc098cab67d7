/**
 * The troubleshooting guide over HTTP: a clinician sends what is in hand (symptoms, the interrogation, the
 * reconciled residual, test results) and gets the causes in order (weight of evidence, then danger) with the
 * steps to tell them apart and the remedies (src/therapy/troubleshoot, docs/troubleshooting.md). Pure: it
 * reads and writes no record.
 */
import type { RouteDeps } from '../app.ts';
import { findingsSchema } from '../../therapy/troubleshoot/findings.ts';
import { troubleshoot } from '../../therapy/troubleshoot/rank.ts';
import type { ApiApp } from './common.ts';
import { anyObject, json } from '../api-schemas.ts';

export function registerTroubleshootingRoutes(app: ApiApp, _deps: RouteDeps): void {
  app.post(
    '/api/v1/troubleshooting/plan',
    {
      schema: {
        response: {
          200: json(anyObject('TroubleshootingPlan', 'The ranked causes and the next steps'), 'The plan'),
        },
        tags: ['troubleshooting'],
        summary: 'Rank the causes of a malfunction presentation and list the next steps',
        body: findingsSchema,
      },
    },
    (request) => {
      const plan = troubleshoot(request.body);
      return {
        candidates: plan.candidates.map((c) => ({
          id: c.cause.id,
          title: c.cause.title,
          danger: c.cause.danger,
          score: c.score,
          because: c.because,
          remedies: c.cause.remedies,
        })),
        nextSteps: plan.nextSteps,
      };
    },
  );
}
