/**
 * A patient's appointments (docs/workflows.md "Appointments"): upcoming booked visits with reschedule,
 * cancel and attended, a booking form for every kind, and the past and closed ones with what changed.
 * The refill rules are the server's: a second open refill booking is refused, and a refill booked or
 * moved after refill-by raises the late-booking alert; what the check says about the open refill booking
 * stands at the top of the booked list (BookingConcerns.tsx). Data and writes: use-appointments.ts.
 */
import { useState } from 'react';
import type { Appointment, Me } from '../api.ts';
import { ErrorNote, Link, Loading } from '../components.tsx';
import { dateTime } from '../format.ts';
import { isPumpVisit } from '../../../src/clinic/pump-visits.ts';
import { noPumpText } from '../pump-in-use.ts';
import { AssessmentForm } from './AssessmentForm.tsx';
import { BookingConcerns } from './BookingConcerns.tsx';
import { useAppointments, type AppointmentChangeRequest } from './use-appointments.ts';

/** The kinds a clinician books, in the words of the clinic (values as the API takes them). */
export const KIND_LABELS: Record<string, string> = {
  refill: 'Refill',
  'dose-change': 'Titration visit',
  'follow-up': 'Follow-up',
  'post-op-check': 'Post-op check',
  replacement: 'Replacement surgery',
  'screening-trial': 'Screening trial',
  implant: 'Implant surgery',
  other: 'Other',
};

/** datetime-local text (the browser's zone) → epoch ms, or null when empty or not a time. */
const fromLocal = (text: string): number | null => {
  const t = new Date(text).getTime();
  return text === '' || Number.isNaN(t) ? null : t;
};

function BookForm(props: {
  readonly busy: boolean;
  readonly implantId: string | null;
  /** When the last pump was removed (none in place): no visit that acts on a pump is offered. */
  readonly removedAt: number | null;
  readonly onBook: ReturnType<typeof useAppointments>['book'];
}) {
  const kinds = Object.entries(KIND_LABELS).filter(([v]) => props.removedAt === null || !isPumpVisit(v));
  const [kind, setKind] = useState(props.removedAt === null ? 'refill' : 'follow-up');
  const [when, setWhen] = useState('');
  const [minutes, setMinutes] = useState('30');
  const [notes, setNotes] = useState('');
  const at = fromLocal(when);
  const duration = Number(minutes);
  return (
    <form
      aria-label="Book an appointment"
      onSubmit={(e) => {
        e.preventDefault();
        if (at === null) return;
        void props.onBook({
          kind,
          at,
          durationMinutes: duration,
          implantId: props.implantId,
          ...(notes.trim() === '' ? {} : { notes: notes.trim() }),
        });
      }}
    >
      <label>
        Kind{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value)}>
          {kinds.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        Start <input type="datetime-local" value={when} required onChange={(e) => setWhen(e.target.value)} />
      </label>{' '}
      <label>
        Minutes{' '}
        <input
          type="number"
          min={1}
          max={1440}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
        />
      </label>{' '}
      <label>
        Notes <input value={notes} maxLength={2000} onChange={(e) => setNotes(e.target.value)} />
      </label>{' '}
      <button type="submit" disabled={props.busy || at === null || !(duration >= 1 && duration <= 1440)}>
        Book
      </button>
    </form>
  );
}

function ChangeForm(props: {
  readonly appointment: Appointment;
  readonly busy: boolean;
  readonly onChange: (req: AppointmentChangeRequest) => Promise<boolean>;
}) {
  const [when, setWhen] = useState('');
  const [reason, setReason] = useState('');
  const at = fromLocal(when);
  const why = reason.trim();
  const label = `${KIND_LABELS[props.appointment.kind] ?? props.appointment.kind} ${dateTime(props.appointment.at)}`;
  return (
    <div className="actions" role="group" aria-label={`Change ${label}`}>
      <label>
        New start <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
      </label>{' '}
      <label>
        Reason <input value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
      </label>{' '}
      <button
        type="button"
        disabled={props.busy || at === null || why === ''}
        onClick={() => void props.onChange({ action: 'reschedule', body: { at: at ?? 0, reason: why } })}
      >
        Reschedule
      </button>{' '}
      <button
        type="button"
        disabled={props.busy || why === ''}
        onClick={() => void props.onChange({ action: 'cancel', body: { reason: why } })}
      >
        Cancel appointment
      </button>{' '}
      <button
        type="button"
        disabled={props.busy}
        onClick={() => void props.onChange({ action: 'attend', body: why === '' ? {} : { note: why } })}
      >
        Attended
      </button>
    </div>
  );
}

