/**
 * The cost of the link's security (docs/link.md, docs/protocol.md §11): authenticated round trips per second
 * over loopback TCP (sealed single-bolus command → sealed response, through the pure state machines and the
 * shells on both sides) against a plain echo of frames of the same sizes over the same kind of socket; and
 * sealed frames encoded + decoded per second against CRC-only frames of the same sizes. Everything runs in
 * this process.
 *
 * Honest under a shared, loaded machine: both sides are set up once and warmed up, then measured in
 * interleaved rounds (authenticated block, plain block, in alternating order), the plain block as many
 * round trips as take as long as the authenticated one, so a change of load hits both halves of a round
 * alike; the ratio is the median of the per-round ratios, the rates are medians of the per-round rates.
 * `LINK_BENCH_ROUNDS` and `LINK_BENCH_BLOCK` override the defaults.
 *
 * Where the time goes: a third side runs the same authenticated path with AES-GCM replaced by a stand-in
 * that only copies bytes (bench-only, never in src/: it authenticates nothing), interleaved with the plain
 * echo the same way. Its ratio (`ratioWithoutAead`) is what the link costs beyond the four AEAD operations
 * of a round trip: the state machines, codecs, shells and timers.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { nonceFor } from '../src/link/crypto.ts';
import type { LinkCrypto } from '../src/link/crypto.ts';
import { nodeCrypto } from '../src/link/crypto-node.ts';
import type { Command, CommandId } from '../src/link/commands.ts';
import { assembleFrame, decodeFrame, encodeFrame, frameHeader } from '../src/link/frame.ts';
import { LinkHost } from '../src/link/link-host.ts';
import { TAG_SIZE } from '../src/link/limits.ts';
import { SessionClient } from '../src/link/session-client.ts';
import { FrameStreamDecoder, lengthPrefixed } from '../src/link/stream-framing.ts';
import { connectTcp, listenTcp } from '../src/link/tcp-transport.ts';
import { EXAMPLE_COMMAND, exampleFrames, fixture } from '../src/link/test-support.ts';
import { quantile, report } from './harness.ts';

const positive = (name: string, fallback: number): number => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 1)
    throw new Error(`ITB_E_INVALID_INPUT: ${name} must be a positive integer`);
  return v;
};
/** Round trips per timed block. */
const BLOCK = positive('LINK_BENCH_BLOCK', 600);
/** Timed rounds (one authenticated and one plain block each). */
const ROUNDS = positive('LINK_BENCH_ROUNDS', 61);
/** Untimed rounds first: JIT tiers, socket buffers, the session's first frames. */
const WARMUP_ROUNDS = 12;
const CODEC_FRAMES = 2_000;

/** A measured side: runs `n` items (round trips or frames). */
type Work = (n: number) => unknown;

const fx = fixture();

/** node:crypto with AES-GCM replaced by a copy plus 16 zero bytes: the path's cost without the AEAD. */
const withoutAead: LinkCrypto = {
  ...nodeCrypto,
  seal: (_key, _nonce, plaintext) => {
    const out = new Uint8Array(plaintext.length + TAG_SIZE);
    out.set(plaintext);
    return out;
  },
  open: (_key, _nonce, sealed) => sealed.slice(0, sealed.length - TAG_SIZE),
};
/**
 * The alternative AEAD node:crypto offers, ChaCha20-Poly1305 (RFC 8439), in the same shape: measured beside
 * AES-256-GCM on the same frames to see whether a cipher change would lower the per-message floor.
 */
const chacha20Poly1305: LinkCrypto = {
  ...nodeCrypto,
  seal(key, nonce, plaintext, aad) {
    const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_SIZE });
    c.setAAD(aad, { plaintextLength: plaintext.length });
    const body = c.update(plaintext);
    c.final();
    const out = new Uint8Array(body.length + TAG_SIZE);
    out.set(body, 0);
    out.set(c.getAuthTag(), body.length);
    return out;
  },
  open(key, nonce, sealed, aad) {
    try {
      const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_SIZE });
      d.setAAD(aad, { plaintextLength: sealed.length - TAG_SIZE });
      d.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
      const body = d.update(sealed.subarray(0, sealed.length - TAG_SIZE));
      d.final();
      return new Uint8Array(body);
    } catch {
      return undefined;
    }
  },
};
const sizes = exampleFrames();
const commandSize = sizes.command!.length;
const responseSize = sizes.response!.length;

interface Side {
  /** Runs `n` sequential round trips. */
  run(n: number): Promise<void>;
  close(): Promise<void>;
}

