/**
 * A prescription as a clinician reads it: the one-line summary (format.ts `prescriptionText`) and, for a
 * flex schedule, each day's steps and periodic boluses with their units — so "pending vs current" on the
 * Finish screen compares whole schedules, not just their names.
 */
import { WEEKDAY_NAMES, type PrescriptionJson } from '../../src/therapy/prescription-json.ts';
import { formatTimeOfDay } from '../../src/therapy/time-of-day.ts';
import { DAY_LABEL, type DayKey } from './flex-draft.ts';
import { prescriptionText } from './format.ts';
import type { DaySchedule } from './schedule-chart.tsx';

/** A day's steps and boluses in time order (a bolus runs on top of the step it falls in). */
function dayRows(day: DaySchedule) {
  return [
    ...day.steps.map((s) => ({
      key: `s${s.startMinute}`,
      at: s.startMinute,
      text: `${s.doseMcgPerDay} mcg/day`,
    })),
    ...day.boluses.map((b) => ({
      key: `b${b.startMinute}`,
      at: b.startMinute,
      text: `+ bolus ${b.amountMcg} mcg over ${b.durationMinutes} min`,
    })),
  ].sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
}

function DayTable({ name, day }: { readonly name: string; readonly day: DaySchedule }) {
  return (
    <table className="flex-summary">
      <caption>{name}</caption>
      <thead>
        <tr>
          <th scope="col">From</th>
          <th scope="col">Dose rate</th>
        </tr>
      </thead>
      <tbody>
        {dayRows(day).map((r) => (
          <tr key={r.key}>
            <td>{formatTimeOfDay(r.at)}</td>
            <td className="num">{r.text}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The days of a flex prescription, every-day first, then its weekday variants. */
export function flexDays(p: PrescriptionJson): (readonly [DayKey, DaySchedule])[] {
  if (p.mode !== 'flex') return [];
  return [
    ['everyDay', p.everyDay] as const,
    ...WEEKDAY_NAMES.flatMap((n) => {
      const d = p.byWeekday?.[n];
      return d === undefined ? [] : [[n, d] as const];
    }),
  ];
}

export function PrescriptionView({ prescription }: { readonly prescription: PrescriptionJson }) {
  return (
    <>
      <p>{prescriptionText(prescription)}</p>
      {flexDays(prescription).map(([key, day]) => (
        <DayTable key={key} name={DAY_LABEL[key]} day={day} />
      ))}
    </>
  );
}

export interface DiffEntry {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

const MODE_TEXT: Record<string, string> = {
  stopped: 'stopped',
  'minimum-rate': 'minimum rate',
  'simple-continuous': 'one continuous daily dose',
  flex: 'flex schedule',
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** One leaf or item of the diff in clinician units. */
function valueText(field: string | undefined, v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') {
    switch (field) {
      case 'doseMcgPerDay':
        return `${v} mcg/day`;
      case 'startMinute':
        return formatTimeOfDay(v);
      case 'amountMcg':
        return `${v} mcg`;
      case 'durationMinutes':
        return `${v} min`;
      case 'concentrationMcgPerMl':
        return `${v} mcg/mL`;
      default:
        return String(v);
    }
  }
  if (isRecord(v) && typeof v['startMinute'] === 'number') {
    const at = formatTimeOfDay(v['startMinute']);
    if (typeof v['doseMcgPerDay'] === 'number') return `from ${at} at ${v['doseMcgPerDay']} mcg/day`;
    if (typeof v['amountMcg'] === 'number' && typeof v['durationMinutes'] === 'number') {
      return `bolus at ${at}: ${v['amountMcg']} mcg over ${v['durationMinutes']} min`;
    }
  }
  return typeof v === 'string' ? v : JSON.stringify(v);
}

const FIELD_TEXT: Record<string, string> = {
  doseMcgPerDay: 'dose rate',
  startMinute: 'from',
  amountMcg: 'amount',
  durationMinutes: 'over',
  concentrationMcgPerMl: 'concentration',
  drug: 'drug',
};

/** "everyDay.steps.1.doseMcgPerDay" → "Every day, step 2: dose rate". */
function pathText(path: string): { readonly text: string; readonly field: string | undefined } {
  const parts = path.split('.');
  const out: string[] = [];
  let field: string | undefined;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] ?? '';
    const next = parts[i + 1];
    if (p === 'everyDay') out.push(DAY_LABEL.everyDay);
    else if (p === 'byWeekday' && next !== undefined) {
      out.push(DAY_LABEL[next as DayKey] ?? next);
      i++;
    } else if ((p === 'steps' || p === 'boluses') && next !== undefined && /^\d+$/.test(next)) {
      out.push(`${p === 'steps' ? 'step' : 'bolus'} ${Number(next) + 1}`);
      i++;
    } else {
      field = p;
      out.push(FIELD_TEXT[p] ?? p);
    }
  }
  return { text: out.join(', '), field };
}

/**
 * What changes, field by field, in clinician units. A change of mode replaces the whole programme: it is
 * said once, and the two sides above are the comparison.
 */
export function ChangeList({ diff }: { readonly diff: readonly DiffEntry[] }) {
  const mode = diff.find((d) => d.path === 'mode');
  if (mode !== undefined) {
    return (
      <p className="change-mode">
        <strong>The whole programme is replaced:</strong>{' '}
        {MODE_TEXT[String(mode.before)] ?? String(mode.before)} →{' '}
        {MODE_TEXT[String(mode.after)] ?? String(mode.after)}. Compare both sides above.
      </p>
    );
  }
  return (
    <table className="diff-list">
      <caption>What changes, field by field</caption>
      <thead>
        <tr>
          <th scope="col">Where</th>
          <th scope="col">In the pump</th>
          <th scope="col">To send</th>
        </tr>
      </thead>
      <tbody>
        {diff.map((d) => {
          const { text, field } = pathText(d.path);
          return (
            <tr key={d.path}>
              <td>{text}</td>
              <td className="num">{valueText(field, d.before)}</td>
              <td className="num">{valueText(field, d.after)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
