/**
 * The workflows' test rig: a real pump controller behind the real telemetry link (in memory, with fault
 * switches) and a real SQLite clinic store in a temporary directory, on one manual clock. Test-only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type OpenedStore } from '../clinic/open-store.ts';
import { continuous as continuousJson, patientWithImplant } from '../clinic/store-test-fixtures.ts';
import { nodeCrypto } from '../link/crypto-node.ts';
import type { LinkClock } from '../link/clock.ts';
import { memoryLink } from '../link/memory-transport.ts';
import { ProgrammerClient } from '../link/programmer-client.ts';
import { PumpServer } from '../link/pump-server.ts';
import { fixture } from '../link/test-support.ts';
import { continuous as pumpContinuous, filledPump, T0 } from '../pump/test-fixtures.ts';
import { nanolitres } from '../therapy/quantities.ts';
import type { CreatePumpOptions } from '../pump/controller.ts';
import type { WorkflowDeps, WorkflowTarget } from './session.ts';

export { T0 };
export const HOUR = 3_600_000;

/** What the link does to frames while a fault is armed. */
export type LinkFault =
  | 'none'
  /** Loses the next answer from the pump (the command was applied). */
  | 'drop-next-answer'
  /** Loses the next frame to the pump (the command never arrives). */
  | 'drop-next-command'
  /** Loses every answer from the pump from now on. */
  | 'drop-all-answers';

export interface Rig {
  readonly deps: WorkflowDeps;
  readonly store: OpenedStore;
  readonly server: PumpServer;
  readonly client: ProgrammerClient;
  readonly target: WorkflowTarget;
  readonly patientId: string;
  /** Sets the shared clock (pump, link, store). */
  setTime(t: number): void;
  fault(f: LinkFault): void;
  close(): Promise<void>;
}

const fx = fixture(nodeCrypto);

/**
 * A patient with a 20 mL peristaltic pump (110 µL catheter) running baclofen 2000 µg/mL at `doseMcg`
 * µg/day, with the same prescription on record 48 h before T0.
 */
export async function makeRig(
  o: { doseMcg?: number; attempts?: number; pump?: Partial<CreatePumpOptions> & { fillMl?: number } } = {},
): Promise<Rig> {
  let now = T0 - 48 * HOUR;
  const clock: LinkClock = { now: () => now, realDelay: () => 3_600_000 };
  const dir = mkdtempSync(join(tmpdir(), 'itb-programmer-'));
  const store = await openStore(join(dir, 'itb.sqlite'), {
    secretKey: new Uint8Array(32).fill(7),
    dataDir: dir,
    clock: () => now,
  });
  const { patient, implant } = await patientWithImplant(store);
  const target: WorkflowTarget = { patientId: patient.id, implantId: implant.id, actor: 'user:physician-1' };
  const dose = o.doseMcg ?? 500;
  await store.appendPrescription(patient.id, continuousJson(dose, 2000), {
    actor: target.actor,
    expectedHeadId: null,
    implantId: implant.id,
  });
  now = T0;
  const server = new PumpServer({
    ctx: fx.pump,
    pump: filledPump({ prescription: pumpContinuous(dose), catheterVolume: nanolitres(110_000), ...o.pump }),
    clock,
    linkTickMs: 0,
  });
  let fault: LinkFault = 'none';
  const client = new ProgrammerClient({
    ctx: fx.clinician,
    connect: () => {
      const link = memoryLink({
        faults: (frame, direction) => {
          const toPump = direction === 'to-pump';
          if (fault === 'drop-all-answers' && !toPump) return [];
          if ((fault === 'drop-next-answer' && !toPump) || (fault === 'drop-next-command' && toPump)) {
            fault = 'none';
            return [];
          }
          return [{ bytes: frame, delayMs: 0 }];
        },
      });
      server.attach(link.pump);
      return Promise.resolve(link.initiator);
    },
    clock: () => now,
    requestTimeoutMs: 1_000, // generous: a loaded CI machine must not turn a slow answer into a fault
    handshakeTimeoutMs: 2_000,
    attempts: o.attempts ?? 4,
    retryDelayMs: () => 5,
  });
  return {
    deps: { client, store, now: () => now },
    store,
    server,
    client,
    target,
    patientId: patient.id,
    setTime: (t) => void (now = t),
    fault: (f) => void (fault = f),
    close: async () => {
      client.close();
      server.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
