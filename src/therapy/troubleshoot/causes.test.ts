import { describe, expect, it } from 'vitest';
import { CAUSES, STEPS } from './causes.ts';

describe('the troubleshooting guide in clinician words', () => {
  it('the withdrawal remedy shown on the troubleshooting page read "(oral baclofen for baclofen; docs/clinical-reference.md §2, …)": no text the guide shows names a documentation file', () => {
    const shown = [
      ...Object.values(CAUSES).flatMap((c) => [c.title, c.danger, ...c.remedies]),
      ...Object.values(STEPS).flatMap((s) => [
        s.title,
        s.how,
        ...s.results.flatMap((r) => [r.result, r.meaning]),
      ]),
    ];
    const withPaths = shown.filter((t) => /docs\/|\.md\b|§/.test(t));
    expect(withPaths).toEqual([]);
  });
});
