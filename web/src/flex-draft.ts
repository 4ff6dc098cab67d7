/**
 * The flex-schedule editor's state: what the clinician has typed, as text, and its translation into the
 * clinician-facing prescription JSON (src/therapy/prescription-json.ts). Every number is parsed by therapy's
 * own parsers (dose-input.ts for "450 mcg/day" and "25 mcg", a bare number in the drug's label unit, `parseTimeOfDay`, `parseDurationMinutes`), so the
 * browser reads a typed value exactly as the CLI and the API do. A field that does not parse is reported
 * with the id of its input, so the page can mark that input and say why; nothing half-parsed is returned.
 */
import { WEEKDAY_NAMES, type PrescriptionJson } from '../../src/therapy/prescription-json.ts';
import { formatTimeOfDay, parseDurationMinutes, parseTimeOfDay } from '../../src/therapy/time-of-day.ts';
import { apiToInputText, inputToMcg } from '../../src/therapy/dose-input.ts';
import { DAY_LABEL, type DayKey } from '../../src/programmer/change-text.ts';
import { parsed } from './parsed.ts';

export type WeekdayName = (typeof WEEKDAY_NAMES)[number];
export type { DayKey };

export interface StepDraft {
  /** "HH:MM"; the first step is always 00:00. */
  readonly start: string;
  /** "450 mcg/day"; a bare number is in the drug's label unit (mg/day for morphine; dose-input.ts). */
  readonly dose: string;
}
export interface BolusDraft {
  readonly start: string;
  /** "25 mcg"; a bare number is in the drug's label unit (mg for morphine). */
  readonly amount: string;
  /** "60 min" (a bare number is minutes). */
  readonly duration: string;
}
export interface DayDraft {
  readonly steps: readonly StepDraft[];
  readonly boluses: readonly BolusDraft[];
}
export interface FlexDraft {
  readonly drug: string;
  readonly concentrationMcgPerMl: number;
  readonly everyDay: DayDraft;
  /** Weekday variants, in the order they were added. */
  readonly variants: readonly (readonly [WeekdayName, DayDraft])[];
}

export interface FieldError {
  /** The id of the input at fault (see {@link fieldId}). */
  readonly field: string;
  readonly message: string;
}
export type DraftResult =
  | { readonly ok: true; readonly prescription: PrescriptionJson }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

export { DAY_LABEL };

/** The id of one input of the editor, e.g. `flex-everyDay-step-1-dose`. */
export const fieldId = (day: DayKey, kind: 'step' | 'bolus', index: number, part: string): string =>
  `flex-${day}-${kind}-${index}-${part}`;

type DayJson = Extract<PrescriptionJson, { mode: 'flex' }>['everyDay'];

const dayDraftOf = (d: DayJson, drug: string): DayDraft => ({
  steps: d.steps.map((s) => ({
    start: formatTimeOfDay(s.startMinute),
    dose: apiToInputText(s.doseMcgPerDay, 'dose-rate', drug),
  })),
  boluses: d.boluses.map((b) => ({
    start: formatTimeOfDay(b.startMinute),
    amount: apiToInputText(b.amountMcg, 'mass', drug),
    duration: `${b.durationMinutes} min`,
  })),
});

/**
 * The editor's starting point from the prescription in force: a flex schedule as it is; a continuous dose
 * as one step from 00:00 at that dose. Null for a prescription without a drug (stopped): there is nothing
 * to reshape, a restart is a new start dose.
 */
