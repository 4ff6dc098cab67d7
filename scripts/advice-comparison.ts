/**
 * The advice against the label's rule over a virtual population (src/advise/compare.ts; results in
 * docs/safety-case.md). Prints a markdown table.
 *
 *   npx tsx scripts/advice-comparison.ts [patients=60] [days=28] [firstSeed=1]
 */
import { comparePatient, type ArmOutcome, type PatientComparison } from '../src/advise/compare.ts';

const [n = 60, days = 28, first = 1] = process.argv.slice(2).map(Number);
const rows: PatientComparison[] = [];
for (let seed = first; seed < first + n; seed++) {
  const r = comparePatient(seed, days);
  if (r) rows.push(r);
}
const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor((a.length - 1) / 2)] ?? NaN;
const summary = (arm: (r: PatientComparison) => ArmOutcome): string => {
  const o = rows.map(arm);
  const reached = o.filter((x) => x.daysToGoal !== null).map((x) => x.daysToGoal as number);
  return [
    `${reached.length}/${o.length}`,
    median(reached),
    o.reduce((s, x) => s + x.overdoseDays, 0),
    o.filter((x) => x.overdoseDays > 0).length,
    (o.reduce((s, x) => s + x.visits, 0) / o.length).toFixed(1),
  ].join(' | ');
};
console.log(
  `${rows.length} responders of ${n} virtual adults (seeds ${first}–${first + n - 1}), ${days} days each\n`,
);
console.log(
  '| arm | reached goal | median days to goal | overdose days | patients with overdose signs | dose-change visits (mean) |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
console.log(`| label rule | ${summary((r) => r.label)} |`);
console.log(`| advice | ${summary((r) => r.advice)} |`);
console.log(`| advice, re-fitted weekly | ${summary((r) => r.refitted)} |`);
