/**
 * The pump's event log (physicians and nurses), newest first, with each entry's time in the clinic's time
 * zone: what the pump itself recorded (alarms, link sessions, commands, refills), the first thing to read
 * when troubleshooting (docs/clinical-reference.md §3). The log is a ring: the oldest entries may be gone.
 */
import type { Me } from '../api.ts';
import { ErrorNote, Link } from '../components.tsx';
import { clinicTimeZone, dateTime } from '../format.ts';
import { PatientBanner, usePatientIdentity } from '../PatientBanner.tsx';
import { useEventLog } from './use-event-log.ts';

export function EventLogPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const who = usePatientIdentity(patientId);
  const s = useEventLog(patientId);
  if (me.role !== 'physician' && me.role !== 'nurse') {
    return <p>Only physicians and nurses read the pump's event log.</p>;
  }
  const newestFirst = s.entries === null ? [] : [...s.entries].reverse();
  return (
    <>
      <h1>Pump event log</h1>
      <p>
        <Link to={`/patients/${encodeURIComponent(patientId)}`}>Back to the patient</Link>
      </p>
      <PatientBanner patientId={patientId} identity={who.identity} error={who.error} />
      <p>
        Reading the log opens a session with the pump; it changes nothing. Times are the pump's clock shown in
        the clinic's time zone ({clinicTimeZone()}).
      </p>
      <button type="button" disabled={s.busy} onClick={() => void s.read()}>
        Read the event log
      </button>
      <ErrorNote error={s.error} />
      {s.entries !== null && (
        <table aria-label="Event log">
          <thead>
            <tr>
              <th>When</th>
              <th>Event</th>
              <th>Detail</th>
              <th>No.</th>
            </tr>
          </thead>
          <tbody>
            {newestFirst.map((e) => (
              <tr key={e.seq}>
                <td>{dateTime(e.at)}</td>
                <td>{e.type}</td>
                <td>{e.message}</td>
                <td>{e.seq}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {s.entries?.length === 0 && <p>The pump's event log is empty.</p>}
    </>
  );
}
