/**
 * A change of a prescription, of the pump's contents or of its patient-controlled bolus setting (a review
 * diff: `everyDay.steps.1.doseMcgPerDay`, `patientBolus.lockoutMinutes`)
 * in words and clinician units, for the Finish screen, the patient's timeline and the printed session
 * summary (src/reports/session-summary.ts): one wording, so the paper says what the screen said.
 */
import { mL, NG_PER_MCG } from '../therapy/display-numbers.ts';
import { concentrationText, doseText, massText } from '../therapy/drug-display.ts';
import type { WEEKDAY_NAMES } from '../therapy/prescription-json.ts';
import { formatTimeOfDay } from '../therapy/time-of-day.ts';

/** A day of a flex schedule: the every-day programme or a weekday variant. */
export type DayKey = 'everyDay' | (typeof WEEKDAY_NAMES)[number];

/** The days of a flex schedule in words. */
export const DAY_LABEL: Record<DayKey, string> = {
  everyDay: 'Every day',
  sunday: 'Sunday',
  monday: 'Monday',
  tuesday: 'Tuesday',
  wednesday: 'Wednesday',
  thursday: 'Thursday',
  friday: 'Friday',
  saturday: 'Saturday',
};

export interface DiffEntry {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

export const MODE_TEXT: Record<string, string> = {
  stopped: 'stopped',
  'minimum-rate': 'minimum rate',
  'simple-continuous': 'one continuous daily dose',
  flex: 'flex schedule',
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * One leaf or item of the diff in clinician units: doses in the unit the drug's label uses (`drug`, when
 * known: morphine in mg), numbers with separators (therapy/drug-display.ts, the one dose formatter).
 */
export function valueText(field: string | undefined, v: unknown, drug?: string | null): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') {
    switch (field) {
      case 'doseMcgPerDay':
        return doseText(v * NG_PER_MCG, drug);
      case 'startMinute':
        return formatTimeOfDay(v);
      case 'amountMcg':
      case 'doseMcg':
        return massText(v * NG_PER_MCG, drug);
      case 'durationMinutes':
      case 'lockoutMinutes':
      case 'bolusMinutes':
        return `${v} min`;
      case 'maxPerDay':
        return `${v} a day`;
      case 'concentrationMcgPerMl':
        return concentrationText(v * NG_PER_MCG, drug);
      // Pump-side fields of a refill or catheter change, in nanounits as the pump holds them.
      case 'reservoir':
      case 'catheterVolume':
      case 'primingBolusNl':
        return mL(v, 3);
      case 'concentration':
        return concentrationText(v, drug);
      default:
        return String(v);
    }
  }
  if (isRecord(v) && typeof v['startMinute'] === 'number') {
    const at = formatTimeOfDay(v['startMinute']);
    if (typeof v['doseMcgPerDay'] === 'number')
      return `from ${at} at ${doseText(v['doseMcgPerDay'] * NG_PER_MCG, drug)}`;
    if (typeof v['amountMcg'] === 'number' && typeof v['durationMinutes'] === 'number') {
      return `bolus at ${at}: ${massText(v['amountMcg'] * NG_PER_MCG, drug)} over ${v['durationMinutes']} min`;
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
  reservoir: 'reservoir volume',
  concentration: 'concentration',
  catheterVolume: 'catheter volume',
  primingBolusNl: 'priming bolus',
  prescription: 'prescription',
  patientBolus: 'patient-controlled bolus',
  enabled: 'setting',
  doseMcg: 'dose per bolus',
  lockoutMinutes: 'lockout',
  maxPerDay: 'at most',
  bolusMinutes: 'each bolus over',
};

/** "everyDay.steps.1.doseMcgPerDay" → "Every day, step 2: dose rate". */
export function pathText(path: string): { readonly text: string; readonly field: string | undefined } {
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
    } else if (next === 'length' && i + 2 === parts.length) {
      // A list that grew or shrank (diff.ts): "Every day, number of steps: 3 → 4".
      field = 'length';
      out.push(`number of ${p}`);
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
 * The drug a programming session's pump held (its read-back, else its snapshot), for writing its changes in
 * the drug's unit; undefined when the session does not say.
 */
export function sessionDrug(interrogation: Readonly<Record<string, unknown>>): string | undefined {
  for (const key of ['after', 'snapshot']) {
    const read = interrogation[key];
    const status = isRecord(read) ? read['status'] : undefined;
    const drug = isRecord(status) ? status['drug'] : undefined;
    if (typeof drug === 'string') return drug;
  }
  return undefined;
}

/**
 * One change as a line of text: "Every day, step 2, dose rate: 400 mcg/day → 460 mcg/day" ("3 mg/day →
 * 3.3 mg/day" when `drug` is morphine).
 */
export function changeText(d: DiffEntry, drug?: string | null): string {
  if (d.path === 'mode') {
    const name = (v: unknown) => MODE_TEXT[String(v)] ?? String(v);
    return `programme: ${name(d.before)} → ${name(d.after)}`;
  }
  const { text, field } = pathText(d.path);
  return `${text}: ${valueText(field, d.before, drug)} → ${valueText(field, d.after, drug)}`;
}
