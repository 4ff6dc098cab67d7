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

  it('lists of different lengths differ: [] and [null] were called equal (a fresh seed found it)', () => {
    expect(diffJson([], [null])).toEqual([{ path: 'length', before: 0, after: 1 }]);
    expect(diffJson({ boluses: [1] }, { boluses: [1, null] })).toEqual([
      { path: 'boluses.length', before: 1, after: 2 },
    ]);
  });

  it('is empty exactly when both sides serialise alike, a null field counting as absent (property)', () => {
    // The documented equality: a field present on one side only is compared with null on the other.
    const dropNullFields = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(dropNullFields)
        : typeof v === 'object' && v !== null
          ? Object.fromEntries(
              Object.entries(v)
                .filter(([, x]) => x !== null)
                .map(([k, x]) => [k, dropNullFields(x)]),
            )
          : v;
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const norm = (v: unknown) => dropNullFields(JSON.parse(JSON.stringify(v)));
        expect(diffJson(a, a)).toEqual([]);
        if (diffJson(a, b).length === 0) expect(norm(a)).toEqual(norm(b));
      }),
    );
  });
});

describe('a list that grew or shrank, in words', () => {
  it('reads "number of steps", not a path', async () => {
    const { changeText } = await import('./change-text.ts');
    const [entry] = diffJson({ everyDay: { steps: [1, 2, 3] } }, { everyDay: { steps: [1, 2, 3, 4] } });
    expect(entry).toEqual({ path: 'everyDay.steps.length', before: 3, after: 4 });
    expect(changeText(entry as NonNullable<typeof entry>)).toBe('Every day, number of steps: 3 → 4');
  });
});
