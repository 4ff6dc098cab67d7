/**
 * A prescription as a clinician reads it: the one-line summary (format.ts `prescriptionText`) and, for a
 * flex schedule, each day's steps and periodic boluses with their units — so "pending vs current" on the
 * Finish screen compares whole schedules, not just their names.
 */
import { WEEKDAY_NAMES, type PrescriptionJson } from '../../src/therapy/prescription-json.ts';
import { formatTimeOfDay } from '../../src/therapy/time-of-day.ts';
import { DAY_LABEL, type DayKey } from './flex-draft.ts';
import { MODE_TEXT, pathText, valueText, type DiffEntry } from '../../src/programmer/change-text.ts';
import { doseText, massText } from '../../src/therapy/drug-display.ts';
import { NG_PER_MCG, prescriptionText } from './format.ts';
import type { DaySchedule } from './schedule-chart.tsx';

/**
 * A day's steps and boluses in time order (a bolus runs on top of the step it falls in), in the unit of the
 * drug's label (drug-display.ts: morphine in mg).
 */
function dayRows(day: DaySchedule, drug: string | undefined) {
  return [
    ...day.steps.map((s) => ({
      key: `s${s.startMinute}`,
      at: s.startMinute,
      text: doseText(s.doseMcgPerDay * NG_PER_MCG, drug),
    })),
    ...day.boluses.map((b) => ({
      key: `b${b.startMinute}`,
      at: b.startMinute,
      text: `+ bolus ${massText(b.amountMcg * NG_PER_MCG, drug)} over ${b.durationMinutes} min`,
    })),
  ].sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
}

function DayTable({
  name,
  day,
  drug,
}: {
  readonly name: string;
  readonly day: DaySchedule;
  readonly drug: string | undefined;
}) {
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
        {dayRows(day, drug).map((r) => (
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
        <DayTable
          key={key}
          name={DAY_LABEL[key]}
          day={day}
          drug={prescription.mode === 'stopped' ? undefined : prescription.drug}
        />
      ))}
    </>
  );
}

/**
 * What changes, field by field, in clinician units. A change of mode replaces the whole programme: it is
 * said once, and the two sides above are the comparison.
 */
export function ChangeList({
  diff,
  drug,
}: {
  readonly diff: readonly DiffEntry[];
  /** The drug of the prescription sent: doses in its label's unit. */
  readonly drug?: string | undefined;
}) {
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
              <td className="num">{valueText(field, d.before, drug)}</td>
              <td className="num">{valueText(field, d.after, drug)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
