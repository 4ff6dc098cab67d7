/**
 * The priming bolus after an implant or a catheter revision (physicians): the plan from a fresh
 * interrogation shows the volume — the recorded catheter volume plus the pump's dead space — and the
 * warning that drug mixes with the fluid in the catheter; who supervises is named before confirming. A
 * catheter volume implausible for its model and length is refused before any plan (a volume ten times too
 * large primes an overdose straight into the CSF: docs/clinical-reference.md §3); the refusal is shown and
 * nothing can be confirmed. A clinician's single bolus, with its cap, is the bolus page.
 */
import type { Me } from '../api.ts';
import { ErrorNote, Link, Reasons, VerdictBadge } from '../components.tsx';
import { num } from '../format.ts';
import { PatientBanner, usePatientIdentity } from '../PatientBanner.tsx';
import { useLeaveGuard } from '../router.ts';
import { ControlResultView } from './ControlResultView.tsx';
import { usePriming } from './use-priming.ts';

export function PrimingPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const who = usePatientIdentity(patientId);
  const s = usePriming(patientId);
  useLeaveGuard(s.plan !== null ? 'The priming bolus has not been sent: leave?' : null);
  if (me.role !== 'physician') return <p>Only physicians give a priming bolus.</p>;
  const blocked = s.plan?.guardrail.verdict === 'block';
  const base = `/patients/${encodeURIComponent(patientId)}`;
  return (
    <>
      <h1>Priming bolus</h1>
      <p>
        <Link to={base}>Back to the patient</Link> · <Link to={`${base}/pathway`}>Care pathway</Link> ·{' '}
        <Link to={`${base}/bolus`}>Clinician bolus (with its cap)</Link>
      </p>
      <PatientBanner patientId={patientId} identity={who.identity} error={who.error} />
      <p>
        After an implant or a catheter revision the catheter holds no drug: the priming bolus fills it and the
        pump’s dead space so the drug reaches the spine without days of delay. Its volume comes from the
        implant record, never typed.
      </p>
      <button type="button" disabled={s.busy} onClick={() => void s.prepare()}>
        Interrogate and plan the priming bolus
      </button>
      <ErrorNote error={s.error} />
      {s.plan !== null && (
        <section aria-label="Review">
          <h2>
            Priming {num(s.plan.priming.primingVolumeMl, 3)} mL{' '}
            <VerdictBadge verdict={s.plan.guardrail.verdict} />
          </h2>
          <p>
            Catheter {num(s.plan.priming.catheterVolumeMl, 3)} mL + pump dead space{' '}
            {num(s.plan.priming.pumpDeadVolumeMl, 3)} mL.
          </p>
          <Reasons reasons={s.plan.guardrail.reasons} title={blocked ? 'Refused' : 'Warnings'} />
          {!blocked && (
            <label>
              Who supervises the patient during priming (recorded with it)
              <input value={s.supervisor} onChange={(e) => s.setSupervisor(e.target.value)} />
            </label>
          )}
          <button
            type="button"
            disabled={s.busy || blocked || s.supervisor.trim() === ''}
            onClick={() => void s.confirm()}
          >
            Confirm: start the priming bolus
          </button>
        </section>
      )}
      {s.result !== null && <ControlResultView result={s.result} />}
    </>
  );
}
