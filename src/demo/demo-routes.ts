/**
 * The demo's own routes: `POST /api/v1/demo/faults { patientId, catheter }` injects a catheter fault into a
 * demo patient's world; `POST /api/v1/demo/clock { advanceHours }` fast-forwards the demo world (every pump
 * runs up to the new instant: delivery, alarms, battery; worlds and bodies follow), and
 * `POST /api/v1/demo/pairing { serial }` pairs a new demo pump (src/demo/demo-implants.ts),
 * `POST /api/v1/demo/battery { patientId }` ages a pump's battery to its elective replacement indicator, and
 * `GET /api/v1/demo/status` shows what the virtual pumps, their worlds (true reservoir, delivery error,
 * catheter) and the bodies are doing — the omniscient view no real clinic has (the clinic's records only
 * know what was interrogated).
 */
import { z } from 'zod';
import { basalFlow } from '../pump/flows.ts';
import { json, objectSchema } from '../server/api-schemas.ts';
import type { AppExtension } from '../server/app.ts';
import type { ApiApp } from '../server/routes/common.ts';
import { MS_PER_HOUR, NG_PER_MCG, NL_PER_ML } from '../therapy/quantities.ts';
import { PPM } from '../world/params.ts';
import { ItbError } from '../therapy/codes.ts';
import type { LinkKeys } from '../clinic/records.ts';
import type { DemoClock } from './clock.ts';
import { DEMO_WORLD_ROLES } from './demo-roles.ts';
import { catheterDrugNg, catheterTransitMs } from './demo-world.ts';
import { forward, type SeededPatient } from './seed.ts';
import { BODY_MODEL_DRUG } from '../body/model-drug.ts';

const demoStatus = objectSchema('DemoStatus', 'The demo clock and every virtual pump', {
  now: z.number(),
  nowIso: z.string(),
  pumps: z.array(z.looseObject({})),
});

/** The longest single jump (a year): enough for any refill interval, bounded so a request stays short. */
export const MAX_ADVANCE_HOURS = 24 * 366;

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

const ml = (nl: number) => round(nl / NL_PER_ML, 3);

/** Why a pump's patient has no body state: the virtual body models baclofen only. */
export const BODY_NOT_MODELLED = `the virtual body models intrathecal ${BODY_MODEL_DRUG} only: no tone, sedation or withdrawal is simulated for this patient's drug (the pump and its reservoir are)`;

function pumpStatus(p: SeededPatient) {
  const body = p.pump.observe();
  const s = p.pump.server.state.pump;
  const w = p.pump.world;
  const rx = s.prescription;
  const flow = basalFlow(s).flow;
  const transit = catheterTransitMs(w, flow);
  const refill = p.pump.refills.at(-1);
  return {
    serial: p.pump.serial,
    patientId: p.patient.id,
    name: p.patient.name,
    story: p.cast.story,
    link: `${p.pump.listener.host}:${p.pump.listener.port}`,
    pumpTime: new Date(s.clock).toISOString(),
    /** What the pump calculates it holds. */
    reservoirMl: ml(s.reservoir.volume),
    /** What the world's reservoir really holds (it drifts from the calculated volume by the delivery error). */
    trueReservoirMl: ml(w.reservoir.volume),
    deliveryErrorPercent: round((w.deliveryErrorPpm / PPM) * 100, 3),
    catheter: {
      volumeMl: ml(w.catheter.volume),
      drugMcg: round(catheterDrugNg(w) / NG_PER_MCG, 3),
      /** Time for drug leaving the pump now to reach the tip; null when the pump is not pumping. */
      transitHours: transit === null ? null : round(transit / MS_PER_HOUR),
    },
    lastRefill:
      refill === undefined
        ? null
        : {
            at: new Date(refill.at).toISOString(),
            volumeAddedMl: ml(refill.volumeAdded),
            measuredResidualMl: refill.measured === null ? null : ml(refill.measured),
            trueResidualMl: ml(refill.residual.volume),
          },
    mode: rx.mode,
    /** The continuous daily dose; null for other modes (a flex schedule's rate changes over the day). */
    doseMcgPerDay: rx.mode === 'simple-continuous' ? rx.dose / NG_PER_MCG : null,
    /** The flow the pump commands now (its minimum flow once it counts itself empty). */
    flowMlPerDay: round(flow / NL_PER_ML, 6),
    alarms: s.alarms.map((a) => ({ type: a.type, since: new Date(a.since).toISOString() })),
    batteryEri: (s.battery?.eriAt ?? null) !== null,
    /** The drug in the pump now. */
    drug: rx.mode === 'stopped' ? null : rx.drug.drug,
    /** The virtual body's state; null (with `bodyNotModelled` saying why) for a drug it does not model. */
    body:
      body === null
        ? null
        : {
            mas: body.mas,
            masContinuous: round(body.masContinuous),
            sedation: round(body.sedation, 3),
            withdrawalStage: body.withdrawalStage,
            overdoseStage: body.overdoseStage,
            csfSpinalMcgPerMl: round(body.csf.spinal, 4),
          },
    bodyNotModelled: body === null ? BODY_NOT_MODELLED : null,
  };
}

