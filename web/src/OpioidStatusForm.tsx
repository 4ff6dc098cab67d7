/**
 * The patient's opioid status (`POST /api/v1/patients/:id/opioid-status`): opioid-naive or tolerant, or not
 * recorded. Intrathecal morphine starts a naive patient at 0.2–1 mg/day and a tolerant one at 1–10 mg/day
 * (docs/clinical-reference.md §2, Infumorph label section 2); the guardrails read this status for every
 * opioid start, and refuse a start above the naive range while it is unknown. Clinicians edit it; others
 * read it.
 */
import { useState, type FormEvent } from 'react';
import { api, errorText, type OpioidStatus, type Patient } from './api.ts';
import { OPIOID_STATUS_TEXT } from '../../src/therapy/opioid-status-text.ts';
import { ErrorNote } from './components.tsx';

export function OpioidStatusForm({
  patient,
  canEdit,
  onSaved,
}: {
  readonly patient: Patient;
  readonly canEdit: boolean;
  readonly onSaved: (p: Patient) => void;
}) {
  const current = patient.opioidStatus ?? 'unknown';
  const [value, setValue] = useState<OpioidStatus | 'unknown'>(current);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!canEdit) return <p>Opioid status: {OPIOID_STATUS_TEXT[current]}</p>;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const url = `/api/v1/patients/${encodeURIComponent(patient.id)}/opioid-status`;
      onSaved(await api.post<Patient>(url, { opioidStatus: value === 'unknown' ? null : value }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="inline" onSubmit={(e) => void submit(e)} aria-label="Record the opioid status">
      <label htmlFor="opioid-status">Opioid status</label>{' '}
      <select
        id="opioid-status"
        value={value}
        onChange={(e) => setValue(e.target.value as OpioidStatus | 'unknown')}
      >
        {(Object.keys(OPIOID_STATUS_TEXT) as (OpioidStatus | 'unknown')[]).map((k) => (
          <option key={k} value={k}>
            {OPIOID_STATUS_TEXT[k]}
          </option>
        ))}
      </select>{' '}
      <button type="submit" disabled={busy || value === current}>
        Save
      </button>{' '}
      {current === 'unknown' && (
        <span className="muted">
          unknown: an opioid start above the opioid-naive range is refused until it is recorded
        </span>
      )}
      <ErrorNote error={error} />
    </form>
  );
}
