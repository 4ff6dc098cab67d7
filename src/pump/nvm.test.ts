/**
 * The A/B image must survive the two ways a pump's memory fails: power lost in the middle of a write, and
 * bits that flip at rest (FDA 2014 infusion-pump guidance: "corrupted dose history"; IEC 62304 class C).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERASED, MemoryFlash, PowerLossError, type PageIndex } from './nvm-flash.ts';
import { OVERHEAD_BYTES, encodeImage, isNewerGeneration } from './nvm-image.ts';
import { bootPump, maxPayloadBytes, readImage, writeImage, type ImageMissing } from './nvm.ts';

/** Deterministic test bytes (an LCG), so a failure names a reproducible payload. */
function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** Byte equality without the matcher's per-element diffing, for loops over thousands of cases. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function pageOf(flash: MemoryFlash, page: PageIndex): Uint8Array {
  return flash.read(page, 0, flash.pageSize);
}

describe('writeImage / readImage', () => {
  it('reports a blank flash as a new pump, not as a memory error', () => {
    const r = readImage(new MemoryFlash(256));
    expect(r).toMatchObject({ ok: false, reason: 'blank', code: 'ITB_E_NVM_BLANK' });
  });

  it('alternates pages with rising generations and reads back the last payload', () => {
    const flash = new MemoryFlash(256);
    const written = [bytes(10, 1), bytes(0, 2), bytes(maxPayloadBytes(flash), 3), bytes(7, 4)];
    written.forEach((p, i) => {
      expect(writeImage(flash, p)).toEqual({ page: i % 2, generation: i + 1 });
      const r = readImage(flash);
      expect(r).toMatchObject({ ok: true, generation: i + 1, page: i % 2 });
      if (r.ok) expect(r.payload).toEqual(p);
    });
  });

  it('refuses a payload larger than a page and leaves the flash untouched', () => {
    const flash = new MemoryFlash(128);
    writeImage(flash, bytes(5, 1));
    const before = [pageOf(flash, 0), pageOf(flash, 1)];
    expect(() => writeImage(flash, bytes(128 - OVERHEAD_BYTES + 1, 2))).toThrow(
      expect.objectContaining({ code: 'ITB_E_NVM_PAYLOAD_TOO_LARGE' }),
    );
    expect([pageOf(flash, 0), pageOf(flash, 1)]).toEqual(before);
  });

  it('models NOR flash: programming without an erase can only clear bits', () => {
    const flash = new MemoryFlash(4);
    flash.write(0, 0, Uint8Array.of(0b1100_1100));
    flash.write(0, 0, Uint8Array.of(0b1010_1010));
    expect(flash.read(0, 0, 2)).toEqual(Uint8Array.of(0b1000_1000, ERASED));
  });
});

