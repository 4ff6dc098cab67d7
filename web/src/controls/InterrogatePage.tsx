/**
 * A stand-alone interrogation (physicians and nurses): read the pump — reservoir, programme, alarms,
 * battery — without starting a refill or a dose change (`POST P/pump/interrogate`). It writes nothing to
 * the pump; the reading is recorded as a session, so the board, the patient page and the troubleshooting
 * guide read the newest state.
 */
import { useState } from 'react';
import { api, type Me } from '../api.ts';
import { ErrorNote, Link } from '../components.tsx';
import { PatientBanner, usePatientIdentity } from '../PatientBanner.tsx';
import { SnapshotView } from '../snapshot-view.tsx';
import { usePumpAction } from '../use-pump-action.ts';

export function InterrogatePage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const who = usePatientIdentity(patientId);
  const action = usePumpAction('No pump link on this server: the pump cannot be interrogated.');
  const [snapshot, setSnapshot] = useState<Record<string, unknown> | null>(null);
  if (me.role !== 'physician' && me.role !== 'nurse') {
    return <p>Only physicians and nurses interrogate a pump.</p>;
  }
  const read = () =>
    action.run(async () => {
      const res = await api.post<{ snapshot: Record<string, unknown> }>(
        `/api/v1/patients/${encodeURIComponent(patientId)}/pump/interrogate`,
      );
      setSnapshot(res.snapshot);
    });
  return (
    <>
      <h1>Interrogate the pump</h1>
      <p>
        <Link to={`/patients/${encodeURIComponent(patientId)}`}>Back to the patient</Link>
      </p>
      <PatientBanner patientId={patientId} identity={who.identity} error={who.error} />
      <p>Reading the pump opens a session with it and records what it reports; it changes nothing.</p>
      <button type="button" disabled={action.busy} onClick={() => void read()}>
        {snapshot === null ? 'Interrogate pump' : 'Interrogate again'}
      </button>
      <ErrorNote error={action.error} />
      {snapshot !== null && <SnapshotView snapshot={snapshot} />}
    </>
  );
}
