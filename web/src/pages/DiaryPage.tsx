/**
 * The symptom diary (`GET/POST P/diary`): the patient adds an entry — the day, the day's score (spasms 0–4,
 * or pain 0–10 for a pain drug), ticked symptoms, free text — and sees past entries; staff read it at
 * /patients/:id/diary. The questions are the drug in the pump's (diary-words.ts). Ticking one of that drug's
 * withdrawal or overdose signs shows what to do at once: the diary is a record for the next visit, nobody
 * watches it live.
 */
import { useServerNow } from '../use-server-now.ts';
import { useEffect, useState, type FormEvent } from 'react';
import type { DiarySymptom } from '../../../src/clinic/diary-records.ts';
import { patientDrug } from '../../../src/clinic/patient-drug.ts';
import type { DrugId } from '../../../src/therapy/drug.ts';
import {
  api,
  errorText,
  type DiaryEntry,
  type Implant,
  type Me,
  type Patient,
  type PrescriptionRecord,
} from '../api.ts';
import { diaryFor, scoreText, SYMPTOM_TEXT } from '../diary-words.ts';
import { ErrorNote, Link, Loading } from '../components.tsx';
import { dateTime, isoDay } from '../format.ts';

export function Diary(props: {
  readonly patientId: string;
  readonly canWrite: boolean;
  /** The drug in the pump (clinic/patient-drug.ts): its diary's score and symptoms. */
  readonly drug: DrugId | null;
}) {
  const { patientId, canWrite } = props;
  const diary = diaryFor(props.drug);
  const P = `/api/v1/patients/${encodeURIComponent(patientId)}/diary`;
  const [entries, setEntries] = useState<readonly DiaryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const serverNow = useServerNow();
  // Today on the server's (demo) clock until the patient picks another day.
  const [picked, setDay] = useState<string | null>(null);
  const day = picked ?? isoDay(serverNow());
  const [severity, setSeverity] = useState(0);
  const [symptoms, setSymptoms] = useState<readonly DiarySymptom[]>([]);
  const [notes, setNotes] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The warning stays after saving: clearing the form must not clear the advice.
  const [savedUrgent, setSavedUrgent] = useState<readonly DiarySymptom[]>([]);

  useEffect(() => {
    api.get<DiaryEntry[]>(P).then(setEntries, (e: unknown) => setError(errorText(e)));
  }, [P]);

  const toggle = (s: DiarySymptom) =>
    setSymptoms((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const score = diary.scale === 'pain' ? { painScore: severity } : { spasmSeverity: severity };
      const rec = await api.post<DiaryEntry>(P, { date: day, ...score, symptoms, notes });
      setEntries((l) => [...(l ?? []), rec]);
      setSavedUrgent(diary.urgent(symptoms));
      setSymptoms([]);
      setSeverity(0);
      setNotes('');
      setStatus(`Saved your entry for ${rec.date}.`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const urgent = diary.urgent([...new Set([...symptoms, ...savedUrgent])]);
  const sorted = [...(entries ?? [])].sort((a, b) => b.date.localeCompare(a.date) || b.at - a.at);

  return (
    <>
      {canWrite && (
        <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="diary-new-h">
          <h3 id="diary-new-h">Add an entry</h3>
          <div className="row">
            <div>
              <label htmlFor="diary-date">Day</label>
              <input
                id="diary-date"
                type="date"
                required
                value={day}
                onChange={(e) => setDay(e.target.value)}
              />
            </div>
            <div>
              <label htmlFor="diary-sev">{diary.words.question}</label>
              <select id="diary-sev" value={severity} onChange={(e) => setSeverity(Number(e.target.value))}>
                {diary.words.values.map((t, i) => (
                  <option key={t} value={i}>
                    {t}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <fieldset className="symptoms">
            <legend>Symptoms (tick all you had)</legend>
            {diary.symptoms.map((s) => (
              <div key={s} className="check">
                <input
                  type="checkbox"
                  id={`sym-${s}`}
                  checked={symptoms.includes(s)}
                  onChange={() => toggle(s)}
                />
                <label htmlFor={`sym-${s}`}>{SYMPTOM_TEXT[s]}</label>
              </div>
            ))}
          </fieldset>
          {urgent.length > 0 && (
            <p className="callout" role="alert">
              <strong>{urgent.map((s) => SYMPTOM_TEXT[s]).join(', ')}</strong> can be a sign of too little or
              too much of the drug in your pump. Do not wait: call the clinic now. If you are very drowsy,
              confused, have a high fever or trouble breathing, go to the emergency department. Nobody reads
              this diary live.
            </p>
          )}
          <label htmlFor="diary-notes">In your own words</label>
          <textarea id="diary-notes" rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
          <button type="submit" className="primary" disabled={busy}>
            Save diary entry
          </button>
          {status !== null && <p role="status">{status}</p>}
        </form>
      )}
      <ErrorNote error={error} />
      <h3>Past entries</h3>
      {entries === null ? (
        error === null && <Loading what="the diary" />
      ) : sorted.length === 0 ? (
        <p>No entries yet.</p>
      ) : (
        <table className="diary">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">{diary.words.heading}</th>
              <th scope="col">Symptoms</th>
              <th scope="col">Notes</th>
              <th scope="col">Written</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((d) => (
              <tr key={d.id}>
                <td>{d.date}</td>
                <td>{scoreText(d, diary.scale)}</td>
                <td>
                  {d.symptoms.length === 0
                    ? 'none'
                    : d.symptoms.map((s) => SYMPTOM_TEXT[s as DiarySymptom] ?? s).join(', ')}
                </td>
                <td>{d.notes}</td>
                <td>{dateTime(d.at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** Staff's read of a patient's diary (the patient writes theirs from their own view). */
export function DiaryPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const [patient, setPatient] = useState<Patient | null>(null);
  const [drug, setDrug] = useState<DrugId | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const P = `/api/v1/patients/${encodeURIComponent(patientId)}`;
    Promise.all([
      api.get<Patient>(P),
      api.get<Implant[]>(`${P}/implants`),
      api.get<{ current: PrescriptionRecord | null }>(`${P}/prescriptions/current`),
    ]).then(
      ([p, implants, current]) => {
        setDrug(patientDrug(current.current, implants)?.drug ?? null);
        setPatient(p);
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, [patientId]);
  if (patient === null) return error === null ? <Loading what="the patient" /> : <ErrorNote error={error} />;
  return (
    <>
      <h1>
        Symptom diary — {patient.name} <span className="muted">MRN {patient.mrn}</span>
      </h1>
      <p>
        <Link to={`/patients/${encodeURIComponent(patientId)}`}>Back to the patient</Link> · Written by the
        patient; staff read it.
      </p>
      <h2 className="visually-hidden">Entries</h2>
      <Diary
        patientId={patientId}
        drug={drug}
        canWrite={me.role === 'patient' && me.patientId === patientId}
      />
    </>
  );
}
