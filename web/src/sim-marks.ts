/**
 * Which events of a simulator run are marked on its charts, and the marks in words (the chart's text
 * summary carries what its canvas shows): alarms raised, faults injected, and the clinic's interventions on
 * the implant — a pump replaced at ERI, a catheter revised.
 */
import type { SimEvent, SimEventKind } from '../../src/sim/record.ts';

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
