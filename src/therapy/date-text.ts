/**
 * The one way a date is written for people — the API's reason text, the PDFs, the CLI and the web pages
 * (the web imports this module): always in the clinic's time zone, with the weekday (refill planning is by
 * day) and the month in letters, so no locale's day/month order can be misread; an instant adds the
 * 24-hour clock time and the zone's name. Pure: the zone comes in (clinic/time-zone.ts on the server, the
 * zone the server names on the web).
 *
 * Machine values stay ISO: a date field's value, the API's `day=`, epoch ms in JSON.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * One formatter per zone, built once: building an `Intl.DateTimeFormat` costs far more than formatting with
 * it, and the board writes several instants on each of its rows (docs/performance.md, "Board").
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
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
    formatters.set(timeZone, f);
  }
  return f;
}

/** The calendar fields of `ms` in `timeZone` as the formatter writes them (one `formatToParts`, ~15 µs). */
function formatterFields(ms: number, timeZone: string) {
  const p = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(ms)
      .map((x) => [x.type, x.value]),
  ) as Record<Intl.DateTimeFormatPartTypes, string>;
  const [year, month, day] = [Number(p.year), Number(p.month), Number(p.day)];
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, weekday, hour: p.hour, minute: p.minute, zone: p.timeZoneName };
}

type Fields = ReturnType<typeof formatterFields>;

/** A zone's offset from UTC and its name over one UTC day, when neither changes within it. */
interface DayInZone {
  readonly offsetMs: number;
  readonly zone: string;
}

/** Days of each zone already measured (null: the offset or name changes that day). */
const daysInZones = new Map<string, Map<number, DayInZone | null>>();
/** A bound on the days kept per zone (a board names instants within a few years). */
const DAYS_KEPT = 20_000;
/**
 * From this year on, every zone's offset is whole minutes (before, local mean times had seconds the
 * formatter's minutes do not show); earlier instants ask the formatter each time.
 */
const FIRST_YEAR = 1972;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 1440 * MS_PER_MINUTE;

const offsetAt = (ms: number, f: Fields): number =>
  Date.UTC(f.year, f.month - 1, f.day, Number(f.hour), Number(f.minute)) -
  Math.floor(ms / MS_PER_MINUTE) * MS_PER_MINUTE;

/**
 * The zone's offset and name over the UTC day `day` (days since the epoch), or null when they change within
 * it. Measured at the day's first and last minute: offsets change at most once a day, so equal ends mean one
 * offset all day.
 */
function dayInZone(day: number, timeZone: string): DayInZone | null {
  let days = daysInZones.get(timeZone);
  if (days === undefined) daysInZones.set(timeZone, (days = new Map<number, DayInZone | null>()));
  const known = days.get(day);
  if (known !== undefined) return known;
  const start = day * MS_PER_DAY;
  const end = start + MS_PER_DAY - MS_PER_MINUTE;
  const [a, b] = [formatterFields(start, timeZone), formatterFields(end, timeZone)];
  const offsetMs = offsetAt(start, a);
  const one =
    a.year >= FIRST_YEAR && a.zone === b.zone && offsetAt(end, b) === offsetMs
      ? { offsetMs, zone: a.zone }
      : null;
  if (days.size >= DAYS_KEPT) days.clear();
  days.set(day, one);
  return one;
}

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * The calendar fields of `ms` in `timeZone`, as numbers (names come from the tables above, not the locale).
 * The zone's offset is measured once per UTC day and the fields counted from it, as the formatter would
 * write them (date-text.test.ts checks every quarter hour across transitions); a day on which the offset
 * changes asks the formatter for each instant. Formatting each instant cost ~17 µs, a few milliseconds of
 * every board page (docs/performance.md, "Board").
 */
