/**
 * One uPlot line chart of a simulation over time (x = day of the run), with vertical marks for alarms,
 * faults and interventions on the implant (src/sim/marks.ts). The canvas is hidden from assistive technology; the figure's caption and the text summary the
 * caller passes carry the same information in words (WCAG 1.1.1).
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { MARK_LEGEND, MARK_STYLE, type ChartMark } from '../../src/sim/marks.ts';

export interface ChartSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly stroke: string;
  readonly dash?: readonly number[];
}

/** Draws the marks behind the series (a uPlot plugin). */
function marksPlugin(marks: readonly ChartMark[]): uPlot.Plugin {
  return {
    hooks: {
      drawAxes: (u) => {
        const { ctx } = u;
        const { top, height } = u.bbox;
        ctx.save();
        ctx.lineWidth = 1.5 * uPlot.pxRatio;
        for (const m of marks) {
          const x = Math.round(u.valToPos(m.day, 'x', true));
          const style = MARK_STYLE[m.kind];
          ctx.strokeStyle = style.color;
          ctx.setLineDash(style.dash.map((d) => d * uPlot.pxRatio));
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
        }
        ctx.restore();
      },
    },
  };
}

export interface SimChartProps {
  /** Visible title (the figure's caption). */
  readonly title: string;
  /** The y axis label with its unit, e.g. "CSF concentration (µg/mL)". */
  readonly yLabel: string;
  readonly days: readonly number[];
  readonly series: readonly ChartSeries[];
  readonly marks: readonly ChartMark[];
  /** The chart in words, for screen readers and for anyone who cannot read the plot. */
  readonly summary: string;
  readonly height?: number;
}

export function SimChart({ title, yLabel, days, series, marks, summary, height = 240 }: SimChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const width = () => Math.max(320, Math.min(1100, el.clientWidth || 800));
    const opts: uPlot.Options = {
      width: width(),
      height,
      scales: { x: { time: false } },
      axes: [
        { label: 'Day of the run', stroke: '#222', grid: { stroke: '#e3e3e3' } },
        { label: yLabel, stroke: '#222', grid: { stroke: '#e3e3e3' }, size: 60 },
      ],
      series: [
        { label: 'Day', value: (_u, v) => (v === null ? '–' : v.toFixed(2)) },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.stroke,
          width: 2,
          ...(s.dash === undefined ? {} : { dash: [...s.dash] }),
        })),
      ],
      plugins: [marksPlugin(marks)],
    };
    const data = [days, ...series.map((s) => s.values)] as unknown as uPlot.AlignedData;
    const plot = new uPlot(opts, data, el);
    const onResize = () => plot.setSize({ width: width(), height });
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      plot.destroy();
    };
  }, [days, series, marks, yLabel, height]);

  return (
    <figure className="sim-chart">
      <figcaption>
        <strong>{title}</strong>
        <span className="muted"> — {MARK_LEGEND}.</span>
      </figcaption>
      <div ref={box} aria-hidden="true" className="sim-plot" />
      <p className="chart-summary">{summary}</p>
    </figure>
  );
}