describe('torn writes', () => {
  // A real-size image: a few KB of state in a 4 KB page.
  const PAGE = 4096;
  const previous = bytes(3000, 11);
  const next = bytes(3100, 12);

  function twoImages(): MemoryFlash {
    const flash = new MemoryFlash(PAGE);
    writeImage(flash, bytes(2900, 10)); // generation 1, page 0
    writeImage(flash, previous); // generation 2, page 1
    return flash;
  }

  it('boots the previous image when power is lost at every byte of the erase and the program', () => {
    const base = twoImages();
    const untouched = pageOf(base, 1);
    const operations = PAGE + next.length + OVERHEAD_BYTES; // erase every byte, then program the image
    for (let k = 0; k < operations; k++) {
      const flash = base.clone();
      flash.armPowerLoss(k);
      expect(() => writeImage(flash, next)).toThrow(PowerLossError);
      const r = readImage(flash);
      // The previous image boots, and the page holding it was never touched.
      const ok = r.ok && r.generation === 2 && r.page === 1 && sameBytes(r.payload, previous);
      if (!ok || !sameBytes(pageOf(flash, 1), untouched)) {
        expect.fail(`torn at byte operation ${k}: ${JSON.stringify({ ...r, payload: undefined })}`);
      }
      // Recovery: the next complete write lands in the torn page and wins.
      if (k % 97 === 0) {
        writeImage(flash, next);
        expect(readImage(flash)).toMatchObject({ ok: true, generation: 3, page: 0 });
      }
    }
    // One more operation and the write completes.
    const flash = base.clone();
    flash.armPowerLoss(operations);
    writeImage(flash, next);
    const r = readImage(flash);
    expect(r).toMatchObject({ ok: true, generation: 3, page: 0, otherPage: 'valid' });
    if (r.ok) expect(r.payload).toEqual(next);
  });

  it('after any sequence of complete and torn writes, reads the last completely written payload (property)', () => {
    const PAGE_SIZE = 300;
    const op = fc.record({
      payload: fc.uint8Array({ maxLength: PAGE_SIZE - OVERHEAD_BYTES }),
      torn: fc.option(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const flash = new MemoryFlash(PAGE_SIZE);
        let last: Uint8Array | undefined;
        let programmed = false;
        for (const { payload, torn } of ops) {
          if (torn === undefined) {
            writeImage(flash, payload);
            last = payload;
            programmed = true;
            continue;
          }
          const operations = PAGE_SIZE + payload.length + OVERHEAD_BYTES;
          const k = Math.floor(torn * operations);
          flash.armPowerLoss(k);
          expect(() => writeImage(flash, payload)).toThrow(PowerLossError);
          if (k > PAGE_SIZE) programmed = true; // some image bytes reached the page
        }
        const r = readImage(flash);
        if (last === undefined) {
          // A later torn erase can wipe the bytes an earlier torn write programmed, so whether the flash
          // is blank is a physical fact: every byte of both pages erased (0xFF).
          const erased = ([0, 1] as const).every((page) =>
            flash.read(page, 0, PAGE_SIZE).every((b) => b === 0xff),
          );
          if (!programmed) expect(erased).toBe(true);
          expect(r).toMatchObject({ ok: false, reason: erased ? 'blank' : 'corrupt' });
        } else {
          expect(r.ok).toBe(true);
          if (r.ok) expect(r.payload).toEqual(last);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('two torn writes where the second erase wipes what the first programmed read as blank (regression)', () => {
    const PAGE_SIZE = 300;
    const flash = new MemoryFlash(PAGE_SIZE);
    flash.armPowerLoss(PAGE_SIZE + 1); // the erase, then one programmed byte
    expect(() => writeImage(flash, new Uint8Array())).toThrow(PowerLossError);
    flash.armPowerLoss(1); // the next write's erase wipes that byte again
    expect(() => writeImage(flash, new Uint8Array())).toThrow(PowerLossError);
    const erased = ([0, 1] as const).every((page) => flash.read(page, 0, PAGE_SIZE).every((b) => b === 0xff));
    expect(readImage(flash)).toMatchObject({ ok: false, reason: erased ? 'blank' : 'corrupt' });
  });
});

describe('bit flips', () => {
  const older = bytes(40, 21);
  const newest = bytes(60, 22);
  function flashWithTwo(pageSize: number): MemoryFlash {
    const flash = new MemoryFlash(pageSize);
    writeImage(flash, older); // page 0, generation 1
    writeImage(flash, newest); // page 1, generation 2
    return flash;
  }

  it('any single flipped bit of the newest image falls back to the older one', () => {
    const base = flashWithTwo(128);
    for (let offset = 0; offset < newest.length + OVERHEAD_BYTES; offset++) {
      for (let bit = 0; bit < 8; bit++) {
        const flash = base.clone();
        flash.flipBit(1, offset, bit);
        const r = readImage(flash);
        expect(r, `byte ${offset} bit ${bit}`).toMatchObject({
          ok: true,
          page: 0,
          generation: 1,
          otherPage: 'invalid',
        });
        if (r.ok) expect(r.payload).toEqual(older);
      }
    }
  });

  it('a flip in the unused end of the page leaves the newest image intact', () => {
    const flash = flashWithTwo(128);
    flash.flipBit(1, 127, 3);
    expect(readImage(flash)).toMatchObject({ ok: true, page: 1, generation: 2, otherPage: 'valid' });
  });

  it('up to four random flips in each page: never a wrong payload, and both corrupt is a memory error (property)', () => {
    const flip = fc.record({ offset: fc.nat(127), bit: fc.nat(7) });
    const flips = fc.array(flip, { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(flips, flips, (f0, f1) => {
        const flash = flashWithTwo(128);
        // Keep flips inside each page's image so that each page really is damaged.
        for (const f of f0) flash.flipBit(0, f.offset % (older.length + OVERHEAD_BYTES), f.bit);
        for (const f of f1) flash.flipBit(1, f.offset % (newest.length + OVERHEAD_BYTES), f.bit);
        const r = readImage(flash);
        if (r.ok) {
          // A flip pair may cancel out; whatever is returned must be what was written there.
          expect(r.payload).toEqual(r.page === 1 ? newest : older);
        } else {
          expect(r).toMatchObject({ reason: 'corrupt', code: 'ITB_E_NVM_CORRUPT' });
        }
      }),
    );
  });
});

describe('bootPump', () => {
  const decodeText = (b: Uint8Array): string => {
    const s = new TextDecoder().decode(b);
    if (!s.startsWith('state:')) throw new Error('not a state');
    return s;
  };
  const text = (s: string): Uint8Array => new TextEncoder().encode(s);
  const failed = (f: ImageMissing): string => `safe:${f.reason}`;

  it('decodes the newest image and says where it came from', () => {
    const flash = new MemoryFlash(128);
    writeImage(flash, text('state:1'));
    writeImage(flash, text('state:2'));
    let seen: unknown;
    const s = bootPump(flash, (b, info) => ((seen = info), decodeText(b)), failed);
    expect(s).toBe('state:2');
    expect(seen).toEqual({ page: 1, generation: 2, fellBack: false, otherPage: 'valid' });
  });

  it('falls back to the older page when the newest has a good CRC but will not decode', () => {
    const flash = new MemoryFlash(128);
    writeImage(flash, text('state:1'));
    writeImage(flash, text('garbage'));
    let seen: unknown;
    expect(bootPump(flash, (b, info) => ((seen = info), decodeText(b)), failed)).toBe('state:1');
    expect(seen).toEqual({ page: 0, generation: 1, fellBack: true, otherPage: 'undecodable' });
  });

  it('returns the memory-error state when no page decodes or both are corrupt', () => {
    const undecodable = new MemoryFlash(128);
    writeImage(undecodable, text('garbage'));
    writeImage(undecodable, text('rubbish'));
    expect(bootPump(undecodable, decodeText, failed)).toBe('safe:corrupt');

    const corrupt = new MemoryFlash(128);
    writeImage(corrupt, text('state:1'));
    writeImage(corrupt, text('state:2'));
    corrupt.flipBit(0, 20, 0);
    corrupt.flipBit(1, 20, 0);
    expect(bootPump(corrupt, decodeText, failed)).toBe('safe:corrupt');
  });

  it('tells a blank (new) pump apart from a corrupt one', () => {
    expect(bootPump(new MemoryFlash(64), decodeText, failed)).toBe('safe:blank');
    const torn = new MemoryFlash(64);
    torn.armPowerLoss(64 + 10);
    expect(() => writeImage(torn, text('state:1'))).toThrow(PowerLossError);
    expect(bootPump(torn, decodeText, failed)).toBe('safe:corrupt');
  });
});

describe('generation counter wrap-around', () => {
  it('treats 0 as newer than 0xFFFFFFFF and keeps alternating pages across the wrap', () => {
    expect(isNewerGeneration(0, 0xffffffff)).toBe(true);
    expect(isNewerGeneration(0xffffffff, 0)).toBe(false);
    expect(isNewerGeneration(5, 5)).toBe(false);

    const pageSize = 64;
    const page = (payload: Uint8Array, generation: number): Uint8Array => {
      const p = new Uint8Array(pageSize).fill(ERASED);
      p.set(encodeImage(payload, generation));
      return p;
    };
    const flash = new MemoryFlash(pageSize, [page(bytes(4, 1), 0xfffffffe), page(bytes(4, 2), 0xffffffff)]);
    expect(readImage(flash)).toMatchObject({ ok: true, page: 1, generation: 0xffffffff });

    expect(writeImage(flash, bytes(4, 3))).toEqual({ page: 0, generation: 0 });
    const r = readImage(flash);
    expect(r).toMatchObject({ ok: true, page: 0, generation: 0 });
    if (r.ok) expect(r.payload).toEqual(bytes(4, 3));

    expect(writeImage(flash, bytes(4, 4))).toEqual({ page: 1, generation: 1 });
    expect(readImage(flash)).toMatchObject({ ok: true, page: 1, generation: 1 });
  });
});
