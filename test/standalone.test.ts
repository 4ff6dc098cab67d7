/**
 * The repository stands alone: no file cites the brief it was built from or any path outside the
 * repository. Clinical numbers cite docs/clinical-reference.md; principles and contracts cite
 * docs/architecture.md.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const OUTSIDE = [['DOMAIN', 'md'].join('.'), ['DESIGN', 'md'].join('.'), ['..', 'shared', ''].join('/')];

describe('the repository stands alone', () => {
  it('no tracked file cites a file outside the repository', () => {
    const files = execFileSync('git', ['ls-files'], { encoding: 'utf8' })
      .split('\n')
      .filter((f) => f !== '' && !f.endsWith('package-lock.json') && !/\.(png|pdf|ttf|woff2?)$/.test(f));
    const hits: string[] = [];
    for (const f of files) {
      let text: string;
      try {
        text = readFileSync(f, 'utf8');
      } catch {
        continue; // deleted in the work tree
      }
      for (const needle of OUTSIDE) if (text.includes(needle)) hits.push(`${f}: ${needle}`);
    }
    expect(hits).toEqual([]);
  });
});
