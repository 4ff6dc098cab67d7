/**
 * The pathway page's data: the patient, their implants and the pathway view (`GET P/pathway`), and the
 * writes the page makes — each re-reads the view so the stage shown is always the server's projection.
 */
import { useCallback, useEffect, useState } from 'react';
import type { PathwayView } from '../../../src/clinic/pathway/pathway-view.ts';
import { api, errorText, type Implant, type Patient } from '../api.ts';

export type { PathwayView };

export function usePathway(patientId: string) {
  const P = `/api/v1/patients/${encodeURIComponent(patientId)}`;
  const [patient, setPatient] = useState<Patient | null>(null);
  const [implants, setImplants] = useState<readonly Implant[]>([]);
  const [view, setView] = useState<PathwayView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    const [p, i, v] = await Promise.all([
      api.get<Patient>(P),
      api.get<Implant[]>(`${P}/implants`),
      api.get<PathwayView>(`${P}/pathway`),
    ]);
    setPatient(p);
    setImplants(i);
    setView(v);
  }, [P]);

  useEffect(() => {
    reload().catch((e: unknown) => setError(errorText(e)));
  }, [reload]);

  /** Posts `body` to `path` (under the patient), then re-reads; `done` words the success. */
  const send = useCallback(
    async (path: string, body: unknown, done: (rec: Record<string, unknown>) => string) => {
      setBusy(true);
      setError(null);
      setStatus(null);
      try {
        const rec = await api.post<Record<string, unknown>>(`${P}${path}`, body);
        await reload();
        setStatus(done(rec));
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

  return { P, patient, implants, view, error, status, busy, send };
}
