/**
 * A clinic wired as the demo wires it, for tests that drive the whole system through its HTTP API: a fresh
 * store (SQLite, or PostgreSQL when ITB_TEST_PG_URL is set), the real app (auth, error handler, one
 * authorization table, every extension) on a controllable clock, virtual pumps on the real telemetry link
 * over loopback TCP with the physical world around each (true reservoir, delivery error, catheter), and one
 * signed-in account per staff role plus one patient account per patient.
 *
 * The clock only moves when the test says so ({@link Rig.advance}): every pump runs up to the new instant
 * (delivery, alarms, battery), as the demo's fast-forward does.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { BackendCase, FreshDb } from '../../src/clinic/store-test-harness.ts';
import type { Implant, Patient, UserRole } from '../../src/clinic/records.ts';
import type { OpenedStore } from '../../src/clinic/open-store.ts';
import type { ProgrammerClient } from '../../src/link/programmer-client.ts';
import type { DemoPatient } from '../../src/demo/cast.ts';
import { DemoClock } from '../../src/demo/clock.ts';
import { DEMO_CATHETER } from '../../src/demo/demo-world.ts';
import { seedImplant } from '../../src/demo/seed.ts';
import { programmerFor, startVirtualPump, type VirtualPump } from '../../src/demo/virtual-pump.ts';
import { buildApp } from '../../src/server/app.ts';
import { hashPassword } from '../../src/server/auth/passwords.ts';
import { DEFAULT_EXTENSIONS } from '../../src/server/extensions.ts';
import { linkKeysForRecord, PumpDirectory } from '../../src/server/pump-directory.ts';
import { createPumpExtension } from '../../src/server/pump-routes.ts';
import { NO_REQUEST_BOUND } from '../../src/server/test-support.ts';
import { MS_PER_DAY } from '../../src/therapy/quantities.ts';

/** Cheap scrypt for tests only. */
const TEST_COST = { N: 1024, r: 8, p: 1 } as const;
const PASSWORD = 'model-based test password';
/** Sign-ins outlive any clock jump of a run (a run may move the clock years). */
const SESSION_TTL_MS = 20 * 365 * MS_PER_DAY;

/** One patient of the rig: records, the virtual pump (with its world) and the programmer talking to it. */
export interface RigPatient {
  readonly cast: DemoPatient;
  readonly patient: Patient;
  readonly implant: Implant;
  readonly pump: VirtualPump;
  readonly client: ProgrammerClient;
  /** The patient's own account (role patient). */
  readonly account: string;
}

export type StaffAccount = Exclude<UserRole, 'patient'>;

export interface RigOptions {
  /** The patients (from the demo cast, or made alike). */
  readonly casts: readonly DemoPatient[];
  /** Implant instant (default 2026-01-05T08:00Z). */
  readonly implantAt?: number;
  /** Per cast number: when the pump's battery began (a battery near ERI: long before the implant). */
  readonly batteryStart?: Readonly<Record<number, number>>;
  /** Seed of the virtual worlds and bodies. */
  readonly seed?: number;
}

export interface Rig {
  readonly app: FastifyInstance;
  readonly store: OpenedStore;
  readonly db: FreshDb;
  readonly clock: DemoClock;
  readonly patients: readonly RigPatient[];
  /** Sends a request as `account` (a staff role, or a patient's account) or anonymously (null). */
  call(
    account: string | null,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
  /** Moves the clock forward by `ms`; every pump runs up to the new instant. */
  advance(ms: number): Promise<void>;
  /** Brings every pump (and its world) up to the clock without moving it. */
  tick(): void;
  /**
   * Starts a new virtual pump for `cast` at the clock's now (a replacement pump, filled and programmed at
   * surgery), listening on the link; it is nobody's until {@link Rig.replacePump} hands it to a patient.
   */
  startPump(cast: DemoPatient): Promise<VirtualPump>;
  /** From now on patient `i`'s pump is `pump`, recorded as `implant` (the old pump is closed at dispose). */
  replacePump(i: number, pump: VirtualPump, implant: Implant): void;
  dispose(): Promise<void>;
}

/** How long (real ms) a pump may take to see its programmer's close frame before the clock jumps. */
const CLOSE_WAIT_MS = 5_000;

/**
 * Moves the clock by `ms` as the demo's fast-forward does (src/demo/seed.ts `forward`), but waits until
 * every pump has seen its programmer close the session instead of a fixed pause: a close frame reaching a
 * pump after the jump expired its session counts as a link failure, and the pump then ignores the next
 * HELLO (a handshake timeout on a loaded machine, and a step that silently did nothing).
 */
async function advanceAll(patients: readonly RigPatient[], clock: DemoClock, ms: number): Promise<void> {
  for (const p of patients) p.client.close();
  const until = Date.now() + CLOSE_WAIT_MS;
  while (patients.some((p) => p.pump.server.state.link.session !== undefined) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 5));
  }
  clock.advance(ms);
  for (const p of patients) p.pump.server.tick();
}

const emailOf = (account: string) => `${account}@model.test`;