/** A pump link host and a programmer session over loopback TCP, answering every command at once. */
async function authenticatedSide(f = fx): Promise<Side> {
  const host = new LinkHost({
    ctx: f.pump,
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
  const client = await SessionClient.open({ ctx: f.clinician, transport: await connectTcp(listener.port) });
  let n = 0;
  return {
    async run(count) {
      for (let i = 0; i < count; i++) {
        const command: Command = {
          ...EXAMPLE_COMMAND,
          commandId: (n++).toString(16).padStart(32, '0') as CommandId,
        };
        const r = await client.request(command, 5_000);
        if (r.outcome !== 'applied') throw new Error(`round trip ${n}: ${r.outcome}`);
      }
    },
    async close() {
      client.close();
      await listener.close();
    },
  };
}

/** A plain echo of frames of the same sizes: length-prefixed, split by the same stream decoder. */
async function plainSide(): Promise<Side> {
  const reply = lengthPrefixed(new Uint8Array(responseSize));
  const server: Server = createServer((s) => {
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
  return {
    async run(count) {
      for (let i = 0; i < count; i++) {
        await new Promise<void>((r) => {
          waiting = r;
          socket.write(request);
        });
      }
    },
    async close() {
      socket.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

// ---- codec: sealed vs CRC-only frames of the same size ----
const key = fx.pump.config.staticPrivate; // any 32 bytes
const plaintext = new Uint8Array(commandSize - 16 - TAG_SIZE);
let codecCounter = 0;
/** Seals, frames, decodes and opens `n` command-sized frames with `crypto`. */
const sealedCodecWith =
  (crypto: LinkCrypto): Work =>
  (n) => {
    for (let i = 0; i < n; i++) {
      const c = ++codecCounter;
      const header = frameHeader('command', 'to-pump', c, plaintext.length + TAG_SIZE);
      const frame = assembleFrame(header, crypto.seal(key, nonceFor('to-pump', c), plaintext, header));
      const d = decodeFrame(frame);
      if (!d.ok || !crypto.open(key, nonceFor('to-pump', c), d.value.payload, d.value.header)) {
        throw new Error('sealed codec check');
      }
    }
  };
const sealedCodec = sealedCodecWith(nodeCrypto);
const clearPayload = new Uint8Array(commandSize - 16);
function plainCodec(n: number): void {
  for (let i = 1; i <= n; i++) {
    if (!decodeFrame(encodeFrame('hello', 'to-pump', i, clearPayload)).ok) throw new Error('codec check');
  }
}

/** Wall-clock and CPU (user + system, this process) milliseconds `fn` takes. */
async function ms(fn: () => unknown): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1_000 };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** One round: items per second of wall-clock time and of CPU time, for each side. */
interface Round {
  readonly auth: number;
  readonly plain: number;
  readonly authCpu: number;
  readonly plainCpu: number;
}

/**
 * Interleaved rounds of two measurements (order alternating), each as items per second: `a` runs `itemsA`
 * items and `b` runs `itemsB` per round.
 */
async function rounds(count: number, a: Work, itemsA: number, b: Work, itemsB: number): Promise<Round[]> {
  const out: Round[] = [];
  for (let r = 0; r < count; r++) {
    const first = r % 2 === 0;
    const t1 = await ms(() => (first ? a(itemsA) : b(itemsB)));
    const t2 = await ms(() => (first ? b(itemsB) : a(itemsA)));
    const [ta, tb] = first ? [t1, t2] : [t2, t1];
    out.push({
      auth: (itemsA / ta.wall) * 1_000,
      plain: (itemsB / tb.wall) * 1_000,
      authCpu: (itemsA / ta.cpu) * 1_000,
      plainCpu: (itemsB / tb.cpu) * 1_000,
    });
  }
  return out;
}

/**
 * Warms both sides up, then measures them in interleaved rounds of equal length: the faster side `b` runs as
 * many items per round as it ran in the time `a` took for `block` during the warm-up (median of the second
 * half of the warm-up rounds, when the first ones have compiled the code). A burst of load from another process then lands on either half of a round alike; with equal
 * items per half it fell three times as often on the slower half, and runs a minute apart disagreed by 40 %.
 */
async function balanced(a: Work, b: Work, block: number): Promise<{ rounds: Round[]; itemsB: number }> {
  const warm = await rounds(WARMUP_ROUNDS, a, block, b, block);
  const speedup = median(warm.slice(WARMUP_ROUNDS / 2).map((r) => r.plain / r.auth));
  const itemsB = Math.max(1, Math.round(block * speedup));
  return { rounds: await rounds(ROUNDS, a, block, b, itemsB), itemsB };
}

const auth = await authenticatedSide();
const plain = await plainSide();
const authRun: Work = (n) => auth.run(n);
const plainRun: Work = (n) => plain.run(n);
const { rounds: rt, itemsB: plainBlock } = await balanced(authRun, plainRun, BLOCK);
const standIn = await authenticatedSide(fixture(withoutAead));
const { rounds: floor } = await balanced((n) => standIn.run(n), plainRun, BLOCK);
await auth.close();
await standIn.close();
await plain.close();
const { rounds: codec } = await balanced(sealedCodec, plainCodec, CODEC_FRAMES);
const { rounds: ciphers } = await balanced(sealedCodec, sealedCodecWith(chacha20Poly1305), CODEC_FRAMES);

const ratios = rt.map((r) => r.plain / r.auth);
const ratio = median(ratios);
const cpuRatio = median(rt.map((r) => r.plainCpu / r.authCpu));
const authCpuRate = median(rt.map((r) => r.authCpu));
const authRate = median(rt.map((r) => r.auth));
const plainRate = median(rt.map((r) => r.plain));
const floorRatio = median(floor.map((r) => r.plain / r.auth));
const floorCpuRatio = median(floor.map((r) => r.plainCpu / r.authCpu));
const sealedPerSec = median(codec.map((r) => r.auth));
const plainPerSec = median(codec.map((r) => r.plain));
const gcmPerSec = median(ciphers.map((r) => r.auth));
const chachaPerSec = median(ciphers.map((r) => r.plain));
const round = (x: number) => Number(x.toPrecision(4));

console.log(
  `${ROUNDS} interleaved rounds over loopback TCP (${BLOCK} authenticated and ${plainBlock} plain round trips ` +
    `each) after ${WARMUP_ROUNDS} warm-up rounds`,
);
console.log(
  `round trips/s (medians): authenticated ${authRate.toFixed(0)}, plain echo ${plainRate.toFixed(0)}; ` +
    `per-round ratio median ${ratio.toFixed(3)}, quartiles ${quantile(ratios, 0.25).toFixed(3)}–` +
    `${quantile(ratios, 0.75).toFixed(3)}, min ${Math.min(...ratios).toFixed(3)}, max ${Math.max(...ratios).toFixed(3)}`,
);
console.log(
  `CPU time only: authenticated ${authCpuRate.toFixed(0)} round trips per CPU second, ratio ${cpuRatio.toFixed(3)}`,
);
console.log(
  `without the AEAD (a copying stand-in for AES-GCM): ${median(floor.map((r) => r.auth)).toFixed(0)} round trips/s, ` +
    `ratio ${floorRatio.toFixed(3)}, CPU-time ratio ${floorCpuRatio.toFixed(3)}`,
);
console.log(
  `frames encoded+decoded/s: sealed ${sealedPerSec.toFixed(0)}, CRC only ${plainPerSec.toFixed(0)}`,
);
console.log(
  `sealed frames encoded+decoded/s side by side: AES-256-GCM ${gcmPerSec.toFixed(0)}, ` +
    `ChaCha20-Poly1305 ${chachaPerSec.toFixed(0)} (both node:crypto)`,
);
report(
  'link',
  ratio,
  'plain TCP echo round trips/s of the same frame sizes ÷ authenticated round trips/s (median of interleaved rounds)',
  {
    roundTripsPerSecond: Math.round(authRate),
    authenticatedRoundTripsPerSec: Math.round(authRate),
    plainRoundTripsPerSec: Math.round(plainRate),
    ratioMin: round(Math.min(...ratios)),
    ratioQ1: round(quantile(ratios, 0.25)),
    ratioQ3: round(quantile(ratios, 0.75)),
    cpuRatio: round(cpuRatio),
    authenticatedRoundTripsPerCpuSec: Math.round(authCpuRate),
    ratioMax: round(Math.max(...ratios)),
    rounds: ROUNDS,
    roundTripsPerRound: BLOCK,
    plainRoundTripsPerRound: plainBlock,
    ratioWithoutAead: round(floorRatio),
    cpuRatioWithoutAead: round(floorCpuRatio),
    sealedFramesPerSec: Math.round(sealedPerSec),
    plainFramesPerSec: Math.round(plainPerSec),
    codecRatio: round(plainPerSec / sealedPerSec),
    aesGcmFramesPerSec: Math.round(gcmPerSec),
    chacha20Poly1305FramesPerSec: Math.round(chachaPerSec),
    commandFrameBytes: commandSize,
    responseFrameBytes: responseSize,
  },
);
