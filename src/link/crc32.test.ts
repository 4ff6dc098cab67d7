import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32.ts';

describe('crc32 (IEEE 802.3, as zlib; protocol.md §2.2)', () => {
  it('gives the standard check value for "123456789"', () => {
    // The CRC-32 catalogue's check value for this polynomial (Williams, "A painless guide to CRC").
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('agrees with node:zlib on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(crc32(b)).toBe(zlibCrc32(b));
      }),
      { numRuns: 2_000 },
    );
  });

  it('covers a sub-range', () => {
    const b = Uint8Array.from([9, 1, 2, 3, 9]);
    expect(crc32(b, 1, 4)).toBe(zlibCrc32(Uint8Array.from([1, 2, 3])));
  });
});
