/**
 * The MRI page's data: the patient, the pump in place and the patient's scans, and the writes — plan a
 * scan, a physician's acceptance of drug left in a valve pump's reservoir, mark it ready, record it done
 * (routes/mri-routes.ts). Each write answers with the scan as it now stands; the rule each step passes is
 * the server's (clinic/mri/mri-rule.ts), so the page decides nothing itself.
 */
import { useCallback, useState } from 'react';
import type { MriScan } from '../../../src/clinic/mri/mri-records.ts';
import { api, type Implant, type Patient } from '../api.ts';
import { fetchPumpInUse } from '../pump-in-use.ts';
import { useLoadAndSend } from '../use-load-and-send.ts';

/** A scan as the API answers it. */
export type ScanAnswer = MriScan;

export function useMri(patientId: string) {
  const P = `/api/v1/patients/${encodeURIComponent(patientId)}`;
  const [patient, setPatient] = useState<Patient | null>(null);
  const [implant, setImplant] = useState<Implant | null>(null);
  const [removedAt, setRemovedAt] = useState<number | null>(null);
  const [scans, setScans] = useState<readonly ScanAnswer[]>([]);

  const reload = useCallback(async () => {
    const [p, pump, s] = await Promise.all([
      api.get<Patient>(P),
      fetchPumpInUse<Implant>(P),
      api.get<ScanAnswer[]>(`${P}/mri`),
    ]);
    setPatient(p);
    setImplant(pump.implant);
    setRemovedAt(pump.removedAt);
    setScans(s);
  }, [P]);

  const { error, busy, send } = useLoadAndSend(P, reload);
  const scan = (id: string, step: string) => `/mri/${encodeURIComponent(id)}/${step}`;

  return {
    patient,
    implant,
    removedAt,
    scans,
    error,
    busy,
    plan: (implantId: string, plannedFor: number, note: string) =>
      send(`/implants/${encodeURIComponent(implantId)}/mri`, { plannedFor, note }),
    accept: (id: string, justification: string) => send(scan(id, 'acceptance'), { justification }),
    ready: (id: string, emptying: { expectedMl: number; aspiratedMl: number } | null) =>
      send(scan(id, 'ready'), emptying === null ? {} : { emptying }),
    done: (id: string) => send(scan(id, 'done'), {}),
  };
}
