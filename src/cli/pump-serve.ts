/**
 * `itb pump serve`: a virtual implanted pump on the telemetry link over TCP (docs/telemetry-cli.md).
 *
 *   itb pump serve --port P --data-dir D [--profile peristaltic-20] [--host 127.0.0.1] [--time-scale N]
 *                  [--serial S] [--fill-ml V --concentration C [--dose D] [--drug baclofen]] [--json]
 *
 * First start ("implant"): draws three key pairs from the OS CSPRNG and writes `D/keys.json` (the pump's),
 * `D/clinician.keys.json` and `D/patient.keys.json`, all mode 0600 — they hold private keys (protocol.md
 * §3.1). The pump starts empty and stopped unless --fill-ml/--concentration (and --dose) ask for a demo
 * fill and prescription. Every state change is written to `D/pump.nvm` (FilePumpStore: A/B image, atomic
 * rename) before the pump answers, so a kill -9 loses nothing the programmer was told; a later start resumes
 * from that image. Bad flags and a busy port (ITB_E_PORT_IN_USE) are refused before anything is written; the
 * keys are written before the pump listens, and the first line printed (`ready: …`, or the `--json` object)
 * means "listening, keys on disk" — scripts wait for it before starting a programmer. SIGINT/SIGTERM: close the session, persist, stop listening, exit 0.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { createPump } from '../pump/controller.ts';
import { getProfile, PROFILES } from '../pump/profiles.ts';
import type { PumpState } from '../pump/state.ts';
import { ItbError } from '../therapy/codes.ts';
import { checkConcentrationForDrug, checkDoseForDrug } from '../therapy/dose-check.ts';
import { getDrug } from '../therapy/drug-library.ts';
import { epochMs, nlToMl } from '../therapy/quantities.ts';
import { scaledClock } from '../link/clock.ts';
import { nodeCrypto, nodeEntropy } from '../link/crypto-node.ts';
import { parseKeysFile, provisionImplant, responderConfigFrom, type PumpKeysFile } from '../link/keys.ts';
import { PumpServer } from '../link/pump-server.ts';
import { atomicWriteFile, FilePumpStore } from '../link/pump-store.ts';
import { listenTcp } from '../link/tcp-transport.ts';
import { assertCanListen, listenError } from './listen.ts';
import { run } from './output.ts';
import { concentrationFlag, DOSE_FLAG_HELP, doseFlag } from './dose-flags.ts';
import { numberFlag, volumeFlag } from './parse.ts';

type Flags = Record<string, string | boolean | undefined>;
const str = (f: Flags, key: string): string | undefined => (typeof f[key] === 'string' ? f[key] : undefined);

/** The files of a pump's data directory. */
export function dataDirFiles(dir: string) {
  return {
    pumpKeys: join(dir, 'keys.json'),
    clinicianKeys: join(dir, 'clinician.keys.json'),
    patientKeys: join(dir, 'patient.keys.json'),
    image: join(dir, 'pump.nvm'),
  };
}

/** Writes a keys file readable by its owner only (it holds a private key). */
function writeSecret(path: string, value: unknown): void {
  atomicWriteFile(path, new TextEncoder().encode(JSON.stringify(value, null, 2) + '\n'));
  chmodSync(path, 0o600); // atomicWriteFile creates 0600 already; make it explicit whatever the umask did
}