export function draftFromPrescription(p: PrescriptionJson): FlexDraft | null {
  switch (p.mode) {
    case 'stopped':
      return null;
    case 'minimum-rate':
    case 'simple-continuous': {
      const dose = p.mode === 'simple-continuous' ? apiToInputText(p.doseMcgPerDay, 'dose-rate', p.drug) : '';
      return {
        drug: p.drug,
        concentrationMcgPerMl: p.concentrationMcgPerMl,
        everyDay: { steps: [{ start: '00:00', dose }], boluses: [] },
        variants: [],
      };
    }
    case 'flex':
      return {
        drug: p.drug,
        concentrationMcgPerMl: p.concentrationMcgPerMl,
        everyDay: dayDraftOf(p.everyDay, p.drug),
        variants: WEEKDAY_NAMES.flatMap((name) => {
          const d = p.byWeekday?.[name];
          return d === undefined ? [] : [[name, dayDraftOf(d, p.drug)] as const];
        }),
      };
  }
}

/** Runs a parser; its refusal becomes a field error (parsed.ts). */
function field<T>(errors: FieldError[], id: string, parse: () => T): T | undefined {
  const r = parsed(parse);
  if (r.ok) return r.value;
  errors.push({ field: id, message: r.message });
  return undefined;
}

function dayJsonOf(key: DayKey, d: DayDraft, errors: FieldError[], drug: string): DayJson {
  const steps = d.steps.map((s, i) => ({
    startMinute:
      i === 0 ? 0 : (field(errors, fieldId(key, 'step', i, 'start'), () => parseTimeOfDay(s.start)) ?? 0),
    doseMcgPerDay:
      field(errors, fieldId(key, 'step', i, 'dose'), () => inputToMcg(s.dose, 'dose-rate', drug)) ?? 0,
  }));
  const boluses = d.boluses.map((b, i) => ({
    startMinute: field(errors, fieldId(key, 'bolus', i, 'start'), () => parseTimeOfDay(b.start)) ?? 0,
    amountMcg:
      field(errors, fieldId(key, 'bolus', i, 'amount'), () => inputToMcg(b.amount, 'mass', drug)) ?? 0,
    durationMinutes:
      field(errors, fieldId(key, 'bolus', i, 'duration'), () => parseDurationMinutes(b.duration)) ?? 0,
  }));
  return { steps, boluses };
}

/**
 * The prescription JSON the draft describes, or every field that does not parse. The result is not yet
 * judged: the page runs therapy's review (prescription rules and the titration step) on it.
 */
export function prescriptionFromDraft(d: FlexDraft): DraftResult {
  const errors: FieldError[] = [];
  const everyDay = dayJsonOf('everyDay', d.everyDay, errors, d.drug);
  const byWeekday: Partial<Record<WeekdayName, DayJson>> = {};
  for (const [name, day] of d.variants) byWeekday[name] = dayJsonOf(name, day, errors, d.drug);
  if (errors.length > 0) return { ok: false, errors };
  const prescription = {
    mode: 'flex' as const,
    drug: d.drug as Extract<PrescriptionJson, { mode: 'flex' }>['drug'],
    concentrationMcgPerMl: d.concentrationMcgPerMl,
    everyDay,
    ...(d.variants.length === 0 ? {} : { byWeekday }),
  };
  return { ok: true, prescription };
}

/** Edits, each returning a new draft (React state is replaced, never mutated). */
export const edit = {
  day(d: FlexDraft, key: DayKey): DayDraft | undefined {
    return key === 'everyDay' ? d.everyDay : d.variants.find(([n]) => n === key)?.[1];
  },
  setDay(d: FlexDraft, key: DayKey, day: DayDraft): FlexDraft {
    return key === 'everyDay'
      ? { ...d, everyDay: day }
      : { ...d, variants: d.variants.map(([n, v]) => [n, n === key ? day : v] as const) };
  },
  /** A weekday variant starting as a copy of the every-day programme. */
  addVariant(d: FlexDraft, name: WeekdayName): FlexDraft {
    if (d.variants.some(([n]) => n === name)) return d;
    return { ...d, variants: [...d.variants, [name, d.everyDay] as const] };
  },
  removeVariant(d: FlexDraft, name: WeekdayName): FlexDraft {
    return { ...d, variants: d.variants.filter(([n]) => n !== name) };
  },
};
