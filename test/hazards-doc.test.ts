/**
 * Issue 13's hazards finding: docs/hazards.md (the risk file) holds at least 50 hazards, each under its own
 * ID, the ones the issue found missing among them, and every test file a row names as its verification
 * exists — a row cannot cite a test that was renamed or never written.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROWS = readFileSync('docs/hazards.md', 'utf8')
  .split('\n')
  .filter((l) => /^\| H\d+ /.test(l));
const idOf = (row: string): string => row.split('|')[1]?.trim() ?? '';

describe('hazards list (docs/hazards.md)', () => {
  it('hazards list: at least 50 hazards, each ID used once', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(50);
    const ids = ROWS.map(idOf);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('hazards list: every hazard issue 13 found missing has its row', () => {
    const text = ROWS.join('\n');
    const missing = [
      /granuloma/i,
      /meningitis/i,
      /ziconotide adsorbed by a new pump/i,
      /MRI with a valve-gated pump not emptied/i,
      /does not resume after MRI until interrogated/i,
      /flipped in its pocket/i,
      /compounding or mixing errors/i,
      /patient accesses the pump/i,
      /titrating up into an occluded catheter/i,
      /outside the drug's or the device's indication/i,
      /systemic CNS depressants/i,
      /withdrawal seizures/i,
      /clonidine stopped abruptly/i,
      /catheter fracture or tip migration/i,
      /CSF leak/i,
    ].filter((hazard) => !hazard.test(text));
    expect(missing).toEqual([]);
  });

  it('hazards list: every test file a hazard names as its verification exists', () => {
    const named = ROWS.flatMap((row) =>
      [...row.matchAll(/`([^`\s]+\.test\.ts)`/g)].map((m) => `${idOf(row)} ${m[1] ?? ''}`),
    );
    expect(named.length).toBeGreaterThan(50);
    expect(named.filter((n) => !existsSync(n.split(' ')[1] ?? ''))).toEqual([]);
  });
});
