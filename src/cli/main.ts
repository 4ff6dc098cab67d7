/**
 * The `itb` command line. Each subcommand group registers itself from its own file, loaded only when it is
 * asked for (a dynamic import per group): `itb calc …` never loads Fastify, the database drivers or the
 * link, and `itb --version` loads nothing but commander (docs/performance.md, "CLI").
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Help, type Option } from 'commander';
import { reportError } from './output.ts';
import { ItbError } from '../therapy/codes.ts';

/** A top-level command: its name, the line `itb --help` shows, and how to load and register it. */
export interface CommandEntry {
  readonly name: string;
  readonly description: string;
  readonly register: (program: Command) => Promise<void>;
}

/**
 * Every top-level command. The descriptions repeat what each module registers (so `itb --help` needs no
 * module); src/cli/main.test.ts fails when the two differ.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'calc',
    description: 'clinical calculators (dose math and guardrails)',
    register: async (p) => (await import('./calc.ts')).registerCalcCommands(p),
  },
  {
    name: 'db',
    description: 'clinic database: migrations, backups, audit-trail verification',
    register: async (p) => (await import('./db.ts')).registerDbCommands(p),
  },
  {
    name: 'pump',
    description:
      'implanted pump controller: device profiles, simulation, event log, stop and resume, bolus and priming',
    register: async (p) => (await import('./pump.ts')).registerPumpCommands(p),
  },
  {
    name: 'programmer',
    description:
      'clinician programmer / patient controller on the telemetry link: interrogate, program, refill, bolus',
    register: async (p) => (await import('./programmer.ts')).registerProgrammerCommands(p),
  },
  {
    name: 'patients',
    description:
      'patients: register a referred patient, list the clinic’s patients (the API’s checks and roles)',
    register: async (p) => (await import('./patients.ts')).registerPatientCommands(p),
  },
  {
    name: 'pathway',
    description:
      'the care pathway: stage and what is due, candidacy evaluation and team decision, post-operative checks',
    register: async (p) => (await import('./pathway.ts')).registerPathwayCommands(p),
  },
  {
    name: 'appointments',
    description: 'appointments: list, book, reschedule, cancel, attended (the API’s checks and roles)',
    register: async (p) => (await import('./appointments.ts')).registerAppointmentCommands(p),
  },
  {
    name: 'mri',
    description: 'MRI preparation and follow-up: plan, empty a valve pump or accept, ready, done',
    register: async (p) => (await import('./mri.ts')).registerMriCommands(p),
  },
  {
    name: 'troubleshoot',
    description: 'troubleshooting a pump: start from a symptom, ranked causes, steps, close with the outcome',
    register: async (p) => (await import('./troubleshoot.ts')).registerTroubleshootCommands(p),
  },
  {
    name: 'users',
    description: 'clinic accounts: list, create, disable, enable, reset password, change role (admin)',
    register: async (p) => (await import('./users.ts')).registerUserCommands(p),
  },
  {
    name: 'audit',
    description: 'the audit trail: entries by patient, actor, action and time (admin)',
    register: async (p) => (await import('./audit.ts')).registerAuditCommands(p),
  },
  {
    name: 'sim',
    description: 'virtual patient and simulator: boluses, screening trials, scenarios, populations',
    register: async (p) => (await import('./sim.ts')).registerSimCommands(p),
  },
  {
    name: 'advise',
    description: 'model-informed dosing from the screening trial: start dose and titration path (advice)',
    register: async (p) => (await import('./advise.ts')).registerAdviseCommands(p),
  },
  {
    name: 'serve',
    description: 'run the clinic HTTP API (REST under /api/v1, OpenAPI at /api/openapi.json)',
    register: async (p) => (await import('./serve.ts')).registerServeCommand(p),
  },
  {
    name: 'demo',
    description: 'run the demo clinic: virtual pumps on the real link, seeded history, API and web app',
    register: async (p) => (await import('./demo.ts')).registerDemoCommand(p),
  },
  {
    name: 'completion',
    description: 'print a shell completion script: itb completion bash|zsh',
    register: async (p) => (await import('./completion.ts')).registerCompletionCommand(p, COMMANDS),
  },
];

/** The package's version, from package.json (dist/cli/ and src/cli/ sit at the same depth). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Help that marks required options, so `--help` shows what a command cannot run without. */
function optionDescription(this: Help, option: Option): string {
  const text = Help.prototype.optionDescription.call(this, option);
  return option.mandatory ? `(required) ${text}` : text;
}

/** The program with the commands `argv` needs registered: the one it names, or all as stubs for help. */
export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('itb')
    .description('itb — intrathecal baclofen pump therapy: calculators, pump, simulator, clinic')
    .version(packageVersion())
    .option('--verbose', 'say on stderr whether the compiled build or the TypeScript sources run')
    .showHelpAfterError(false)
    .exitOverride()
    .configureHelp({ optionDescription })
    // commander's own error lines are replaced by ITB_E_ codes (main); help it shows on stderr is kept.
    .configureOutput({ outputError: () => undefined });
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  const named = words[0] === 'help' ? words[1] : words[0];
  const entry = COMMANDS.find((c) => c.name === named);
  if (entry !== undefined) {
    await entry.register(program);
  } else {
    for (const c of COMMANDS) program.command(c.name).description(c.description);
  }
  return program;
}

/** Runs `itb` on `argv`, reporting every failure in the project's vocabulary (output.ts). */
export async function main(argv: readonly string[]): Promise<void> {
  const json = argv.includes('--json');
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
        process.exitCode = 0;
      } else if (error.code === 'commander.help') {
        // A command group without its subcommand: its help is on stderr; nothing ran.
        process.exitCode = 1;
      } else {
        // A missing or unknown flag is invalid input: report it in the project's vocabulary.
        const message = error.message.replace(/^error: /, '');
        reportError(new ItbError('ITB_E_INVALID_INPUT', message), { json });
      }
    } else {
      reportError(error, { json });
    }
  }
}
