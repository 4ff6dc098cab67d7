/**
 * The audit viewer (admin): who did what to which record and when, newest first, filtered by account,
 * action, record type, patient and time range, fifty at a time with "Older entries".
 */
import { useEffect, useState } from 'react';
import { ErrorNote, Loading } from '../components.tsx';
import { dateTime } from '../format.ts';
import { NO_FILTERS, useAudit, type AuditFilters } from './use-audit.ts';

const FIELDS: readonly (readonly [keyof AuditFilters, string, string])[] = [
  ['actor', 'Who (e.g. user:…)', 'text'],
  ['action', 'Action (create, view, disable…)', 'text'],
  ['entity', 'Record type (patient, refill, user…)', 'text'],
  ['patientId', 'Patient id', 'text'],
  ['from', 'From', 'datetime-local'],
  ['to', 'Before', 'datetime-local'],
];

export function AuditPage() {
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const { entries, error, more, search } = useAudit();
  // The first page once, on arrival; later pages on request (search changes as pages arrive).
  const [first] = useState(() => search);
  useEffect(() => void first(NO_FILTERS), [first]);
  return (
    <>
      <h1>Audit trail</h1>
      <form
        className="row"
        aria-label="Audit filters"
        onSubmit={(e) => {
          e.preventDefault();
          void search(filters);
        }}
      >
        {FIELDS.map(([key, label, type]) => (
          <label key={key}>
            {label}
            <input
              type={type}
              value={filters[key]}
              onChange={(e) => setFilters({ ...filters, [key]: e.target.value })}
            />
          </label>
        ))}
        <button type="submit">Show entries</button>
      </form>
      <ErrorNote error={error} />
      {entries === null ? (
        error === null && <Loading what="the audit trail" />
      ) : entries.length === 0 ? (
        <p>No entries match.</p>
      ) : (
        <table>
          <caption>Audit entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Record</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>{dateTime(e.at)}</td>
                <td title={e.actor}>
                  {e.actorRole === null ? e.actorName : `${e.actorName} (${e.actorRole})`}
                </td>
                <td>{e.action}</td>
                <td>
                  {e.entity} {e.entityId}
                </td>
                <td>
                  {/* Null for a clinical record's entry: admins read no clinical records (audit-viewer.ts). */}
                  {e.details === null ? '—' : <code>{JSON.stringify(e.details).slice(0, 160)}</code>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more && (
        <button type="button" onClick={() => void search(filters, true)}>
          Older entries
        </button>
      )}
    </>
  );
}
