/**
 * A tab's unfinished work, kept over a reload and the browser's Back (sessionStorage, keyed by what it is and
 * the patient: another tab's patient never fills this one's): the refill wizard's steps, the dose typed on
 * the programming page. At sign-out all of it is dropped: the work must not pass to the next user.
 */
const PREFIX = 'itb.';

export type WorkKind = 'refill-wizard' | 'programming';

const keyOf = (kind: WorkKind, patientId: string) => `${PREFIX}${kind}.${patientId}`;

/** Keeps `work` for `patientId`, or drops it when null (finished or nothing typed). */
export function keepUnfinished(kind: WorkKind, patientId: string, work: unknown): void {
  if (work === null) window.sessionStorage.removeItem(keyOf(kind, patientId));
  else window.sessionStorage.setItem(keyOf(kind, patientId), JSON.stringify(work));
}

/** The work kept for `patientId`, or null (none, or unreadable). */
export function restoreUnfinished(kind: WorkKind, patientId: string): unknown {
  try {
    const raw = window.sessionStorage.getItem(keyOf(kind, patientId));
    return raw === null ? null : (JSON.parse(raw) as unknown);
  } catch {
    return null;
  }
}

/** Drops every unfinished work of this tab (at sign-out). */
export function forgetUnfinishedWork(): void {
  for (let i = window.sessionStorage.length - 1; i >= 0; i--) {
    const k = window.sessionStorage.key(i);
    if (k !== null && k.startsWith(PREFIX)) window.sessionStorage.removeItem(k);
  }
}
