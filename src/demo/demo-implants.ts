/**
 * Pumps implanted from the clinic's records in the demo (docs/demo.md "A pump implanted from the web
 * app"). The demo pairs a new pump: it provisions the pump's link keys for a serial and gives the clinician
 * programmer's half as the pairing JSON (`pair`), which the implant form records with the implant. When
 * the API records that implant — `addImplant` (the implant procedure) or `replacePump` (a replacement) —
 * with the paired keys and an initial fill, the demo starts a virtual pump on the link with those keys,
 * filled with that fill, catheter volume as recorded, stopped until its first programme is sent, in a
 * world and a body drawn for the patient; the demo clock drives it like the seeded pumps. An explanted
 * pump (a replacement, or an explant on its own) stops and leaves the link. Implants recorded with keys the
 * demo did not pair get no virtual pump: nothing answers for them, as for a pump out of reach.
 */
import type { OpenedStore } from '../clinic/open-store.ts';
import type { Implant, LinkKeys, Patient } from '../clinic/records.ts';
import type { ImplantKeys } from '../link/keys.ts';
import type { ProgrammerClient } from '../link/programmer-client.ts';
import { linkKeysForRecord, type PumpDirectory } from '../server/pump-directory.ts';
import { ItbError } from '../therapy/codes.ts';
import { nanogramsPerMl, nanolitres } from '../therapy/quantities.ts';
import type { DemoPatient } from './cast.ts';
import type { DemoClock } from './clock.ts';
import type { SeededPatient } from './seed.ts';
import { programmerFor, provisionDemoKeys, startVirtualPump } from './virtual-pump.ts';

/** The demo's running pumps, shared with its routes and clock (the lists grow as implants are recorded). */
export interface DemoPumps {
  readonly clock: DemoClock;
  readonly directory: PumpDirectory;
  /** Every patient with a virtual pump in place (seeded first, then those implanted from the records). */
  readonly patients: SeededPatient[];
  /** The programmer of each implant's virtual pump, by implant id (closed by the clock before a jump). */
  readonly clients: Map<string, ProgrammerClient>;
}

/** Numbers drawn for patients implanted from the records start here (the seeded cast uses 1–12, the pathway cast 101–104). */
const FIRST_RECORDED_N = 201;

/** The cast entry a recorded patient's body is drawn from. */
function castOf(patient: Patient, n: number, implant: Implant): DemoPatient {
  const fill = implant.initialFill;
  return {
    n,
    name: patient.name,
    birthDate: patient.birthDate,
    etiology: patient.etiology,
    weightKg: (patient.weightGrams ?? 0) / 1000,
    highRisk: patient.highRisk,
    doseMcg: 0,
    concentrationMcgPerMl: (fill?.concentrationNgPerMl ?? 0) / 1000,
    story: 'routine',
  };
}

export interface DemoImplants {
  /** Provisions a new pump's keys for `serial`; the clinician's half is the pairing JSON to record. */
  readonly pair: (serial: string) => LinkKeys;
  /** `store` as the API writes through it: implants and explants it records start and stop pumps. */
  readonly store: OpenedStore;
}

export function demoImplants(store: OpenedStore, pumps: DemoPumps): DemoImplants {
  const paired = new Map<string, ImplantKeys>();
  const system = { actor: 'system:demo' };
  let next = FIRST_RECORDED_N;

  const retire = async (implantId: string) => {
    const i = pumps.patients.findIndex((p) => p.implant.id === implantId);
    const p = pumps.patients[i];
    if (p === undefined) return;
    pumps.patients.splice(i, 1);
    pumps.clients.delete(implantId);
    pumps.directory.unregister(p.pump.serial);
    p.client.close();
    await p.pump.close();
  };

  const implanted = async (implant: Implant) => {
    const keys = paired.get(implant.pumpSerial);
    const fill = implant.initialFill;
    if (keys === undefined || fill === undefined || fill === null) return;
    // Only the keys the demo paired open its pump: an implant recorded with other keys gets none.
    const recorded = await store.getImplantKeys(implant.id, system);
    if (recorded['keyId'] !== linkKeysForRecord(keys).keyId) return;
    paired.delete(implant.pumpSerial);
    const patient = await store.getPatient(implant.patientId, system);
    const cast = castOf(patient, next++, implant);
    const pump = await startVirtualPump(cast, pumps.clock, pumps.clock.now(), {
      implant: {
        serial: implant.pumpSerial,
        keys,
        fill: {
          drug: fill.drug,
          concentration: nanogramsPerMl(fill.concentrationNgPerMl),
          volume: nanolitres(fill.volumeNl),
        },
        catheterVolume: nanolitres(implant.catheter.volumeNl),
      },
    });
    const client = programmerFor(pump);
    pumps.directory.register(pump.serial, { host: pump.listener.host, port: pump.listener.port });
    pumps.clients.set(implant.id, client);
    pumps.patients.push({ cast, patient, implant, pump, client });
  };

  const wrapped = new Proxy(store, {
    get(target, prop) {
      if (prop === 'addImplant') {
        return async (...args: Parameters<OpenedStore['addImplant']>) => {
          const implant = await target.addImplant(...args);
          await implanted(implant);
          return implant;
        };
      }
      if (prop === 'replacePump') {
        return async (...args: Parameters<OpenedStore['replacePump']>) => {
          const done = await target.replacePump(...args);
          await implanted(done.implant);
          await retire(args[0].oldImplantId);
          return done;
        };
      }
      if (prop === 'recordExplant') {
        return async (...args: Parameters<OpenedStore['recordExplant']>) => {
          const explant = await target.recordExplant(...args);
          await retire(explant.implantId);
          return explant;
        };
      }
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });

  return {
    store: wrapped,
    pair: (serial) => {
      const s = serial.trim();
      if (pumps.patients.some((p) => p.pump.serial === s)) {
        throw new ItbError('ITB_E_INVALID_INPUT', `a demo pump with serial ${s} is already implanted`);
      }
      const keys = provisionDemoKeys(s);
      paired.set(s, keys);
      return linkKeysForRecord(keys);
    },
  };
}
