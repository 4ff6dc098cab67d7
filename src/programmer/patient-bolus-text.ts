/**
 * A patient-controlled bolus setting in clinician units and in words: the one form in which the plan's
 * review, the apply's read-back from the pump, an interrogation, the record and the printed summary show it.
 */
import { num } from '../therapy/display-numbers.ts';
import { massText } from '../therapy/drug-display.ts';
import type { PatientBolusConfig } from '../therapy/patient-bolus-rules.ts';
import { MS_PER_MINUTE, NG_PER_MCG } from '../therapy/quantities.ts';

/** A setting in clinician units (`doseMcg`, `lockoutMinutes` …); `{ enabled: 'off' }` when there is none. */
export function patientBolusJson(c: PatientBolusConfig | null): Readonly<Record<string, string | number>> {
  if (c === null) return { enabled: 'off' };
  return {
    enabled: 'on',
    doseMcg: c.amount / NG_PER_MCG,
    lockoutMinutes: c.lockout / MS_PER_MINUTE,
    maxPerDay: c.maxPerDay,
    bolusMinutes: c.duration / MS_PER_MINUTE,
  };
}

/**
 * "off", or "200 mcg per bolus, lockout 60 min, at most 6 a day, each over 10 min" (clinician units in); the
 * dose in the unit of `drug`'s label when known ("0.2 mg per bolus" for morphine: drug-display.ts).
 */
export function patientBolusText(json: Readonly<Record<string, unknown>>, drug?: string | null): string {
  if (json['enabled'] !== 'on') return 'off';
  const n = (key: string, unit = '') => {
    const v = json[key];
    return typeof v === 'number' ? `${num(v)}${unit}` : 'unknown';
  };
  const dose = json['doseMcg'];
  const doseText = typeof dose === 'number' ? massText(dose * NG_PER_MCG, drug) : 'unknown';
  return `${doseText} per bolus, lockout ${n('lockoutMinutes', ' min')}, at most ${n('maxPerDay')} a day, each over ${n('bolusMinutes', ' min')}`;
}
