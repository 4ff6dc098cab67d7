/** The `itb` command line. Each subcommand group registers itself from its own file. */
import { Command } from 'commander';

const program = new Command('itb')
  .description('itb — intrathecal baclofen pump therapy: calculators, pump, simulator, clinic')
  .version('0.1.0');

await program.parseAsync(process.argv);
