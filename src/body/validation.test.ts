// Every row of docs/model-validation.md, asserted: each published target of DOMAIN.md §1, §2 and §4 that
// the virtual patient claims to reproduce. Populations are smaller here than in the generated report
// (TEST_OPTIONS vs REPORT_OPTIONS) to keep the suite fast; the same bands must hold.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEST_OPTIONS, validationRows } from './validation.ts';

const rows = validationRows(TEST_OPTIONS);

describe('model validation', () => {
  it.each(rows.map((r) => [r.id, r] as const))('%s', (_id, r) => {
    expect(r.pass, `${r.topic} — ${r.measure}: target ${r.target}, model ${r.value} (${r.source})`).toBe(
      true,
    );
  });

  it('row ids are unique and the generated report lists every one of them', () => {
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const report = readFileSync(new URL('../../docs/model-validation.md', import.meta.url), 'utf8');
    for (const id of ids) expect(report).toContain(`\`${id}\``);
  });
});
