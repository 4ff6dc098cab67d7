/**
 * Stop and resume delivery (physicians): choose stop or resume, read the warnings and the restart plan the
 * server computed from a fresh interrogation, write a justification when it warns, confirm. The result is
 * the pump's read-back; a stop leaves a withdrawal-risk alert on the alert list until it is resolved.
 */
import { drugEmergency } from '../../../src/therapy/drug-emergency.ts';
import type { Me } from '../api.ts';
import { ErrorNote, Link, Reasons, VerdictBadge } from '../components.tsx';
import { PatientBanner, usePatientIdentity } from '../PatientBanner.tsx';
import { useLeaveGuard } from '../router.ts';
import { ControlResultView } from './ControlResultView.tsx';
import { useStopResume } from './use-stop-resume.ts';

export function PumpControlPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const who = usePatientIdentity(patientId);
  const s = useStopResume(patientId);
  useLeaveGuard(s.plan !== null ? 'The stop or resume has not been sent: leave?' : null);
  if (me.role !== 'physician') return <p>Only physicians stop or resume delivery.</p>;
  const warn = s.plan?.guardrail.verdict === 'warn';
  const blocked = s.plan?.guardrail.verdict === 'block';
  const words = drugEmergency(who.identity?.drug ?? null);
  return (
    <>
      <h1>Stop or resume delivery</h1>
      <p>
        <Link to={`/patients/${encodeURIComponent(patientId)}`}>Back to the patient</Link> ·{' '}
        <Link to={`/patients/${encodeURIComponent(patientId)}/bolus`}>Clinician bolus</Link>
      </p>
      <PatientBanner patientId={patientId} identity={who.identity} error={who.error} />
      <p>
        {words.stopped} {words.resumed}
      </p>
      <div className="row">
        <button type="button" disabled={s.busy} onClick={() => void s.prepare('stop')}>
          Plan to stop delivery
        </button>
        <button type="button" disabled={s.busy} onClick={() => void s.prepare('resume')}>
          Plan to resume delivery
        </button>
      </div>
      <ErrorNote error={s.error} />
      {s.plan !== null && (
        <section aria-label="Review">
          <h2>
            {s.plan.control === 'stop' ? 'Stop delivery' : 'Resume delivery'}{' '}
            <VerdictBadge verdict={s.plan.guardrail.verdict} />
          </h2>
          <p>The pump is {s.plan.suspended ? 'stopped' : 'delivering'}.</p>
          <Reasons reasons={s.plan.guardrail.reasons} title={blocked ? 'Refused' : 'Warnings'} />
          {!blocked && (
            <p>
              <strong>Restart plan:</strong> {s.plan.restartPlan}
            </p>
          )}
          {warn && (
            <label>
              Why (recorded with the change)
              <textarea value={s.justification} onChange={(e) => s.setJustification(e.target.value)} />
            </label>
          )}
          <button
            type="button"
            disabled={s.busy || blocked || (warn && s.justification.trim() === '')}
            onClick={() => void s.confirm()}
          >
            Confirm: {s.plan.control} delivery
          </button>
        </section>
      )}
      {s.result !== null && <ControlResultView result={s.result} />}
    </>
  );
}
