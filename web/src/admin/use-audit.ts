/**
 * The audit viewer's data: `GET /api/v1/audit` newest first, filtered by who, what, patient and a time
 * range, paged back with `beforeSeq` (docs/api.md). Filters are sent as the server names them; empty
 * fields are left out.
 */
import { useCallback, useState } from 'react';
import { api, errorText } from '../api.ts';

export interface AuditEntry {
  readonly seq: number;
  readonly at: number;
  readonly actor: string;
  /** The actor's name and role (src/clinic/actor-names.ts), "deleted user <id>" when the account is gone. */
  readonly actorName: string;
  readonly actorRole: string | null;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string;
  readonly details: unknown;
}

export interface AuditFilters {
  readonly actor: string;
  readonly action: string;
  readonly entity: string;
  readonly patientId: string;
  /** datetime-local text (the browser's zone) or empty. */
  readonly from: string;
  readonly to: string;
}

export const NO_FILTERS: AuditFilters = {
  actor: '',
  action: '',
  entity: '',
  patientId: '',
  from: '',
  to: '',
};
export const PAGE_SIZE = 50;

function query(f: AuditFilters, beforeSeq: number | null): string {
  const q = new URLSearchParams({ order: 'desc', limit: String(PAGE_SIZE) });
  for (const key of ['actor', 'action', 'entity', 'patientId'] as const) {
    if (f[key].trim() !== '') q.set(key, f[key].trim());
  }
  for (const key of ['from', 'to'] as const) {
    if (f[key] !== '') q.set(key, new Date(f[key]).toISOString());
  }
  if (beforeSeq !== null) q.set('beforeSeq', String(beforeSeq));
  return q.toString();
}

export function useAudit() {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [more, setMore] = useState(false);

  /** Loads the first page for `f`, or the next (older) page when `next` is set. */
  const search = useCallback(
    async (f: AuditFilters, next = false) => {
      setError(null);
      try {
        const before =
          next && entries !== null && entries.length > 0 ? entries[entries.length - 1]!.seq : null;
        const page = await api.get<AuditEntry[]>(`/api/v1/audit?${query(f, before)}`);
        setEntries(next && entries !== null ? [...entries, ...page] : page);
        setMore(page.length === PAGE_SIZE);
      } catch (e) {
        setError(errorText(e));
      }
    },
    [entries],
  );
  return { entries, error, more, search };
}
