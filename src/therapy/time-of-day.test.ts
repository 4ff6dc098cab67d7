import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ItbError } from './codes.ts';
import { formatTimeOfDay, parseDurationMinutes, parseTimeOfDay } from './time-of-day.ts';

const refused = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof ItbError ? e.code : 'not an ItbError';
  }
  return 'accepted';
};

describe('time of day (flex step starts, docs/clinical-reference.md §3: flex schedules by time of day)', () => {
  it('reads HH:MM on a 24-hour clock', () => {
    expect(parseTimeOfDay('00:00')).toBe(0);
    expect(parseTimeOfDay('8:30')).toBe(510);
    expect(parseTimeOfDay(' 23:59 ')).toBe(1439);
  });

  it.each(['24:00', '12:60', '8', '8.30', '08:3', '-1:00', '', 'noon', '12:00 pm'])(
    'refuses %j with a reason',
    (text) => expect(refused(() => parseTimeOfDay(text))).toBe('ITB_E_INVALID_INPUT'),
  );

  it('format and parse are inverse for every minute of the day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1439 }), (m) => {
        expect(parseTimeOfDay(formatTimeOfDay(m))).toBe(m);
      }),
    );
  });

  it('refuses to format a minute outside the day', () => {
    expect(refused(() => formatTimeOfDay(1440))).toBe('ITB_E_INVALID_INPUT');
    expect(refused(() => formatTimeOfDay(-1))).toBe('ITB_E_INVALID_INPUT');
  });
});

describe('bolus duration', () => {
  it('reads minutes (bare or with unit) and hours', () => {
    expect(parseDurationMinutes('60')).toBe(60);
    expect(parseDurationMinutes('45 min')).toBe(45);
    expect(parseDurationMinutes('1.5 h')).toBe(90);
    expect(parseDurationMinutes('2hours')).toBe(120);
  });

  it.each(['0', '0.5', '1.01 h', '-5', '5 s', 'an hour', ''])('refuses %j', (text) =>
    expect(refused(() => parseDurationMinutes(text))).toBe('ITB_E_INVALID_INPUT'),
  );
});
