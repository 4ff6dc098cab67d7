/**
 * The first instant of a clinic day (`clinicDayStart`), which dates an operation recorded with its day only
 * (clinical-time.ts `operationInstant`): right in zones east and west of UTC, on days a clock changes, at
 * half-hour offsets and at the ends of the offset range.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoDay } from '../therapy/date-text.ts';
import { clinicDayStart } from './time-zone.ts';

const saved = process.env['ITB_TIME_ZONE'];
afterEach(() => {
  if (saved === undefined) delete process.env['ITB_TIME_ZONE'];
  else process.env['ITB_TIME_ZONE'] = saved;
});

describe('clinicDayStart', () => {
  it.each([
    ['UTC', '2024-01-01', '2024-01-01T00:00:00.000Z'],
    ['Europe/Prague', '2024-03-31', '2024-03-30T23:00:00.000Z'],
    ['Europe/Prague', '2024-07-01', '2024-06-30T22:00:00.000Z'],
    ['America/Chicago', '2024-11-03', '2024-11-03T05:00:00.000Z'],
    ['Asia/Kolkata', '2024-01-01', '2023-12-31T18:30:00.000Z'],
    ['Pacific/Kiritimati', '2024-01-01', '2023-12-31T10:00:00.000Z'],
    ['Etc/GMT+12', '2024-01-01', '2024-01-01T12:00:00.000Z'],
  ])('in %s, %s begins at %s', (zone, day, start) => {
    process.env['ITB_TIME_ZONE'] = zone;
    expect(new Date(clinicDayStart(day)).toISOString()).toBe(start);
  });

  it('is the first minute of the day: that minute is the day, the minute before is the day before', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('UTC', 'Europe/Prague', 'America/Chicago', 'Australia/Lord_Howe', 'Asia/Kathmandu'),
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        (zone, ms) => {
          process.env['ITB_TIME_ZONE'] = zone;
          const day = isoDay(ms, zone);
          const start = clinicDayStart(day);
          expect(isoDay(start, zone)).toBe(day);
          expect(isoDay(start - 60_000, zone) < day).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
