// The population rows of docs/model-validation.md as tests, judged by the report's own criterion: over seeds
// 1–10 at the report's sizes a row fails when it is flagged (the upper bound of its 95 % Wilson interval lies
// below the 80 % target). Every row the report shows meeting the target is held to it, as `--check` holds it
// on fresh random seeds; the rows it lists below the target are its known shortfalls and are not. The row
// issue 13 fixed (titration.plasma, 10 of 20 seeds before) and the one it added (screen.drowsy) are named.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { populationRows } from './validation.ts';
import { passRates, type RowRate } from './validation-stats.ts';

const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);
const NAMED = ['titration.plasma', 'screen.drowsy'];
const report = readFileSync(new URL('../../docs/model-validation.md', import.meta.url), 'utf8');
/** Ids of the population rows the report shows meeting the target ("yes" in its Met? column). */
const metInReport = report
  .split('\n')
  .filter((line) => line.includes('| yes |'))
  .map((line) => /^\| `([^`]+)` \|/.exec(line)?.[1])
  .filter((id): id is string => id !== undefined && !NAMED.includes(id));

let rates: RowRate[] = [];
beforeAll(() => {
  rates = passRates(
    SEEDS,
    SEEDS.map((s) => populationRows(s)),
  );
}, 600_000);

const notFlagged = (id: string): void => {
  const r = rates.find((x) => x.row.id === id);
  expect(r, `${id} is a population row`).toBeDefined();
  const perSeed = r?.perSeed.map((p) => (p ? '✓' : '✗')).join('') ?? '';
  expect(
    r?.flagged,
    `${id}: ${r?.passes}/${SEEDS.length} seeds pass (${perSeed}), 95 % Wilson upper bound ${r?.hi.toFixed(2)}`,
  ).toBe(false);
};

describe('model validation across seeds (the report’s criterion)', () => {
  it('the report shows population rows meeting the target, and every one is a population row', () => {
    expect(metInReport.length).toBeGreaterThan(0);
    const ids = rates.map((r) => r.row.id);
    for (const id of metInReport) expect(ids).toContain(id);
  });

  it('titration.plasma (issue 13): plasma at the one-year dose within 0–5 ng/mL (P95) for most populations', () => {
    notFlagged('titration.plasma');
  });

  it('screen.drowsy (issue 13): drowsiness during the screening trial is uncommon, as the label’s 13 of 244', () => {
    notFlagged('screen.drowsy');
  });

  it.each(metInReport)('%s, shown meeting the target in the report, is not flagged over seeds 1–10', (id) => {
    notFlagged(id);
  });
});
