/**
 * The data of the patient's own page (PatientViewPage.tsx): the patient, pumps, prescription, refills,
 * appointments, the server's one projection of the dates (GET …/dates) and who prescribed and refilled
 * (GET …/care-names), read together once.
 */
import { useEffect, useState } from 'react';
import {
  api,
  errorText,
  type Appointment,
  type Implant,
  type Patient,
  type PrescriptionJson,
  type PrescriptionRecord,
  type Refill,
} from '../api.ts';
import type { ActorName } from '../use-actor-names.ts';
import type { NotDelivering } from '../../../src/clinic/not-delivering.ts';
import type { Explant } from '../../../src/clinic/pathway/explant-records.ts';

export interface Data {
  readonly patient: Patient;
  readonly implants: readonly Implant[];
  /** The pumps taken out: with none in place there is no pump to put on an emergency card. */
  readonly explants: readonly Explant[];
  readonly current: PrescriptionRecord | null;
  readonly refills: readonly Refill[];
  readonly appointments: readonly Appointment[];
  readonly dates: PatientDates;
  readonly names: CareNames;
}

/**
 * Who prescribed what the pump runs (and, apart, a prescription waiting for the next refill) and who did
 * the last refill, named by the server's one resolver (GET …/care-names).
 */
export interface CareNames {
  readonly prescribedBy: ActorName | null;
  /** When what the pump runs was prescribed: the patient reads since when the dose is what it is. */
  readonly prescribedAt: number | null;
  readonly pendingPrescribedBy: ActorName | null;
  readonly lastRefill: { readonly at: number; readonly by: ActorName } | null;
}

/** The patient's dates as the server's one projection gives them (GET …/dates): the board's, the card's. */
export interface PatientDates {
  readonly refillBy: number | null;
  readonly booking: { readonly at: number } | null;
  /** With no open booking, the refill booking that passed with no refill (a missed visit). */
  readonly passedBooking?: { readonly at: number } | null;
  /** The day the pump runs out at the dose it holds (the clinic page's "Empty"), or null. */
  readonly emptyAt: number | null;
  /** What the pump holds and runs, and a prescription waiting for its refill (null: no pump in place). */
  readonly therapy: { readonly runs: PrescriptionJson; readonly pending: PrescriptionJson | null } | null;
  /** The pump delivers no drug (src/clinic/not-delivering.ts), or null. */
  readonly notDelivering: NotDelivering | null;
}

/** The page's data for patient `id`, or the error that kept it from loading. */
export function usePatientView(id: string): { readonly data: Data | null; readonly error: string | null } {
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const P = `/api/v1/patients/${encodeURIComponent(id)}`;
    Promise.all([
      api.get<Patient>(P),
      api.get<Implant[]>(`${P}/implants`),
      api.get<{ current: PrescriptionRecord | null }>(`${P}/prescriptions/current`),
      api.get<Refill[]>(`${P}/refills`),
      api.get<Appointment[]>(`${P}/appointments`),
      api.get<PatientDates>(`${P}/dates`),
      api.get<CareNames>(`${P}/care-names`),
      api.get<Explant[]>(`${P}/explants`),
    ]).then(
      ([patient, implants, current, refills, appointments, dates, names, explants]) =>
        setData({
          patient,
          implants,
          explants,
          current: current.current,
          refills,
          appointments,
          dates,
          names,
        }),
      (e: unknown) => setError(errorText(e)),
    );
  }, [id]);
  return { data, error };
}
