/**
 * The refill wizard, one screen per step with Back between them (a typo is corrected, not started over):
 * interrogate, the critical actions, the measurements (pre-filled from the pump), the server's plan with
 * ONE verdict at the top — stopped, or the reconciliation's, with what to do next — and the pump's answer.
 * The patient's identity stays on top (several tabs, several patients); the state survives a reload
 * (use-refill-wizard.ts). Routes: `/pump/interrogate`, `/pump/refill/plan`, `/pump/refill/apply`.
 */
import { PROFILES } from '../../../src/pump/profiles.ts';
import { tookEffect, type WriteStatus } from '../../../src/programmer/session.ts';
import type { Me } from '../api.ts';
import { ErrorNote, Link } from '../components.tsx';
import { PatientBanner, usePatientIdentity } from '../PatientBanner.tsx';
import {
  pumpContents,
  staysStopped,
  STEPS,
  useRefillWizard,
  type WizardStep,
} from '../refill/use-refill-wizard.ts';
import { DoneStep } from '../refill/DoneStep.tsx';
import { ChecksStep, InterrogateStep, MeasureStep, PlanScreen } from '../refill/RefillSteps.tsx';

const STEP_NAME: Record<WizardStep, string> = {
  interrogate: 'Interrogate',
  checks: 'Critical actions',
  measure: 'Measurements',
  plan: 'Reconciliation and plan',
  done: 'Pump updated',
};
const NOT_UPDATED = 'Refill recorded: the pump was NOT updated';
const STILL_STOPPED = 'Refill recorded: delivery still STOPPED';

export function RefillPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const who = usePatientIdentity(patientId);
  const profileId = who.identity?.implant?.deviceProfileId;
  const capacityNl = PROFILES.find((p) => p.id === profileId)?.reservoir.value ?? null;
  const prescribed = who.identity?.current?.prescription ?? null;
  const w = useRefillWizard(patientId, capacityNl, prescribed);

  if (me.role !== 'physician' && me.role !== 'nurse') return <p>Only nurses and physicians refill pumps.</p>;
  const n = STEPS.indexOf(w.step) + 1;
  // The injection is recorded even when the pump refused its update: the last step then says so, never
  // "Pump updated" over a pump that still counts the old contents.
  const notUpdated = w.applied !== null && !tookEffect((w.applied.status ?? 'refused') as WriteStatus);
  const stepName = (s: WizardStep) =>
    s !== 'done'
      ? STEP_NAME[s]
      : notUpdated
        ? NOT_UPDATED
        : w.applied !== null && staysStopped(w.plan)
          ? STILL_STOPPED
          : STEP_NAME[s];

  return (
    <>
      <h1>Refill wizard</h1>
      <PatientBanner
        patientId={patientId}
        identity={who.identity}
        error={who.error}
        pump={w.snapshot === null ? null : pumpContents(w.snapshot)}
      />
      <nav aria-label="Wizard steps">
        <ol className="wizard-steps">
          {STEPS.map((s, i) => (
            <li key={s} aria-current={s === w.step ? 'step' : undefined}>
              {i + 1}. {stepName(s)}
            </li>
          ))}
        </ol>
      </nav>
      {w.restored && w.step !== 'done' && (
        <p className="result result-warn">
          This refill was started earlier in this tab and is shown as it was left.{' '}
          <button type="button" onClick={w.startOver}>
            Start over
          </button>
        </p>
      )}
      <ErrorNote error={w.error} />
      <section className="card" aria-labelledby="step-h">
        <h2 id="step-h">
          Step {n} — {stepName(w.step)}
        </h2>
        {w.step === 'interrogate' && <InterrogateStep w={w} />}
        {w.step === 'checks' && <ChecksStep w={w} />}
        {w.step === 'measure' && <MeasureStep w={w} prescribed={prescribed} />}
        {w.step === 'plan' && <PlanScreen w={w} />}
        {w.step === 'done' && <DoneStep w={w} patientId={patientId} />}
      </section>
      <p>
        <Link to={`/patients/${encodeURIComponent(patientId)}`}>Back to the patient</Link>
      </p>
    </>
  );
}
