/**
 * Plain outputs of a run for files: the timeline as CSV, and a chart as a self-contained SVG (no library,
 * no fonts fetched): three stacked panels sharing the time axis — reservoir true vs calculated (mL), CSF
 * concentrations (µg/mL), tone (MAS, continuous) with withdrawal and overdose stages shaded — and the
 * run's alarms, faults, pump replacements and catheter revisions marked across the panels as the web chart
 * marks them (marks.ts).
 */
import { OVERDOSE_STAGES, WITHDRAWAL_STAGES, stageRank } from '../body/scales.ts';
import { MARK_LEGEND, MARK_STYLE, marksOf, marksText } from './marks.ts';
import type { SimEvent, TimelineRow } from './record.ts';

const COLUMNS = [
  't',
  'day',
  'doseMcgPerDay',
  'pumpDeliveredMcg',
  'intrathecalMcg',
  'tissueMcg',
  'reservoirCalculatedMl',
  'reservoirTrueMl',
  'csfTipUgPerMl',
  'csfSpinalUgPerMl',
  'csfCranialUgPerMl',
  'mas',
  'masContinuous',
  'withdrawalStage',
  'overdoseStage',
  'alarms',
] as const satisfies readonly (keyof TimelineRow)[];

/** The timeline as CSV (RFC 4180 quoting; alarms joined with `;`). */
export function timelineCsv(rows: readonly TimelineRow[]): string {
  const cell = (v: unknown): string => {
    const s = Array.isArray(v) ? v.join(';') : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const W = 900;
const PANEL = 150;
const GAP = 30;
const LEFT = 60;
const TOP = 40;

interface Series {
  readonly label: string;
  readonly color: string;
  readonly value: (r: TimelineRow) => number;
}

function panel(
  rows: readonly TimelineRow[],
  y0: number,
  title: string,
  series: readonly Series[],
  x: (d: number) => number,
  fixedMax?: number,
): string {
  const max = fixedMax ?? Math.max(1e-9, ...rows.flatMap((r) => series.map((s) => s.value(r))));
  const y = (v: number) => y0 + PANEL - (v / max) * PANEL;
  const lines = series.map((s) => {
    const d = rows
      .map((r, i) => `${i === 0 ? 'M' : 'L'}${x(r.day).toFixed(1)},${y(s.value(r)).toFixed(1)}`)
      .join('');
    return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.5"/>`;
  });
  const legend = series.map(
    (s, i) =>
      `<text x="${LEFT + 8 + i * 170}" y="${y0 + 12}" font-size="11" fill="${s.color}">${esc(s.label)}</text>`,
  );
  return [
    `<rect x="${LEFT}" y="${y0}" width="${W - LEFT - 20}" height="${PANEL}" fill="none" stroke="#999"/>`,
    `<text x="4" y="${y0 + 12}" font-size="11">${esc(title)}</text>`,
    `<text x="${LEFT - 4}" y="${y0 + 10}" font-size="10" text-anchor="end">${Number(max.toPrecision(3))}</text>`,
    `<text x="${LEFT - 4}" y="${y0 + PANEL}" font-size="10" text-anchor="end">0</text>`,
    ...lines,
    ...legend,
  ].join('\n');
}

/** An SVG chart of a run's timeline and events. */
export function timelineSvg(name: string, rows: readonly TimelineRow[], events: readonly SimEvent[]): string {
  const days = Math.max(1e-9, rows.at(-1)?.day ?? 1);
  const x = (d: number) => LEFT + (d / days) * (W - LEFT - 20);
  const y1 = TOP;
  const y2 = y1 + PANEL + GAP;
  const y3 = y2 + PANEL + GAP;
  const h = y3 + PANEL + 40;
  // Stage shading in the tone panel: orange for withdrawal, purple for overdose, darker when worse.
  const shades = rows.slice(1).map((r, i) => {
    const prev = rows[i] as TimelineRow;
    const w = stageRank(WITHDRAWAL_STAGES, r.withdrawalStage);
    const o = stageRank(OVERDOSE_STAGES, r.overdoseStage);
    if (w === 0 && o === 0) return '';
    const color = o > 0 ? '#7b3fa0' : '#e07b00';
    const opacity = (0.15 * Math.max(w, o)).toFixed(2);
    return `<rect x="${x(prev.day).toFixed(1)}" y="${y3}" width="${Math.max(0.5, x(r.day) - x(prev.day)).toFixed(1)}" height="${PANEL}" fill="${color}" opacity="${opacity}"/>`;
  });
  const marked = marksOf(events);
  const marks = marked.map((m) => {
    const style = MARK_STYLE[m.kind];
    const mx = x(m.day).toFixed(1);
    const dash = style.dash.length === 0 ? '' : ` stroke-dasharray="${style.dash.join(' ')}"`;
    return `<line x1="${mx}" y1="${TOP - 6}" x2="${mx}" y2="${y3 + PANEL}" stroke="${style.color}" stroke-width="1.5"${dash}><title>${esc(`day ${m.day}: ${m.label}`)}</title></line>`;
  });
  return (
    [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" font-family="sans-serif">`,
      `<title>${esc(name)}</title>`,
      `<text x="${LEFT}" y="14" font-size="13">${esc(name)}</text>`,
      `<desc>${esc(`Marks: ${MARK_LEGEND}.${marksText(marked)}`)}</desc>`,
      `<text x="${LEFT}" y="29" font-size="10">${esc(MARK_LEGEND)}</text>`,
      ...marks,
      panel(
        rows,
        y1,
        'reservoir mL',
        [
          { label: 'calculated (pump)', color: '#1f77b4', value: (r) => r.reservoirCalculatedMl },
          { label: 'true (world)', color: '#d62728', value: (r) => r.reservoirTrueMl },
        ],
        x,
      ),
      panel(
        rows,
        y2,
        'CSF µg/mL',
        [
          { label: 'tip', color: '#2ca02c', value: (r) => r.csfTipUgPerMl },
          { label: 'spinal', color: '#1f77b4', value: (r) => r.csfSpinalUgPerMl },
          { label: 'cranial', color: '#9467bd', value: (r) => r.csfCranialUgPerMl },
        ],
        x,
      ),
      ...shades,
      panel(
        rows,
        y3,
        'tone (MAS)',
        [
          {
            label: 'MAS (true, continuous); shaded: withdrawal / overdose',
            color: '#000',
            value: (r) => r.masContinuous,
          },
        ],
        x,
        4,
      ),
      `<text x="${LEFT}" y="${h - 12}" font-size="11">day 0</text>`,
      `<text x="${W - 20}" y="${h - 12}" font-size="11" text-anchor="end">day ${Number(days.toFixed(2))}</text>`,
      '</svg>',
    ].join('\n') + '\n'
  );
}
