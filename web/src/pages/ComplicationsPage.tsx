/**
 * A patient's complications (docs/clinical-reference.md §2–§4: catheter problems, infection, withdrawal, overdose …): the
 * list, newest first, and a form to record one (kind, severity, what happened) through
 * `POST P/complications`. Nurses and physicians record; viewers read.
 */
import { useServerNow } from '../use-server-now.ts';
import { useEffect, useState, type FormEvent } from 'react';
import { COMPLICATION_KINDS } from '../../../src/clinic/clinical-records.ts';
import { api, errorText, type Complication, type Me, type Patient } from '../api.ts';
import { ErrorNote, Link, Loading } from '../components.tsx';
import { dateTime, isoDay } from '../format.ts';

const SEVERITIES = ['mild', 'moderate', 'severe', 'life-threatening'] as const;
const kindText = (k: string) => k.replaceAll('-', ' ');

export function ComplicationsPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const serverNow = useServerNow();
  const P = `/api/v1/patients/${encodeURIComponent(patientId)}`;
  const [patient, setPatient] = useState<Patient | null>(null);
  const [list, setList] = useState<readonly Complication[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [kind, setKind] = useState<(typeof COMPLICATION_KINDS)[number]>('catheter-occlusion');
  const [severity, setSeverity] = useState<(typeof SEVERITIES)[number]>('moderate');
  const [description, setDescription] = useState('');
  // Complications are often recorded after the fact: the day it happened, empty = now.
  const [day, setDay] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    Promise.all([api.get<Patient>(P), api.get<Complication[]>(`${P}/complications`)]).then(
      ([p, c]) => {
        setPatient(p);
        setList(c);
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, [P]);

  const canRecord = me.role === 'physician' || me.role === 'nurse';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const at = day === '' ? undefined : Date.parse(`${day}T12:00:00Z`);
      const rec = await api.post<Complication>(`${P}/complications`, {
        kind,
        severity,
        description: description.trim(),
        ...(at === undefined || Number.isNaN(at) || at > serverNow() ? {} : { at }),
      });
      setList((l) => [...l, rec]);
      setDescription('');
      setDay('');
      setStatus(`Recorded: ${kindText(rec.kind)} (${rec.severity}).`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  if (patient === null) return error === null ? <Loading what="the patient" /> : <ErrorNote error={error} />;
  const sorted = [...list].sort((a, b) => b.at - a.at);
  return (
    <>
      <h1>
        Complications — {patient.name} <span className="muted">MRN {patient.mrn}</span>
      </h1>
      <p>
        <Link to={`/patients/${encodeURIComponent(patientId)}`}>Back to the patient</Link>
      </p>
      {canRecord ? (
        <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="rec-h">
          <h2 id="rec-h">Record a complication</h2>
          <div className="row">
            <div>
              <label htmlFor="kind">Kind</label>
              <select
                id="kind"
                value={kind}
                onChange={(e) => setKind(e.target.value as (typeof COMPLICATION_KINDS)[number])}
              >
                {COMPLICATION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {kindText(k)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="severity">Severity</label>
              <select
                id="severity"
                value={severity}
                onChange={(e) => setSeverity(e.target.value as (typeof SEVERITIES)[number])}
              >
                {SEVERITIES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="when">Day it happened (empty = now)</label>
              <input
                id="when"
                type="date"
                max={isoDay(serverNow())}
                value={day}
                onChange={(e) => setDay(e.target.value)}
              />
            </div>
          </div>
          <label htmlFor="desc">What happened, what was done (notes)</label>
          <textarea
            id="desc"
            rows={3}
            required
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
          <button type="submit" className="primary" disabled={busy || description.trim() === ''}>
            Record complication
          </button>
          {status !== null && <p role="status">{status}</p>}
        </form>
      ) : (
        <p>Only nurses and physicians record complications.</p>
      )}
      <ErrorNote error={error} />
      <section aria-labelledby="list-h">
        <h2 id="list-h">Recorded complications</h2>
        {sorted.length === 0 ? (
          <p>None recorded.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Kind</th>
                <th scope="col">Severity</th>
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((c) => (
                <tr key={c.id}>
                  <td>{dateTime(c.at)}</td>
                  <td>{kindText(c.kind)}</td>
                  <td>
                    {c.severity === 'severe' || c.severity === 'life-threatening' ? (
                      <strong>{c.severity}</strong>
                    ) : (
                      c.severity
                    )}
                  </td>
                  <td>{c.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
