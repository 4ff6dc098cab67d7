/**
 * `itb demo`: a living demo clinic in one process. A fresh SQLite file (`<dataDir>/demo.sqlite`, recreated on
 * every start), thirteen implanted patients (cast.ts) whose virtual pumps run on the real telemetry link over TCP on loopback,
 * a history made by running those pumps through the real workflows, demo accounts, the clinic API (plus the
 * web app's built files when present), and a demo clock that can be fast-forwarded (docs/demo.md).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openStore, type OpenedStore } from '../clinic/open-store.ts';
import type { ProgrammerClient } from '../link/programmer-client.ts';
import { buildApp, type AppExtension } from '../server/app.ts';
import { hashPassword } from '../server/auth/passwords.ts';
import { DEFAULT_EXTENSIONS } from '../server/extensions.ts';
import { linkKeysForRecord, PumpDirectory } from '../server/pump-directory.ts';
import { createPumpExtension } from '../server/pump-routes.ts';
import { DEFAULT_WEB_ROOT, webExtension } from '../server/web-extension.ts';
import { MS_PER_DAY } from '../therapy/quantities.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PATIENTS } from './cast.ts';
import { DemoClock } from './clock.ts';
import { demoImplants } from './demo-implants.ts';
import { demoExtension } from './demo-routes.ts';
import { DEMO_CATHETER } from './demo-world.ts';
import { pathwayFillAt, seedPathwayPatients } from './pathway-seed.ts';
import { HISTORY_DAYS, seedHistory, seedScreening, type SeededPatient } from './seed.ts';
import { programmerFor, startVirtualPump, type VirtualPump } from './virtual-pump.ts';

export interface DemoOptions {
  /** Where demo.sqlite (and its at-rest key file) live; created if missing. */
  readonly dataDir: string;
  /** HTTP port (0: any free one). */
  readonly port: number;
  readonly host?: string;
  /** Demo seconds per real second (default 1). */
  readonly timeScale?: number;
  /** Password hashing cost (tests lower it; default the production cost). */
  readonly scryptCost?: { readonly N: number; readonly r: number; readonly p: number };
  /** Serve the built web app when it exists (default true). */
  readonly web?: boolean;
  /** Where the built web app is (default web/dist). */
  readonly webRoot?: string;
}

export interface RunningDemo {
  readonly url: string;
  readonly port: number;
  readonly app: FastifyInstance;
  readonly store: OpenedStore;
  readonly clock: DemoClock;
  readonly patients: readonly SeededPatient[];
  readonly accounts: readonly { role: string; email: string; password: string }[];
  readonly webServed: boolean;
  stop(): Promise<void>;
}

/** Sessions outlive fast-forwards: the demo clock may jump months within one sign-in. */
const DEMO_SESSION_TTL_MS = 400 * MS_PER_DAY;

