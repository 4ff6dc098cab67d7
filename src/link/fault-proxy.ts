/**
 * A man in the middle for tests and demonstrations: joins two transports and passes frames between them
 * through a {@link FaultHook} (drop, duplicate, delay, corrupt). Over TCP it listens on loopback and opens
 * one connection to the real pump per client connection, so a programmer can be pointed at a hostile link
 * without changing anything else.
 */
import type { Direction } from './frame.ts';
import { defaultScheduler, type FaultHook, type Scheduler } from './memory-transport.ts';
import { connectTcp, listenTcp, type TcpListener } from './tcp-transport.ts';
import type { Transport } from './transport.ts';

/**
 * Forwards `initiator` → `pump` (to-pump) and back (from-pump), each frame through `faults`. Returns the
 * to-pump path, for frames that arrived before the bridge was built.
 */
export function bridge(
  initiator: Transport,
  pump: Transport,
  faults: FaultHook,
  schedule: Scheduler = defaultScheduler,
): (frame: Uint8Array) => void {
  const counts: Record<Direction, number> = { 'to-pump': 0, 'from-pump': 0 };
  const pass = (to: Transport, direction: Direction) => (frame: Uint8Array) => {
    for (const d of faults(frame.slice(), direction, counts[direction]++)) {
      schedule(() => to.send(d.bytes), d.delayMs);
    }
  };
  const toPump = pass(pump, 'to-pump');
  initiator.onFrame(toPump);
  pump.onFrame(pass(initiator, 'from-pump'));
  initiator.onClose(() => pump.close());
  pump.onClose(() => initiator.close());
  return toPump;
}

/** A loopback TCP proxy in front of the pump listening on `targetPort`. */
export function tcpFaultProxy(o: {
  readonly targetPort: number;
  readonly faults: FaultHook;
  readonly port?: number;
}): Promise<TcpListener> {
  return listenTcp({
    port: o.port ?? 0,
    onConnection: (client) => {
      // Frames that arrive before the pump connection is up are held, then pass the same faults.
      const early: Uint8Array[] = [];
      client.onFrame((f) => early.push(f));
      connectTcp(o.targetPort).then(
        (pump) => {
          const toPump = bridge(client, pump, o.faults);
          for (const f of early.splice(0)) toPump(f);
        },
        () => client.close(),
      );
    },
  });
}
