/**
 * docs/protocol.md is the specification: its example frames (§10) must be exactly what the code produces
 * from the test keys, must decode, and its code table (§9) must list exactly the link's codes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LINK_CODES } from './codes.ts';
import { decodeCommand } from './command-codec.ts';
import { decodeErrorPayload } from './control-payloads.ts';
import { nonceFor } from './crypto.ts';
import { nodeCrypto } from './crypto-node.ts';
import { decodeFrame } from './frame.ts';
import { decodeResponse } from './responses.ts';
import { EXAMPLE_COMMAND, EXAMPLE_RESPONSE, exampleFrames, fixture, openSession } from './test-support.ts';
import { fromHex, toHex } from './wire.ts';

const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');

/** `<!-- example: NAME -->` followed by a fenced block of hex. */
function docExamples(): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const m of doc.matchAll(/<!-- example: ([a-z-]+) -->\s*```text\n([\s\S]*?)```/g)) {
    out.set(m[1]!, fromHex(m[2]!));
  }
  return out;
}

describe('docs/protocol.md', () => {
  const examples = docExamples();
  const built = exampleFrames();

  it('has the example frames the code builds from the test keys, byte for byte', () => {
    expect([...examples.keys()].sort()).toEqual(Object.keys(built).sort());
    for (const [name, bytes] of examples) expect(toHex(bytes), name).toBe(toHex(built[name]!));
  });

  it('example frames decode to what the text says they are', () => {
    const types = new Map([...examples].map(([name, b]) => [name, decodeFrame(b)]));
    for (const [name, d] of types) expect(d.ok && d.value.type, name).toBe(name);
    const fx = fixture();
    const s = openSession(fx.pump, fx.clinician, 0);
    const keys = s.pump.session!.keys;
    const cmd = types.get('command')!;
    const rsp = types.get('response')!;
    const err = types.get('error')!;
    if (!cmd.ok || !rsp.ok || !err.ok) throw new Error('examples must decode');
    const plain = nodeCrypto.open(keys.toPump, nonceFor('to-pump', 2), cmd.value.payload, cmd.value.header)!;
    expect(toHex(plain)).toBe('12000102030405060708090a0b0c0d0e0f0000c3500000ea60');
    expect(decodeCommand(plain)).toEqual({ ok: true, value: EXAMPLE_COMMAND });
    const back = nodeCrypto.open(
      keys.fromPump,
      nonceFor('from-pump', 1),
      rsp.value.payload,
      rsp.value.header,
    )!;
    expect(decodeResponse(back)).toEqual({ ok: true, value: EXAMPLE_RESPONSE });
    expect(decodeErrorPayload(err.value.payload)).toEqual({
      ok: true,
      value: { code: 'ITB_E_LINK_UNKNOWN_KEY', retryAfterMs: 1_000 },
    });
    expect(doc).toContain(toHex(keys.toPump));
    expect(doc).toContain(toHex(keys.fromPump));
    expect(doc).toContain(toHex(keys.transcript));
  });

  it('lists exactly the link codes, with their summaries', () => {
    const table = doc.slice(doc.indexOf('<!-- codes:start -->'), doc.indexOf('<!-- codes:end -->'));
    const rows = [...table.matchAll(/^\| `(ITB_[ER]_LINK_[A-Z0-9_]+)` *\| (.+?) *\|$/gm)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(rows).toEqual(Object.entries(LINK_CODES).map(([code, info]) => [code, info.summary]));
  });
});
