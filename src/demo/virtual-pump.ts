/**
 * One demo patient's implant: a virtual pump (src/pump) on the real telemetry link over TCP on loopback
 * (PumpServer + listenTcp, keys provisioned like `itb pump serve`), the physical world around it (src/world:
 * true reservoir, delivery error, catheter transit) and a virtual body (src/body). What the pump commands
 * and the refills it accepts go through the world; the body receives what the world delivers at the
 * catheter tip, converted as `itb sim` does (src/sim/couple.ts).
 */
import {
  advance,
  bodyModels,
  createBody,
  observe,
  type Body,
  type InfusionSegment,
  type LumbarBolus,
} from '../body/index.ts';
import { nthPatient } from '../body/population.ts';
import { nodeCrypto, nodeEntropy } from '../link/crypto-node.ts';
import {
  initiatorConfigFrom,
  provisionImplant,
  responderConfigFrom,
  type ImplantKeys,
} from '../link/keys.ts';
import { ProgrammerClient } from '../link/programmer-client.ts';
import { PumpServer } from '../link/pump-server.ts';
import { connectTcp, listenTcp, type TcpListener } from '../link/tcp-transport.ts';
import { createPump } from '../pump/controller.ts';
import { getProfile } from '../pump/profiles.ts';
import type { StepOutputs } from '../pump/draft.ts';
import type { PumpState } from '../pump/state.ts';
import { ItbError } from '../therapy/codes.ts';
import { bodyInputs, SYSTEMIC_CSF_FRACTION } from '../sim/couple.ts';
import { rulesAgeOf } from '../clinic/patient-age.ts';
import { populationOf } from '../therapy/drug-library.ts';
import type { DrugId } from '../therapy/drug.ts';
import {
  epochMs,
  mcgPerDay,
  mcgPerMl,
  mlToNl,
  MS_PER_MINUTE,
  type Nanolitres,
  type NanogramsPerMl,
} from '../therapy/quantities.ts';
import { advanceWorld, setCatheter, type CatheterState, type World } from '../world/index.ts';
import { demoDrug, type DemoPatient } from './cast.ts';
import type { DemoClock } from './clock.ts';
import { createDemoWorld, feedWorld, type DemoRefill } from './demo-world.ts';

/** How much of the 20 mL reservoir the demo fills (never overfill: docs/clinical-reference.md §3). */
export const DEMO_FILL_ML = 18;

/** Seed of the demo's virtual bodies and worlds (each patient draws from it by number). */
export const DEMO_SEED = 2026;

/**
 * A pump implanted from the clinic's records (src/demo/demo-implants.ts): the serial and keys paired at
 * the implant, the initial fill recorded with it and the catheter volume computed for it. The pump starts
 * stopped, as it leaves surgery before its first programme is sent.
 */
export interface RecordedImplant {
  readonly serial: string;
  readonly keys: ImplantKeys;
  readonly fill: {
    readonly drug: DrugId;
    readonly concentration: NanogramsPerMl;
    readonly volume: Nanolitres;
  };
  readonly catheterVolume: Nanolitres;
}

export interface VirtualPump {
  readonly serial: string;
  readonly keys: ImplantKeys;
  /** The pump's link endpoint now (a new one after {@link VirtualPump.ageBatteryToEri}). */
  readonly server: PumpServer;
  readonly listener: TcpListener;
  readonly cast: DemoPatient;
  /**
   * The body brought up to the clock, and what it shows now; null when the pump holds a drug the virtual
   * body does not model (src/body models intrathecal baclofen only): the pump and world run, no effect.
   */
  observe(): ReturnType<typeof observe> | null;
  /** The world as far as the pump has run (tick the server first to bring it up to the clock). */
  readonly world: World;
  /** The refills the world followed, oldest first. */
  readonly refills: readonly DemoRefill[];
  /** Fault injection: the catheter becomes `state` now (the world's own setCatheter, src/world/world.ts). */
  injectCatheter(state: CatheterState): void;
  /**
   * Demo only: the battery is aged so that its elective replacement indicator (ERI) falls now — born its
   * maximum life less the ERI lead (and a minute) ago. The pump restarts from its own state with that
   * age on the same link address; link sessions start afresh, delivery, world and body go on.
   */
  ageBatteryToEri(): void;
  close(): Promise<void>;
}

