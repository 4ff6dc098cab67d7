/**
 * One day of the flex-schedule editor (FlexEditor.tsx): its basal steps and periodic boluses, every field
 * typed with its unit and parsed by therapy's parsers (flex-draft.ts), the 24-hour picture of the dose rate
 * (current against proposed) and the day's total.
 */
import type { DayDose } from '../../src/therapy/prescription-change.ts';
import { doseText } from '../../src/therapy/drug-display.ts';
import { inputUnit } from '../../src/therapy/dose-input.ts';
import {
  DAY_LABEL,
  fieldId,
  type BolusDraft,
  type DayDraft,
  type DayKey,
  type FieldError,
  type StepDraft,
} from './flex-draft.ts';
import { ScheduleChart, type DaySchedule } from './schedule-chart.tsx';

/** An input with its error beside it; the label is the column header read with the row. */
function Cell({
  id,
  label,
  value,
  onChange,
  errors,
  readOnly,
  placeholder,
}: {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (v: string) => void;
  readonly errors: readonly FieldError[];
  readonly readOnly?: boolean;
  readonly placeholder?: string;
}) {
  const error = errors.find((e) => e.field === id);
  return (
    <td>
      <input
        id={id}
        aria-label={label}
        value={value}
        readOnly={readOnly}
        placeholder={placeholder}
        autoComplete="off"
        aria-invalid={error === undefined ? undefined : true}
        aria-describedby={error === undefined ? undefined : `${id}-error`}
        onChange={(e) => onChange(e.target.value)}
      />
      {error !== undefined && (
        <span id={`${id}-error`} className="field-error">
          {error.message}
        </span>
      )}
    </td>
  );
}

/** The next step's start: an hour after the last one (or 23:00 at most). */
function nextStart(last: string | undefined): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(last ?? '');
  const h = m === null ? 7 : Math.min(23, Number(m[1]) + 1);
  return `${String(h).padStart(2, '0')}:${m?.[2] ?? '00'}`;
}

export function DayEditor({
  dayKey,
  day,
  onDay,
  errors,
  total,
  schedule,
  onRemove,
  drug,
}: {
  readonly dayKey: DayKey;
  readonly day: DayDraft;
  readonly onDay: (d: DayDraft) => void;
  readonly errors: readonly FieldError[];
  /** The day's totals, or why there are none. */
  readonly total: DayDose | string;
  readonly schedule: { readonly current: DaySchedule | null; readonly proposed: DaySchedule | null };
  readonly onRemove?: () => void;
  /** The drug: doses are typed and shown in its label unit (dose-input.ts). */
  readonly drug: string;
}) {
  const name = DAY_LABEL[dayKey];
  const rate = inputUnit('dose-rate', drug);
  const mass = inputUnit('mass', drug);
  const mg = mass === 'mg';
  const setStep = (i: number, s: StepDraft) =>
    onDay({ ...day, steps: day.steps.map((x, j) => (j === i ? s : x)) });
  const setBolus = (i: number, b: BolusDraft) =>
    onDay({ ...day, boluses: day.boluses.map((x, j) => (j === i ? b : x)) });
  return (
    <fieldset className="flex-day">
      <legend>{dayKey === 'everyDay' ? name : `${name} (weekday variant)`}</legend>
      <table className="flex-steps">
        <caption>{name}: basal dose rate from each start time until the next</caption>
        <thead>
          <tr>
            <th scope="col">From (HH:MM)</th>
            <th scope="col">Dose rate ({rate})</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {day.steps.map((s, i) => (
            <tr key={i}>
              <Cell
                id={fieldId(dayKey, 'step', i, 'start')}
                label={`${name} step ${i + 1} from (HH:MM)`}
                value={i === 0 ? '00:00' : s.start}
                readOnly={i === 0}
                onChange={(v) => setStep(i, { ...s, start: v })}
                errors={errors}
              />
              <Cell
                id={fieldId(dayKey, 'step', i, 'dose')}
                label={`${name} step ${i + 1} dose rate (${rate})`}
                value={s.dose}
                placeholder={`e.g. ${mg ? '3' : '450'} ${rate}`}
                onChange={(v) => setStep(i, { ...s, dose: v })}
                errors={errors}
              />
              <td>
                {i > 0 && (
                  <button
                    type="button"
                    onClick={() => onDay({ ...day, steps: day.steps.filter((_, j) => j !== i) })}
                  >
                    Remove step {i + 1}
                    <span className="visually-hidden"> of {name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        onClick={() => {
          const last = day.steps.at(-1);
          onDay({ ...day, steps: [...day.steps, { start: nextStart(last?.start), dose: last?.dose ?? '' }] });
        }}
      >
        Add step<span className="visually-hidden"> to {name}</span>
      </button>

      <table className="flex-boluses">
        <caption>{name}: periodic boluses, on top of the basal rate</caption>
        <thead>
          <tr>
            <th scope="col">Start (HH:MM)</th>
            <th scope="col">Amount ({mass})</th>
            <th scope="col">Over (min)</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {day.boluses.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                No periodic bolus.
              </td>
            </tr>
          )}
          {day.boluses.map((b, i) => (
            <tr key={i}>
              <Cell
                id={fieldId(dayKey, 'bolus', i, 'start')}
                label={`${name} bolus ${i + 1} start (HH:MM)`}
                value={b.start}
                onChange={(v) => setBolus(i, { ...b, start: v })}
                errors={errors}
              />
              <Cell
                id={fieldId(dayKey, 'bolus', i, 'amount')}
                label={`${name} bolus ${i + 1} amount (${mass})`}
                value={b.amount}
                placeholder={`e.g. ${mg ? '0.5' : '25'} ${mass}`}
                onChange={(v) => setBolus(i, { ...b, amount: v })}
                errors={errors}
              />
              <Cell
                id={fieldId(dayKey, 'bolus', i, 'duration')}
                label={`${name} bolus ${i + 1} duration (min)`}
                value={b.duration}
                placeholder="e.g. 60 min"
                onChange={(v) => setBolus(i, { ...b, duration: v })}
                errors={errors}
              />
              <td>
                <button
                  type="button"
                  onClick={() => onDay({ ...day, boluses: day.boluses.filter((_, j) => j !== i) })}
                >
                  Remove bolus {i + 1}
                  <span className="visually-hidden"> of {name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        onClick={() =>
          onDay({ ...day, boluses: [...day.boluses, { start: '07:00', amount: '', duration: '60 min' }] })
        }
      >
        Add periodic bolus<span className="visually-hidden"> to {name}</span>
      </button>

      <ScheduleChart name={name} current={schedule.current} proposed={schedule.proposed} drug={drug} />
      <p className="day-total">
        Daily total for {name}:{' '}
        {typeof total === 'string'
          ? total
          : `${doseText(total.before, drug)} now → ${doseText(total.after, drug)} proposed`}
      </p>
      {onRemove !== undefined && (
        <button type="button" onClick={onRemove}>
          Remove the {name} variant
        </button>
      )}
    </fieldset>
  );
}
