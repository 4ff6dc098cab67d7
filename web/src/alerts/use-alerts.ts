/**
 * The clinic's alerts as the pages read them: `GET /api/v1/alerts?state=open|acknowledged|all&patientId=`
 * with each alert's patient name, acknowledge and resolve with a note
 * (`POST P/alerts/:alertId/acknowledge {note}`, `POST P/alerts/:alertId/resolve {note}`). Every write the
 * server answers is announced (api.ts `WRITE_ANSWERED`: an acknowledgement, or a refill that closed an
 * alert), so the lists on the screen and the nav count follow.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, errorText, WRITE_ANSWERED } from '../api.ts';

/** open = not yet acknowledged; unresolved = open or acknowledged (docs/invariants.md, the alert API). */
export type AlertState = 'open' | 'acknowledged' | 'unresolved' | 'all';
export type AlertSeverity = 'info' | 'warning' | 'critical';

/** An alert as the API gives it (`since` defaults to `createdAt`). */
export interface ClinicAlert {
  readonly id: string;
  readonly patientId: string;
  readonly patientName?: string | undefined;
  /** The inbox names the patient: id, name and MRN. */
  readonly patient?: { readonly id: string; readonly name: string; readonly mrn: string };
  /** The published source of the message, kept apart from the words a clinician reads. */
  readonly source?: string;
  readonly kind: string;
  readonly severity: AlertSeverity;
  readonly message: string;
  readonly createdAt: number;
  readonly since?: number;
  readonly state?: 'open' | 'acknowledged' | 'resolved';
  readonly acknowledged?: null | { readonly at: number; readonly by: string; readonly note?: string };
  readonly resolved?: null | {
    readonly at: number;
    readonly by: string;
    readonly resolution?: string;
    readonly note?: string;
  };
}

/** open → acknowledged → resolved, from whichever fields the server sent. */
export function stateOf(a: ClinicAlert): 'open' | 'acknowledged' | 'resolved' {
  if (a.state !== undefined) return a.state;
  if (a.resolved !== undefined && a.resolved !== null) return 'resolved';
  if (a.acknowledged !== undefined && a.acknowledged !== null) return 'acknowledged';
  return 'open';
}

const RANK: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };
/** Critical first, then the oldest first within a severity (it has waited longest). */
export const alertOrder = (a: ClinicAlert, b: ClinicAlert): number =>
  RANK[a.severity] - RANK[b.severity] || (a.since ?? a.createdAt) - (b.since ?? b.createdAt);

const CHANGED = 'itb-alerts-changed';
const announce = () => window.dispatchEvent(new Event(CHANGED));

const patientPath = (patientId: string) => `/api/v1/patients/${encodeURIComponent(patientId)}`;

/** mine: what the signed-in role acts on (every critical alert, and by kind); all: every alert. */
export type AlertScope = 'mine' | 'all';

async function fetchAlerts(
  state: AlertState,
  patientId: string | null,
  scope: AlertScope,
): Promise<ClinicAlert[]> {
  const q = new URLSearchParams({ state, scope });
  if (patientId !== null) q.set('patientId', patientId);
  const list = await api.get<ClinicAlert[]>(`/api/v1/alerts?${q.toString()}`);
  return list.map((a) => ({ ...a, patientName: a.patientName ?? a.patient?.name }));
}

/**
 * The alerts in `state` (of one patient, or all), sorted, with acknowledge and resolve. The inbox lists
 * the role's own by default; a patient's page lists all of that patient's.
 */
export function useAlerts(
  state: AlertState,
  patientId: string | null = null,
  scope: AlertScope = patientId === null ? 'mine' : 'all',
) {
  const [alerts, setAlerts] = useState<readonly ClinicAlert[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const bump = () => setTick((t) => t + 1);
    window.addEventListener(CHANGED, bump);
    window.addEventListener(WRITE_ANSWERED, bump);
    return () => {
      window.removeEventListener(CHANGED, bump);
      window.removeEventListener(WRITE_ANSWERED, bump);
    };
  }, []);

  useEffect(() => {
    let live = true;
    fetchAlerts(state, patientId, scope).then(
      (list) => {
        if (!live) return;
        setAlerts([...list].sort(alertOrder));
        setError(null);
      },
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [state, patientId, scope, tick]);

  const act = useCallback(
    async (a: ClinicAlert, action: 'acknowledge' | 'resolve', note: string): Promise<string | null> => {
      const path = `${patientPath(a.patientId)}/alerts/${encodeURIComponent(a.id)}/${action}`;
      try {
        // The write itself is announced (api.ts WRITE_ANSWERED): every list reads the alerts again.
        await api.post(path, { note });
        return null;
      } catch (e) {
        return errorText(e);
      }
    },
    [],
  );

  return { alerts, error, act, reload: announce };
}
