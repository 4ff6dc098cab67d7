/**
 * How the clinic server finds a patient's pump: the implant's serial → the host:port its telemetry link
 * listens on (registered by the demo, or configured), and the clinician programmer's link keys kept —
 * encrypted at rest — in the implant record (clinic store `getImplantKeys`). Whoever holds those keys can
 * program the pump (docs/hazards.md), so they are read only inside a programming request and never leave
 * the server.
 */
import { keyIdOf } from '../link/crypto.ts';
import { nodeCrypto } from '../link/crypto-node.ts';
import type { ImplantKeys } from '../link/keys.ts';
import { initiatorHelloKey } from '../link/initiator.ts';
import { ProgrammerClient } from '../link/programmer-client.ts';
import { connectTcp } from '../link/tcp-transport.ts';
import type { Transport } from '../link/transport.ts';
import { fromHex, toHex } from '../link/wire.ts';
import type { LinkKeys } from '../clinic/records.ts';
import { ItbError } from '../therapy/codes.ts';

/** Where one pump's link listens. */
export interface PumpAddress {
  readonly host: string;
  readonly port: number;
}

/** How to reach a pump: a TCP address, or (tests, in-process pumps) a function opening a transport. */
export type PumpEndpoint = PumpAddress | { readonly connect: () => Promise<Transport> };

/** Serial → address. The demo registers its pumps; a deployment may configure them. */
export class PumpDirectory {
  readonly #bySerial = new Map<string, PumpEndpoint>();

  constructor(entries: Readonly<Record<string, PumpAddress>> = {}) {
    for (const [serial, address] of Object.entries(entries)) this.register(serial, address);
  }

  register(serial: string, endpoint: PumpEndpoint): void {
    this.#bySerial.set(serial, endpoint);
  }

  unregister(serial: string): void {
    this.#bySerial.delete(serial);
  }

  /** The pump's address; ITB_E_LINK_TRANSPORT when no pump with this serial is reachable from here. */
  lookup(serial: string): PumpEndpoint {
    const a = this.#bySerial.get(serial);
    if (a === undefined) {
      throw new ItbError('ITB_E_LINK_TRANSPORT', `no telemetry link is known for pump ${serial}`);
    }
    return a;
  }

  get size(): number {
    return this.#bySerial.size;
  }
}

/**
 * Parses `ITB_PUMP_DIRECTORY` (`SERIAL=host:port,SERIAL=host:port`) for a server that talks to pumps run
 * elsewhere (e.g. `itb pump serve`). Malformed entries are refused, never skipped silently.
 */
export function directoryFromEnv(text: string | undefined): PumpDirectory {
  const dir = new PumpDirectory();
  for (const entry of (text ?? '').split(',').map((s) => s.trim())) {
    if (entry === '') continue;
    const m = /^([^=]+)=([^:]+):(\d{1,5})$/.exec(entry);
    if (m === null)
      throw new ItbError('ITB_E_INVALID_INPUT', `ITB_PUMP_DIRECTORY: "${entry}" is not SERIAL=host:port`);
    dir.register(m[1] as string, { host: m[2] as string, port: Number(m[3]) });
  }
  return dir;
}

/** The clinician keys of a freshly provisioned implant, as stored (encrypted) in the implant record. */
export function linkKeysForRecord(keys: ImplantKeys): LinkKeys {
  return {
    format: 'itb-clinician-link-keys',
    clinicianPrivateKey: keys.clinician.privateKey,
    clinicianPublicKey: keys.clinician.publicKey,
    pumpPublicKey: keys.clinician.pump.publicKey,
    keyId: toHex(keyIdOf(nodeCrypto, fromHex(keys.clinician.pump.publicKey))),
  };
}

const hexField = (keys: LinkKeys, field: string): Uint8Array => {
  const v = keys[field];
  if (typeof v !== 'string') throw new ItbError('ITB_E_LINK_KEYS', `the implant's link keys lack ${field}`);
  return fromHex(v);
};

export interface ClientTuning {
  readonly requestTimeoutMs?: number;
  readonly handshakeTimeoutMs?: number;
  readonly attempts?: number;
  readonly retryDelayMs?: (attempt: number) => number;
}

/**
 * A clinician programmer client for one pump, over TCP, from the implant's stored keys. The caller closes
 * it when the workflow is done (one link session per request).
 */
export function programmerFor(
  keys: LinkKeys,
  endpoint: PumpEndpoint,
  tuning: ClientTuning = {},
): ProgrammerClient {
  const staticPrivate = hexField(keys, 'clinicianPrivateKey');
  const staticPublic = nodeCrypto.x25519PublicKey(staticPrivate);
  const pumpPublic = hexField(keys, 'pumpPublicKey');
  const handshakeTimeoutMs = tuning.handshakeTimeoutMs ?? 5_000;
  return new ProgrammerClient({
    ctx: {
      crypto: nodeCrypto,
      config: {
        role: 'clinician',
        staticPrivate,
        staticPublic,
        keyId: keyIdOf(nodeCrypto, staticPublic),
        pumpPublic,
        pumpKeyId: keyIdOf(nodeCrypto, pumpPublic),
        helloKey: initiatorHelloKey(nodeCrypto, staticPrivate, staticPublic, pumpPublic),
        handshakeTimeoutMs,
      },
    },
    // The client times its requests on the wall clock: the pump's (possibly fast-forwarded) clock is its own.
    connect: 'connect' in endpoint ? endpoint.connect : () => connectTcp(endpoint.port, endpoint.host),
    handshakeTimeoutMs,
    requestTimeoutMs: tuning.requestTimeoutMs ?? 3_000,
    attempts: tuning.attempts ?? 4,
    ...(tuning.retryDelayMs === undefined ? {} : { retryDelayMs: tuning.retryDelayMs }),
  });
}
