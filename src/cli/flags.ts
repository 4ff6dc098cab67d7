/**
 * Reading commander's flags for the `itb` commands: a string flag, a required text, a number within
 * bounds, a whole number within bounds (each refusing bad input with ITB_E_INVALID_INPUT naming the flag).
 */
import { ItbError } from '../therapy/codes.ts';
import { numberFlag } from './parse.ts';

/** Commander's parsed flags. */
export type Flags = Record<string, string | boolean | undefined>;
/** A string flag, or undefined. */
export const str = (f: Flags, key: string): string | undefined => {
  const v = f[key];
  return typeof v === 'string' ? v : undefined;
};
/** A number flag within [min, max], or undefined. */
export const opt = (f: Flags, key: string, flag: string, min: number, max: number): number | undefined => {
  const v = str(f, key);
  return v === undefined ? undefined : numberFlag(v, flag, min, max);
};
/** A whole-number flag within [min, max], or undefined. */
export const int = (f: Flags, key: string, flag: string, min: number, max: number): number | undefined => {
  const v = opt(f, key, flag, min, max);
  if (v !== undefined && !Number.isInteger(v))
    throw new ItbError('ITB_E_INVALID_INPUT', `${flag} must be a whole number`);
  return v;
};
/** A required text flag, trimmed; missing or empty is refused naming the flag. */
export function text(f: Flags, key: string, flag: string): string {
  const v = str(f, key)?.trim();
  if (v === undefined || v === '') throw new ItbError('ITB_E_INVALID_INPUT', `missing ${flag}`);
  return v;
}
