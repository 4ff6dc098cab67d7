/**
 * The programmer workflows (src/programmer, docs/workflows.md) over the real telemetry link, as HTTP routes:
 * interrogate, titration plan/apply, refill plan/apply. Each request opens one link session to the
 * patient's pump (the address from a {@link PumpDirectory}, the clinician keys from the implant record),
 * runs the workflow — which records what happened in the clinic store — and returns its plain JSON result.
 *
 * Plans are kept server-side (15 min, by id) so that what is applied is exactly what was reviewed: the
 * client confirms a plan id, it never sends the prescription back (no dose reaches a pump without the
 * guardrails and the side-by-side review: docs/clinical-reference.md §3).
 */
import { implantInUse } from '../clinic/implant-in-use.ts';
import { clinicDayText, clinicInstantText } from '../clinic/time-zone.ts';
import { checkRefillBooking } from '../clinic/booking-check.ts';
import { reconcileFirstRefill } from '../clinic/initial-fill.ts';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Implant } from '../clinic/records.ts';
import type { ProgrammerClient } from '../link/programmer-client.ts';
import { toJson } from '../programmer/diff.ts';
import { interrogate, snapshotJson, type Snapshot } from '../programmer/interrogate.ts';
import { reconcileWrites } from '../programmer/reconcile-writes.ts';
import { applyRefill } from '../programmer/refill.ts';
import { planRefill, type RefillPlan } from '../programmer/refill-plan.ts';
import type { LinkClient, WorkflowDeps, WorkflowTarget } from '../programmer/session.ts';
import { applyTitration, planTitration, type TitrationPlan } from '../programmer/titrate.ts';
import { getProfile } from '../pump/profiles.ts';
import { ItbError } from '../therapy/codes.ts';
import type { DrugId } from '../therapy/drug.ts';
import { DRUG_IDS, STRONGEST_CONCENTRATION } from '../therapy/drug-library.ts';
import { prescriptionSchema, prescriptionToJson } from '../therapy/prescription-json.ts';
import { mlToNl, NG_PER_MCG, nanolitres, nlToMl, type NanogramsPerMl } from '../therapy/quantities.ts';
import { parseAs } from '../therapy/units.ts';
import type { AppExtension, RouteDeps } from './app.ts';
import { registerPlanApply } from './plan-apply.ts';
import {
  chainIncreasesInPastWeek,
  chainLastDoseChangeAt,
  chainLowestRecentDose,
  underDeliveryInDoubt,
} from './titration-gate.ts';
import { registerProcedureRoutes, type CatheterKept } from './pump-procedure-routes.ts';
import { registerPumpControlRoutes } from './pump-control-routes.ts';
import type { ControlPlan } from '../programmer/stop-resume.ts';
import type { BolusPlan } from '../programmer/bolus.ts';
import { patientDates } from '../clinic/patient-dates.ts';
import { interruptedSinceOf, notDelivering } from '../clinic/not-delivering.ts';
import { batteryConcern, projectedEos } from '../clinic/battery-concern.ts';
import { forClinician } from '../clinic/source-tags.ts';
import { PumpDirectory, programmerFor, type ClientTuning } from './pump-directory.ts';
import { actorOf, patientParams, type ApiApp } from './routes/common.ts';
import { json, pumpAnswer } from './api-schemas.ts';
import { registerAlarmSettingsRoutes } from './alarm-settings-routes.ts';
import { registerEventLogRoutes } from './event-log-routes.ts';
import { registerPatientBolusRoutes } from './patient-bolus-routes.ts';
import { PUMP_PREFIX, PUMP_RULES } from './pump-rules.ts';
import type { AlarmSettingsPlan } from '../programmer/alarm-settings.ts';
import type { PatientBolusPlan } from '../programmer/patient-bolus.ts';
import type { PrimingPlan } from '../programmer/priming.ts';

const P = PUMP_PREFIX;
/** How long a reviewed plan may wait for its confirmation (the pump may have moved on since). */
export const PLAN_TTL_MS = 15 * 60_000;

