/**
 * Alerts as text a clinician acts on (never only a count): severity in words and colour, what happened, the
 * patient by name, since when, and who acknowledged or resolved it with their note. Acknowledge and resolve
 * take a note (resolve needs one: it closes the alert for everyone).
 */
import { useState } from 'react';
import { Link, VerdictBadge } from '../components.tsx';
import { dateTime } from '../format.ts';
import { clinicianText } from '../reason-text.ts';
import { stateOf, type AlertSeverity, type ClinicAlert } from './use-alerts.ts';

const SEVERITY: Record<AlertSeverity, { verdict: 'block' | 'warn' | 'ok'; label: string }> = {
  critical: { verdict: 'block', label: 'Critical' },
  warning: { verdict: 'warn', label: 'Warning' },
  info: { verdict: 'ok', label: 'Information' },
};

export const SeverityBadge = ({ severity }: { readonly severity: AlertSeverity }) => (
  <VerdictBadge verdict={SEVERITY[severity].verdict} label={SEVERITY[severity].label} />
);

type Act = (a: ClinicAlert, action: 'acknowledge' | 'resolve', note: string) => Promise<string | null>;

function AlertActions({ alert, act }: { readonly alert: ClinicAlert; readonly act: Act }) {
  const [action, setAction] = useState<'acknowledge' | 'resolve' | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `note-${alert.id}`;
  if (action === null) {
    return (
      <div className="row">
        {stateOf(alert) === 'open' && (
          <button type="button" onClick={() => setAction('acknowledge')}>
            Acknowledge…
          </button>
        )}
        <button type="button" onClick={() => setAction('resolve')}>
          Resolve…
        </button>
      </div>
    );
  }
  const submit = async () => {
    setBusy(true);
    const err = await act(alert, action, note.trim());
    setBusy(false);
    setError(err);
    if (err === null) {
      // A note belongs to the one action it was written for, never carried into the next.
      setNote('');
      setAction(null);
    }
  };
  return (
    <div>
      <label htmlFor={id}>
        {action === 'resolve'
          ? 'What was done (required to resolve)'
          : 'Note (required: who is on it, what next)'}
      </label>
      <textarea id={id} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      {error !== null && (
        <p role="alert" className="error">
          {clinicianText(error).text}
        </p>
      )}
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={busy || (action === 'resolve' && note.trim() === '')}
          onClick={() => void submit()}
        >
          {action === 'resolve' ? 'Resolve alert' : 'Acknowledge alert'}
        </button>
        <button type="button" disabled={busy} onClick={() => setAction(null)}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** Who did what, in words: "acknowledged Wed 2 Dec 2026 10:05 UTC by nurse — 'calling the patient'". */
function history(a: ClinicAlert): string[] {
  const out: string[] = [];
  if (a.acknowledged) {
    out.push(
      `Acknowledged ${dateTime(a.acknowledged.at)}${a.acknowledged.note ? ` — ${a.acknowledged.note}` : ''}`,
    );
  }
  if (a.resolved) {
    const note = a.resolved.note ?? a.resolved.resolution;
    out.push(`Resolved ${dateTime(a.resolved.at)}${note ? ` — ${note}` : ''}`);
  }
  return out;
}

/** The alerts as a list; `showPatient` names the patient (inbox), `canAct` offers acknowledge/resolve. */
export function AlertList({
  alerts,
  act,
  canAct,
  showPatient,
  label,
}: {
  readonly alerts: readonly ClinicAlert[];
  readonly act: Act;
  readonly canAct: boolean;
  readonly showPatient: boolean;
  readonly label: string;
}) {
  if (alerts.length === 0) return <p>No alerts here.</p>;
  return (
    <ul className="alert-list" aria-label={label}>
      {alerts.map((a) => (
        <li key={a.id} className={`alert alert-${a.severity}`}>
          <p>
            <SeverityBadge severity={a.severity} /> <strong>{clinicianText(a.message).text}</strong>
          </p>
          <p className="muted">
            {showPatient && (
              <>
                <Link to={`/patients/${encodeURIComponent(a.patientId)}`}>
                  {a.patientName ?? 'patient (name not given)'}
                </Link>
                {a.patient === undefined ? '' : ` (MRN ${a.patient.mrn})`} —{' '}
              </>
            )}
            since {dateTime(a.since ?? a.createdAt)} — {stateOf(a)}
          </p>
          {a.source !== undefined && <p className="source">Source: {a.source}</p>}
          {history(a).map((h) => (
            <p key={h}>{h}</p>
          ))}
          {canAct && stateOf(a) !== 'resolved' && <AlertActions alert={a} act={act} />}
        </li>
      ))}
    </ul>
  );
}
