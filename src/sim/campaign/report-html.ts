/**
 * The campaign's HTML report: one self-contained page (inline CSS and SVG, no script, no network), the arms
 * side by side — a chart per harm with each arm's rate and 95 % interval, the published real-world rates for
 * comparison, the faults and how fast they were found, and the cases behind each harm with the command that
 * re-runs one alone.
 */
import { HARMS, type ArmResult, type Harm } from './arm.ts';
import type { CampaignResult } from './run.ts';

const esc = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
const fmt = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/** A horizontal bar per arm (rate) with its 95 % interval as a whisker. */
function harmChart(harm: Harm, arms: readonly ArmResult[]): string {
  const rowH = 22;
  const left = 210;
  const width = 420;
  const max = Math.max(1e-9, ...arms.map((a) => a.harms[harm].high));
  const x = (v: number) => left + (v / max) * width;
  const rows = arms.map((a, i) => {
    const r = a.harms[harm];
    const y = 24 + i * rowH;
    return (
      `<text x="${left - 6}" y="${y + 13}" text-anchor="end">${esc(a.label)}</text>` +
      `<rect x="${left}" y="${y + 3}" width="${(x(r.per100PatientYears) - left).toFixed(1)}" height="14" fill="${i === 0 ? '#2b6cb0' : '#c05621'}"/>` +
      `<line x1="${x(r.low).toFixed(1)}" x2="${x(r.high).toFixed(1)}" y1="${y + 10}" y2="${y + 10}" stroke="#111" stroke-width="1.5"/>` +
      `<text x="${(x(r.high) + 6).toFixed(1)}" y="${y + 14}">${fmt(r.per100PatientYears)} (${fmt(r.low)}–${fmt(r.high)}); n=${r.count}</text>`
    );
  });
  const h = 30 + arms.length * rowH;
  return (
    `<figure><figcaption>${esc(harm)} per 100 patient-years (95 % interval)</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 200}" height="${h}" role="img" aria-label="${esc(harm)}">` +
    `<line x1="${left}" x2="${left}" y1="18" y2="${h - 4}" stroke="#888"/>${rows.join('')}</svg></figure>`
  );
}

function armTable(c: CampaignResult): string {
  const head = ['arm', 'patients (implanted)', 'patient-years', ...HARMS, 'uncontrolled days /100 p-y'];
  const rows = c.arms.map((a) => [
    a.label,
    `${a.patients} (${a.implanted})`,
    a.patientYears.toFixed(1),
    ...HARMS.map(
      (h) => `${fmt(a.harms[h].per100PatientYears)} [${fmt(a.harms[h].low)}–${fmt(a.harms[h].high)}]`,
    ),
    fmt(a.uncontrolledDaysPer100PatientYears),
  ]);
  return table(head, rows);
}

const table = (head: readonly string[], rows: readonly (readonly string[])[]): string =>
  `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

/** The report page for a campaign; `rerun(arm, index)` gives the command that re-runs one patient alone. */
export function campaignHtml(c: CampaignResult, rerun: (a: ArmResult, index: number) => string): string {
  const significant = c.comparisons.filter((x) => x.pValue < 0.05 || x.pairedPValue < 0.05);
  const faults = c.arms.flatMap((a) =>
    a.faults.map((f) => [
      a.label,
      f.kind,
      String(f.count),
      String(f.detected),
      f.medianDelayHours === null ? '–' : `${f.medianDelayHours} h`,
    ]),
  );
  const cases = c.arms.flatMap((a) =>
    a.cases.map((k) => [
      a.label,
      k.harm,
      `patient ${k.index}, day ${k.day}`,
      k.leadUp.join(' → '),
      rerun(a, k.index),
    ]),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>itb safety campaign, seed ${c.seed}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#111}table{border-collapse:collapse;margin:8px 0 20px}
td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}th{background:#f2f2f2}
svg text{font:12px system-ui,sans-serif}figure{margin:10px 0}figcaption{font-weight:600}code{font-size:12px}</style></head><body>
<h1>Safety campaign</h1>
<p>Seed ${c.seed}; ${c.patients} patients enrolled, ${c.years} years each; ${c.patientYearsAsked} patient-years asked per arm;
fault rates × ${c.stress}. Ran in ${c.elapsedSeconds} s (${c.patientYearsPerSecond} patient-years/s over all arms).
Harms are onsets of each stage; withdrawal from an empty reservoir shows as <code>empty-reservoir</code> alarms.</p>
<h2>Arms side by side</h2>${armTable(c)}
<h2>Published real-world rates</h2>${table(
    ['outcome', 'per 100 patient-years'],
    c.realWorld.map((r) => [
      r.outcome,
      r.per100PatientYears.min === r.per100PatientYears.max
        ? `${r.per100PatientYears.min}`
        : `${r.per100PatientYears.min}–${r.per100PatientYears.max}`,
    ]),
  )}
<h2>Increases over the all-on arm (one-sided p &lt; 0.05, rate test or paired by patient)</h2>${table(
    ['arm', 'harm', 'rate ratio', 'p (rates)', 'p (paired)'],
    significant.map((x) => [
      x.arm,
      x.harm,
      x.ratio === null ? '∞ (none with all on)' : String(x.ratio),
      x.pValue.toPrecision(2),
      x.pairedPValue.toPrecision(2),
    ]),
  )}
<h2>Charts</h2>${HARMS.map((h) => harmChart(h, c.arms)).join('\n')}
<h2>Faults and how fast they were found</h2>${table(['arm', 'fault', 'count', 'detected', 'median delay'], faults)}
<h2>Cases (first ${'per harm'}) and how to re-run each alone</h2>${table(['arm', 'harm', 'when', 'events before it', 're-run'], cases)}
</body></html>
`;
}
