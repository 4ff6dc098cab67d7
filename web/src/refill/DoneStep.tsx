/**
 * The refill wizard's last step: what the booking check says about the refill it booked, the pump's answer
 * and what was recorded, and what is printed for the chart — this refill's report and the session summary.
 * After a long interruption the refill restarts the prior full dose (the plan warned, a note answered it):
 * the step leads straight to the programming page to program a lower restart dose in the same visit.
 */
import { Link } from '../components.tsx';
import { BookingConcerns } from '../followup/BookingConcerns.tsx';
import { refillReportHref, sessionSummaryHref } from '../FinishPanel.tsx';
import { OutcomeView } from '../outcome-view.tsx';
import { staysStopped, type useRefillWizard } from './use-refill-wizard.ts';

type Wizard = ReturnType<typeof useRefillWizard>;

/** The plan's warning that delivery stopped longer than the drug's restart threshold (refill-plan.ts). */
const RESTART = 'ITB_R_PROG_RESTART_AFTER_INTERRUPTION';

export function DoneStep({ w, patientId }: { readonly w: Wizard; readonly patientId: string }) {
  const restart = w.plan?.guardrail?.reasons?.find((r) => r.code === RESTART);
  return (
    <>
      {staysStopped(w.plan) && w.applied !== null && (
        <div className="result result-block" role="alert" aria-labelledby="still-stopped-h">
          <h3 id="still-stopped-h">Delivery is still STOPPED: the patient receives no drug</h3>
          <p>
            The refill filled the reservoir and did not restart the pump. A physician resumes delivery with
            the restart plan (after a long stop, not at the full prior dose); until then think of withdrawal.
          </p>
          <p>
            <Link to={`/patients/${encodeURIComponent(patientId)}/controls`}>Stop and resume delivery</Link>
          </p>
        </div>
      )}
      {restart !== undefined && w.applied !== null && (
        <div className="callout" role="note" aria-labelledby="restart-h">
          <h3 id="restart-h">Restart lower: the pump now runs the dose it ran before it stopped</h3>
          <p>
            {restart.message.charAt(0).toUpperCase()}
            {restart.message.slice(1)}.
          </p>
          <p>
            <Link to={`/patients/${encodeURIComponent(patientId)}/programming`}>
              Program a lower restart dose now
            </Link>{' '}
            — in this visit, before the patient leaves; then re-titrate from it.
          </p>
        </div>
      )}
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
