/**
 * Times a clinician types into a flex schedule: a wall-clock start ("08:00", "8:30", "0:00") and a bolus
 * duration ("60", "60 min", "1.5 h"). The prescription keeps minutes after local midnight (prescription.ts);
 * these are the one place text becomes those minutes, for the CLI, the API and the web app alike.
 */
import { ItbError } from './codes.ts';
import type { MinuteOfDay } from './prescription.ts';

/** "08:30" → 510. Hours 0–23, minutes 00–59, a 24-hour clock; anything else is refused with the reason. */
export function parseTimeOfDay(input: string): MinuteOfDay {
  const text = input.trim();
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `"${input}" is not a time of day; write it as HH:MM, e.g. 08:30`,
    );
  }
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (hours > 23 || minutes > 59) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `"${input}" is not a time of day on a 24-hour clock (00:00–23:59)`,
    );
  }
  return hours * 60 + minutes;
}

/** 510 → "08:30". */
export function formatTimeOfDay(minute: MinuteOfDay): string {
  if (!Number.isInteger(minute) || minute < 0 || minute > 1439) {
    throw new ItbError('ITB_E_INVALID_INPUT', `minute of day ${minute} is outside 0–1439`);
  }
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

const MINUTES_PER: Record<string, number> = { min: 1, m: 1, minutes: 1, h: 60, hours: 60, hour: 60 };

/**
 * "60", "60 min", "1.5 h" → minutes (a bare number is minutes). Must come to a positive whole number of
 * minutes: the pump's schedule resolution.
 */
export function parseDurationMinutes(input: string): number {
  const text = input.trim().toLowerCase();
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/.exec(text);
  const factor = m === null ? undefined : m[2] === '' ? 1 : MINUTES_PER[m[2] ?? ''];
  if (m === null || factor === undefined) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `"${input}" is not a duration; write minutes or hours, e.g. 60 min or 1.5 h`,
    );
  }
  const minutes = Number(m[1]) * factor;
  if (!Number.isInteger(minutes) || minutes <= 0) {
    throw new ItbError('ITB_E_INVALID_INPUT', `"${input}" must come to a whole number of minutes above 0`);
  }
  return minutes;
}