/** Starts one pump on loopback, filled and programmed at implant `at`. */
export async function startVirtualPump(
  cast: DemoPatient,
  clock: DemoClock,
  at: number,
  options: { batteryStart?: number; seed?: number; implant?: RecordedImplant } = {},
): Promise<VirtualPump> {
  const recorded = options.implant;
  const serial = recorded?.serial ?? `DEMO-${String(cast.n).padStart(4, '0')}`;
  const keys = recorded?.keys ?? provisionDemoKeys(serial);
  const drug = {
    drug: recorded?.fill.drug ?? demoDrug(cast),
    concentration: recorded?.fill.concentration ?? mcgPerMl(cast.concentrationMcgPerMl),
  };
  const fill = { ...drug, volume: recorded?.fill.volume ?? mlToNl(DEMO_FILL_ML) };
  const profile = getProfile('peristaltic-20');
  const pump = createPump({
    profile,
    serial,
    now: epochMs(at),
    ...(options.batteryStart === undefined ? {} : { batteryStart: epochMs(options.batteryStart) }),
    fill,
    ...(recorded === undefined
      ? { prescription: { mode: 'simple-continuous', drug, dose: mcgPerDay(cast.doseMcg) } as const }
      : { catheterVolume: recorded.catheterVolume }),
  });
  const seed = options.seed ?? DEMO_SEED;
  // Only baclofen has a body model: for another drug the pump and its world run and nothing is dosed.
  let body: Body | null = bodyModels(drug.drug)
    ? createBody(nthPatient(seed, cast.n, populationOf(cast.etiology, rulesAgeOf(cast, at))), epochMs(at))
    : null;
  let world = createDemoWorld(cast.n, seed, fill, epochMs(at), recorded?.catheterVolume);
  const refills: DemoRefill[] = [];
  let pending: InfusionSegment[] = [];
  let boluses: LumbarBolus[] = [];
  const onOutputs = (out: StepOutputs) => {
    const fed = feedWorld(world, out);
    world = fed.world;
    refills.push(...fed.refills);
    if (body === null) return;
    const inputs = bodyInputs(fed.arrivals, SYSTEMIC_CSF_FRACTION.value);
    boluses.push(...inputs.boluses);
    for (const s of inputs.segments) {
      const last = pending.at(-1);
      // Merge runs at the same rate: the body solves once per stretch, not once per stroke.
      if (
        last !== undefined &&
        last.end === s.start &&
        Math.abs(last.ngPerDay - s.ngPerDay) < 1e-6 * s.ngPerDay
      ) {
        pending[pending.length - 1] = { ...last, end: s.end };
      } else pending.push(s);
    }
  };
  const serverFor = (state: PumpState) =>
    new PumpServer({
      ctx: { config: responderConfigFrom(nodeCrypto, keys.pump), crypto: nodeCrypto },
      pump: state,
      clock,
      onOutputs,
    });
  let server = serverFor(pump);
  const listener = await listenTcp({
    port: 0,
    host: '127.0.0.1',
    onConnection: (t) => server.attach(t),
    authenticated: (t) => server.holdsSessionOrHandshake(t),
  });
  return {
    serial,
    keys,
    get server() {
      return server;
    },
    listener,
    cast,
    get world() {
      return world;
    },
    refills,
    injectCatheter(state) {
      server.tick(); // the world is brought up to the clock first, so the fault starts now, not in the past
      world = setCatheter(world, state, epochMs(Math.max(world.now, server.state.pump.clock)));
    },
    observe() {
      server.tick(); // the pump delivers up to now, so what it pumps reaches the world and the body
      // The world follows the pump's clock, never past it: the pump's next segment starts there.
      const w = advanceWorld(world, epochMs(Math.max(world.now, server.state.pump.clock)));
      world = w.world;
      const was = body;
      if (was === null) return null;
      const inputs = bodyInputs(w.arrivals, SYSTEMIC_CSF_FRACTION.value);
      pending.push(...inputs.segments);
      boluses.push(...inputs.boluses);
      const to = Math.max(was.now, world.now);
      const segments = pending
        .filter((s) => s.end > was.now)
        .map((s) => ({ ...s, start: Math.max(s.start, was.now) as typeof s.start }));
      pending = [];
      // Deposits at exactly `to` belong to the next stretch (the body's intervals are half-open).
      const due = boluses.filter((b) => b.at < to);
      boluses = boluses.filter((b) => b.at >= to);
      body = advance(was, { segments, boluses: due }, epochMs(to));
      return observe(body);
    },
    ageBatteryToEri() {
      server.tick();
      const state = server.state.pump;
      const battery = profile.battery;
      if (battery === undefined)
        throw new ItbError('ITB_E_INVALID_INPUT', `pump ${serial} has no battery to age`);
      server.stop();
      const bornAt = state.clock - battery.maxLife.value + battery.eriLeadTime.value - MS_PER_MINUTE;
      server = serverFor({ ...state, bornAt: epochMs(Math.min(state.bornAt, bornAt)) });
      server.tick();
    },
    async close() {
      server.stop();
      await listener.close();
    },
  };
}

/** A new pump's link keys, provisioned as `itb pump serve` does (the demo's pairing). */
export function provisionDemoKeys(serial: string): ImplantKeys {
  return provisionImplant(
    nodeCrypto,
    { pump: nodeEntropy(32), clinician: nodeEntropy(32), patient: nodeEntropy(32) },
    { pump: serial, clinician: `${serial} clinician programmer`, patient: `${serial} patient controller` },
  );
}

/** A clinician programmer for `pump` over its loopback link (the keys provisioned at start). */
export function programmerFor(pump: Pick<VirtualPump, 'keys' | 'listener'>): ProgrammerClient {
  return new ProgrammerClient({
    ctx: { config: initiatorConfigFrom(nodeCrypto, pump.keys.clinician), crypto: nodeCrypto },
    connect: () => connectTcp(pump.listener.port, pump.listener.host),
    requestTimeoutMs: 5_000,
    attempts: 4,
  });
}
