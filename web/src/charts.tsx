/**
 * Dense series drawn with uPlot: the daily dose over time, the calculated reservoir (sawtooth), assessment
 * scores, and a screening trial's response. Every chart is a <figure> whose caption says what it shows and
 * whose data is also a visually hidden table, so a screen reader gets the numbers and not a silent canvas.
 * The series builders live in chart-data.ts (pure; unit-tested there); times are shown in the clinic's zone, as on the
 * rest of the app.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { MAS_LEVELS, masLabel, type Series } from './chart-data.ts';
import { axisDayText } from '../../src/therapy/date-text.ts';
import { clinicTimeZone } from './format.ts';

const tzDate = (ts: number) => uPlot.tzDate(new Date(ts * 1e3), clinicTimeZone());

/** A vertical "now" line, so a projection is visibly a projection. */
function nowLine(nowS: number): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const x = u.valToPos(nowS, 'x', true);
        if (!Number.isFinite(x) || x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
        const { ctx } = u;
        ctx.save();
        ctx.strokeStyle = '#555';
        ctx.setLineDash([4, 4]);
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.restore();
      },
    },
  };
}

interface ChartProps {
  readonly id: string;
  readonly title: string;
  /** One or two sentences read out instead of the picture. */
  readonly summary: string;
  readonly options: Omit<uPlot.Options, 'width' | 'height'>;
  readonly data: uPlot.AlignedData;
  readonly table: { readonly head: readonly string[]; readonly rows: readonly (readonly string[])[] };
  /** Legend entries: label and colour (the canvas has no legend of its own). */
  readonly legend: readonly { readonly label: string; readonly color: string; readonly dashed?: boolean }[];
}

/** One uPlot chart in an accessible figure; resizes with its container. */
export function Chart({ id, title, summary, options, data, table, legend }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const width = () => Math.max(320, Math.min(el.clientWidth, 960));
    const plot = new uPlot({ ...options, width: width(), height: 260 }, data, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: width(), height: 260 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [options, data]);
  return (
    <figure className="chart" aria-labelledby={`${id}-cap`}>
      <figcaption id={`${id}-cap`}>
        <strong>{title}</strong> <span className="muted">{summary}</span>
      </figcaption>
      <ul className="legend" aria-hidden="true">
        {legend.map((l) => (
          <li key={l.label}>
            <span
              className="swatch"
              style={{ borderColor: l.color, borderStyle: l.dashed === true ? 'dashed' : 'solid' }}
            />
            {l.label}
          </li>
        ))}
      </ul>
      <div ref={box} className="chart-canvas" aria-hidden="true" />
      {/* A table is as wide as its cells whatever its width: the hiding box clips it, so it widens no page. */}
      <div className="visually-hidden">
        <table>
          <caption>{title}: data</caption>
          <thead>
            <tr>
              {table.head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => (
                  <td key={j}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/** "3 Oct" (the year under the first tick and under January), in the one date format: never the ambiguous 10/3. */
function dayLabels(_u: uPlot, splits: number[]): string[] {
  return splits.map((s, i) => {
    const d = axisDayText(s * 1000, clinicTimeZone());
    return i === 0 || d.newYear ? `${d.dayMonth}\n${d.year}` : d.dayMonth;
  });
}

const axisFont = { stroke: '#111', grid: { stroke: '#ddd' }, ticks: { stroke: '#999' } } as const;

/** Options for a chart over calendar time (x in seconds; shown in the clinic's zone) with one y scale in `unit`. */
export function timeOptions(
  yLabel: string,
  series: readonly uPlot.Series[],
  nowS: number | null,
  yRange?: [number, number],
): Omit<uPlot.Options, 'width' | 'height'> {
  return {
    tzDate,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: true },
      y: yRange === undefined ? { range: (_u, _min, max) => [0, max * 1.1 || 1] } : { range: yRange },
    },
    axes: [
      { ...axisFont, label: 'Date', space: 60, values: dayLabels },
      { ...axisFont, label: yLabel, size: 60 },
    ],
    series: [{}, ...series],
    plugins: nowS === null ? [] : [nowLine(nowS)],
  };
}

/** A stepped line (a dose holds until the next change). */
export function stepped(label: string, color: string): uPlot.Series {
  const paths = uPlot.paths.stepped?.({ align: 1 });
  return {
    label,
    stroke: color,
    width: 2,
    ...(paths === undefined ? {} : { paths }),
    points: { show: true, size: 6 },
  };
}

export const line = (label: string, color: string, dash?: number[]): uPlot.Series => ({
  label,
  stroke: color,
  width: 2,
  ...(dash === undefined ? {} : { dash }),
  points: { show: false },
  spanGaps: true,
});

export const pointsOnly = (label: string, color: string, scale = 'y'): uPlot.Series => ({
  label,
  scale,
  stroke: color,
  fill: color,
  width: 0,
  paths: () => null,
  points: { show: true, size: 9, fill: color, stroke: color },
});

/** Axis ticks at the clinical MAS grades, labelled 0, 1, 1+, 2, 3, 4 ("1+" drawn at 1.5). */
export const masAxis = (label: string, scale = 'y'): uPlot.Axis => ({
  ...axisFont,
  scale,
  label,
  size: 60,
  splits: () => [...MAS_LEVELS],
  values: (_u, splits) => splits.map(masLabel),
});

/** Builds aligned data from series sharing one x array. */
export function aligned(xs: readonly number[], ys: readonly Series[]): uPlot.AlignedData {
  return [Array.from(xs), ...ys.map((s) => Array.from(s))] as uPlot.AlignedData;
}