/** The plan each kind keeps. */
export interface PlanOf {
  readonly titration: TitrationPlan;
  readonly refill: RefillPlan;
  readonly catheter: CatheterKept;
  readonly control: ControlPlan;
  readonly bolus: BolusPlan;
  readonly alarms: AlarmSettingsPlan;
  readonly priming: PrimingPlan;
  readonly patientBolus: PatientBolusPlan;
}

export type Kept = {
  [K in keyof PlanOf]: { kind: K; patientId: string; implantId: string; plan: PlanOf[K]; expiresAt: number };
}[keyof PlanOf];

/** A kept plan and whether a confirmation of it is being written now. */
type Held = Kept & { inUse: boolean };

const titrationPlanBody = z
  .strictObject({
    /** A new daily dose for a simple-continuous prescription ("450 mcg/day"; a bare number is mcg/day). */
    proposedDose: z.union([z.string().min(1).max(40), z.number().positive()]).optional(),
    /** A whole prescription (any mode, e.g. a flex schedule) in the clinician-facing JSON form. */
    proposed: prescriptionSchema.optional(),
    phase: z.enum(['titration', 'maintenance']).optional(),
    /** The prescriber confirms the systemic CNS depressants were reviewed (opioids, ziconotide: H49). */
    cnsDepressantsReviewed: z.boolean().optional(),
  })
  .refine((b) => (b.proposedDose === undefined) !== (b.proposed === undefined), {
    message: 'give exactly one of proposedDose (a new daily dose) or proposed (a whole prescription)',
  });
const refillPlanBody = z.strictObject({
  measuredResidualMl: z.number().min(0).max(100),
  /** The syringe: volume, concentration and lot. Leave all out to read the pump's contents first. */
  volumeMl: z.number().positive().max(100).optional(),
  concentrationMcgPerMl: z
    .number()
    .positive()
    .max(STRONGEST_CONCENTRATION / NG_PER_MCG)
    .optional(),
  /** The syringe's drug, one of the drug library's ids; the pump's when left out. */
  drug: z.enum(DRUG_IDS as [DrugId, ...DrugId[]]).optional(),
  lot: z.string().min(1).max(64).optional(),
  confirmations: z.strictObject({
    interrogated: z.boolean(),
    portLocated: z.boolean(),
    needleAtStop: z.boolean(),
    residualDrained: z.boolean(),
    noLeak: z.boolean(),
    reservoirPortConfirmed: z.boolean(),
  }),
  explanation: z.string().max(2000).optional(),
});

export interface PumpRoutesOptions {
  readonly directory: PumpDirectory;
  readonly tuning?: ClientTuning;
  /**
   * A client already talking to this implant's pump (the demo's), instead of one made from the stored
   * keys: the pump takes one clinician session at a time, so one process must share one client per pump.
   */
  readonly clientFor?: (implant: Implant) => ProgrammerClient | undefined;
}

/** Interrogates and records the snapshot, with the fields the refill risk board reads (reservoir, ERI). */
export async function interrogateAndRecordForBoard(
  client: LinkClient,
  target: WorkflowTarget,
  deps: Pick<RouteDeps, 'store' | 'now'>,
): Promise<Snapshot> {
  const snapshot = await interrogate(client);
  // A write cut off before its outcome was recorded (a crash) is resolved from the pump's memory first.
  await reconcileWrites(client, snapshot, target, deps);
  await deps.store.recordProgrammingSession(
    {
      patientId: target.patientId,
      implantId: target.implantId,
      at: deps.now(),
      interrogation: {
        workflow: 'interrogate',
        snapshot: toJson(snapshotJson(snapshot)),
        reservoirNl: snapshot.status.reservoir,
        batteryEri: snapshot.status.alarms.includes('eri'),
        batteryPercent: snapshot.status.batteryPercent ?? null,
      },
      diff: [],
    },
    { actor: target.actor },
  );
  return snapshot;
}

