/**
 * The flex-schedule editor: one table of basal steps and one of periodic boluses per day (every day, plus
 * any weekday variants), every field typed with its unit and parsed by therapy's parsers (flex-draft.ts).
 * A field that does not parse is marked and says why beside it. Under each day: a 24-hour picture of the
 * dose rate, current against proposed, and the daily totals.
 */
import { useState } from 'react';
import { WEEKDAY_NAMES } from '../../src/therapy/prescription-json.ts';
import type { DayDose } from '../../src/therapy/prescription-change.ts';
import {
  DAY_LABEL,
  edit,
  type DayKey,
  type FieldError,
  type FlexDraft,
  type WeekdayName,
} from './flex-draft.ts';
import { DayEditor } from './flex-day-editor.tsx';
import type { DaySchedule } from './schedule-chart.tsx';

interface Props {
  readonly draft: FlexDraft;
  readonly onChange: (d: FlexDraft) => void;
  readonly errors: readonly FieldError[];
  /** Daily totals from the live review (absent while a field does not parse). */
  readonly days: readonly DayDose[] | null;
  /** Each day's schedule as it runs now and as proposed, for the picture. */
  readonly scheduleOf: (key: DayKey) => {
    readonly current: DaySchedule | null;
    readonly proposed: DaySchedule | null;
  };
}

export function FlexEditor({ draft, onChange, errors, days, scheduleOf }: Props) {
  const unused = WEEKDAY_NAMES.filter((n) => !draft.variants.some(([v]) => v === n));
  const [adding, setAdding] = useState<WeekdayName | ''>('');
  const totalFor = (key: DayKey): DayDose | string => {
    if (days === null) return 'complete every field to see it';
    // Without weekday variants the review has one row (weekday null) that stands for every day; with
    // them, "every day" is what the weekdays without a variant run.
    const w =
      draft.variants.length === 0
        ? null
        : key === 'everyDay'
          ? WEEKDAY_NAMES.findIndex((n) => !draft.variants.some(([v]) => v === n))
          : WEEKDAY_NAMES.indexOf(key);
    return days.find((d) => d.weekday === w) ?? 'not used: every weekday has its own programme';
  };
  const keys: DayKey[] = ['everyDay', ...draft.variants.map(([n]) => n)];
  return (
    <div className="flex-editor">
      {keys.map((key) => {
        const day = edit.day(draft, key);
        if (day === undefined) return null;
        return (
          <DayEditor
            drug={draft.drug}
            key={key}
            dayKey={key}
            day={day}
            onDay={(d) => onChange(edit.setDay(draft, key, d))}
            errors={errors}
            total={totalFor(key)}
            schedule={scheduleOf(key)}
            {...(key === 'everyDay' ? {} : { onRemove: () => onChange(edit.removeVariant(draft, key)) })}
          />
        );
      })}
      {unused.length > 0 && (
        <div className="row">
          <div>
            <label htmlFor="add-variant">Weekday with a different programme</label>
            <select
              id="add-variant"
              value={adding}
              onChange={(e) => setAdding(e.target.value as WeekdayName | '')}
            >
              <option value="">choose a weekday…</option>
              {unused.map((n) => (
                <option key={n} value={n}>
                  {DAY_LABEL[n]}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            disabled={adding === ''}
            onClick={() => {
              if (adding === '') return;
              onChange(edit.addVariant(draft, adding));
              setAdding('');
            }}
          >
            Add weekday variant
          </button>
        </div>
      )}
    </div>
  );
}
