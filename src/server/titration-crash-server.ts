/**
 * Child-process entry for titration-crash.int.test.ts: `node --import tsx
 * src/server/titration-crash-server.ts <db> <epoch ms>` starts the API as `itb serve` does
 * (`startServer` with the pump routes on `ITB_PUMP_DIRECTORY`) on a free loopback port and prints
 * `{ "url": … }`. Its clock starts at `<epoch ms>` and moves only when a line with a new epoch ms arrives on
 * stdin (answered `{ "clock": … }`): the test spaces titration steps by days of the pump's clock so the
 * minimum interval between steps (docs/clinical-reference.md §1.4) accepts them. Test-only.
 */
import { createInterface } from 'node:readline';
import { directoryFromEnv } from './pump-directory.ts';
import { startServer, stopOnSignals } from './serve.ts';

const [db, at] = process.argv.slice(2);
if (db === undefined || at === undefined) {
  throw new Error('usage: titration-crash-server.ts <db path or postgres:// URL> <epoch ms>');
}
let now = Number(at);
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  db,
  pumpDirectory: directoryFromEnv(process.env['ITB_PUMP_DIRECTORY']),
  now: () => now,
});
stopOnSignals(server);
createInterface({ input: process.stdin }).on('line', (line) => {
  now = Number(line);
  process.stdout.write(`${JSON.stringify({ clock: now })}\n`);
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
