/**
 * Field-by-field differences between two JSON values: the "pending vs current" of the review screen
 * (docs/clinical-reference.md §3, Finish screen) and the read-back check after a write (what the pump holds vs what was
 * sent). Paths are dotted (`everyDay.steps.1.doseMcgPerDay`); a field present on one side only is a
 * difference with `null` on the other (so a field that is `null` equals one that is absent); lists of
 * different lengths differ at `<path>.length` too, so `[]` and `[null]` are not equal.
 */
import type { ProgrammingSessionInput } from '../clinic/clinical-records.ts';

/** A JSON value as the store accepts it. */
export type Json = ProgrammingSessionInput['interrogation'][string];

export interface DiffEntry {
  readonly path: string;
  readonly before: Json;
  readonly after: Json;
}

/** A plain-data copy with `undefined` fields dropped (what JSON would keep). */
export function toJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value ?? null)) as Json;
}

const isObject = (v: Json): v is { [k: string]: Json } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function walk(path: string, a: Json, b: Json, out: DiffEntry[]): void {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) {
      out.push({ path: path === '' ? 'length' : `${path}.length`, before: a.length, after: b.length });
    }
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      walk(path === '' ? String(i) : `${path}.${i}`, a[i] ?? null, b[i] ?? null, out);
    }
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) walk(path === '' ? k : `${path}.${k}`, a[k] ?? null, b[k] ?? null, out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b))
    out.push({ path: path === '' ? '$' : path, before: a, after: b });
}

/** Every leaf that differs between `before` and `after`, in a stable order. Empty = equal. */
export function diffJson(before: unknown, after: unknown): DiffEntry[] {
  const out: DiffEntry[] = [];
  walk('', toJson(before), toJson(after), out);
  return out;
}
