/** The entry point bin/itb.js loads: runs the command line on this process's arguments. */
import { main } from './main.ts';

await main(process.argv);
