import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32 } from './nvm-crc32.ts';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('crc32 (CRC-32/ISO-HDLC)', () => {
  it('gives the catalogue check value 0xCBF43926 for "123456789" (Greg Cook, CRC RevEng catalogue)', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
  });

  it('is 0 for no bytes (init and final XOR cancel)', () => {
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('agrees with zlib on arbitrary bytes and sub-ranges (property; zlib is only the test oracle)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.nat(), fc.nat(), (bytes, i, j) => {
        const a = bytes.length === 0 ? 0 : i % (bytes.length + 1);
        const b = a + (bytes.length === a ? 0 : j % (bytes.length - a + 1));
        expect(crc32(bytes)).toBe(zlibCrc32(bytes));
        expect(crc32(bytes, a, b)).toBe(zlibCrc32(bytes.subarray(a, b)));
      }),
    );
  });
});
