/**
 * The demo clock (staff only): fast-forwards the simulated clinic by 1, 7 or 30 days through
 * `POST /api/v1/demo/clock`. Shown only when the server runs the demo (`GET /api/v1/demo/status` answers).
 */
import { useEffect, useState } from 'react';
import { api, demoNow, errorText, type DemoStatus } from './api.ts';
import { dateTime } from './format.ts';

export function DemoClock({ onAdvanced }: { readonly onAdvanced: () => void }) {
  const [status, setStatus] = useState<DemoStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.get<DemoStatus>('/api/v1/demo/status').then(setStatus, () => setStatus(null));
  }, []);
  if (status === null) return null;

  const advance = async (days: number) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/v1/demo/clock', { advanceHours: days * 24 });
      setStatus(await api.get<DemoStatus>('/api/v1/demo/status'));
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
      {[1, 7, 30].map((d) => (
        <button key={d} type="button" disabled={busy} onClick={() => void advance(d)}>
          +{d} {d === 1 ? 'day' : 'days'}
        </button>
      ))}
      {error !== null && <span role="alert">{error}</span>}
    </section>
  );
}
