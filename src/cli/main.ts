/** The `itb` command line. Each subcommand group registers itself from its own file. */
import { Command, CommanderError } from 'commander';
import { registerCalcCommands } from './calc.ts';
import { registerDbCommands } from './db.ts';
import { registerPumpCommands } from './pump.ts';
import { registerProgrammerCommands } from './programmer.ts';
import { registerServeCommand } from './serve.ts';
import { registerSimCommands } from './sim.ts';
import { registerDemoCommand } from './demo.ts';
import { reportError } from './output.ts';
import { ItbError } from '../therapy/codes.ts';

const program = new Command('itb')
  .description('itb — intrathecal baclofen pump therapy: calculators, pump, simulator, clinic')
  .version('0.1.0')
  .showHelpAfterError(false)
  .exitOverride()
  .configureOutput({ writeErr: () => undefined });

registerCalcCommands(program);
registerDbCommands(program);
registerPumpCommands(program);
registerProgrammerCommands(program);
registerSimCommands(program);
registerServeCommand(program);
registerDemoCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
      process.exitCode = 0;
    } else {
      // A missing or unknown flag is invalid input: report it in the project's vocabulary.
      const message = error.message.replace(/^error: /, '');
      reportError(new ItbError('ITB_E_INVALID_INPUT', message), { json: process.argv.includes('--json') });
    }
  } else {
    reportError(error, { json: process.argv.includes('--json') });
  }
}