/** Starts the demo: store, pumps, history, accounts, API. */
export async function startDemo(o: DemoOptions): Promise<RunningDemo> {
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const file = join(o.dataDir, 'demo.sqlite');
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
  // History starts HISTORY_DAYS (plus the screening days) before the wall clock's today.
  const today = Date.now();
  const implantAt = today - HISTORY_DAYS * MS_PER_DAY;
  const clock = new DemoClock(implantAt - 12 * MS_PER_DAY, o.timeScale ?? 1);
  const store = await openStore(file, { dataDir: o.dataDir, clock: () => clock.now() });
  // Every pump and programmer started, so a failed start stops them all; a patient is complete at its implant.
  const pumps: VirtualPump[] = [];
  const clients: ProgrammerClient[] = [];
  const registered: Omit<SeededPatient, 'implant'>[] = [];
  const patients: SeededPatient[] = [];
  let app: FastifyInstance | undefined;
  const stop = async () => {
    await app?.close();
    for (const c of clients) c.close();
    for (const p of pumps) await p.close();
    await store.close();
  };
  try {
    const sys = { actor: 'system:demo' };
    for (const cast of DEMO_PATIENTS) {
      const patient = await store.createPatient(
        {
          mrn: `DEMO-${String(cast.n).padStart(3, '0')}`,
          name: cast.name,
          birthDate: cast.birthDate,
          etiology: cast.etiology,
          weightGrams: cast.weightKg * 1000,
          highRisk: cast.highRisk,
          ...(cast.opioidStatus === undefined ? {} : { opioidStatus: cast.opioidStatus }),
          clinicContact: {
            clinic: 'itb Demo Clinic',
            phone: '+44 20 7946 0000',
            afterHoursPhone: '+44 20 7946 0999',
          },
        },
        sys,
      );
      // The ERI pump's battery began long ago: by age it reaches ERI within the history (90 days before
      // the 7-year hard stop, docs/clinical-reference.md §3), well before its hard stop.
      const batteryStart = cast.story === 'eri' ? implantAt - (7 * 365.25 - 140) * MS_PER_DAY : undefined;
      const pump = await startVirtualPump(
        cast,
        clock,
        implantAt,
        batteryStart === undefined ? {} : { batteryStart },
      );
      pumps.push(pump);
      const client = programmerFor(pump);
      clients.push(client);
      registered.push({ cast, patient, pump, client });
    }
    // The accounts first: the seeded history names the demo's physician and nurse, people the clinic knows.
    const hash = await hashPassword(DEMO_PASSWORD, o.scryptCost);
    const userIds = new Map<string, string>();
    for (const a of DEMO_ACCOUNTS) {
      const patientId = a.role === 'patient' ? (registered[0]?.patient.id ?? null) : null;
      const user = await store.createUser(
        { email: a.email, name: a.name, role: a.role, passwordHash: hash, patientId },
        sys,
      );
      userIds.set(a.role, `user:${user.id}`);
    }
    const actors = {
      physician: userIds.get('physician') ?? sys.actor,
      nurse: userIds.get('nurse') ?? sys.actor,
    };
    // Screening comes before surgery, and a pump is recorded on its implant day, never ahead of the clock
    // (docs/invariants.md I2).
    await seedScreening(registered, store, clock, implantAt, actors);
    clock.advanceTo(implantAt);
    for (const r of registered) {
      const implant = await store.addImplant(
        {
          patientId: r.patient.id,
          pumpSerial: r.pump.serial,
          deviceProfileId: 'peristaltic-20',
          implantDate: new Date(implantAt).toISOString().slice(0, 10),
          pocketSide: r.cast.n % 2 === 0 ? 'left' : 'right',
          catheter: {
            model: DEMO_CATHETER.model,
            lengthMm: DEMO_CATHETER.lengthMm,
            volumeNl: DEMO_CATHETER.volume.value,
            tipLevel: r.cast.etiology === 'cerebral' ? 'T4' : 'T10',
          },
          linkKeys: linkKeysForRecord(r.pump.keys),
        },
        sys,
      );
      patients.push({ ...r, implant });
    }
    // The pathway cast is recorded when its post-op patient's pump was filled and programmed, five days
    // before today (pathway-seed.ts), so its records carry the times they would have in a clinic.
    await seedHistory(patients, store, clock, implantAt, actors, {
      at: pathwayFillAt(today),
      run: () => seedPathwayPatients(store, today, actors.physician),
    });

    const directory = new PumpDirectory();
    for (const p of patients)
      directory.register(p.pump.serial, { host: p.pump.listener.host, port: p.pump.listener.port });
    const byImplant = new Map(patients.map((p) => [p.implant.id, p.client]));
    const implants = demoImplants(store, { clock, directory, patients, clients: byImplant });
    const webRoot = o.webRoot ?? DEFAULT_WEB_ROOT;
    const webServed = (o.web ?? true) && existsSync(join(webRoot, 'index.html'));
    const extensions: AppExtension[] = [
      ...DEFAULT_EXTENSIONS.filter((e) => e.name !== 'pump'),
      createPumpExtension({ directory, clientFor: (i) => byImplant.get(i.id) }),
      demoExtension({ clock, patients, pair: implants.pair }),
      ...(webServed ? [webExtension({ root: webRoot })] : []),
    ];
    app = await buildApp({
      store: implants.store,
      now: () => clock.now(),
      extensions,
      sessionTtlMs: DEMO_SESSION_TTL_MS,
    });
    const host = o.host ?? '127.0.0.1';
    await app.listen({ port: o.port, host });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : o.port;
    return {
      url: `http://${host}:${port}`,
      port,
      app,
      store,
      clock,
      patients,
      accounts: DEMO_ACCOUNTS.map((a) => ({ role: a.role, email: a.email, password: DEMO_PASSWORD })),
      webServed,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
