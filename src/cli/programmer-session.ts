/**
 * The programmer's side of the link for the CLI: a keys file and HOST:PORT become a ProgrammerClient, reads
 * that turn a pump refusal into an ItbError with the pump's own code, and command execution that reports
 * each outcome as the link client knows it — applied, refused (pump's code and reasons), not applied, or
 * unknown. `unknown` is never reported as success: the link was lost after sending (protocol.md §6.4).
 */
import { readFileSync } from 'node:fs';
import { ItbError } from '../therapy/codes.ts';
import type { Prescription } from '../therapy/prescription.ts';
import type { Command } from '../link/commands.ts';
import { nodeCrypto } from '../link/crypto-node.ts';
import { initiatorConfigFrom, parseKeysFile, type InitiatorKeysFile } from '../link/keys.ts';
import { ProgrammerClient } from '../link/programmer-client.ts';
import type { Response, ResponseBody, WireReason } from '../link/responses.ts';
import type { AlarmRecord, LogEntry, PumpStatus } from '../link/status-codec.ts';
import { connectTcp } from '../link/tcp-transport.ts';
import { readWholeLog } from '../programmer/event-log.ts';

export type Role = 'clinician' | 'patient';

/** Parses HOST:PORT (IPv6 as [::1]:PORT). */
export function parsePumpAddress(text: string | undefined): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(text?.trim() ?? '');
  const port = Number(m?.[2]);
  if (m?.[1] === undefined || !(port > 0 && port < 65_536)) {
    throw new ItbError('ITB_E_INVALID_INPUT', `--pump must be HOST:PORT (got "${text ?? ''}")`);
  }
  return { host: m[1], port };
}

/** Reads and validates an initiator's keys file; `role`, if given, must be the file's. */
export function readInitiatorKeys(path: string | undefined, role: string | undefined): InitiatorKeysFile {
  if (path === undefined || path === '') throw new ItbError('ITB_E_INVALID_INPUT', 'missing --keys');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ItbError('ITB_E_LINK_KEYS', `${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const keys = parseKeysFile(json);
  if (keys.kind !== 'initiator') {
    throw new ItbError('ITB_E_LINK_KEYS', `${path} is a pump's keys file; use the clinician or patient file`);
  }
  if (role !== undefined && role !== keys.role) {
    throw new ItbError('ITB_E_INVALID_INPUT', `--role ${role} but ${path} holds ${keys.role} keys`);
  }
  return keys;
}

/** A programmer connected (lazily) to one pump. */
export interface PumpLink {
  readonly client: ProgrammerClient;
  readonly keys: InitiatorKeysFile;
  readonly role: Role;
}

/** Timeouts for a person at a console: a dead pump is reported within seconds, not minutes. */
const REQUEST_TIMEOUT_MS = 3_000;
const ATTEMPTS = 4;

export function openPumpLink(o: {
  pump: string | undefined;
  keys: string | undefined;
  role: string | undefined;
}): PumpLink {
  const { host, port } = parsePumpAddress(o.pump);
  const keys = readInitiatorKeys(o.keys, o.role);
  const client = new ProgrammerClient({
    ctx: { config: initiatorConfigFrom(nodeCrypto, keys), crypto: nodeCrypto },
    connect: () => connectTcp(port, host, REQUEST_TIMEOUT_MS),
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    attempts: ATTEMPTS,
  });
  return { client, keys, role: keys.role };
}

const reasonText = (reasons: readonly WireReason[]): string =>
  reasons.length === 0 ? '' : ` (${reasons.map((r) => `${r.severity} ${r.code}`).join(', ')})`;

function refusalError(r: Extract<Response, { outcome: 'refused' }>, what: string): ItbError {
  return new ItbError(r.error, `the pump refused ${what}: ${r.error}${reasonText(r.reasons)}`, {
    reasons: r.reasons,
  });
}

/** A read whose refusal becomes an error carrying the pump's code. */
export async function readBody<K extends ResponseBody['kind']>(
  link: PumpLink,
  command: Command,
  kind: K,
): Promise<Extract<ResponseBody, { kind: K }>> {
  const r = await link.client.read(command);
  if (r.outcome === 'refused') throw refusalError(r, command.op);
  if (r.body.kind !== kind)
    throw new ItbError('ITB_E_INTERNAL', `${command.op} answered with ${r.body.kind}`);
  return r.body as Extract<ResponseBody, { kind: K }>;
}

export const readStatus = async (link: PumpLink): Promise<PumpStatus> =>
  (await readBody(link, { op: 'interrogate-status', commandId: link.client.newCommandId() }, 'status'))
    .status;

export async function readPrescription(
  link: PumpLink,
): Promise<{ stateVersion: number; prescription: Prescription }> {
  const b = await readBody(
    link,
    { op: 'interrogate-prescription', commandId: link.client.newCommandId() },
    'prescription',
  );
  return { stateVersion: b.stateVersion, prescription: b.prescription };
}

export const readAlarms = async (link: PumpLink): Promise<readonly AlarmRecord[]> =>
  (await readBody(link, { op: 'interrogate-alarms', commandId: link.client.newCommandId() }, 'alarms'))
    .alarms;

/** The whole retained event log, page by page, and the next sequence number. */
export const readLog = (link: PumpLink): Promise<{ nextSeq: number; entries: LogEntry[] }> =>
  readWholeLog(async (fromSeq, max) =>
    readBody(link, { op: 'interrogate-log', commandId: link.client.newCommandId(), fromSeq, max }, 'log'),
  );

/** What an applied command reports. */
export interface Applied {
  readonly commandId: string;
  readonly stateVersion: number;
  /** `query`: the answer was lost and recovered by command id (applied exactly once all the same). */
  readonly via: 'response' | 'query';
  readonly attempts: number;
  readonly duplicate: boolean;
  readonly advisories: readonly WireReason[];
}

/** Executes a state-changing command; anything but `applied` throws with its code. */
export async function executeCommand(link: PumpLink, command: Command): Promise<Applied> {
  const x = await link.client.execute(command);
  switch (x.outcome) {
    case 'applied': {
      const body = x.response.body;
      return {
        commandId: command.commandId,
        stateVersion: body.kind === 'version' ? body.stateVersion : -1,
        via: x.via,
        attempts: x.attempts,
        duplicate: x.response.outcome === 'duplicate',
        advisories: x.response.reasons,
      };
    }
    case 'refused':
      throw refusalError(x.response, command.op);
    case 'not-applied':
      throw new ItbError(
        'ITB_E_PROGRAMMER_NOT_APPLIED',
        `${command.op} was not applied (the pump confirmed it never received it): ${x.reason}`,
        { commandId: command.commandId, attempts: x.attempts },
      );
    case 'unknown':
      throw new ItbError(
        'ITB_E_PROGRAMMER_OUTCOME_UNKNOWN',
        `${command.op} outcome UNKNOWN: the link was lost after sending (${x.reason}); the pump may or may not ` +
          `have applied command ${command.commandId}. Interrogate the pump before doing anything else.`,
        { commandId: command.commandId, attempts: x.attempts },
      );
  }
}
