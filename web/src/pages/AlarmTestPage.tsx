/**
 * Alarm test (docs/clinical-reference.md §3; hazard H03): play the pump's alarm patterns through the programmer's speaker
 * (alarm-tone.ts; the patterns come from the implant's pump profile), ask whether the patient heard or felt
 * them, and record it over the link (`POST P/pump/alarm-test`): the pump's alarm state is read and kept
 * with the answer, and "not heard" raises an alert — the clinic must then not rely on pump alarms.
 */
import { useEffect, useState } from 'react';
import { getProfile } from '../../../src/pump/profiles.ts';
import type { TonePattern } from '../../../src/pump/profile.ts';
import { playTone } from '../alarm-tone.ts';
import { api, errorText, isMissingRoute, type Implant, type Me, type Patient } from '../api.ts';
import { ErrorNote, Link, Loading } from '../components.tsx';
import { PatientIdentity } from '../PatientBanner.tsx';
import { fetchPumpInUse, noPumpText } from '../pump-in-use.ts';

interface Outcome {
  readonly heard: boolean;
  readonly session: { readonly id: string };
  readonly alert: { readonly severity: string; readonly message: string } | null;
}

const describe = (t: TonePattern) =>
  `${t.beeps === 1 ? 'one' : t.beeps} ${t.name === 'two-tone' ? 'alternating tones' : 'tone'} of ${t.toneMs / 1000} s`;

export function AlarmTestPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const P = `/api/v1/patients/${encodeURIComponent(patientId)}`;
  const [patient, setPatient] = useState<Patient | null>(null);
  const [implant, setImplant] = useState<Implant | null | undefined>(undefined);
  const [removedAt, setRemovedAt] = useState<number | null>(null);
  const [heard, setHeard] = useState<boolean | null>(null);
  const [notes, setNotes] = useState('');
  const [played, setPlayed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  useEffect(() => {
    Promise.all([api.get<Patient>(P), fetchPumpInUse<Implant>(P)]).then(
      ([p, pump]) => {
        setPatient(p);
        setImplant(pump.implant);
        setRemovedAt(pump.removedAt);
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, [P]);

  if (me.role !== 'physician' && me.role !== 'nurse')
    return <p>Only physicians and nurses run alarm tests.</p>;
  if (patient === null || implant === undefined)
    return error === null ? <Loading what="the patient" /> : <ErrorNote error={error} />;
  const alarms = implant === null ? undefined : getProfile(implant.deviceProfileId).alarms;

  const play = async (t: TonePattern) => {
    setError(null);
    setPlayed(true);
    try {
      await playTone(t);
    } catch (e) {
      setError(`This browser could not play the tone (${errorText(e)}): use the programmer's own tone.`);
    }
  };
  const record = async () => {
    if (heard === null) return;
    setBusy(true);
    setError(null);
    try {
      setOutcome(
        await api.post<Outcome>(`${P}/pump/alarm-test`, {
          heard,
          ...(notes.trim() === '' ? {} : { notes: notes.trim() }),
        }),
      );
    } catch (e) {
      setError(
        isMissingRoute(e) ? 'No pump link on this server: the alarm test cannot be recorded.' : errorText(e),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>Alarm test — {patient.name}</h1>
      <p>
        <Link to={`/patients/${encodeURIComponent(patientId)}`}>Back to the patient</Link>
      </p>
      <PatientIdentity patientId={patientId} />
      <ErrorNote error={error} />
      {implant === null ? (
        <p>{noPumpText(removedAt)} There is no pump to test.</p>
      ) : alarms === undefined ? (
        <p>
          This pump ({implant.deviceProfileId}) has no electronics and no alarms: the clinic tracks its refill
          dates on the board.
        </p>
      ) : (
        <>
          <section className="card" aria-labelledby="tone-h">
            <h2 id="tone-h">1. Play the alarm patterns to the patient</h2>
            <p>
              Hold the programmer near the pump. Ask the patient (or the caregiver) to say when they hear or
              feel something.
            </p>
            <div className="row">
              <button type="button" onClick={() => void play(alarms.nonCriticalTone.value)}>
                Play the non-critical alarm ({describe(alarms.nonCriticalTone.value)})
              </button>
              <button type="button" onClick={() => void play(alarms.criticalTone.value)}>
                Play the critical alarm ({describe(alarms.criticalTone.value)})
              </button>
            </div>
          </section>
          <fieldset className="card" disabled={outcome !== null}>
            <legend>2. Did the patient hear or feel it?</legend>
            {!played && (
              <p className="muted">Play at least one pattern first (or use the programmer’s tone).</p>
            )}
            {(
              [
                [true, 'yes — heard or felt it'],
                [false, 'no — did not hear or feel it'],
              ] as const
            ).map(([value, text]) => (
              <div className="check" key={String(value)}>
                <input
                  type="radio"
                  id={`heard-${String(value)}`}
                  name="heard"
                  checked={heard === value}
                  onChange={() => setHeard(value)}
                />
                <label htmlFor={`heard-${String(value)}`}>{text}</label>
              </div>
            ))}
            <label htmlFor="notes">Notes (e.g. hearing aids, caregiver present)</label>
            <textarea id="notes" rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
            <button
              type="button"
              className="primary"
              disabled={busy || heard === null}
              onClick={() => void record()}
            >
              Record the alarm test
            </button>
          </fieldset>
          {outcome !== null && (
            <div role="status" className={`result result-${outcome.heard ? 'ok' : 'warn'}`}>
              <p>
                <strong>Recorded</strong> (programming session {outcome.session.id}).
              </p>
              {outcome.alert === null ? (
                <p>The patient heard the alarm: pump alarms are a second line of warning for this patient.</p>
              ) : (
                <p>
                  <strong>Alert raised ({outcome.alert.severity}):</strong> {outcome.alert.message}
                </p>
              )}
            </div>
          )}
        </>
      )}
    </>
  );
}
