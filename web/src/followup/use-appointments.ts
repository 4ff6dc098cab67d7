/**
 * The appointments page's data: the patient, their appointments and implants, and the writes — book,
 * reschedule, cancel, attend — each followed by a re-read, so the list is always the server's (which
 * keeps the refill rules: one open refill booking, the refill-booking check).
 */
import { fetchServerNow } from '../use-server-now.ts';
import { useCallback, useEffect, useState } from 'react';
import { api, errorText, type Appointment, type Implant, type Patient } from '../api.ts';
import { closedRefillBookings, type RecordedRefill } from '../../../src/clinic/refill-booking.ts';
import { fetchPumpInUse, type PumpInUse } from '../pump-in-use.ts';

/** What the clinician can do to a booked appointment, with the body each route takes. */
export type AppointmentChangeRequest =
  | { readonly action: 'reschedule'; readonly body: { readonly at: number; readonly reason: string } }
  | { readonly action: 'cancel'; readonly body: { readonly reason: string } }
  | { readonly action: 'attend'; readonly body: { readonly note?: string } };

const DONE: Record<AppointmentChangeRequest['action'], string> = {
  reschedule: 'Appointment rescheduled.',
  cancel: 'Appointment cancelled.',
  attend: 'Appointment marked attended.',
};

export function useAppointments(patientId: string) {
  const P = `/api/v1/patients/${encodeURIComponent(patientId)}`;
  const [patient, setPatient] = useState<Patient | null>(null);
  const [appointments, setAppointments] = useState<readonly Appointment[]>([]);
  const [pump, setPump] = useState<PumpInUse<Implant>>({ implants: [], implant: null, removedAt: null });
  const [refills, setRefills] = useState<readonly RecordedRefill[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** When the list was read: a booked visit before it has passed without being closed. */
  const [now, setNow] = useState(0);

  const reload = useCallback(async () => {
    const [p, a, i, r, clock] = await Promise.all([
      api.get<Patient>(P),
      api.get<Appointment[]>(`${P}/appointments`),
      fetchPumpInUse<Implant>(P),
      api.get<RecordedRefill[]>(`${P}/refills`),
      // The demo's clock may run ahead of the wall clock; a real clinic has no demo routes.
      fetchServerNow(),
    ]);
    setPatient(p);
    setAppointments(a);
    setPump(i);
    setRefills(r);
    setNow(clock);
  }, [P]);

  useEffect(() => {
    reload().catch((e: unknown) => setError(errorText(e)));
  }, [reload]);

  const write = useCallback(
    async (path: string, body: unknown, done: string): Promise<boolean> => {
      setBusy(true);
      setError(null);
      setStatus(null);
      try {
        await api.post(`${P}${path}`, body);
        await reload();
        setStatus(done);
        return true;
      } catch (e) {
        setError(errorText(e));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [P, reload],
  );

  const book = useCallback(
    (body: { kind: string; at: number; durationMinutes: number; implantId: string | null; notes?: string }) =>
      write('/appointments', body, 'Appointment booked.'),
    [write],
  );
  const change = useCallback(
    (id: string, req: AppointmentChangeRequest) =>
      write(`/appointments/${encodeURIComponent(id)}/${req.action}`, req.body, DONE[req.action]),
    [write],
  );

  const assess = useCallback(
    (body: Record<string, unknown>) => write('/assessments', body, 'Assessment recorded.'),
    [write],
  );

  /** Refill bookings still "booked" that a later refill closed, with when that refill was. */
  const closedBy = closedRefillBookings(appointments, refills);

  return { patient, appointments, pump, error, status, busy, book, change, assess, now, closedBy };
}