/** Loads the pump's keys, or pairs a new pump (pump keys written last: their presence means "implanted"). */
function loadOrProvision(dir: string, serial: string): { keys: PumpKeysFile; created: boolean } {
  const files = dataDirFiles(dir);
  if (existsSync(files.pumpKeys)) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(files.pumpKeys, 'utf8'));
    } catch (e) {
      throw new ItbError(
        'ITB_E_LINK_KEYS',
        `${files.pumpKeys}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const keys = parseKeysFile(json);
    if (keys.kind !== 'pump') throw new ItbError('ITB_E_LINK_KEYS', `${files.pumpKeys} is not a pump's keys`);
    return { keys, created: false };
  }
  if (existsSync(files.image)) {
    // Never pair new keys to an existing pump image: its programmers would silently stop working.
    throw new ItbError('ITB_E_PROGRAMMER_DATA_DIR', `${files.image} exists but ${files.pumpKeys} does not`);
  }
  const implant = provisionImplant(
    nodeCrypto,
    { pump: nodeEntropy(32), clinician: nodeEntropy(32), patient: nodeEntropy(32) },
    { pump: serial, clinician: `${serial} clinician programmer`, patient: `${serial} patient controller` },
  );
  writeSecret(files.clinicianKeys, implant.clinician);
  writeSecret(files.patientKeys, implant.patient);
  writeSecret(files.pumpKeys, implant.pump);
  return { keys: implant.pump, created: true };
}

/** What a first start makes: the device and, when the flags ask, a demo fill and prescription. */
type FirstStart = Omit<Parameters<typeof createPump>[0], 'serial' | 'now'>;

/**
 * Reads the first-start flags: empty and stopped, or filled (and programmed). Checked before anything is
 * written, so a bad flag leaves no keys behind.
 */
export function firstStart(f: Flags): FirstStart {
  const profile = getProfile(str(f, 'profile') ?? 'peristaltic-20');
  const fillText = str(f, 'fillMl');
  const concText = str(f, 'concentration');
  const doseText = str(f, 'dose');
  if (fillText === undefined && concText === undefined && doseText === undefined) return { profile };
  if (fillText === undefined || concText === undefined) {
    throw new ItbError('ITB_E_INVALID_INPUT', 'a demo fill needs both --fill-ml and --concentration');
  }
  const drug = getDrug(str(f, 'drug') ?? 'baclofen');
  const concentration = checkConcentrationForDrug(
    drug,
    concentrationFlag(concText, '--concentration', drug.id),
  );
  const volume = volumeFlag(fillText, '--fill-ml');
  if (volume > profile.reservoir.value) {
    throw new ItbError(
      'ITB_E_OUT_OF_RANGE',
      `--fill-ml exceeds the ${nlToMl(profile.reservoir.value)} mL reservoir`,
    );
  }
  const fill = { drug: drug.id, concentration, volume };
  if (doseText === undefined) return { profile, fill };
  const dose = doseFlag(doseText, '--dose', drug.id);
  const check = checkDoseForDrug(drug, dose);
  if (check.verdict === 'block') {
    throw new ItbError(
      'ITB_E_PROGRAMMER_GUARDRAIL_BLOCKED',
      `--dose: ${check.reasons[0]?.message ?? 'blocked'}`,
      {
        reasons: check.reasons,
      },
    );
  }
  const prescription = { mode: 'simple-continuous' as const, drug: { drug: drug.id, concentration }, dose };
  return { profile, fill, prescription };
}

/** What `itb pump serve --json` prints once it listens. */
export interface ServeReport {
  readonly address: string;
  readonly serial: string;
  readonly profile: string;
  /** created: new pump; image: resumed; memory-error: the image was unreadable (safe state). */
  readonly boot: 'created' | 'image' | 'memory-error';
  readonly stateVersion: number;
  readonly dataDir: string;
  readonly keys: { readonly pump: string; readonly clinician: string; readonly patient: string };
}

