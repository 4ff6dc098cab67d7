/**
 * The pump's event log: a bounded ring of sequenced entries. When full, the oldest entry goes; the newest
 * `capacity` entries are always kept, and a sequence number is never reused — so a reader who sees a gap in
 * `seq` knows entries were dropped, never that they were altered (FDA 2014 hazard "corrupted dose history";
 * docs/clinical-reference.md §3: "the pump's event log is readable").
 */
import type { EpochMs } from '../therapy/quantities.ts';
import type { LogEntry, PumpState } from './state.ts';

/** Default ring size; the controller accepts any capacity ≥ {@link MIN_LOG_CAPACITY}. */
export const DEFAULT_LOG_CAPACITY = 256;
export const MIN_LOG_CAPACITY = 16;

export type EventLog = PumpState['log'];
export type LogData = NonNullable<LogEntry['data']>;

/** An empty log. */
export function emptyLog(capacity = DEFAULT_LOG_CAPACITY, nextSeq = 1): EventLog {
  return { nextSeq, capacity, entries: [] };
}

/** The log with one more entry, and that entry. */
export function appendLog(
  log: EventLog,
  at: EpochMs,
  type: string,
  message: string,
  data?: LogData,
): { log: EventLog; entry: LogEntry } {
  const entry: LogEntry =
    data === undefined
      ? { seq: log.nextSeq, at, type, message }
      : { seq: log.nextSeq, at, type, message, data };
  const kept =
    log.entries.length >= log.capacity
      ? log.entries.slice(log.entries.length - log.capacity + 1)
      : log.entries;
  return { log: { nextSeq: log.nextSeq + 1, capacity: log.capacity, entries: [...kept, entry] }, entry };
}

/** Entries with `seq` ≥ `fromSeq` (a reader's incremental download). */
export function entriesSince(log: EventLog, fromSeq: number): readonly LogEntry[] {
  return log.entries.filter((e) => e.seq >= fromSeq);
}
