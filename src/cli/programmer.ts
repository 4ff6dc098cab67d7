/**
 * `itb programmer …`: the clinician's programmer (and the patient's controller) on the telemetry link
 * (docs/telemetry-cli.md).
 *
 *   itb programmer interrogate --pump HOST:PORT --keys FILE [--role R] [--log N] [--json]
 *   itb programmer program --pump … --keys … --dose D [--concentration C] --origin spinal|cerebral (baclofen)
 *                          [--opioid-status naive|tolerant] [--hours-since-last-change H]
 *                          [--justification TEXT] --yes [--json]
 *   itb programmer refill  --pump … --keys … --volume-ml V --concentration C --measured-residual-ml M
 *                          [--drug D (default: the pump's)] [--reservoir-ml 20|40] [--dose D] … --yes [--json]
 *   itb programmer bolus   --pump … --keys … --dose MCG [--duration-minutes N] … --yes [--json]
 *
 * Every change follows one sequence: interrogate; run the therapy guardrails against what the pump holds;
 * show pending vs current side by side; send only with --yes (and --justification for a warning),
 * compare-and-set on the interrogated state version; read back and verify. Refusals by a guardrail, by the
 * pump or by the link exit non-zero with their code; an unknown outcome is reported as unknown.
 */
import type { Command } from 'commander';
import { ItbError } from '../therapy/codes.ts';
import type { Command as LinkCommand } from '../link/commands.ts';
import { run } from './output.ts';
import { DOSE_FLAG_HELP, ORIGIN_FLAG_HELP } from './dose-flags.ts';
import { choiceFlag, numberFlag } from './parse.ts';
import {
  bolusChange,
  programChange,
  refillChange,
  type Change,
  type Snapshot,
} from './programmer-changes.ts';
import {
  gate,
  interrogationText,
  interrogationView,
  reviewText,
  type InterrogationView,
  type Review,
} from './programmer-review.ts';
import {
  executeCommand,
  openPumpLink,
  readAlarms,
  readLog,
  readPrescription,
  readStatus,
  type Applied,
  type PumpLink,
} from './programmer-session.ts';

type Flags = Record<string, string | boolean | undefined>;
/** A string flag by its dashed name (commander stores `--fill-ml` as `fillMl`). */
export const str = (f: Flags, flag: string): string | undefined => {
  const v = f[flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())];
  return typeof v === 'string' ? v : undefined;
};

async function withLink<T>(f: Flags, fn: (link: PumpLink) => Promise<T>): Promise<T> {
  const role = str(f, 'role');
  const link = openPumpLink({
    pump: str(f, 'pump'),
    keys: str(f, 'keys'),
    role: role === undefined ? undefined : choiceFlag(role, '--role', ['clinician', 'patient'] as const),
  });
  try {
    return await fn(link);
  } finally {
    link.client.close();
  }
}

/** Everything the role may read. A patient controller reads the status only (protocol.md §5). */
async function interrogate(link: PumpLink): Promise<Snapshot> {
  const status = await readStatus(link);
  if (link.role !== 'clinician')
    return { status, prescription: undefined, alarms: undefined, log: undefined };
  const { prescription } = await readPrescription(link);
  return { status, prescription, alarms: await readAlarms(link), log: await readLog(link) };
}

function view(link: PumpLink, s: Snapshot, logEntries: number): InterrogationView {
  const log =
    s.log === undefined
      ? undefined
      : { ...s.log, entries: logEntries === 0 ? [] : s.log.entries.slice(-logEntries) };
  return interrogationView({ serial: link.keys.pump.label, role: link.role, ...s, log });
}

/**
 * Exit codes of a change whose result is in doubt (docs/telemetry-cli.md): distinct from 0 (applied and
 * verified) and 1 (refused, nothing changed), because the pump may hold — or does hold — the change.
 */
export const EXIT_APPLIED_UNVERIFIED = 3;
export const EXIT_OUTCOME_UNKNOWN = 4;

/**
 * What a change command prints once it was sent: `applied` (read back and verified), `applied-unverified`
 * (the pump said applied, then the link was lost before the read-back) or `unknown` (the link was lost
 * after sending and the pump could not be asked). A change the pump may hold is never reported as a plain
 * transport error (IEC 62304 hazard: a clinician re-sending a dose change the pump already took).
 */
