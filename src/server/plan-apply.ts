/**
 * The one shape of a pump control over HTTP (docs/api.md "Plan and apply"): `POST <prefix>/<path>/plan`
 * interrogates over the link and makes a plan that is KEPT on the server (nothing is sent), and
 * `POST <prefix>/<path>/apply` confirms the kept plan by id — claim it, write it through the workflow, drop
 * it (a plan is written at most once; a second confirmation while one runs is refused). Titration, refill,
 * stop, resume, bolus, alarm settings and priming all go through here, so the keep → confirm → withPump
 * sequence and its checks live in one place.
 */
import type { z } from 'zod';
import { toJson } from '../programmer/diff.ts';
import type { ProgrammerClient } from '../link/programmer-client.ts';
import type { Implant } from '../clinic/records.ts';
import type { Confirmation, WorkflowDeps, WorkflowTarget } from '../programmer/session.ts';
import { json, pumpAnswer } from './api-schemas.ts';
import { confirmBody } from './plan-confirm.ts';
import type { Helpers, Kept, PlanOf } from './pump-routes.ts';
import { actorOf, patientParams, type ApiApp } from './routes/common.ts';

/** What a plan route is given: the patient, the actor, the parsed body and the open link to the pump. */
export interface PlanContext<B> {
  readonly patientId: string;
  readonly actor: string;
  readonly body: B;
  readonly pump: {
    readonly client: ProgrammerClient;
    readonly target: WorkflowTarget;
    readonly implant: Implant;
    readonly wf: WorkflowDeps;
  };
}

export interface PlanApplySpec<K extends Kept['kind'], S extends z.ZodType | undefined> {
  /** The route prefix (`/api/v1/patients/:patientId/pump`). */
  readonly prefix: string;
  /** The path segment: `<prefix>/<path>/plan` and `<prefix>/<path>/apply`. */
  readonly path: string;
  /** The kind the plan is kept under (a plan of another kind is refused on apply). */
  readonly kind: K;
  readonly plan: {
    readonly summary: string;
    /** The plan route's body, when it takes one. */
    readonly body: S;
    readonly answer: string;
    /**
     * Refuses a body that is bad whatever the pump holds (a unit string that is not the quantity asked for,
     * a request that asks for nothing), before the pump is reached: a malformed request records nothing —
     * no interrogation, no audited read, no alert from the booking re-check.
     */
    readonly check?: (body: S extends z.ZodType ? z.output<S> : undefined) => void;
    /** Interrogates and plans; `answer` is returned after the kept plan's id (nothing is sent to the pump). */
    readonly make: (
      c: PlanContext<S extends z.ZodType ? z.output<S> : undefined>,
    ) => Promise<{ readonly plan: PlanOf[K]; readonly answer: object }>;
  };
  readonly apply: {
    readonly summary: string;
    readonly answer: string;
    /** A check on the kept plan before anything is sent (e.g. a stop plan confirmed on the resume route). */
    readonly check?: (plan: PlanOf[K]) => void;
    readonly run: (
      plan: PlanOf[K],
      confirmation: Confirmation,
      target: WorkflowTarget,
      wf: WorkflowDeps,
    ) => Promise<unknown>;
  };
}

/** Registers the plan and apply routes of one control. */
export function registerPlanApply<K extends Kept['kind'], S extends z.ZodType | undefined>(
  app: ApiApp,
  h: Helpers,
  spec: PlanApplySpec<K, S>,
): void {
  const { prefix, path, kind, plan, apply } = spec;
  app.post(
    `${prefix}/${path}/plan`,
    {
      schema: {
        tags: ['pump'],
        summary: plan.summary,
        params: patientParams,
        ...(plan.body === undefined ? {} : { body: plan.body }),
        response: { 200: json(pumpAnswer, plan.answer) },
      },
    },
    async (req) => {
      const { actor } = actorOf(req);
      const { patientId } = req.params;
      const body = req.body as S extends z.ZodType ? z.output<S> : undefined;
      plan.check?.(body);
      return h.withPump(patientId, actor, async (pump) => {
        const made = await plan.make({ patientId, actor, body, pump });
        const planId = h.keep({ kind, patientId, implantId: pump.target.implantId, plan: made.plan });
        return toJson({ planId, ...made.answer });
      });
    },
  );
  app.post(
    `${prefix}/${path}/apply`,
    {
      schema: {
        tags: ['pump'],
        summary: apply.summary,
        params: patientParams,
        body: confirmBody,
        response: { 200: json(pumpAnswer, apply.answer) },
      },
    },
    async (req) => {
      const { actor } = actorOf(req);
      const { patientId } = req.params;
      const { justification } = req.body;
      // `confirmKept` checks the kind (the kept plan is this kind's) and writes it at most once.
      const outcome = await h.confirmKept(req.body.planId, kind, patientId, async (kept) => {
        const keptPlan = kept.plan as PlanOf[K];
        apply.check?.(keptPlan);
        return h.withPump(
          patientId,
          actor,
          ({ target, wf }) =>
            apply.run(
              keptPlan,
              { confirm: true, ...(justification === undefined ? {} : { justification }) },
              target,
              wf,
            ),
          kept.implantId,
        );
      });
      return toJson(outcome);
    },
  );
}

/** The outcome of a control whose answer carries the pump's status read back after the write. */
export const withStatus = async <T extends { readonly write: { readonly status: unknown } }>(
  out: Promise<T>,
): Promise<T & { status: T['write']['status'] }> => {
  const o = await out;
  return { ...o, status: o.write.status };
};
