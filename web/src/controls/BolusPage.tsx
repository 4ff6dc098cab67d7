/**
 * A clinician's single bolus (physicians): amount and duration, then the plan from a fresh interrogation
 * with the drug's single-bolus cap shown, the overdose warning, and the person who observes the patient
 * named before confirming (docs/clinical-reference.md §2: overdose has followed 25 µg in a sensitive
 * adult). A blocked plan (above the cap, stopped pump, running bolus) cannot be confirmed.
 */
import type { Me } from '../api.ts';
import { ErrorNote, Link, Reasons, VerdictBadge } from '../components.tsx';
import { massText } from '../../../src/therapy/drug-display.ts';
import { tooMuchSignsText } from '../../../src/therapy/drug-emergency.ts';
import { inputUnit } from '../../../src/therapy/dose-input.ts';
import { num } from '../format.ts';
import { PatientBanner, usePatientIdentity } from '../PatientBanner.tsx';
import { useLeaveGuard } from '../router.ts';
import { ControlResultView } from './ControlResultView.tsx';
import { useBolus } from './use-bolus.ts';

export function BolusPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const who = usePatientIdentity(patientId);
  const drug = who.identity?.drug ?? null;
  const s = useBolus(patientId, drug);
  useLeaveGuard(s.plan !== null ? 'The bolus has not been sent: leave?' : null);
  if (me.role !== 'physician') return <p>Only physicians give a clinician bolus.</p>;
  const blocked = s.plan?.guardrail.verdict === 'block';
  const base = `/patients/${encodeURIComponent(patientId)}`;
  return (
    <>
      <h1>Clinician bolus</h1>
      <p>
        <Link to={base}>Back to the patient</Link> ·{' '}
        <Link to={`${base}/controls`}>Stop or resume delivery</Link>
      </p>
      <PatientBanner patientId={patientId} identity={who.identity} error={who.error} />
      {who.identity !== null && (
        <p>
          A single bolus is given on top of the basal rate. It can cause overdose ({tooMuchSignsText(drug)}):
          someone must observe the patient until its effect has passed.
        </p>
      )}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void s.prepare();
        }}
      >
        <label>
          Amount ({inputUnit('mass', drug)})
          <input value={s.amount} onChange={(e) => s.setAmount(e.target.value)} inputMode="decimal" />
        </label>
        <label>
          Over (minutes)
          <input value={s.minutes} onChange={(e) => s.setMinutes(e.target.value)} inputMode="numeric" />
        </label>
        <button type="submit" disabled={s.busy || who.identity === null || s.amount.trim() === ''}>
          Check the bolus
        </button>
      </form>
      <ErrorNote error={s.error} />
      {s.plan !== null && (
        <section aria-label="Review">
          <h2>
            {massText(s.plan.amountNg, s.plan.drug)} over {num(s.plan.durationMs / 60_000, 0)} min{' '}
            <VerdictBadge verdict={s.plan.guardrail.verdict} />
          </h2>
          <p>
            <strong>Single-bolus cap</strong>
            {s.plan.cap === null || s.plan.drug === null
              ? ': the pump reports no drug, so no bolus.'
              : ` for ${s.plan.drug}: ${massText(s.plan.cap.value, s.plan.drug)} [${s.plan.cap.confidence}] (${s.plan.cap.source})`}
          </p>
          <Reasons reasons={s.plan.guardrail.reasons} title={blocked ? 'Refused' : 'Warnings'} />
          {!blocked && (
            <label>
              Who observes the patient (recorded with the bolus)
              <input value={s.observer} onChange={(e) => s.setObserver(e.target.value)} />
            </label>
          )}
          <button
            type="button"
            disabled={s.busy || blocked || s.observer.trim() === ''}
            onClick={() => void s.confirm()}
          >
            Confirm: give {massText(s.plan.amountNg, s.plan.drug)}
          </button>
        </section>
      )}
      {s.result !== null && <ControlResultView result={s.result} />}
    </>
  );
}
