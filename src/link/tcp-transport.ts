/**
 * The link over TCP (docs/protocol.md §2.5): u16 length-prefixed frames on a node:net socket. Virtual
 * pumps listen on loopback by default; TCP adds nothing to security — every frame is checked exactly as a
 * radio frame would be. A bad length prefix closes the connection (the stream cannot be resynchronised).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { ItbError } from '../therapy/codes.ts';
import { FrameStreamDecoder, lengthPrefixed } from './stream-framing.ts';
import { TransportBase, type Transport } from './transport.ts';

class TcpTransport extends TransportBase implements Transport {
  private readonly decoder = new FrameStreamDecoder();
  constructor(private readonly socket: Socket) {
    super();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      const frames = this.decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
      for (const f of frames) if (!this.closed) this.frameHandler(f);
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
    this.socket.write(lengthPrefixed(frame));
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
  close(): Promise<void>;
}

/** Listens for link connections (loopback unless told otherwise); port 0 picks a free port. */
export function listenTcp(options: {
  readonly port: number;
  readonly host?: string;
  readonly onConnection: (t: Transport) => void;
}): Promise<TcpListener> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    options.onConnection(tcpTransport(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : options.port;
      resolve({
        port,
        host,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
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