/** The proposed prescription: the running one with a new daily dose (simple continuous only). */
function proposedWithDose(snapshot: Snapshot, doseText: string | number): unknown {
  const dose = parseAs(doseText, 'dose-rate', 'mcg/day');
  const current = prescriptionToJson(snapshot.prescription);
  if (current.mode !== 'simple-continuous') {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `the pump runs a ${current.mode} prescription: a single proposed dose applies to simple-continuous only`,
    );
  }
  return { ...current, doseMcgPerDay: dose.ngPerDay / NG_PER_MCG };
}

/** The routes; `directory` says where each pump's link listens. */
export function createPumpExtension(o: PumpRoutesOptions): AppExtension {
  return {
    name: 'pump',
    rules: PUMP_RULES,
    register(fastify, deps) {
      const app = fastify as unknown as ApiApp;
      // Per app instance: plans, one client per implant, and the per-pump queue.
      const plans = new Map<string, Held>();
      // Plans written, kept as long as a plan is: a confirmation sent again after the write (a reload
      // during it, a retry) is told it was written, never "no plan: plan again" — a second refill.
      const written = new Map<
        string,
        { kind: Kept['kind']; patientId: string; at: number; expiresAt: number }
      >();
      const clients = new Map<string, Promise<ProgrammerClient>>();
      const queues = new Map<string, Promise<unknown>>();

      const keep = (k: Omit<Kept, 'expiresAt'>): string => {
        const now = deps.now();
        for (const [id, v] of plans) if (v.expiresAt <= now) plans.delete(id);
        for (const [id, v] of written) if (v.expiresAt <= now) written.delete(id);
        const id = randomUUID();
        plans.set(id, { ...k, expiresAt: now + PLAN_TTL_MS, inUse: false } as Held);
        return id;
      };
      // Claimed before anything else is awaited: a second confirmation of the same plan sent while the
      // first is queued or writing (a double click, a retried request) is refused, never written again.
      const confirmKept = async <K extends Kept['kind'], T>(
        id: string,
        kind: K,
        patientId: string,
        write: (kept: Extract<Kept, { kind: K }>) => Promise<T>,
      ): Promise<T> => {
        const k = plans.get(id);
        const w = written.get(id);
        if (k === undefined && w !== undefined && w.kind === kind && w.patientId === patientId) {
          throw new ItbError(
            'ITB_E_PLAN_APPLIED',
            `${kind} plan ${id} was already confirmed at ${clinicInstantText(w.at)} and written: it is written once. ` +
              `Read its outcome in the patient's record; do not ${kind === 'refill' ? 'refill' : 'send it'} again`,
          );
        }
        if (k === undefined || k.kind !== kind || k.patientId !== patientId || k.expiresAt <= deps.now()) {
          throw new ItbError(
            'ITB_E_CLINIC_NOT_FOUND',
            `no ${kind} plan ${id} for this patient (plans expire after 15 minutes): plan again`,
          );
        }
        if (k.inUse) {
          throw new ItbError(
            'ITB_E_PLAN_IN_USE',
            `${kind} plan ${id} is being confirmed by another request: it is written once; see its outcome`,
          );
        }
        k.inUse = true;
        let out: T;
        try {
          out = await write(k as Kept as Extract<Kept, { kind: K }>);
        } catch (e) {
          k.inUse = false; // refused or failed: the plan stays for a corrected confirmation, as before
          throw e;
        }
        plans.delete(id);
        written.set(id, { kind, patientId, at: deps.now(), expiresAt: deps.now() + PLAN_TTL_MS });
        return out;
      };

      const flagLateBooking = (patientId: string, actor: string) =>
        checkRefillBooking(deps.store, patientId, { actor }, deps.now());
      const withPump = async <T>(
        patientId: string,
        actor: string,
        fn: (c: {
          client: ProgrammerClient;
          target: WorkflowTarget;
          implant: Implant;
          wf: WorkflowDeps;
        }) => Promise<T>,
        implantId?: string,
      ): Promise<T> => {
        const ctx = { actor };
        const implants = await deps.store.listImplants(patientId, ctx);
        const explants = await deps.store.listExplants(patientId, ctx);
        // Without a named implant, the pump in use (clinic/implant-in-use.ts), never one that was removed.
        const implant =
          implantId === undefined
            ? implantInUse(implants, explants)
            : implants.find((i) => i.id === implantId);
        if (implant === undefined) {
          throw new ItbError(
            'ITB_E_CLINIC_NOT_FOUND',
            implants.length === 0
              ? 'this patient has no implant on record'
              : 'this patient has no pump in place',
          );
        }
        // A named pump (a plan kept before) that was removed since is not in the patient: nothing acts on it.
        const removed = explants.find((e) => e.implantId === implant.id);
        if (removed !== undefined) {
          throw new ItbError(
            'ITB_E_CLINIC_REFERENCE',
            `pump ${implant.pumpSerial} was removed on ${clinicDayText(removed.at)}: it is not in the patient`,
          );
        }
        const client = await clientOf(implant, ctx);
        // One workflow at a time per pump: a second programmer request waits for the first.
        const previous = queues.get(implant.id) ?? Promise.resolve();
        // Whatever the workflow recorded (a write, or only the interrogation of a refused plan) can move
        // refill-by: the open refill booking is re-checked after it, done or refused (booking-check.ts).
        const run = previous.then(() =>
          fn({
            client,
            target: { patientId, implantId: implant.id, actor },
            implant,
            wf: { client, store: deps.store, now: deps.now },
          }).then(
            async (out) => {
              await flagLateBooking(patientId, actor);
              return out;
            },
            async (e: unknown) => {
              // The refusal is the answer; a failed re-check must not replace it (the board row still
              // says a late booking from the records: risk-board.ts).
              await flagLateBooking(patientId, actor).catch(() => undefined);
              throw e;
            },
          ),
        );
        queues.set(
          implant.id,
          run.then(
            () => undefined,
            () => undefined,
          ),
        );
        return run;
      };

      // One client (one link session, reopened as needed) per implant: the pump accepts one clinician
      // session at a time, so a session per request would wait for the last one to time out. The client is
      // promised before its keys are read: two requests arriving together (two tabs) share it. Before, each
      // made its own, the second's handshake met the first's open session, and both tabs hung.
      const clientOf = (implant: Implant, ctx: { actor: string }): Promise<ProgrammerClient> => {
        const cached = clients.get(implant.id);
        if (cached !== undefined) return cached;
        const given = o.clientFor?.(implant);
        if (given !== undefined) return Promise.resolve(given);
        const made = deps.store
          .getImplantKeys(implant.id, ctx)
          .then((keys) => programmerFor(keys, o.directory.lookup(implant.pumpSerial), o.tuning));
        clients.set(implant.id, made);
        made.catch(() => clients.delete(implant.id));
        return made;
      };
      fastify.addHook('onClose', async () => {
        // (clients from `clientFor` stay their owner's)
        for (const c of await Promise.allSettled(clients.values())) {
          if (c.status === 'fulfilled') c.value.close();
        }
        clients.clear();
      });

      const h: Helpers = { keep, confirmKept, withPump };
      registerRoutes(app, deps, h);
      registerProcedureRoutes(app, deps, P, h);
      registerPumpControlRoutes(app, deps, P, h);
      registerAlarmSettingsRoutes(app, P, h);
      registerPatientBolusRoutes(app, P, h);
      registerEventLogRoutes(app, P, h);
    },
  };
}