const changeText = (a: Appointment): string =>
  a.changes
    .map((c) =>
      c.action === 'reschedule'
        ? `moved from ${dateTime(c.fromAt)} on ${dateTime(c.when)} (${c.reason ?? ''})`
        : c.action === 'cancel'
          ? `cancelled on ${dateTime(c.when)} (${c.reason ?? ''})`
          : `attended${c.reason === null ? '' : ` (${c.reason})`}`,
    )
    .join('; ');

export function AppointmentsPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const { patient, appointments, pump, error, status, busy, book, change, assess, now, closedBy } =
    useAppointments(patientId);
  if (patient === null)
    return error === null ? <Loading what="the appointments" /> : <ErrorNote error={error} />;
  const clinician = me.role === 'physician' || me.role === 'nurse';
  const booked = appointments.filter((a) => a.status === 'booked');
  const closed = appointments.filter((a) => a.status !== 'booked').reverse();
  return (
    <>
      <h1>
        Appointments — {patient.name} <span className="muted">MRN {patient.mrn}</span>
      </h1>
      <p>
        <Link to={`/patients/${encodeURIComponent(patientId)}`}>Back to the patient</Link>
      </p>
      <p role="status">{status}</p>
      <ErrorNote error={error} />
      <section className="card" aria-labelledby="booked-h">
        <h2 id="booked-h">Booked</h2>
        <BookingConcerns patientId={patientId} version={appointments} />
        {booked.length === 0 ? (
          <p>Nothing booked.</p>
        ) : (
          <ul aria-label="Booked appointments">
            {booked.map((a) => (
              <li key={a.id} data-testid="booked-appointment">
                <strong>{KIND_LABELS[a.kind] ?? a.kind}</strong> {dateTime(a.at)}, {a.durationMinutes} min
                {a.at < now && <span className="tag">passed: mark attended, or cancel and rebook</span>}
                {closedBy.has(a.id) && (
                  <span className="tag">
                    closed by the refill of {dateTime(closedBy.get(a.id))}: not the next refill — cancel it
                  </span>
                )}
                {a.notes === undefined ? '' : ` — ${a.notes}`}
                {a.changes.length > 0 && <span className="muted"> · {changeText(a)}</span>}
                {clinician && (
                  <ChangeForm appointment={a} busy={busy} onChange={(req) => change(a.id, req)} />
                )}
              </li>
            ))}
          </ul>
        )}
        {clinician && (
          <>
            <h3>Book an appointment</h3>
            {pump.removedAt === null ? (
              <p className="muted">
                One refill may be booked at a time; a refill booked or moved after the refill-by date raises
                an alert.
              </p>
            ) : (
              <p>
                {noPumpText(pump.removedAt)} Refills, titration visits and replacement surgery are not booked
                for a pump that is out.
              </p>
            )}
            <BookForm
              busy={busy}
              implantId={pump.implant?.id ?? null}
              removedAt={pump.removedAt}
              onBook={book}
            />
          </>
        )}
      </section>
      {clinician && (
        <section className="card" aria-labelledby="assess-h">
          <h2 id="assess-h">Follow-up assessment</h2>
          <p className="muted">Trends are on the patient page.</p>
          <AssessmentForm busy={busy} onSubmit={assess} />
        </section>
      )}
      <section className="card" aria-labelledby="closed-h">
        <h2 id="closed-h">Attended and cancelled</h2>
        {closed.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <ul aria-label="Attended and cancelled appointments">
            {closed.map((a) => (
              <li key={a.id}>
                {KIND_LABELS[a.kind] ?? a.kind} {dateTime(a.at)} — <strong>{a.status}</strong>
                <span className="muted"> · {changeText(a)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
