/**
 * The printed session summary of one clinic day (the API's `?day=`, docs/reports.md): a date field that
 * shows today in the clinic's time zone (the server's "today", use-server-now.ts) and the link to that
 * day's PDF. Until another day is picked the link asks for the server's today, as the server counts it.
 */
import { useState } from 'react';
import { sessionSummaryHref } from './FinishPanel.tsx';
import { clinicDay, clinicDayText } from './format.ts';
import { useServerNow } from './use-server-now.ts';

export function SessionSummaryLink({ patientId }: { readonly patientId: string }) {
  const now = useServerNow();
  const today = clinicDay(now());
  const [picked, setPicked] = useState<string | null>(null);
  const day = picked === null || picked === today ? null : picked;
  return (
    <span className="row">
      <label>
        Session summary day{' '}
        <input
          type="date"
          value={day ?? today}
          max={today}
          onChange={(e) => setPicked(e.target.value === '' ? null : e.target.value)}
        />
      </label>
      <a href={sessionSummaryHref(patientId, day ?? undefined)}>
        {day === null ? "Today's session summary (PDF)" : `Session summary of ${clinicDayText(day)} (PDF)`}
      </a>
    </span>
  );
}
