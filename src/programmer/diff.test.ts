/** The review's diff (docs/clinical-reference.md §3 Finish screen: pending vs current side by side) and the read-back check. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffJson } from './diff.ts';

describe('diffJson', () => {
  it('names each changed leaf by path', () => {
    expect(diffJson({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3] }, d: 'x' })).toEqual([
      { path: 'b.c.1', before: 2, after: 3 },
      { path: 'd', before: null, after: 'x' },
    ]);
  });

  it('is empty exactly when both sides serialise alike (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const norm = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
        expect(diffJson(a, a)).toEqual([]);
        if (diffJson(a, b).length === 0) expect(norm(a)).toEqual(norm(b));
      }),
    );
  });
});
