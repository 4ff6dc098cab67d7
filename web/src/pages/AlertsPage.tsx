/**
 * The alerts inbox: every patient's alerts as text (severity, what, patient, since), critical first; open,
 * acknowledged or all; nurses and physicians acknowledge and resolve with a note, a viewer reads.
 */
import { useState } from 'react';
import type { Me } from '../api.ts';
import { AlertList } from '../alerts/AlertList.tsx';
import { useAlerts, type AlertState } from '../alerts/use-alerts.ts';
import { ErrorNote, Loading } from '../components.tsx';

const TABS: readonly (readonly [AlertState, string])[] = [
  ['open', 'Open (not yet acknowledged)'],
  ['acknowledged', 'Acknowledged'],
  ['unresolved', 'Not resolved'],
  ['all', 'All, with resolved'],
];

export function AlertsPage({ me }: { readonly me: Me }) {
  const [state, setState] = useState<AlertState>('open');
  const { alerts, error, act } = useAlerts(state);
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
