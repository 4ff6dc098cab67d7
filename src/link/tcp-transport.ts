/**
 * The link over TCP (docs/protocol.md §2.5): u16 length-prefixed frames on a node:net socket. Virtual
 * pumps listen on loopback by default; TCP adds nothing to security — every frame is checked exactly as a
 * radio frame would be. A bad length prefix closes the connection (the stream cannot be resynchronised).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { ItbError } from '../therapy/codes.ts';
import { FrameStreamDecoder, lengthPrefixed } from './stream-framing.ts';
import { TransportBase, type Transport } from './transport.ts';

/** Memory for an outgoing frame: a Buffer, so the socket writes it as it is (every byte gets written). */
const socketBytes = (n: number): Buffer => Buffer.allocUnsafe(n);

class TcpTransport extends TransportBase implements Transport {
  private readonly decoder = new FrameStreamDecoder();
  constructor(private readonly socket: Socket) {
    super();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      const frames = this.decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
      // The answers to all frames of one chunk leave in one write (one system call, not one per frame).
      const batch = frames.length > 1;
      if (batch) socket.cork();
      for (const f of frames) if (!this.closed) this.frameHandler(f);
      if (batch) socket.uncork();
      if (this.decoder.failed !== undefined) this.fail(this.decoder.failed);
    });
    socket.on('error', (e) => this.fail(`ITB_E_LINK_TRANSPORT: ${e.message}`));
    socket.on('close', () => this.markClosed('ITB_E_LINK_TRANSPORT: connection closed'));
  }

  private fail(reason: string): void {
    this.markClosed(reason);
    this.socket.destroy();
  }

  send(frame: Uint8Array): void {
    if (this.closed || this.socket.destroyed) return;
    this.socket.write(lengthPrefixed(frame, socketBytes));
  }

  /**
   * Flushes what was sent, then releases the socket at once: waiting for the peer's side to close would let
   * a pump that never answers (or never reads) keep the programmer's process alive indefinitely.
   */
  close(): void {
    this.markClosed('closed locally');
    this.socket.end(() => this.socket.destroy());
  }
}

/** Wraps a connected socket. */
export const tcpTransport = (socket: Socket): Transport => new TcpTransport(socket);

export interface TcpListener {
  readonly port: number;
  readonly host: string;
  /** Connections currently held. */
  readonly connections: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  readonly port: number;
  readonly host?: string;
  readonly onConnection: (t: Transport) => void;
  /** Most connections held at once (default 32); beyond it the oldest unauthenticated one is evicted. */
  readonly maxConnections?: number;
  /** A connection with no traffic for this long is closed (default 330 s: the session idle time + 30 s). */
  readonly idleTimeoutMs?: number;
  /** A connection that holds no authenticated session this long after it opened is closed (default 10 s). */
  readonly authTimeoutMs?: number;
  /**
   * Whether a connection carries an authenticated session: such a connection is never evicted and the
   * `authTimeoutMs` rule applies only when this is given (a listener that cannot tell closes nothing early).
   */
  readonly authenticated?: (t: Transport) => boolean;
}

interface Held {
  readonly socket: Socket;
  readonly transport: Transport;
}

/**
 * Listens for link connections (loopback unless told otherwise); port 0 picks a free port. Connections are
 * capped, time out when idle and must authenticate within `authTimeoutMs`: otherwise idle sockets from
 * anyone could exhaust the pump's file descriptors and reset every legitimate client. When the cap is hit
 * the oldest connection without an authenticated session makes room, so a new client always gets a hearing.
 */
export function listenTcp(options: ListenOptions): Promise<TcpListener> {
  const host = options.host ?? '127.0.0.1';
  const max = options.maxConnections ?? 32;
  const authed = options.authenticated ?? (() => false);
  const authTimeout = options.authenticated === undefined ? undefined : (options.authTimeoutMs ?? 10_000);
  const held: Held[] = []; // oldest first
  const server: Server = createServer((socket) => {
    if (held.length >= max) {
      const victim = held.find((h) => !authed(h.transport));
      if (victim === undefined) {
        socket.destroy();
        return;
      }
      victim.socket.destroy();
      held.splice(held.indexOf(victim), 1);
    }
    const transport = tcpTransport(socket);
    const entry = { socket, transport };
    held.push(entry);
    socket.on('close', () => {
      const i = held.indexOf(entry);
      if (i >= 0) held.splice(i, 1);
    });
    socket.setTimeout(options.idleTimeoutMs ?? 330_000, () => socket.destroy());
    if (authTimeout !== undefined) {
      setTimeout(() => {
        if (!authed(transport)) socket.destroy();
      }, authTimeout).unref();
    }
    options.onConnection(transport);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : options.port;
      resolve({
        port,
        host,
        get connections() {
          return held.length;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const h of held) h.socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Connects to a link listener; rejects with ITB_E_LINK_TRANSPORT or ITB_E_LINK_TIMEOUT. */
export function connectTcp(port: number, host = '127.0.0.1', timeoutMs = 5_000): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ItbError('ITB_E_LINK_TIMEOUT', `no connection to ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(tcpTransport(socket));
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(new ItbError('ITB_E_LINK_TRANSPORT', `${host}:${port}: ${e.message}`));
    });
  });
}
