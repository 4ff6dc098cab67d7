/**
 * The alerts inbox: alerts as text (severity, what, patient, since), critical first; open, acknowledged or
 * all. By default what the signed-in role acts on (every critical alert, and by kind: docs/workflows.md
 * "Alerts per role"), or everyone's; nurses and physicians acknowledge and resolve with a note, a viewer reads.
 */
import { useState } from 'react';
import type { Me } from '../api.ts';
import { AlertList } from '../alerts/AlertList.tsx';
import { useAlerts, type AlertScope, type AlertState } from '../alerts/use-alerts.ts';
import { ErrorNote, Loading } from '../components.tsx';

const TABS: readonly (readonly [AlertState, string])[] = [
  ['open', 'Open (not yet acknowledged)'],
  ['acknowledged', 'Acknowledged'],
  ['unresolved', 'Not resolved'],
  ['all', 'All, with resolved'],
];

export function AlertsPage({ me }: { readonly me: Me }) {
  const [state, setState] = useState<AlertState>('open');
  const [scope, setScope] = useState<AlertScope>('mine');
  const { alerts, error, act } = useAlerts(state, null, scope);
  return (
    <>
      <h1>Alerts</h1>
      <fieldset className="row">
        <legend>Show</legend>
        {TABS.map(([value, text]) => (
          <div className="check" key={value}>
            <input
              type="radio"
              id={`alerts-${value}`}
              name="alert-state"
              checked={state === value}
              onChange={() => setState(value)}
            />
            <label htmlFor={`alerts-${value}`}>{text}</label>
          </div>
        ))}
      </fieldset>
      <div className="check">
        <input
          type="checkbox"
          id="alerts-everyone"
          checked={scope === 'all'}
          onChange={(e) => setScope(e.target.checked ? 'all' : 'mine')}
        />
        <label htmlFor="alerts-everyone">
          Everyone’s alerts (not only what a {me.role} acts on; critical alerts are always shown)
        </label>
      </div>
      <ErrorNote error={error} />
      {alerts === null ? (
        error === null && <Loading what="the alerts" />
      ) : (
        <AlertList
          alerts={alerts}
          act={act}
          canAct={me.role === 'nurse' || me.role === 'physician'}
          showPatient
          label="Alerts"
        />
      )}
    </>
  );
}
