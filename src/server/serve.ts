/**
 * Running the API on a socket: open the store, create the first admin if asked (auth/bootstrap.ts), listen,
 * and shut down in order on SIGTERM/SIGINT — stop accepting and finish in-flight requests (Fastify's
 * close), then close the store, so no transaction is cut half-way.
 */
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { openStore } from '../clinic/open-store.ts';
import type { ClinicStore } from '../clinic/store.ts';
import { buildApp, type AppExtension } from './app.ts';
import { bootstrapAdmin } from './auth/bootstrap.ts';
import { parseTrustProxy } from './auth/trust-proxy.ts';
import { createLogger } from './logger.ts';
import { PUBLIC_URL_ENV } from './public-url.ts';
import { DEFAULT_EXTENSIONS } from './extensions.ts';
import type { PumpDirectory } from './pump-directory.ts';
import { createPumpExtension } from './pump-routes.ts';
import { webExtension } from './web-extension.ts';

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly db?: string;
  readonly extensions?: readonly AppExtension[];
  /**
   * Where the pumps' links listen (`itb serve --pumps` / `ITB_PUMP_DIRECTORY`); without it the pump routes
   * answer that no pump is registered for the implant.
   */
  readonly pumpDirectory?: PumpDirectory;
  /** The server's and the store's clock (epoch ms); default Date.now. The crash tests drive it. */
  readonly now?: () => number;
}

/** The default extensions, the pump routes on `directory`, and the web app. */
export function serverExtensions(directory?: PumpDirectory): AppExtension[] {
  return [
    ...DEFAULT_EXTENSIONS.map((e) =>
      e.name === 'pump' && directory !== undefined ? createPumpExtension({ directory }) : e,
    ),
    webExtension(),
  ];
}

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly store: ClinicStore;
  readonly url: string;
  /** Closes the server, then the store (idempotent). */
  stop(): Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  // Logs go to stderr: stdout carries the CLI's one result line (`itb serve --json`).
  const logger = createLogger(pino.destination({ dest: 2, sync: false }));
  const trustProxy = parseTrustProxy(process.env['ITB_TRUST_PROXY']);
  const publicUrl = process.env[PUBLIC_URL_ENV]?.trim();
  const store = await openStore(options.db, options.now === undefined ? {} : { clock: options.now });
  let app: FastifyInstance;
  try {
    const admin = await bootstrapAdmin(store);
    if (admin === 'created') logger.info({ event: 'bootstrap-admin' }, 'first admin account created');
    if (admin === 'not-empty') logger.warn('ITB_ADMIN_EMAIL ignored: the database already has users');
    app = await buildApp({
      store,
      logger,
      trustProxy,
      ...(publicUrl === undefined || publicUrl === '' ? {} : { publicUrl }),
      ...(options.now === undefined ? {} : { now: options.now }),
      // The web app (web/dist) is served beside the API; without a build its route says how to make one.
      extensions: options.extensions ?? serverExtensions(options.pumpDirectory),
    });
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    await store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      try {
        await app.close();
      } finally {
        await store.close();
      }
    })());
  return { app, store, url: `http://${host}:${port}`, stop };
}

/** Stops the server on SIGTERM/SIGINT; a second signal exits at once. */
export function stopOnSignals(server: RunningServer): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) process.exit(130);
    signalled = true;
    server.app.log.info({ signal }, 'shutting down');
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
