/**
 * The cost of the link's security (docs/protocol.md §11): authenticated round trips per second over
 * loopback TCP (sealed single-bolus command → sealed response, through the pure state machines on both
 * sides) against a plain echo of frames of the same sizes over the same kind of socket; and sealed frames
 * encoded + decoded per second against CRC-only frames of the same sizes. Everything runs in this process.
 * The reported ratio is plain round trips per second ÷ authenticated ones: how many times slower security
 * makes a round trip.
 */
import type { Socket } from 'node:net';
import { connect, createServer } from 'node:net';
import { nonceFor } from '../src/link/crypto.ts';
import { nodeCrypto } from '../src/link/crypto-node.ts';
import type { Command, CommandId } from '../src/link/commands.ts';
import { assembleFrame, decodeFrame, encodeFrame, frameHeader } from '../src/link/frame.ts';
import { LinkHost } from '../src/link/link-host.ts';
import { TAG_SIZE } from '../src/link/limits.ts';
import { SessionClient } from '../src/link/session-client.ts';
import { FrameStreamDecoder, lengthPrefixed } from '../src/link/stream-framing.ts';
import { connectTcp, listenTcp } from '../src/link/tcp-transport.ts';
import { EXAMPLE_COMMAND, exampleFrames, fixture } from '../src/link/test-support.ts';
import { report, time, timeAsync } from './harness.ts';

const ROUND_TRIPS = 2_000;
const CODEC_FRAMES = 20_000;
const fx = fixture();
const sizes = exampleFrames();
const commandSize = sizes.command!.length;
const responseSize = sizes.response!.length;

// ---- authenticated round trips over loopback TCP ----
async function authenticated(): Promise<number> {
  const host = new LinkHost({
    ctx: fx.pump,
    tickMs: 0,
    handle: (d) => ({
      op: d.command.op,
      commandId: d.command.commandId,
      outcome: 'applied',
      reasons: [],
      body: { kind: 'version', stateVersion: 1 },
    }),
  });
  const listener = await listenTcp({ port: 0, onConnection: (t) => host.attach(t) });
  const client = await SessionClient.open({ ctx: fx.clinician, transport: await connectTcp(listener.port) });
  let n = 0;
  const { timing } = await timeAsync(async () => {
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const command: Command = {
        ...EXAMPLE_COMMAND,
        commandId: (n++).toString(16).padStart(32, '0') as CommandId,
      };
      await client.request(command, 5_000);
    }
  }, 5);
  client.close();
  await listener.close();
  return (ROUND_TRIPS / timing.medianMs) * 1_000;
}

// ---- plain echo of the same sizes over loopback TCP ----
async function plain(): Promise<number> {
  const reply = lengthPrefixed(new Uint8Array(responseSize));
  const server = createServer((s) => {
    const d = new FrameStreamDecoder();
    s.setNoDelay(true);
    s.on('data', (chunk: Buffer) => {
      const frames = d.push(chunk);
      for (let i = 0; i < frames.length; i++) s.write(reply);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  const socket: Socket = connect({ port, host: '127.0.0.1' });
  socket.setNoDelay(true);
  await new Promise((r) => socket.once('connect', r));
  const decoder = new FrameStreamDecoder();
  let waiting: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    if (decoder.push(chunk).length > 0) waiting?.();
  });
  const request = lengthPrefixed(new Uint8Array(commandSize));
  const { timing } = await timeAsync(async () => {
    for (let i = 0; i < ROUND_TRIPS; i++) {
      await new Promise<void>((r) => {
        waiting = r;
        socket.write(request);
      });
    }
  }, 5);
  socket.destroy();
  await new Promise((r) => server.close(r));
  return (ROUND_TRIPS / timing.medianMs) * 1_000;
}

// ---- codec: sealed vs CRC-only frames of the same size ----
const key = fx.pump.config.staticPrivate; // any 32 bytes
const plaintext = new Uint8Array(commandSize - 16 - TAG_SIZE);
function sealedCodec(): number {
  let ok = 0;
  for (let i = 1; i <= CODEC_FRAMES; i++) {
    const header = frameHeader('command', 'to-pump', i, plaintext.length + TAG_SIZE);
    const frame = assembleFrame(header, nodeCrypto.seal(key, nonceFor('to-pump', i), plaintext, header));
    const d = decodeFrame(frame);
    if (d.ok && nodeCrypto.open(key, nonceFor('to-pump', i), d.value.payload, d.value.header)) ok++;
  }
  return ok;
}
const clearPayload = new Uint8Array(commandSize - 16);
function plainCodec(): number {
  let ok = 0;
  for (let i = 1; i <= CODEC_FRAMES; i++) {
    const d = decodeFrame(encodeFrame('hello', 'to-pump', i, clearPayload));
    if (d.ok) ok++;
  }
  return ok;
}

const rtAuth = await authenticated();
const rtPlain = await plain();
const codecSealed = time(sealedCodec, 5);
const codecPlain = time(plainCodec, 5);
if (codecSealed.result !== CODEC_FRAMES || codecPlain.result !== CODEC_FRAMES) throw new Error('codec check');
const sealedPerSec = (CODEC_FRAMES / codecSealed.timing.medianMs) * 1_000;
const plainPerSec = (CODEC_FRAMES / codecPlain.timing.medianMs) * 1_000;

console.log(
  `round trips/s over loopback TCP: authenticated ${rtAuth.toFixed(0)}, plain echo ${rtPlain.toFixed(0)}`,
);
console.log(
  `frames encoded+decoded/s: sealed ${sealedPerSec.toFixed(0)}, CRC only ${plainPerSec.toFixed(0)}`,
);
report(
  'link',
  rtPlain / rtAuth,
  'plain TCP echo round trips/s of the same frame sizes ÷ authenticated round trips/s',
  {
    authenticatedRoundTripsPerSec: Math.round(rtAuth),
    plainRoundTripsPerSec: Math.round(rtPlain),
    sealedFramesPerSec: Math.round(sealedPerSec),
    plainFramesPerSec: Math.round(plainPerSec),
    codecRatio: Number((plainPerSec / sealedPerSec).toPrecision(4)),
    commandFrameBytes: commandSize,
    responseFrameBytes: responseSize,
  },
);
