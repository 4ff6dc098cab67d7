/** The catheter as a plug-flow delay line (docs/clinical-reference.md §4). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Nanograms, Nanolitres } from '../therapy/quantities.ts';
import { massOf, pushThrough, splitParcel, volumeOf } from './plug-flow.ts';
import type { Parcel } from './types.ts';

const parcel = (volume: number, mass: number, batch: number): Parcel => ({
  volume: volume as Nanolitres,
  mass: mass as Nanograms,
  drug: batch === 0 ? 'saline' : 'baclofen',
  batch,
});

describe('pushThrough', () => {
  it('pushes out the oldest fluid first, the same volume that went in', () => {
    const line = [parcel(100, 0, 0)]; // primed with saline
    const first = pushThrough(line, parcel(30, 60, 1));
    expect(first.out).toEqual([parcel(30, 0, 0)]);
    expect(first.line).toEqual([parcel(70, 0, 0), parcel(30, 60, 1)]);

    const second = pushThrough(first.line, parcel(90, 180, 1));
    expect(second.out).toEqual([parcel(70, 0, 0), parcel(20, 40, 1)]);
    expect(second.line).toEqual([parcel(100, 200, 1)]); // same batch merged
  });

  it('passes fluid straight through a catheter of no volume', () => {
    expect(pushThrough([], parcel(5, 7, 1))).toEqual({ line: [], out: [parcel(5, 7, 1)] });
  });

  it('conserves volume and mass exactly and keeps the line volume (property)', () => {
    const p = fc
      .record({ volume: fc.integer({ min: 1, max: 1e7 }), conc: fc.integer({ min: 0, max: 40 }) })
      .map(({ volume, conc }) => ({ volume, mass: volume * conc }));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5e6 }),
        fc.array(fc.tuple(p, fc.integer({ min: 1, max: 4 })), { maxLength: 30 }),
        (lineVolume, inflows) => {
          let line = lineVolume > 0 ? [parcel(lineVolume, 0, 0)] : [];
          let pushed = 0;
          let out = 0;
          let massIn = 0;
          let massOut = 0;
          for (const [{ volume, mass }, batch] of inflows) {
            const r = pushThrough(line, parcel(volume, mass, batch));
            expect(volumeOf(r.out)).toBe(volume);
            expect(volumeOf(r.line)).toBe(lineVolume);
            line = r.line;
            pushed += volume;
            out += volumeOf(r.out);
            massIn += mass;
            massOut += massOf(r.out);
          }
          expect(out).toBe(pushed);
          expect(massOut + massOf(line)).toBe(massIn);
        },
      ),
    );
  });
});

describe('splitParcel', () => {
  it('splits mass in proportion to volume, the parts summing exactly', () => {
    const [a, b] = splitParcel(parcel(3, 10, 1), 1);
    expect(a.mass + b.mass).toBe(10);
    expect([a.volume, b.volume]).toEqual([1, 2]);
    expect(a.mass).toBe(3); // round(10 / 3)
  });
});
