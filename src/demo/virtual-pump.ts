/**
 * One demo patient's implant: a virtual pump (src/pump) on the real telemetry link over TCP on loopback
 * (PumpServer + listenTcp, keys provisioned like `itb pump serve`), and a virtual body (src/body) fed with
 * what the pump delivers. Simplification (demo only): drug leaving the pump reaches the catheter tip at
 * once — the world model's catheter transit (src/world, coupled in src/sim) is not run here, so the body is
 * a display of the pump's delivery, not a simulation study.
 */
import { advance, createBody, observe, type Body, type InfusionSegment } from '../body/index.ts';
import { nthPatient } from '../body/population.ts';
import { nodeCrypto, nodeEntropy } from '../link/crypto-node.ts';
import { provisionImplant, responderConfigFrom, type ImplantKeys } from '../link/keys.ts';
import { PumpServer } from '../link/pump-server.ts';
import { listenTcp, type TcpListener } from '../link/tcp-transport.ts';
import { createPump } from '../pump/controller.ts';
import { getProfile } from '../pump/profiles.ts';
import type { StepOutputs } from '../pump/draft.ts';
import { populationOf } from '../therapy/drug-library.ts';
import {
  epochMs,
  mcgPerDay,
  mcgPerMl,
  MS_PER_DAY,
  mlToNl,
  NG_PER_MCG,
  NL_PER_ML,
} from '../therapy/quantities.ts';
import type { DemoPatient } from './cast.ts';
import type { DemoClock } from './clock.ts';

/** How much of the 20 mL reservoir the demo fills (never overfill: DOMAIN.md §3). */
export const DEMO_FILL_ML = 18;

export interface VirtualPump {
  readonly serial: string;
  readonly keys: ImplantKeys;
  readonly server: PumpServer;
  readonly listener: TcpListener;
  readonly cast: DemoPatient;
  /** The body brought up to the clock, and what it shows now. */
  observe(): ReturnType<typeof observe>;
  close(): Promise<void>;
}

/** Starts one pump on loopback, filled and programmed at implant `at`. */
export async function startVirtualPump(
  cast: DemoPatient,
  clock: DemoClock,
  at: number,
  options: { batteryStart?: number; seed?: number } = {},
): Promise<VirtualPump> {
  const serial = `DEMO-${String(cast.n).padStart(4, '0')}`;
  const keys = provisionImplant(
    nodeCrypto,
    { pump: nodeEntropy(32), clinician: nodeEntropy(32), patient: nodeEntropy(32) },
    { pump: serial, clinician: `${serial} clinician programmer`, patient: `${serial} patient controller` },
  );
  const drug = { drug: 'baclofen' as const, concentration: mcgPerMl(cast.concentrationMcgPerMl) };
  const pump = createPump({
    profile: getProfile('peristaltic-20'),
    serial,
    now: epochMs(at),
    ...(options.batteryStart === undefined ? {} : { batteryStart: epochMs(options.batteryStart) }),
    fill: { ...drug, volume: mlToNl(DEMO_FILL_ML) },
    prescription: { mode: 'simple-continuous', drug, dose: mcgPerDay(cast.doseMcg) },
  });
  let body: Body = createBody(
    nthPatient(
      options.seed ?? 2026,
      cast.n,
      populationOf(cast.etiology, cast.ageBand === 'under-12' ? 11 : undefined),
    ),
    epochMs(at),
  );
  let pending: InfusionSegment[] = [];
  const onOutputs = (out: StepOutputs) => {
    for (const s of out.segments) {
      if (s.end <= s.start) continue;
      const ng = (s.volume * s.concentration) / NL_PER_ML;
      const ngPerDay = (ng * MS_PER_DAY) / (s.end - s.start);
      const last = pending.at(-1);
      // Merge runs at the same rate: the body solves once per stretch, not once per stroke.
      if (
        last !== undefined &&
        last.end === s.start &&
        Math.abs(last.ngPerDay - ngPerDay) < 1e-6 * ngPerDay
      ) {
        pending[pending.length - 1] = { ...last, end: s.end };
      } else pending.push({ start: s.start, end: s.end, ngPerDay });
    }
  };
  const server = new PumpServer({
    ctx: { config: responderConfigFrom(nodeCrypto, keys.pump), crypto: nodeCrypto },
    pump,
    clock,
    onOutputs,
  });
  const listener = await listenTcp({ port: 0, host: '127.0.0.1', onConnection: (t) => server.attach(t) });
  return {
    serial,
    keys,
    server,
    listener,
    cast,
    observe() {
      server.tick(); // the pump delivers up to now, so its segments reach the body
      const to = Math.max(body.now, clock.now());
      const segments = pending
        .filter((s) => s.end > body.now)
        .map((s) => ({ ...s, start: Math.max(s.start, body.now) as typeof s.start }));
      pending = [];
      body = advance(body, { segments: segments.filter((s) => s.end <= to) }, epochMs(to));
      return observe(body);
    },
    async close() {
      server.stop();
      await listener.close();
    },
  };
}

/** mcg/day of a delivered segment list, for the status view. */
export const toMcg = (ng: number): number => Math.round((ng / NG_PER_MCG) * 100) / 100;
