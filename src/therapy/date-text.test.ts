/**
 * The one date format (therapy/date-text.ts) for the dates that have no zone: a birth date or an implant date
 * the records keep as "1980-05-01", and a clinic day already counted in the clinic's zone (the API's `day=`).
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { calendarDayText, dayText, instantText, isoDayText, wallTimeInstant } from './date-text.ts';

describe('dates with no zone', () => {
  it('a birth date printed as ISO ("born 1980-05-01"): it reads "1 May 1980" whatever the zone, never shifted a day', () => {
    expect(calendarDayText('1980-05-01')).toBe('1 May 1980');
    expect(calendarDayText('2000-02-29')).toBe('29 Feb 2000');
    expect(calendarDayText('1975-12-31T00:00:00Z')).toBe('31 Dec 1975');
  });

  it('a clinic day printed as ISO ("Clinic day 2024-01-01"): it reads as dayText writes the same day in the clinic\'s zone', () => {
    const eveningInHonolulu = Date.UTC(2024, 0, 2, 9, 30); // 23:30 on 1 Jan in Honolulu
    expect(isoDayText('2024-01-01')).toBe(dayText(eveningInHonolulu, 'Pacific/Honolulu'));
    expect(isoDayText('2024-01-01')).toBe('Mon 1 Jan 2024');
  });

  it('text that is not a calendar day is left as written, not turned into another day', () => {
    for (const text of ['1980-02-30', '1980-13-01', 'unknown', '']) {
      expect(calendarDayText(text)).toBe(text);
      expect(isoDayText(text)).toBe(text);
    }
  });
});

describe('the board regression of round 7 (CPU per page 24 → 42 ms)', () => {
  it('a page of instants in one zone builds its date formatter once, not once per date', async () => {
    const { instantText } = await import('./date-text.ts');
    const { clinicInstantText } = await import('../clinic/time-zone.ts');
    const zone = 'America/Chicago';
    instantText(0, zone);
    clinicInstantText(0);
    const spy = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      for (let i = 0; i < 300; i++) {
        instantText(Date.UTC(2027, 1, 8) + i * 3_600_000, zone);
        clinicInstantText(Date.UTC(2027, 1, 8) + i * 3_600_000);
      }
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    expect(instantText(Date.UTC(2027, 1, 8, 14, 15), zone)).toBe('Mon 8 Feb 2027 08:15 GMT-6');
  });
});

const referenceFormatters = new Map<string, Intl.DateTimeFormat>();

/** The formatter's own fields of an instant (the reference, built apart from date-text.ts's). */
function formatterParts(ms: number, timeZone: string): Record<Intl.DateTimeFormatPartTypes, string> {
  let f = referenceFormatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    referenceFormatters.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value])) as Record<
    Intl.DateTimeFormatPartTypes,
    string
  >;
}

