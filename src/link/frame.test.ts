import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assembleFrame,
  decodeFrame,
  encodeFrame,
  FRAME_TYPES,
  frameHeader,
  type Direction,
  type FrameType,
} from './frame.ts';
import { HEADER_SIZE, MAX_PAYLOAD } from './limits.ts';

const types = Object.keys(FRAME_TYPES) as FrameType[];
const valid = fc.constantFrom(...types).chain((type) =>
  fc.record({
    type: fc.constant(type),
    direction: fc.constantFrom(...(FRAME_TYPES[type].directions as Direction[])),
    counter: fc.integer({ min: 0, max: 0xffff_ffff }),
    payload: fc.uint8Array({ minLength: FRAME_TYPES[type].sealed ? 16 : 0, maxLength: 200 }),
  }),
);

/** Recomputes the CRC after a header edit, so the check under test is the one that fires. */
function edit(frame: Uint8Array, at: number, value: number): Uint8Array {
  const b = frame.slice();
  b[at] = value;
  return assembleFrame(b.slice(0, HEADER_SIZE), b.slice(HEADER_SIZE, b.length - 4));
}

function shortSealed(): Uint8Array {
  const h = frameHeader('hello', 'to-pump', 0, 3);
  h[3] = FRAME_TYPES.command.code;
  h[4] = 0x02;
  return assembleFrame(h, new Uint8Array(3));
}

describe('frame copies (issue 14: header and payload were copied out of every received frame)', () => {
  it('a decoded frame’s header and payload are views of the received bytes, not copies', () => {
    const bytes = encodeFrame('command', 'to-pump', 7, new Uint8Array(40).fill(9));
    const d = decodeFrame(bytes);
    if (!d.ok) throw new Error(d.message);
    expect(d.value.header.buffer).toBe(bytes.buffer);
    expect(d.value.payload.buffer).toBe(bytes.buffer);
    expect(d.value.payload.byteOffset).toBe(bytes.byteOffset + HEADER_SIZE);
    expect([...d.value.payload]).toEqual(Array(40).fill(9));
  });
});

describe('frame codec (protocol.md §2)', () => {
  it('round-trips every frame type, direction, counter and payload', () => {
    fc.assert(
      fc.property(valid, (f) => {
        const d = decodeFrame(encodeFrame(f.type, f.direction, f.counter, f.payload));
        return (
          d.ok &&
          d.value.type === f.type &&
          d.value.direction === f.direction &&
          d.value.counter === f.counter &&
          Buffer.from(d.value.payload).equals(f.payload)
        );
      }),
      { numRuns: 1_000 },
    );
  });

  const cmd = encodeFrame('command', 'to-pump', 7, new Uint8Array(20));
  it.each<[string, Uint8Array, string]>([
    ['too short for header + CRC', cmd.slice(0, 15), 'ITB_E_LINK_TRUNCATED'],
    ['bad magic', Uint8Array.from([0x49, 0x55, ...cmd.slice(2)]), 'ITB_E_LINK_MAGIC'],
    ['cut short of its declared length', cmd.slice(0, cmd.length - 1), 'ITB_E_LINK_TRUNCATED'],
    ['longer than declared', Uint8Array.from([...cmd, 0]), 'ITB_E_LINK_LENGTH'],
    ['a flipped payload bit', Uint8Array.from(cmd, (x, i) => (i === 20 ? x ^ 1 : x)), 'ITB_E_LINK_CRC'],
    ['another protocol version', edit(cmd, 2, 1), 'ITB_E_LINK_VERSION'],
    ['an unknown frame type', edit(cmd, 3, 0x55), 'ITB_E_LINK_FRAME_TYPE'],
    ['an unknown flag bit', edit(cmd, 4, cmd[4]! | 0x80), 'ITB_E_LINK_FLAGS'],
    ['a reserved byte set', edit(cmd, 5, 1), 'ITB_E_LINK_FLAGS'],
    ['a command travelling from the pump', edit(cmd, 4, 0x03), 'ITB_E_LINK_FLAGS'],
    ['a command without the sealed flag', edit(cmd, 4, 0x00), 'ITB_E_LINK_FLAGS'],
    ['a sealed frame shorter than its tag', shortSealed(), 'ITB_E_LINK_PAYLOAD'],
  ])('refuses %s', (_what, bytes, code) => {
    expect(decodeFrame(bytes)).toMatchObject({ ok: false, code });
  });

  it('refuses a declared length above the protocol maximum before reading further', () => {
    const h = frameHeader('command', 'to-pump', 1, 16);
    h[6] = 0xff;
    h[7] = 0xff;
    expect(decodeFrame(Uint8Array.from([...h, ...new Uint8Array(20)]))).toMatchObject({
      code: 'ITB_E_LINK_LENGTH',
    });
  });

  it('refuses to build frames the decoder would refuse', () => {
    expect(() => frameHeader('response', 'to-pump', 1, 16)).toThrow(RangeError);
    expect(() => frameHeader('command', 'to-pump', -1, 16)).toThrow(RangeError);
    expect(() => frameHeader('command', 'to-pump', 0x1_0000_0000, 16)).toThrow(RangeError);
    expect(() => frameHeader('command', 'to-pump', 1, MAX_PAYLOAD + 1)).toThrow(RangeError);
  });
});
