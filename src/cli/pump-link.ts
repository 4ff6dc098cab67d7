/**
 * `itb pump …` commands that talk to a pump over the telemetry link (docs/telemetry-cli.md):
 *
 *   itb pump event-log --pump HOST:PORT --keys FILE [--json]
 *
 * The event log is read with the programmer's own reader (programmer/event-log.ts), the one the API route
 * `POST …/pump/event-log` uses, so the CLI and the API page the ring the same way and refuse the same way.
 * Reading changes nothing on the pump. Only a clinician's keys may read it: the patient controller reads
 * the status only (docs/protocol.md §5), as the API grants the log to physicians and nurses only.
 */
import type { Command } from 'commander';
import type { LogEntry } from '../link/status-codec.ts';
import { readEventLog } from '../programmer/event-log.ts';
import { ItbError } from '../therapy/codes.ts';
import { run } from './output.ts';
import { clinicInstantFormat } from './reason-line.ts';
import { str } from './programmer.ts';
import { openPumpLink, type PumpLink } from './programmer-session.ts';

type Flags = Record<string, string | boolean | undefined>;

/** What `itb pump event-log --json` prints: the retained entries, oldest first, and the next sequence. */
export interface EventLogReport {
  readonly serial: string;
  readonly nextSeq: number;
  readonly entries: readonly (LogEntry & { readonly atIso: string })[];
}

/** Opens the link with clinician keys only; a patient's keys are refused before anything is sent. */
export async function withClinicianLink<T>(f: Flags, fn: (link: PumpLink) => Promise<T>): Promise<T> {
  const link = openPumpLink({ pump: str(f, 'pump'), keys: str(f, 'keys'), role: undefined });
  try {
    if (link.role !== 'clinician') {
      throw new ItbError(
        'ITB_E_INVALID_INPUT',
        `this needs the clinician's keys (clinician.keys.json); ${str(f, 'keys') ?? ''} holds ${link.role} keys`,
      );
    }
    return await fn(link);
  } finally {
    link.client.close();
  }
}

/** Reads the pump's whole retained event log. */
export async function eventLogReport(link: PumpLink): Promise<EventLogReport> {
  const log = await readEventLog(link.client);
  return {
    serial: link.keys.pump.label,
    nextSeq: log.nextSeq,
    entries: log.entries.map((e) => ({ ...e, atIso: new Date(e.at).toISOString() })),
  };
}

const eventLogText = (r: EventLogReport): string =>
  [
    `pump ${r.serial}: ${r.entries.length} retained event(s), next sequence ${r.nextSeq} (pump clock, in the clinic's zone)`,
    ...r.entries.map((e) => `  #${e.seq} ${clinicInstantFormat()(e.at)} ${e.type} ${e.message}`),
  ].join('\n');

/** The link options every pump-link command takes. */
export function pumpLinkOptions(c: Command): Command {
  return c
    .requiredOption('--pump <host:port>', 'the pump’s address, e.g. 127.0.0.1:4100')
    .requiredOption('--keys <file>', 'clinician.keys.json from the pump’s data directory')
    .option('--json', 'one JSON object on stdout');
}

/** Registers the link commands on `itb pump`. */
export function registerPumpLinkCommands(pump: Command): void {
  pumpLinkOptions(
    pump
      .command('event-log')
      .description('read the pump’s retained event log over the link, oldest first (changes nothing)'),
  ).action((f: Flags) => run(f, () => withClinicianLink(f, eventLogReport), eventLogText));
}