async function serve(f: Flags): Promise<ServeReport> {
  const dir = str(f, 'dataDir') ?? '';
  if (dir === '') throw new ItbError('ITB_E_INVALID_INPUT', 'missing --data-dir');
  const port = numberFlag(str(f, 'port'), '--port', 0, 65_535);
  const factor = numberFlag(str(f, 'timeScale') ?? '1', '--time-scale', 0.001, 1_000_000);
  const host = str(f, 'host') ?? '127.0.0.1';
  const first = firstStart(f);
  // Every refusal comes before the first write: a bad flag or a busy port leaves the data directory as it was.
  await assertCanListen(host, port);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const serialFlag = str(f, 'serial') ?? `ITB-${Buffer.from(nodeEntropy(4)).toString('hex').toUpperCase()}`;
  // The keys are on disk before the pump listens, so a programmer started on the ready line finds them.
  const { keys } = loadOrProvision(dir, serialFlag);
  const serial = keys.label;
  const files = dataDirFiles(dir);
  const store = new FilePumpStore(files.image);
  const now = Date.now();
  const loaded = store.load({ profile: first.profile, serial, now });
  let pump: PumpState;
  let boot: ServeReport['boot'];
  if (loaded.state === undefined) {
    pump = createPump({ ...first, serial, now: epochMs(now) });
    store.save(pump);
    boot = 'created';
  } else {
    pump = loaded.state;
    boot = loaded.outcome === 'memory-error' ? 'memory-error' : 'image';
  }
  // Pump time never runs backwards: a scaled clock may have run ahead of the wall clock before a restart.
  const clock = scaledClock(Math.max(now, pump.clock), factor);
  const server = new PumpServer({
    ctx: { config: responderConfigFrom(nodeCrypto, keys), crypto: nodeCrypto },
    pump,
    clock,
    persist: (s) => store.save(s),
    onError: (e) =>
      process.stderr.write(
        `ITB_E_LINK_NOT_STORED: writing the pump memory failed; changes of therapy are refused until it works: ${String(e)}\n`,
      ),
  });
  const listener = await listenTcp({
    port,
    host,
    onConnection: (t) => server.attach(t),
    authenticated: (t) => server.holdsSessionOrHandshake(t),
  }).catch((e: unknown) => {
    throw listenError(e, host, port);
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.stop(); // closes the session (persisting if the pump's state changed)
    store.save(server.state.pump);
    void listener.close().then(() => {
      process.stderr.write(`pump ${serial} stopped (${signal}); state saved in ${files.image}\n`);
      process.exit(0);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return {
    address: `${listener.host}:${listener.port}`,
    serial,
    profile: pump.profile.id,
    boot,
    stateVersion: pump.version,
    dataDir: dir,
    keys: { pump: files.pumpKeys, clinician: files.clinicianKeys, patient: files.patientKeys },
  };
}

const human = (r: ServeReport): string =>
  [
    `ready: pump ${r.serial} (${r.profile}) listening on ${r.address} — ${r.boot === 'created' ? 'new pump' : r.boot === 'image' ? 'resumed from its image' : 'MEMORY ERROR: image unreadable, safe state'} (state version ${r.stateVersion})`,
    `keys (mode 0600, private): pump ${r.keys.pump}`,
    `  clinician programmer: ${r.keys.clinician}`,
    `  patient controller:   ${r.keys.patient}`,
    'Ctrl-C (SIGINT) or SIGTERM stops it; the state is kept in the data directory.',
  ].join('\n');

/** Adds `serve` to the `itb pump` command group. */
export function registerPumpServeCommand(pump: Command): void {
  pump
    .command('serve')
    .description('run a virtual pump on the telemetry link (TCP), persisting to a data directory')
    .requiredOption('--port <port>', 'TCP port (0 = any free one)')
    .requiredOption('--data-dir <dir>', 'keys and the pump image live here (created on first start)')
    .option('--profile <id>', `device profile at first start: ${PROFILES.map((p) => p.id).join(', ')}`)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--time-scale <n>', 'pump seconds per real second (1 = real time)', '1')
    .option('--serial <serial>', 'serial number at first start (default: random ITB-XXXXXXXX)')
    .option('--fill-ml <mL>', 'first start only: fill the reservoir with this volume')
    .option('--concentration <conc>', `first start only: the fill's ${DOSE_FLAG_HELP.concentration}`)
    .option('--dose <dose>', `first start only: program this simple continuous ${DOSE_FLAG_HELP.dose}`)
    .option('--drug <id>', 'first start only: drug of the fill', 'baclofen')
    .option('--json', 'print one JSON object once listening')
    .action((f: Flags) => run(f, () => serve(f), human));
}
