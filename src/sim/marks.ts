/**
 * Which events of a simulator run are marked on its charts, how each kind of mark is drawn, and the marks in
 * words — one rule for the web app's charts (web/src/sim-chart.tsx) and the CLI's SVG (chart.ts): alarms
 * raised, faults injected, and the clinic's interventions on the implant — a pump replaced at ERI, a
 * catheter revised.
 */
import type { SimEvent, SimEventKind } from './record.ts';

/** A vertical mark at a day: an alarm, a fault, or an intervention on the implant. */
export interface ChartMark {
  readonly day: number;
  readonly kind: 'alarm' | 'fault' | 'intervention';
  readonly label: string;
}

const MARKED: Partial<Record<SimEventKind, ChartMark['kind']>> = {
  alarm: 'alarm',
  fault: 'fault',
  'refill-missed': 'fault',
  'refill-late': 'fault',
  'pump-replacement': 'intervention',
  'catheter-revision': 'intervention',
};

/** The run's events that the charts mark, in order. */
export function marksOf(events: readonly SimEvent[]): ChartMark[] {
  const out: ChartMark[] = [];
  for (const e of events) {
    const kind = MARKED[e.kind];
    if (kind !== undefined) out.push({ day: e.day, kind, label: e.detail });
  }
  return out;
}

/** How each kind of mark is drawn (colour, dash pattern in pixels), and the legend that says so. */
export const MARK_STYLE: Readonly<
  Record<ChartMark['kind'], { color: string; dash: readonly number[]; legend: string }>
> = {
  alarm: { color: '#b3261e', dash: [], legend: 'red lines: alarms raised' },
  fault: { color: '#6a1b9a', dash: [6, 4], legend: 'dashed purple lines: faults injected' },
  intervention: {
    color: '#00695c',
    dash: [2, 3],
    legend: 'dotted green lines: pump replaced or catheter revised',
  },
};

/** The legends of every kind of mark, in one line. */
export const MARK_LEGEND = Object.values(MARK_STYLE)
  .map((s) => s.legend)
  .join('; ');

const HEADINGS: Readonly<Record<ChartMark['kind'], string>> = {
  alarm: 'Alarms',
  fault: 'Faults',
  intervention: 'Pump replaced or catheter revised',
};

const day = (d: number) => String(Number(d.toFixed(1)));

/** The marks in words, as the charts' summaries end: " No alarm. Alarms: … Faults: … Pump replaced …". */
export function marksText(marks: readonly ChartMark[]): string {
  const list = (kind: ChartMark['kind']) =>
    marks.filter((m) => m.kind === kind).map((m) => `${m.label} (day ${day(m.day)})`);
  const alarms = list('alarm');
  let text = alarms.length === 0 ? ' No alarm.' : ` ${HEADINGS.alarm}: ${alarms.join('; ')}.`;
  for (const kind of ['fault', 'intervention'] as const) {
    const items = list(kind);
    if (items.length > 0) text += ` ${HEADINGS[kind]}: ${items.join('; ')}.`;
  }
  return text;
}
