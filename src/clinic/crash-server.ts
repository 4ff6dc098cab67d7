/**
 * Child-process entry for crash.int.test.ts: `node --import tsx src/clinic/crash-server.ts <db>` starts
 * the clinic API (server/serve.ts `startServer`, no extensions — the crash test needs only the core routes,
 * and skipping them keeps start-up short) on a free loopback port and prints `{ "url": … }` on stdout.
 * Same start-up and shutdown code as `itb serve`, without loading the whole CLI.
 */
import { startServer, stopOnSignals } from '../server/serve.ts';

const db = process.argv[2];
if (db === undefined) throw new Error('usage: crash-server.ts <db path or postgres:// URL>');
const server = await startServer({ port: 0, host: '127.0.0.1', db, extensions: [] });
stopOnSignals(server);
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
