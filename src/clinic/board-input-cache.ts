/**
 * The stored board input of the rows a page shows (board_records.records, board-rows.ts), parsed once per
 * process: a page of 100 rows parsed 100 JSON texts of several kilobytes on every read (issue 14: 8 % of a
 * page's CPU). The cache is keyed by the stored text itself, not by when it was written: a write that
 * changes a patient's input changes the text, so the next page parses the new text — two writes within
 * one millisecond, or two databases in one process with the same patient id, can never be served the
 * other's input. Bounded (least recently used out); the parsed values are frozen, so no reader can alter
 * what the next one is served.
 */
import type { BoardEntry } from './board-row-failure.ts';

/** How many patients' parsed input one process keeps. */
export const BOARD_INPUT_CACHE_SIZE = 5_000;

const cache = new Map<string, { readonly text: string; readonly parsed: BoardEntry }>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** `text` (the stored input of `patientId`) parsed: from the cache when the stored text is unchanged. */
export function parsedBoardInput(patientId: string, text: string): BoardEntry {
  const hit = cache.get(patientId);
  cache.delete(patientId);
  const entry =
    hit !== undefined && hit.text === text
      ? hit
      : { text, parsed: deepFreeze(JSON.parse(text) as BoardEntry) };
  cache.set(patientId, entry);
  if (cache.size > BOARD_INPUT_CACHE_SIZE) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  return entry.parsed;
}