function fields(ms: number, timeZone: string): Fields {
  const span = Number.isFinite(ms) ? dayInZone(Math.floor(ms / MS_PER_DAY), timeZone) : null;
  if (span === null) return formatterFields(ms, timeZone);
  const d = new Date(ms + span.offsetMs);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hour: two(d.getUTCHours()),
    minute: two(d.getUTCMinutes()),
    zone: span.zone,
  };
}

/** "Mon 8 Feb 2027": the day of `ms` in `timeZone`. */
export function dayText(ms: number, timeZone: string): string {
  return dayOf(fields(ms, timeZone));
}

const dayOf = (f: ReturnType<typeof fields>): string =>
  `${WEEKDAYS[f.weekday]} ${f.day} ${MONTHS[f.month - 1]} ${f.year}`;

/**
 * "8 Feb" and "2027": a chart axis's label of the day of `ms` in `timeZone` (the weekday left out, the year
 * said apart, where the axis begins and where a new year does), with `newYear` for the first week of January.
 */
export function axisDayText(
  ms: number,
  timeZone: string,
): { dayMonth: string; year: string; newYear: boolean } {
  const f = fields(ms, timeZone);
  return {
    dayMonth: `${f.day} ${MONTHS[f.month - 1]}`,
    year: String(f.year),
    newYear: f.month === 1 && f.day <= 7,
  };
}

/** "Mon 8 Feb 2027 08:15 CET": the day, the clock time and the zone's name. */
export function instantText(ms: number, timeZone: string): string {
  const f = fields(ms, timeZone);
  return `${dayOf(f)} ${f.hour}:${f.minute} ${f.zone}`;
}

/**
 * "1 May 1980": a calendar date the records keep as "1980-05-01" (a birth date), which has no zone — the
 * same day in every zone, never shifted. Text that is not such a date is returned as it is.
 */
export function calendarDayText(iso: string): string {
  const at = calendarMs(iso);
  if (at === null) return iso;
  const d = new Date(at);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/**
 * "Mon 8 Feb 2027": a day already counted in the clinic's zone and kept as "2027-02-08" (the API's `day=`),
 * written as {@link dayText} writes it. Text that is not such a day is returned as it is.
 */
export function isoDayText(day: string): string {
  const at = calendarMs(day);
  return at === null ? day : dayText(at, 'UTC');
}

/** "2027-02-08"'s midnight UTC, or null when the text is not a real calendar day. */
function calendarMs(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.slice(0, 10));
  if (m === null) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? d.getTime() : null;
}

/** "2027-02-08": the day of `ms` in `timeZone` as a machine value (a date field, the API's `day=`), never for reading. */
export function isoDay(ms: number, timeZone: string): string {
  const f = fields(ms, timeZone);
  return `${f.year}-${String(f.month).padStart(2, '0')}-${String(f.day).padStart(2, '0')}`;
}

/**
 * The instant at which the clock in `timeZone` reads `hhmm` (`HH:MM`) on `day` (`YYYY-MM-DD`): a time of
 * day typed for a clinic's day (a pump replacement's operation). A time the clock reads twice (the hour
 * after summer time ends) is the earlier instant; one it skips (summer time begins) is read with the
 * offset before the change (an hour later on the clock). Null for a malformed day or time.
 */
export function wallTimeInstant(day: string, hhmm: string, timeZone: string): number | null {
  const d = calendarMs(day);
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (d === null || m === null || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  const wall = d + (Number(m[1]) * 60 + Number(m[2])) * MS_PER_MINUTE;
  const offsetOf = (ms: number) => offsetAt(ms, fields(ms, timeZone));
  // The offsets the zone has around that day: an instant with either that reads back as `hhmm` on `day`.
  const before = offsetOf(wall - MS_PER_DAY);
  const after = offsetOf(wall + MS_PER_DAY);
  const reads = (ms: number) => {
    const f = fields(ms, timeZone);
    return isoDay(ms, timeZone) === day && `${f.hour}:${f.minute}` === hhmm;
  };
  const found = [wall - before, wall - after].filter(reads);
  return found.length === 0 ? wall - before : Math.min(...found);
}