export interface ChangeReport {
  readonly action: string;
  readonly serial: string;
  readonly review: Review;
  readonly justification: string | null;
  readonly outcome: 'applied' | 'applied-unverified' | 'unknown';
  readonly commandId: string;
  readonly via: Applied['via'] | null;
  readonly stateVersion: number | null;
  readonly advisories: Applied['advisories'];
  /** verified: true with what was checked; verified: false with why the read-back failed; null if unknown. */
  readonly readBack:
    | (Record<string, unknown> & { readonly verified: true })
    | { readonly verified: false; readonly error: string }
    | null;
  /** What to do next, in clinician words (null when verified). */
  readonly warning: string | null;
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Sends the change and reads it back; a lost link after sending yields a report, never a bare error. */
async function sendAndVerify(
  link: PumpLink,
  change: Change,
  before: Snapshot,
  base: Pick<ChangeReport, 'action' | 'serial' | 'review' | 'justification'>,
): Promise<ChangeReport> {
  let applied: Applied;
  try {
    applied = await executeCommand(link, change.command);
  } catch (e) {
    if (!(e instanceof ItbError && e.code === 'ITB_E_PROGRAMMER_OUTCOME_UNKNOWN')) throw e;
    return {
      ...base,
      outcome: 'unknown',
      commandId: change.command.commandId,
      via: null,
      stateVersion: null,
      advisories: [],
      readBack: null,
      warning: `OUTCOME UNKNOWN: ${e.message}`,
    };
  }
  const sent = {
    ...base,
    commandId: applied.commandId,
    via: applied.via,
    stateVersion: applied.stateVersion,
    advisories: applied.advisories,
  };
  let after: Snapshot;
  try {
    after = await interrogate(link);
  } catch (e) {
    return {
      ...sent,
      outcome: 'applied-unverified',
      readBack: { verified: false, error: messageOf(e) },
      warning:
        `APPLIED, NOT VERIFIED: the pump applied command ${applied.commandId} (state version ` +
        `${applied.stateVersion}) but could not be read back (${messageOf(e)}). Do not send it again: ` +
        'interrogate the pump and compare before any other change.',
    };
  }
  return { ...sent, outcome: 'applied', readBack: change.verify(before, after, applied), warning: null };
}

async function runChange(
  f: Flags,
  link: PumpLink,
  build: (s: Snapshot, newId: () => LinkCommand['commandId']) => Change,
): Promise<ChangeReport> {
  const before = await interrogate(link);
  const change = build(before, () => link.client.newCommandId());
  const justification = str(f, 'justification');
  try {
    gate(change.review, { yes: f.yes === true, justification });
    return await sendAndVerify(link, change, before, {
      action: change.review.action,
      serial: link.keys.pump.label,
      review: change.review,
      justification: justification ?? null,
    });
  } catch (e) {
    // The review is shown either way (on stderr: stdout stays empty when the change did not happen).
    if (f.json !== true) process.stderr.write(reviewText(change.review) + '\n');
    throw e;
  }
}

const changeText = (r: ChangeReport): string =>
  [
    reviewText(r.review),
    r.outcome === 'unknown'
      ? `OUTCOME UNKNOWN for ${r.action} on pump ${r.serial}: command ${r.commandId}`
      : `${r.outcome === 'applied' ? 'APPLIED' : 'APPLIED, NOT VERIFIED:'} ${r.action} on pump ${r.serial}: ` +
        `state version ${r.stateVersion}` +
        (r.via === 'query' ? ' (answer lost, result recovered by command id: applied once)' : ''),
    ...r.advisories.map((a) => `  advisory ${a.severity} ${a.code}`),
    r.readBack === null
      ? 'read back: not attempted'
      : `read back: ${r.readBack.verified ? 'verified' : 'FAILED'} ${JSON.stringify(r.readBack)}`,
    ...(r.warning === null ? [] : [r.warning]),
  ].join('\n');

/** Runs a change subcommand; an applied-unverified or unknown outcome prints its report and its exit code. */
async function changeCommand(
  f: Flags,
  build: (f: Flags, s: Snapshot, newId: () => LinkCommand['commandId']) => Change,
): Promise<void> {
  let report: ChangeReport | undefined;
  await run(
    f,
    () => withLink(f, async (link) => (report = await runChange(f, link, (s, id) => build(f, s, id)))),
    changeText,
  );
  if (report === undefined || report.warning === null) return;
  if (f.json === true) process.stderr.write(report.warning + '\n');
  process.exitCode = report.outcome === 'unknown' ? EXIT_OUTCOME_UNKNOWN : EXIT_APPLIED_UNVERIFIED;
}

function linkOptions(c: Command): Command {
  return c
    .requiredOption('--pump <host:port>', 'the pump’s address, e.g. 127.0.0.1:4100')
    .requiredOption(
      '--keys <file>',
      'clinician.keys.json or patient.keys.json from the pump’s data directory',
    )
    .option('--role <role>', 'clinician or patient: must match the keys file')
    .option('--json', 'one JSON object on stdout');
}

function changeOptions(c: Command): Command {
  return linkOptions(c)
    .option('--yes', 'confirm: without it the review is shown and nothing is sent')
    .option('--justification <text>', 'why a guardrail warning is overridden (required for a warning)');
}

function titrationOptions(c: Command): Command {
  return c
    .option('--origin <origin>', ORIGIN_FLAG_HELP)
    .option('--age-years <n>', 'patient age (children < 12 use the cerebral-or-child steps)')
    .option(
      '--opioid-status <status>',
      'naive or tolerant: an opioid start is judged by it (unknown is asked: refused above the naive range)',
    )
    .option('--phase <phase>', 'titration or maintenance', 'titration')
    .option(
      '--hours-since-last-change <h>',
      'hours since the last dose change (unknown warns on an increase)',
    );
}

export function registerProgrammerCommands(program: Command): void {
  const pg = program
    .command('programmer')
    .description(
      'clinician programmer / patient controller on the telemetry link: interrogate, program, refill, bolus',
    );

  linkOptions(
    pg.command('interrogate').description('read the pump: status, prescription, alarms, battery, log'),
  )
    .option('--log <n>', 'newest log entries to show (clinician)', '10')
    .action((f: Flags) =>
      run(
        f,
        () =>
          withLink(f, async (link) =>
            view(link, await interrogate(link), numberFlag(str(f, 'log'), '--log', 0, 10_000)),
          ),
        interrogationText,
      ),
    );

  titrationOptions(
    changeOptions(
      pg
        .command('program')
        .description('program a simple continuous daily dose (reviewed, confirmed, read back)'),
    ),
  )
    .requiredOption('--dose <dose>', `${DOSE_FLAG_HELP.dose}; the drug is --drug or what the reservoir holds`)
    .option('--concentration <conc>', `${DOSE_FLAG_HELP.concentration} (default: what the reservoir holds)`)
    .option('--drug <id>', 'drug library entry (default: what the reservoir holds)')
    .action((f: Flags) => changeCommand(f, programChange));

  titrationOptions(
    changeOptions(
      pg.command('refill').description('record a refill after reconciling the measured residual'),
    ),
  )
    .requiredOption('--volume-ml <mL>', 'volume put in the reservoir (after draining it completely)')
    .requiredOption('--concentration <conc>', `the new fill's ${DOSE_FLAG_HELP.concentration}`)
    .requiredOption('--measured-residual-ml <mL>', 'residual drained and measured before the fill')
    .option('--drug <id>', 'drug of the new fill (default: the drug the pump holds)')
    .option('--reservoir-ml <mL>', 'nominal reservoir size for reconciliation: 20 or 40', '20')
    .option(
      '--dose <dose>',
      `new ${DOSE_FLAG_HELP.dose}; required by the pump when drug or concentration changes`,
    )
    .action((f: Flags) => changeCommand(f, refillChange));

  changeOptions(pg.command('bolus').description('give a single bolus (reviewed, confirmed, read back)'))
    .requiredOption('--dose <amount>', `bolus ${DOSE_FLAG_HELP.mass}; the drug is what the pump holds`)
    .option('--duration-minutes <min>', 'delivered over this many minutes', '60')
    .action((f: Flags) => changeCommand(f, bolusChange));
}
