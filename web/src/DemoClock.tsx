/**
 * The demo clock (staff only): fast-forwards the simulated clinic by 1, 7 or 30 days through
 * `POST /api/v1/demo/clock`. Shown only when the server runs the demo (the demo status shared through
 * use-server-now.ts answers); the buttons only to a role the route admits (src/demo/demo-roles.ts): a
 * viewer reads the demo time.
 */
import { useState } from 'react';
import { mayMoveDemoWorld } from '../../src/demo/demo-roles.ts';
import { api, demoNow, errorText, type DemoStatus, type Me } from './api.ts';
import { dateTime } from './format.ts';
import { setDemoStatus, useDemoStatus } from './use-server-now.ts';

export function DemoClock({
  role,
  onAdvanced,
}: {
  readonly role: Me['role'];
  readonly onAdvanced: () => void;
}) {
  const status = useDemoStatus();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (status === null) return null;

  const advance = async (days: number) => {
    setBusy(true);
    setError(null);
    try {
      // The answer is the demo status after the jump: every page's server clock takes it.
      setDemoStatus(await api.post<DemoStatus>('/api/v1/demo/clock', { advanceHours: days * 24 }));
      onAdvanced();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const now = demoNow(status);
  return (
    <section className="demo-clock" aria-label="Demo clock">
      <span>Demo time: {now === null ? 'unknown' : dateTime(now)}</span>
      {(mayMoveDemoWorld(role) ? [1, 7, 30] : []).map((d) => (
        <button key={d} type="button" disabled={busy} onClick={() => void advance(d)}>
          +{d} {d === 1 ? 'day' : 'days'}
        </button>
      ))}
      {error !== null && <span role="alert">{error}</span>}
    </section>
  );
}
