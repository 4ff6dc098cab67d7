/**
 * The patient page's data (PatientPage.tsx): the patient's records, the explants (so the pump shown is the
 * pump in use, src/clinic/implant-in-use.ts, never a removed one), and the board row.
 */
import { useEffect, useState } from 'react';
import type { Explant } from '../../../src/clinic/pathway/explant-records.ts';
import { fetchServerNow } from '../use-server-now.ts';
import {
  api,
  errorText,
  type Assessment,
  type BoardRow,
  type Complication,
  type Implant,
  type Me,
  type Patient,
  type PrescriptionRecord,
  type Refill,
  type Session,
  type Trial,
} from '../api.ts';
import type { TimelineEpisode } from '../patient-timeline.tsx';
import { fetchBoardRow } from '../reservoir-state.tsx';

export interface PatientPageData {
  readonly patient: Patient;
  readonly implants: readonly Implant[];
  readonly explants: readonly Explant[];
  readonly current: PrescriptionRecord | null;
  readonly chain: readonly PrescriptionRecord[];
  readonly assessments: readonly Assessment[];
  readonly refills: readonly Refill[];
  readonly sessions: readonly Session[];
  readonly trials: readonly Trial[];
  readonly complications: readonly Complication[];
  readonly episodes: readonly TimelineEpisode[];
  readonly row: BoardRow | null;
  readonly now: number;
}

export const STAFF = new Set(['physician', 'nurse', 'viewer']);

async function load(id: string, me: Me): Promise<PatientPageData> {
  const P = `/api/v1/patients/${encodeURIComponent(id)}`;
  const staff = STAFF.has(me.role);
  const [
    patient,
    implants,
    current,
    chain,
    assessments,
    refills,
    sessions,
    trials,
    complications,
    board,
    episodes,
    explants,
  ] = await Promise.all([
    api.get<Patient>(P),
    api.get<Implant[]>(`${P}/implants`),
    api.get<{ current: PrescriptionRecord | null }>(`${P}/prescriptions/current`),
    api.get<PrescriptionRecord[]>(`${P}/prescriptions`),
    api.get<Assessment[]>(`${P}/assessments`),
    api.get<Refill[]>(`${P}/refills`),
    staff ? api.get<Session[]>(`${P}/sessions`) : Promise.resolve([]),
    api.get<Trial[]>(`${P}/trials`),
    api.get<Complication[]>(`${P}/complications`),
    staff ? fetchBoardRow(id) : Promise.resolve(null),
    staff ? api.get<TimelineEpisode[]>(`${P}/troubleshooting`) : Promise.resolve([]),
    staff ? api.get<Explant[]>(`${P}/explants`) : Promise.resolve([]),
  ]);
  return {
    patient,
    implants,
    explants,
    current: current.current,
    chain,
    assessments,
    refills,
    sessions,
    trials,
    complications,
    episodes,
    row: board?.row ?? null,
    now: board === null ? await fetchServerNow() : board.now,
  };
}

/** The page's data, its error, and a setter for a change the page made itself (the opioid status). */
export function usePatientPage(patientId: string, me: Me) {
  const [data, setData] = useState<PatientPageData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    load(patientId, me).then(setData, (e: unknown) => setError(errorText(e)));
  }, [patientId, me]);
  return { data, setData, error };
}
