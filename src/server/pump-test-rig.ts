/**
 * Test rig for the pump routes: the HTTP API (inject, with its auth and error handler) → the programmer
 * workflows → a real pump controller behind the real telemetry link (in memory, keys provisioned and stored
 * encrypted in the implant record). Test-only.
 */
import { implantInput, patientInput } from '../clinic/store-test-fixtures.ts';
import type { BackendCase } from '../clinic/store-test-harness.ts';
import { nodeCrypto, nodeEntropy } from '../link/crypto-node.ts';
import { provisionImplant, responderConfigFrom } from '../link/keys.ts';
import { memoryLink } from '../link/memory-transport.ts';
import { PumpServer } from '../link/pump-server.ts';
import type { CreatePumpOptions } from '../pump/controller.ts';
import type { PumpState } from '../pump/state.ts';
import { continuous, filledPump } from '../pump/test-fixtures.ts';
import { epochMs, nanolitres } from '../therapy/quantities.ts';
import { DEFAULT_EXTENSIONS } from './extensions.ts';
import { PumpDirectory, linkKeysForRecord } from './pump-directory.ts';
import { createPumpExtension } from './pump-routes.ts';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface PumpApi {
  readonly api: TestApi;
  readonly patientId: string;
  readonly implantId: string;
  readonly server: PumpServer;
  dispose(): Promise<void>;
}

export interface PumpApiOptions {
  readonly doseMcg?: number;
  readonly backend?: BackendCase;
  /** Pump options on top of a full 20 mL peristaltic pump at 2000 mcg/mL (e.g. `fillMl`, `alarms`). */
  readonly pump?: Partial<CreatePumpOptions> & { fillMl?: number };
  /** A change to the pump's initial state (e.g. a battery already at ERI). */
  readonly pumpState?: (s: PumpState) => PumpState;
  /** How long a sign-in lasts (a test that moves the clock by months keeps its sessions). */
  readonly sessionTtlMs?: number;
  /**
   * The drug and concentration on record when the pump holds another than baclofen 2000 mcg/mL (the record
   * must name what the pump holds, as a clinic's would).
   */
  readonly recorded?: { readonly drug: string; readonly concentrationMcgPerMl: number };
}

/**
 * A patient (high-risk flags of fixture 7) with a pump running baclofen 2000 mcg/mL at `doseMcg` mcg/day
 * and the same prescription on record 72 h earlier, reachable over the link as PUMP-7.
 */
export async function withPumpApi(o: PumpApiOptions = {}): Promise<PumpApi> {
  const doseMcg = o.doseMcg ?? 500;
  const directory = new PumpDirectory();
  const backend = o.backend ?? API_BACKENDS[0];
  if (backend === undefined) throw new Error('no backend');
  const api = await startApi(backend, {
    extensions: [...DEFAULT_EXTENSIONS.filter((e) => e.name !== 'pump'), createPumpExtension({ directory })],
    ...(o.sessionTtlMs === undefined ? {} : { sessionTtlMs: o.sessionTtlMs }),
  });
  const sys = { actor: 'system:test' };
  const patient = await api.store.createPatient(patientInput(7), sys);
  const keys = provisionImplant(
    nodeCrypto,
    { pump: nodeEntropy(32), clinician: nodeEntropy(32), patient: nodeEntropy(32) },
    { pump: 'PUMP-7', clinician: 'programmer', patient: 'controller' },
  );
  const implant = await api.store.addImplant(
    implantInput(patient.id, 'PUMP-7', { linkKeys: linkKeysForRecord(keys) }),
    sys,
  );
  // The last change was long ago, so the minimum interval between titration steps is met.
  api.clock.t -= 72 * HOUR;
  const rx = {
    mode: 'simple-continuous',
    drug: o.recorded?.drug ?? 'baclofen',
    concentrationMcgPerMl: o.recorded?.concentrationMcgPerMl ?? 2000,
    doseMcgPerDay: doseMcg,
  };
  // A start below the usual range warns: the record of it carries its reason, as a clinic's would.
  await api.store.appendPrescription(patient.id, rx, {
    ...sys,
    expectedHeadId: null,
    implantId: implant.id,
    justification: 'started below the usual range (test rig)',
  });
  api.clock.t += 72 * HOUR;
  const server = new PumpServer({
    ctx: { config: responderConfigFrom(nodeCrypto, keys.pump), crypto: nodeCrypto },
    pump: (o.pumpState ?? ((s: PumpState) => s))(
      filledPump({
        prescription: continuous(doseMcg),
        // The pump knows the implanted catheter's volume (the implant record's, store-test-fixtures.ts).
        catheterVolume: nanolitres(110_000),
        now: epochMs(api.clock.t - 1_000),
        ...o.pump,
      }),
    ),
    clock: { now: () => api.clock.t, realDelay: () => HOUR },
    linkTickMs: 0,
  });
  directory.register('PUMP-7', {
    connect: () => {
      const link = memoryLink();
      server.attach(link.pump);
      return Promise.resolve(link.initiator);
    },
  });
  return {
    api,
    patientId: patient.id,
    implantId: implant.id,
    server,
    async dispose() {
      server.stop();
      await api.dispose();
    },
  };
}

/** `/api/v1/patients/<p>/pump/<tail>`. */
export const pumpUrl = (patientId: string, tail: string): string =>
  `/api/v1/patients/${patientId}/pump/${tail}`;

/** A physician stops the pump through the stop plan, with a justification; the apply route's answer. */
export async function stopDelivery(o: PumpApi, justification: string) {
  const plan = (await o.api.call('physician', 'POST', pumpUrl(o.patientId, 'stop/plan'))).json<{
    planId: string;
  }>();
  return o.api.call('physician', 'POST', pumpUrl(o.patientId, 'stop/apply'), {
    planId: plan.planId,
    confirm: true,
    justification,
  });
}

/** Every refill checklist confirmation given. */
export const ALL_CONFIRMED = {
  interrogated: true,
  portLocated: true,
  needleAtStop: true,
  residualDrained: true,
  noLeak: true,
  reservoirPortConfirmed: true,
} as const;

/** A refill plan body that drains what the pump counts and injects `volumeMl` at `concentration`. */
export function refillBody(server: PumpServer, concentrationMcgPerMl = 2000, volumeMl = 18) {
  return {
    measuredResidualMl: server.state.pump.reservoir.volume / 1_000_000,
    volumeMl,
    concentrationMcgPerMl,
    lot: 'LOT-42',
    confirmations: ALL_CONFIRMED,
  };
}
