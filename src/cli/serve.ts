/**
 * `itb serve [--port P] [--db URL] [--host H] [--pumps SERIAL=host:port,…] [--json]`: runs the clinic API (src/server) until SIGTERM or
 * SIGINT. Prints the URL once listening (with `--json`: `{ url, openapi }`); logs (pino JSON) go to stderr. Defaults: 127.0.0.1:8080 —
 * loopback, because the API carries patient records; put it behind a TLS reverse proxy to expose it. A busy
 * port is ITB_E_PORT_IN_USE, refused before the database is opened (no file, no bootstrap admin).
 */
import { dbOption } from './clinic-access.ts';
import type { Command } from 'commander';
import { directoryFromEnv } from '../server/pump-directory.ts';
import { startServer, stopOnSignals } from '../server/serve.ts';
import { ItbError } from '../therapy/codes.ts';
import { assertCanListen, listenError } from './listen.ts';
import { run } from './output.ts';

interface ServeFlags {
  readonly port: string;
  readonly host: string;
  readonly db?: string;
  readonly pumps?: string;
  readonly json?: boolean;
}

export function registerServeCommand(program: Command): void {
  dbOption(
    program
      .command('serve')
      .description('run the clinic HTTP API (REST under /api/v1, OpenAPI at /api/openapi.json)')
      .option('--port <port>', 'TCP port (0 = any free one)', '8080')
      .option('--host <host>', 'address to listen on', '127.0.0.1'),
  )
    .option(
      '--pumps <list>',
      'where pump links listen, SERIAL=host:port[,…] (default: $ITB_PUMP_DIRECTORY), e.g. pumps run by `itb pump serve`',
    )
    .option('--json', 'print one JSON object when listening')
    .action((flags: ServeFlags) =>
      run(
        flags,
        async () => {
          const port = Number(flags.port);
          if (!Number.isInteger(port) || port < 0 || port > 65_535) {
            throw new ItbError('ITB_E_INVALID_INPUT', `--port must be 0–65535, got ${flags.port}`);
          }
          const pumpDirectory = directoryFromEnv(flags.pumps ?? process.env['ITB_PUMP_DIRECTORY']);
          // Before the database is opened: a busy port must not leave a new file or a bootstrap admin behind.
          await assertCanListen(flags.host, port);
          const server = await startServer({
            port,
            host: flags.host,
            pumpDirectory,
            ...(flags.db ? { db: flags.db } : {}),
          }).catch((e: unknown) => {
            throw listenError(e, flags.host, port);
          });
          stopOnSignals(server);
          return { url: server.url, openapi: `${server.url}/api/openapi.json` };
        },
        (r) => `itb clinic API listening on ${r.url} (OpenAPI: ${r.openapi}); Ctrl-C to stop`,
      ),
    );
}
