/**
 * The refill wizard's last step: what the booking check says about the refill it booked, the pump's answer
 * and what was recorded, and what is printed for the chart — this refill's report and the session summary.
 */
import { BookingConcerns } from '../followup/BookingConcerns.tsx';
import { refillReportHref, sessionSummaryHref } from '../FinishPanel.tsx';
import { OutcomeView } from '../outcome-view.tsx';
import type { useRefillWizard } from './use-refill-wizard.ts';

type Wizard = ReturnType<typeof useRefillWizard>;

export function DoneStep({ w, patientId }: { readonly w: Wizard; readonly patientId: string }) {
  return (
    <>
      {/* The refill booked the next one: what the booking check says about it, above the outcome. */}
      <BookingConcerns patientId={patientId} version={w.applied} />
      {w.applied !== null && (
        <div role="status">
          <OutcomeView outcome={w.applied} caption="Refill recorded" />
        </div>
      )}
      {/* What is printed for the chart, as the programming page's finish offers it. */}
      <div className="row">
        {w.applied?.refill !== undefined && (
          <a href={refillReportHref(w.applied.refill.id, patientId)} target="_blank" rel="noreferrer">
            Refill report (PDF)
          </a>
        )}
        <a href={sessionSummaryHref(patientId)} target="_blank" rel="noreferrer">
          Print the session summary (PDF)
        </a>
        <button type="button" onClick={w.startOver}>
          Start another refill
        </button>
      </div>
    </>
  );
}