export interface Helpers {
  keep(k: Omit<Kept, 'expiresAt'>): string;
  /**
   * Confirms the kept plan `id` of this kind and patient: runs `write` with it and drops it once written,
   * so a plan is written at most once. A second confirmation while one runs is refused (ITB_E_PLAN_IN_USE);
   * a confirmation that fails hands the plan back (a missing justification can be added and confirmed).
   */
  confirmKept<K extends Kept['kind'], T>(
    id: string,
    kind: K,
    patientId: string,
    write: (kept: Extract<Kept, { kind: K }>) => Promise<T>,
  ): Promise<T>;
  withPump<T>(
    patientId: string,
    actor: string,
    fn: (c: {
      client: ProgrammerClient;
      target: WorkflowTarget;
      implant: Implant;
      wf: WorkflowDeps;
    }) => Promise<T>,
    implantId?: string,
  ): Promise<T>;
}

function registerRoutes(app: ApiApp, deps: RouteDeps, h: Helpers): void {
  const tags = ['pump'];
  app.post(
    `${P}/interrogate`,
    {
      schema: {
        response: { 200: json(pumpAnswer, 'What the pump reported, recorded') },
        tags,
        summary: 'Interrogate the pump over the link and record the snapshot',
        params: patientParams,
      },
    },
    async (req) => {
      const { actor } = actorOf(req);
      return h.withPump(req.params.patientId, actor, async ({ client, target }) => ({
        snapshot: toJson(snapshotJson(await interrogateAndRecordForBoard(client, target, deps))),
      }));
    },
  );

  registerPlanApply(app, h, {
    prefix: P,
    path: 'titration',
    kind: 'titration',
    plan: {
      summary:
        'Interrogate, then review a proposed daily dose or prescription (e.g. a flex schedule) against the ' +
        'guardrails (nothing is sent)',
      body: titrationPlanBody,
      answer: 'The reviewed plan (nothing was sent)',
      check: ({ proposedDose }) => {
        if (proposedDose !== undefined) parseAs(proposedDose, 'dose-rate', 'mcg/day');
      },
      make: async ({
        patientId,
        actor,
        body: { proposed, proposedDose, phase, cnsDepressantsReviewed },
        pump: { client, target, implant },
      }) => {
        const snapshot = await interrogateAndRecordForBoard(client, target, deps);
        const ctx = { actor };
        const chain = await deps.store.prescriptionChain(patientId, ctx);
        const minimumRateFlow = getProfile(implant.deviceProfileId).minimumRateFlow.value;
        // A titration keeps the pump's drug (a drug change is a refill): its escalation watch applies.
        const lowestRecentDose = chainLowestRecentDose(
          chain,
          snapshot.prescription,
          deps.now(),
          minimumRateFlow,
        );
        const lastDoseChangeAt = chainLastDoseChangeAt(chain, minimumRateFlow);
        // Since when no drug reached the patient: a pump that runs no programme is checked from it
        // (not-running.ts); a pump running its programme needs no dates read.
        const stoppedFor =
          snapshot.prescription.mode === 'stopped'
            ? notDelivering(await patientDates(deps.store, patientId, ctx, deps.now()))
            : null;
        const interruptedSince = interruptedSinceOf(stoppedFor);
        const plan = planTitration({
          snapshot,
          proposed: proposed ?? proposedWithDose(snapshot, proposedDose ?? ''),
          patient: await deps.store.getPatient(patientId, ctx),
          head: await deps.store.currentPrescription(patientId, ctx),
          phase: phase ?? 'maintenance',
          now: deps.now(),
          minimumRateFlow,
          profile: getProfile(implant.deviceProfileId),
          increasesInPastWeek: chainIncreasesInPastWeek(chain, deps.now(), minimumRateFlow),
          ...(lastDoseChangeAt === undefined ? {} : { lastDoseChangeAt }),
          underDeliverySuspected: underDeliveryInDoubt(await deps.store.listRefills(patientId, ctx)),
          ...(lowestRecentDose === undefined ? {} : { lowestRecentDose }),
          cnsDepressantsReviewed: cnsDepressantsReviewed === true,
          ...(interruptedSince === undefined ? {} : { interruptedSince }),
        });
        return { plan, answer: { review: plan.review, guardrail: plan.guardrail } };
      },
    },
    apply: {
      summary: 'Write a reviewed titration plan (compare-and-set), read it back and record it',
      answer: 'Written, read back and recorded',
      run: applyTitration,
    },
  });

  registerPlanApply(app, h, {
    prefix: P,
    path: 'refill',
    kind: 'refill',
    plan: {
      summary: 'Interrogate, then walk the refill critical actions in order (nothing is sent)',
      body: refillPlanBody,
      answer: 'The refill plan (nothing was sent)',
      make: async ({ patientId, actor, body: b, pump: { client, target, implant } }) => {
        const c = b.confirmations;
        const snapshot = await interrogateAndRecordForBoard(client, target, deps);
        const profile = getProfile(implant.deviceProfileId);
        const dates = await patientDates(deps.store, patientId, { actor }, deps.now());
        // A pump at ERI: the clinic's battery statement, with its one projected EOS (battery-concern.ts).
        const battery = snapshot.status.alarms.includes('eri')
          ? batteryConcern(
              dates,
              await projectedEos(deps.store, patientId, { actor }, deps.now()),
              'this refill',
              deps.now(),
            )
          : null;
        const { volumeMl, concentrationMcgPerMl, lot } = b;
        const fill =
          volumeMl === undefined || concentrationMcgPerMl === undefined || lot === undefined
            ? undefined
            : {
                drug: b.drug ?? snapshot.status.drug ?? 'baclofen',
                concentration: (concentrationMcgPerMl * NG_PER_MCG) as NanogramsPerMl,
                volume: mlToNl(volumeMl),
                lot,
              };
        // The first refill after the initial fill recorded with the implant is reconciled against it too.
        const implantRefills = (await deps.store.listRefills(patientId, { actor })).filter(
          (r) => r.implantId === implant.id,
        ).length;
        const firstRefill = implantRefills === 0;
        const initialFill = implant.initialFill ?? null;
        const recordReasons =
          firstRefill && initialFill !== null && c.residualDrained
            ? reconcileFirstRefill(initialFill, profile.reservoir.value, {
                expectedResidualNl: snapshot.status.reservoir,
                measuredResidualNl: mlToNl(b.measuredResidualMl),
              })
            : [];
        const plan = planRefill({
          snapshot,
          profile,
          recordReasons,
          catheterVolume: nanolitres(implant.catheter.volumeNl),
          head: await deps.store.currentPrescription(patientId, { actor }),
          recordedRefills: implantRefills,
          now: deps.now(),
          fillPortLocated: c.portLocated,
          needleAtStop: c.needleAtStop,
          ...(c.residualDrained ? { measuredResidual: mlToNl(b.measuredResidualMl) } : {}),
          ...(b.explanation === undefined ? {} : { explanation: b.explanation }),
          noLeak: c.noLeak,
          ...(fill === undefined ? {} : { fill }),
          reservoirPortConfirmed: c.reservoirPortConfirmed,
          ...(dates.emptySince === null ? {} : { interruptedSince: dates.emptySince }),
          battery,
          // No initial fill and no refill on record for this implant: this fill is its first
          // (first-fill refill limits); after a recorded initial fill, the first refill is the second fill.
          newPump: initialFill === null && firstRefill,
        });
        return {
          plan,
          answer: {
            // What the pump holds: the wizard pre-fills the syringe from it, never from a default.
            pump: {
              drug: snapshot.status.drug ?? null,
              concentrationMcgPerMl: snapshot.status.concentration / NG_PER_MCG,
              reservoirMl: nlToMl(snapshot.status.reservoir),
              capacityMl: nlToMl(profile.reservoir.value),
            },
            next: plan.next,
            steps: plan.steps.map((st) => ({ ...st, reasons: st.reasons.map(forClinician) })),
            stopped: plan.stopped,
            reconciliation: plan.reconciliation,
            bridge: plan.bridge,
            projection: plan.projection,
            bookAt: plan.bookAt,
            diff: plan.diff,
            guardrail: { ...plan.guardrail, reasons: plan.guardrail.reasons.map(forClinician) },
          },
        };
      },
    },
    apply: {
      summary: 'Update the pump after a completed refill checklist, record the refill and book the next',
      answer: 'Written, read back and recorded',
      run: applyRefill,
    },
  });
}

/** The directory `itb serve` uses (empty unless something registers pumps in it). */
export const sharedPumpDirectory = new PumpDirectory();

/** The pump routes on {@link sharedPumpDirectory}, mounted by default. */
export const pumpExtension: AppExtension = createPumpExtension({ directory: sharedPumpDirectory });