/** What `Intl.DateTimeFormat` itself writes for an instant, in instantText's words. */
function formatterText(ms: number, timeZone: string): string {
  const p = formatterParts(ms, timeZone);
  const [y, m, d] = [Number(p.year), Number(p.month), Number(p.day)];
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][
    new Date(Date.UTC(y, m - 1, d)).getUTCDay()
  ];
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1];
  return `${weekday} ${d} ${month} ${y} ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

/** The zone's offset (ms) and name at an instant, by the formatter. */
function offsetAndName(ms: number, timeZone: string): string {
  const p = formatterParts(ms, timeZone);
  const local = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
  );
  return `${local - Math.floor(ms / 60_000) * 60_000} ${p.timeZoneName}`;
}

/**
 * Zones whose offsets change in awkward ways: half-hour daylight saving (Lord Howe), a 45-minute offset
 * (Chatham), saving suspended for Ramadan (Casablanca), a day skipped (Apia, 30 Dec 2011), the southern
 * hemisphere, and the clinic zones of the demo.
 */
const AWKWARD_ZONES = [
  'UTC',
  'Europe/Paris',
  'America/New_York',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Africa/Casablanca',
  'Pacific/Apia',
  'America/Sao_Paulo',
  'Asia/Kathmandu',
  'America/St_Johns',
];

describe('an instant written from the zone’s offset of its day (the board wrote ~17 µs per instant)', () => {
  it('every quarter hour of the days its zone changes offset reads as the formatter writes it', async () => {
    const { instantText } = await import('./date-text.ts');
    let changes = 0;
    for (const zone of AWKWARD_ZONES) {
      for (const year of [2011, 2026]) {
        // The UTC days of that year whose first and last minute differ in offset or name, by the formatter.
        for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += 86_400_000) {
          if (offsetAndName(day, zone) === offsetAndName(day + 86_340_000, zone)) continue;
          changes++;
          for (let t = day - 3_600_000; t < day + 90_000_000; t += 900_000) {
            for (const at of [t, t + 59_999]) {
              expect(instantText(at, zone), `${zone} ${new Date(at).toISOString()}`).toBe(
                formatterText(at, zone),
              );
            }
          }
        }
      }
    }
    // The scan met the transitions it is for (each zone but UTC and Kathmandu changes in one of the years).
    expect(changes).toBeGreaterThan(20);
  });

  it('any instant from 1900 to 2100, in any of these zones, reads as the formatter writes it', async () => {
    const { instantText, dayText, isoDay } = await import('./date-text.ts');
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.constantFrom(...AWKWARD_ZONES),
        (ms, zone) => {
          const expected = formatterText(ms, zone);
          expect(instantText(ms, zone)).toBe(expected);
          expect(dayText(ms, zone)).toBe(expected.split(' ').slice(0, 4).join(' '));
          expect(isoDay(ms, zone)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        },
      ),
      { numRuns: 5_000 },
    );
  });
});

describe('wallTimeInstant: a time of day typed for a clinic’s day (the replacement’s operation time)', () => {
  it('reads the clock of the zone, half-hour offsets and winter time included', () => {
    const at = (d: string, t: string, z: string) => {
      const ms = wallTimeInstant(d, t, z);
      return ms === null ? null : new Date(ms).toISOString();
    };
    expect(at('2026-12-04', '08:00', 'UTC')).toBe('2026-12-04T08:00:00.000Z');
    expect(at('2026-12-04', '08:00', 'Europe/Prague')).toBe('2026-12-04T07:00:00.000Z');
    expect(at('2026-12-04', '08:00', 'Asia/Kolkata')).toBe('2026-12-04T02:30:00.000Z');
    expect(at('2026-12-04', '23:59', 'America/Chicago')).toBe('2026-12-05T05:59:00.000Z');
  });

  it('a time the clock reads twice is the earlier instant; one it skips is read with the offset before', () => {
    expect(new Date(wallTimeInstant('2026-10-25', '02:30', 'Europe/Prague') ?? 0).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(instantText(wallTimeInstant('2026-03-29', '02:30', 'Europe/Prague') ?? 0, 'Europe/Prague')).toBe(
      'Sun 29 Mar 2026 03:30 CEST',
    );
  });

  it('refuses what is not a day and a time', () => {
    expect(wallTimeInstant('2026-12-04', '24:00', 'UTC')).toBeNull();
    expect(wallTimeInstant('2026-02-30', '08:00', 'UTC')).toBeNull();
    expect(wallTimeInstant('2026-12-04', '8:00', 'UTC')).toBeNull();
  });

  it('property: any day and minute reads back on the zone’s clock as typed, except in the skipped hour', () => {
    const zones = ['UTC', 'Europe/Prague', 'America/Chicago', 'Asia/Kolkata', 'Australia/Adelaide'];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3650 }),
        fc.integer({ min: 0, max: 1439 }),
        fc.constantFrom(...zones),
        (dayIndex, minute, zone) => {
          const day = new Date(Date.UTC(2024, 0, 1) + dayIndex * 86_400_000).toISOString().slice(0, 10);
          const hhmm = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
          const ms = wallTimeInstant(day, hhmm, zone);
          expect(ms).not.toBeNull();
          const text = instantText(ms ?? 0, zone);
          const skipped = !text.includes(hhmm);
          // Only the hour summer time skips may read otherwise (an hour later on the clock).
          if (skipped) {
            const later = instantText((ms ?? 0) - 3_600_000, zone);
            expect(`${text} / ${later}`).toMatch(/CEST|CDT|ACDT/);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
