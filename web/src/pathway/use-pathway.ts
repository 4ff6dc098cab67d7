/**
 * The pathway page's data: the patient, their implants, the drug in the pump and the pathway view
 * (`GET P/pathway`), and the writes the page makes — each re-reads the view so the stage shown is always the server's projection.
 */
import { useCallback, useEffect, useState } from 'react';
import type { PathwayView } from '../../../src/clinic/pathway/pathway-view.ts';
import { patientDrug } from '../../../src/clinic/patient-drug.ts';
import type { DrugId } from '../../../src/therapy/drug.ts';
import { api, errorText, type Implant, type Patient, type PrescriptionRecord } from '../api.ts';

export type { PathwayView };

export function usePathway(patientId: string) {
  const P = `/api/v1/patients/${encodeURIComponent(patientId)}`;
  const [patient, setPatient] = useState<Patient | null>(null);
  const [implants, setImplants] = useState<readonly Implant[]>([]);
  const [view, setView] = useState<PathwayView | null>(null);
  const [drug, setDrug] = useState<DrugId | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The form the last write came from: its outcome is said beside it (null: the page's own load). */
  const [from, setFrom] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const [p, i, v, current] = await Promise.all([
      api.get<Patient>(P),
      api.get<Implant[]>(`${P}/implants`),
      api.get<PathwayView>(`${P}/pathway`),
      api.get<{ current: PrescriptionRecord | null }>(`${P}/prescriptions/current`),
    ]);
    setDrug(patientDrug(current.current, i)?.drug ?? null);
    setPatient(p);
    setImplants(i);
    setView(v);
  }, [P]);

  useEffect(() => {
    reload().catch((e: unknown) => setError(errorText(e)));
  }, [reload]);

  /**
   * Posts `body` to `path` (under the patient), then re-reads; `done` words the success, said beside the
   * form `form` (the implant form's refusal once showed at the top of the page, a screen above its button).
   */
  const send = useCallback(
    async (
      path: string,
      body: unknown,
      done: (rec: Record<string, unknown>) => string,
      form: string | null = null,
    ) => {
      setBusy(true);
      setError(null);
      setStatus(null);
      setFrom(form);
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

  /**
   * A form on the page was edited or submitted: the server's last refusal no longer speaks of what the form
   * holds, and is taken away. Left, it stood beside the form's own later refusal ("fill volume (mL): …"
   * under "Not saved: …" of the values typed before): two contradictory messages for one form.
   */
  const edited = useCallback(() => setError(null), []);

  /** The drug in the pump (clinic/patient-drug.ts): a pain drug's patient is evaluated for pain. */
  return { P, patient, implants, view, drug, error, status, from, busy, send, edited };
}
