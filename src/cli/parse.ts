/**
 * Parsing of CLI flag values with the therapy core's own parser (units.ts), so a number typed at the CLI
 * means exactly what it means in the web app. A bare number takes the flag's documented unit; doses, boluses
 * and concentrations, whose bare number is in the drug's label unit, are read by dose-flags.ts.
 */
import { ItbError } from '../therapy/codes.ts';
import { epochMs, nanolitres, type EpochMs, type Nanolitres } from '../therapy/quantities.ts';
import { parseAs } from '../therapy/units.ts';

/** The flag's text; a missing or empty one is refused naming the flag. */
export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') {
    throw new ItbError('ITB_E_INVALID_INPUT', `missing ${flag}`);
  }
  return value;
}

/** The value, refused (ITB_E_NON_POSITIVE, naming the flag) when not above zero. */
export function positive<T extends number>(value: T, flag: string, text: string): T {
  if (value <= 0)
    throw new ItbError('ITB_E_NON_POSITIVE', `${flag} must be greater than zero (got "${text}")`);
  return value;
}

/** A volume; bare numbers are mL. `allowZero` for residuals, which may be empty. */
export function volumeFlag(text: string | undefined, flag: string, allowZero = false): Nanolitres {
  const t = required(text, flag);
  const v = nanolitres(parseAs(t, 'volume', 'mL').nl);
  return allowZero ? v : positive(v, flag, t);
}

/** A plain number within [min, max]. */
export function numberFlag(text: string | undefined, flag: string, min: number, max: number): number {
  const t = required(text, flag).trim();
  const n = /^[+-]?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
  if (!Number.isFinite(n)) throw new ItbError('ITB_E_INVALID_INPUT', `${flag} must be a number (got "${t}")`);
  if (n < min || n > max) {
    throw new ItbError('ITB_E_OUT_OF_RANGE', `${flag} must be between ${min} and ${max} (got ${t})`);
  }
  return n;
}

/** One of a fixed set of words. */
export function choiceFlag<T extends string>(
  text: string | undefined,
  flag: string,
  choices: readonly T[],
): T {
  const t = required(text, flag).trim().toLowerCase();
  if (!(choices as readonly string[]).includes(t)) {
    throw new ItbError('ITB_E_INVALID_INPUT', `${flag} must be one of ${choices.join(', ')} (got "${t}")`);
  }
  return t as T;
}

/** An ISO 8601 instant with an explicit zone (Z or ±hh:mm), or a date (taken as 00:00 UTC). */
export function instantFlag(text: string | undefined, flag: string): EpochMs {
  const t = required(text, flag).trim();
  const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(t);
  const ms = ok ? Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `${flag} must be an ISO 8601 date or time with a zone, e.g. 2026-11-21T09:00Z`,
    );
  }
  return epochMs(ms);
}
