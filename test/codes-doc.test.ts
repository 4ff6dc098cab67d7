import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allCodes } from '../src/codes.ts';
import { renderCodesDoc } from './codes-doc.ts';

describe('docs/codes.md', () => {
  it('matches the code registries (run `npm run docs:codes` after adding a code)', () => {
    const doc = readFileSync(new URL('../docs/codes.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderCodesDoc());
  });

  it('documents every code once', () => {
    const codes = allCodes().map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBeGreaterThan(0);
  });
});
