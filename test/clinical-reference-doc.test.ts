/**
 * docs/clinical-reference.md states each device's labelling as the device profiles hold it: a reviewer who
 * checks the page against the labels checks the data the pump refuses by.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DrugId } from '../src/therapy/drug.ts';
import { getProfile } from '../src/pump/profiles.ts';

const DOC = readFileSync('docs/clinical-reference.md', 'utf8');

/** The bullet of §3 that begins with `head`, up to the next bullet. */
function bullet(head: string): string {
  const start = DOC.indexOf(`- **${head}`);
  expect(start, `docs/clinical-reference.md has a "${head}" bullet`).toBeGreaterThanOrEqual(0);
  const next = DOC.indexOf('\n- **', start + 1);
  return DOC.slice(start, next < 0 ? undefined : next).replace(/\s+/g, ' ');
}

/** The words the page uses for a drug of the Prometra labelling. */
const NAMED: Partial<Record<DrugId, RegExp>> = {
  baclofen: /baclofen/,
  saline: /saline/,
  morphine: /Infumorph|morphine/,
};

describe('docs/clinical-reference.md §3 states the valve-gated profile labelling', () => {
  it('Prometra labelled ages: the page says morphine from 22 years, baclofen and saline from 12 (Prometra brief statement PL-19589-04, 2024)', () => {
    const text = bullet('Valve-gated, programmable');
    const labelling = getProfile('valve-20').labelling;
    for (const [drug, label] of Object.entries(labelling)) {
      const age = label.value.minAgeYears;
      const named = NAMED[drug as DrugId];
      expect(named, `a name for ${drug}`).toBeDefined();
      expect(age, `${drug} has a labelled age`).toBeDefined();
      // The clause that names the drug's labelled use gives its own age: "… <drug> … <age> years …".
      const withAge = new RegExp(`(?:${named?.source ?? ''})[^;]*?\\b${age} years`);
      expect(text, `${drug} from ${age} years`).toMatch(withAge);
    }
  });
});