/** Starts the clinic: store, pumps and their implant records (first prescription, first interrogation), app, sign-ins. */
export async function startRig(backend: BackendCase, o: RigOptions): Promise<Rig> {
  const implantAt = o.implantAt ?? Date.UTC(2026, 0, 5, 8);
  // Real time never moves this clock: only advance() does, so a run is reproducible from its seed.
  const clock = new DemoClock(implantAt, 1, () => 0);
  const db = await backend.fresh();
  const store = await db.open({ clock: () => clock.now() });
  const patients: RigPatient[] = [];
  /** Pumps no patient holds any more (replaced), and replacement pumps not handed over: closed at dispose. */
  const spare: VirtualPump[] = [];
  let app: FastifyInstance | undefined;
  const dispose = async () => {
    await app?.close();
    for (const p of patients) {
      p.client.close();
      await p.pump.close();
    }
    for (const pump of spare) await pump.close();
    await store.close();
    await db.dispose();
  };
  try {
    const sys = { actor: 'system:model-test' };
    for (const cast of o.casts) {
      const patient = await store.createPatient(
        {
          mrn: `MBT-${String(cast.n).padStart(3, '0')}`,
          name: cast.name,
          birthDate: cast.birthDate,
          etiology: cast.etiology,
          weightGrams: cast.weightKg * 1000,
          highRisk: cast.highRisk,
          ...(cast.opioidStatus === undefined ? {} : { opioidStatus: cast.opioidStatus }),
          clinicContact: {
            clinic: 'Model Clinic',
            phone: '+44 20 7946 0000',
            afterHoursPhone: '+44 20 7946 0999',
          },
        },
        sys,
      );
      const batteryStart = o.batteryStart?.[cast.n];
      const pump = await startVirtualPump(cast, clock, implantAt, {
        ...(batteryStart === undefined ? {} : { batteryStart }),
        ...(o.seed === undefined ? {} : { seed: o.seed }),
      });
      const contents = pump.server.state.pump.reservoir.contents;
      if (contents === null || contents === undefined) throw new Error(`${cast.name}'s pump was not filled`);
      const implant = await store.addImplant(
        {
          patientId: patient.id,
          pumpSerial: pump.serial,
          deviceProfileId: 'peristaltic-20',
          implantDate: new Date(implantAt).toISOString().slice(0, 10),
          pocketSide: 'right',
          catheter: {
            model: DEMO_CATHETER.model,
            lengthMm: DEMO_CATHETER.lengthMm,
            volumeNl: DEMO_CATHETER.volume.value,
            tipLevel: 'T10',
          },
          linkKeys: linkKeysForRecord(pump.keys),
          // The clinic records what the surgeon put into the new pump, as the implant procedure does
          // (src/clinic/pathway/implant-procedure.ts): without it the clinic cannot know the pump is new,
          // and a drug's first-fill limit (ziconotide: 14 days) had nothing to run from.
          initialFill: {
            drug: contents.drug,
            concentrationNgPerMl: contents.concentration,
            volumeNl: pump.server.state.pump.reservoir.volume,
            lot: 'LOT-MBT-IMPLANT',
            at: implantAt,
          },
        },
        sys,
      );
      const p = { cast, patient, implant, pump, client: programmerFor(pump), account: `patient-${cast.n}` };
      patients.push(p);
      await seedImplant(p, store, clock, { physician: sys.actor, nurse: sys.actor });
    }
    const hash = await hashPassword(PASSWORD, TEST_COST);
    const accounts: { account: string; role: UserRole; patientId: string | null }[] = [
      ...(['admin', 'physician', 'nurse', 'viewer'] as const).map((role) => ({
        account: role,
        role,
        patientId: null,
      })),
      ...patients.map((p) => ({ account: p.account, role: 'patient' as const, patientId: p.patient.id })),
    ];
    for (const a of accounts) {
      await store.createUser(
        {
          email: emailOf(a.account),
          name: `Model ${a.account}`,
          role: a.role,
          passwordHash: hash,
          patientId: a.patientId,
        },
        sys,
      );
    }
    const directory = new PumpDirectory();
    for (const p of patients)
      directory.register(p.pump.serial, { host: p.pump.listener.host, port: p.pump.listener.port });
    // One client per pump, shared with the seed: the pump takes one clinician session at a time.
    const byImplant = new Map(patients.map((p) => [p.implant.id, p.client]));
    app = await buildApp({
      store,
      now: () => clock.now(),
      sessionTtlMs: SESSION_TTL_MS,
      requestLimit: NO_REQUEST_BOUND,
      extensions: [
        ...DEFAULT_EXTENSIONS.filter((e) => e.name !== 'pump'),
        createPumpExtension({ directory, clientFor: (i) => byImplant.get(i.id) }),
      ],
    });
    const tokens = new Map<string, string>();
    for (const a of accounts) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: emailOf(a.account), password: PASSWORD },
      });
      tokens.set(a.account, res.json<{ token: string }>().token);
    }
    const theApp = app;
    return {
      app: theApp,
      store,
      db,
      clock,
      patients,
      call: (account, method, url, body) =>
        theApp.inject({
          method,
          url,
          ...(account === null ? {} : { headers: { authorization: `Bearer ${tokens.get(account) ?? ''}` } }),
          ...(body === undefined ? {} : { payload: body as object }),
        }),
      advance: (ms) => advanceAll(patients, clock, ms),
      tick: () => {
        for (const p of patients) p.pump.server.tick();
      },
      startPump: async (cast) => {
        const pump = await startVirtualPump(
          cast,
          clock,
          clock.now(),
          o.seed === undefined ? {} : { seed: o.seed },
        );
        spare.push(pump);
        directory.register(pump.serial, { host: pump.listener.host, port: pump.listener.port });
        return pump;
      },
      replacePump: (i, pump, implant) => {
        const old = patients[i] as RigPatient;
        old.client.close();
        spare.splice(spare.indexOf(pump), 1);
        spare.push(old.pump);
        const next = { ...old, implant, pump, client: programmerFor(pump) };
        patients[i] = next;
        byImplant.set(implant.id, next.client);
      },
      dispose,
    };
  } catch (e) {
    await dispose();
    throw e;
  }
}
