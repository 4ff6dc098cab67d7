/**
 * Listening on a TCP port from the CLI: the one place that turns "the port is taken" into
 * ITB_E_PORT_IN_USE, and the probe every server command runs BEFORE it writes anything (a database file, a
 * bootstrap admin, a pump's keys), so a busy port leaves no trace behind.
 */
import { createServer } from 'node:net';
import { ItbError } from '../therapy/codes.ts';

/** The socket errors that mean "this address cannot be listened on". */
const LISTEN_ERRORS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'is already in use by another program',
  EACCES: 'needs privileges this user does not have (ports below 1024)',
  EADDRNOTAVAIL: 'is not an address of this machine',
};

/** The error a failed listen becomes: ITB_E_PORT_IN_USE with the address, or the error unchanged. */
export function listenError(error: unknown, host: string, port: number): Error {
  const code = (error as { code?: unknown } | null)?.code;
  const why = typeof code === 'string' ? LISTEN_ERRORS[code] : undefined;
  if (why === undefined) return error instanceof Error ? error : new Error(String(error));
  return new ItbError(
    'ITB_E_PORT_IN_USE',
    `cannot listen on ${host}:${port}: the address ${why}; choose another --port (0 = any free one) or stop the other program`,
    { host, port, reason: code as string },
  );
}

/**
 * Checks that `host:port` can be listened on by binding it and letting it go at once. A port that another
 * program takes between this probe and the real listen still fails cleanly there, through
 * {@link listenError}. Port 0 (any free one) needs no probe.
 */
export async function assertCanListen(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (e) => reject(listenError(e, host, port)));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