const pairing = objectSchema('DemoPairing', 'A new demo pump paired: its serial and the pairing JSON', {
  serial: z.string(),
  linkKeys: z.record(z.string(), z.unknown()),
});

export function demoExtension(o: {
  clock: DemoClock;
  /** The patients with a virtual pump in place, read at each request (implants add to it). */
  patients: readonly SeededPatient[];
  /** Pairs a new demo pump (src/demo/demo-implants.ts). */
  pair: (serial: string) => LinkKeys;
}): AppExtension {
  const pumpOf = (patientId: string) => {
    const p = o.patients.find((x) => x.patient.id === patientId);
    if (p === undefined) throw new ItbError('ITB_E_CLINIC_NOT_FOUND', 'no demo pump for this patient');
    return p;
  };
  return {
    name: 'demo',
    rules: {
      'POST /api/v1/demo/clock': { roles: DEMO_WORLD_ROLES },
      'GET /api/v1/demo/status': { roles: ['admin', 'physician', 'nurse', 'viewer'] },
      'POST /api/v1/demo/faults': { roles: DEMO_WORLD_ROLES },
      'POST /api/v1/demo/pairing': { roles: ['physician'] },
      'POST /api/v1/demo/battery': { roles: DEMO_WORLD_ROLES },
    },
    register(fastify) {
      const app = fastify as unknown as ApiApp;
      const status = () => {
        const now = o.clock.now();
        return {
          now,
          nowIso: new Date(now).toISOString(),
          timeScale: o.clock.timeScale,
          pumps: o.patients.map(pumpStatus),
        };
      };
      app.post(
        '/api/v1/demo/clock',
        {
          schema: {
            tags: ['demo'],
            summary: 'Fast-forward the demo world: every pump (and body) runs up to the new instant',
            response: { 200: json(demoStatus, 'The demo world after the jump') },
            body: z.strictObject({ advanceHours: z.number().positive().max(MAX_ADVANCE_HOURS) }),
          },
        },
        async (req) => {
          await forward(o.patients, o.clock, o.clock.now() + Math.round(req.body.advanceHours * MS_PER_HOUR));
          return status();
        },
      );
      app.post(
        '/api/v1/demo/faults',
        {
          schema: {
            tags: ['demo'],
            summary:
              'Inject a catheter fault into a demo patient’s world now (demo only): for practising troubleshooting',
            response: { 200: json(demoStatus, 'The demo world with the fault in place') },
            body: z.strictObject({
              patientId: z.string().min(1).max(100),
              catheter: z.enum(['disconnected', 'occluded']),
            }),
          },
        },
        async (req) => {
          pumpOf(req.body.patientId).pump.injectCatheter({ kind: req.body.catheter });
          return Promise.resolve(status());
        },
      );
      app.post(
        '/api/v1/demo/pairing',
        {
          schema: {
            tags: ['demo'],
            summary:
              'Pair a new demo pump (demo only): its link keys for the implant record; recording the implant with them and an initial fill starts the pump',
            response: { 201: json(pairing, 'The pairing JSON as the programmer shows it') },
            body: z.strictObject({ serial: z.string().trim().min(1).max(64) }),
          },
        },
        async (req, reply) =>
          reply.status(201).send({ serial: req.body.serial, linkKeys: o.pair(req.body.serial) }),
      );
      app.post(
        '/api/v1/demo/battery',
        {
          schema: {
            tags: ['demo'],
            summary:
              'Age a demo patient’s pump battery to its elective replacement indicator now (demo only): for practising a replacement',
            response: { 200: json(demoStatus, 'The demo world with the battery at ERI') },
            body: z.strictObject({ patientId: z.string().min(1).max(100) }),
          },
        },
        async (req) => {
          pumpOf(req.body.patientId).pump.ageBatteryToEri();
          return Promise.resolve(status());
        },
      );
      app.get(
        '/api/v1/demo/status',
        {
          schema: {
            tags: ['demo'],
            summary: 'The virtual pumps and bodies now (demo only)',
            response: { 200: json(demoStatus, 'The demo world now') },
          },
        },
        async () => Promise.resolve(status()),
      );
    },
  };
}
