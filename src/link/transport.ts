/**
 * A frame transport: delivers whole frames (the frame codec never sees partial ones). Implementations:
 * memory-transport.ts (tests and simulation, with fault injection) and tcp-transport.ts (length-delimited
 * frames over node:net). A transport is not trusted: everything it delivers goes through the full checks.
 */
export interface Transport {
  /** Sends one frame; silently dropped if the transport is closed (a radio cannot know either). */
  send(frame: Uint8Array): void;
  /** Sets the handler of received frames (one handler; a later call replaces it). */
  onFrame(handler: (frame: Uint8Array) => void): void;
  /** Sets the handler called once when the transport closes. */
  onClose(handler: (reason: string) => void): void;
  close(): void;
  readonly closed: boolean;
}

/** Shared bookkeeping of handlers and the closed flag. */
export class TransportBase {
  protected frameHandler: (frame: Uint8Array) => void = () => undefined;
  protected closeHandler: (reason: string) => void = () => undefined;
  private isClosed = false;

  get closed(): boolean {
    return this.isClosed;
  }

  onFrame(handler: (frame: Uint8Array) => void): void {
    this.frameHandler = handler;
  }

  onClose(handler: (reason: string) => void): void {
    this.closeHandler = handler;
  }

  /** Marks the transport closed and notifies once; returns false if it already was. */
  protected markClosed(reason: string): boolean {
    if (this.isClosed) return false;
    this.isClosed = true;
    this.closeHandler(reason);
    return true;
  }
}
