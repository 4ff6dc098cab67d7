/**
 * Patient-controlled bolus settings (physicians): the dose per bolus, the lockout and the most boluses a
 * day, or off. The plan, from a fresh interrogation, shows the pump's current setting, what the device and
 * the drug allow — and says plainly when PCB is not available for this pump or drug (baclofen: never) — and
 * before → after in the change text's words; a blocked plan cannot be confirmed, and more drug a day needs a
 * reason (overdose risk).
 */
import { changeText } from '../../../src/programmer/change-text.ts';
import { patientBolusJson, patientBolusText } from '../../../src/programmer/patient-bolus-text.ts';
import type { Me } from '../api.ts';
import { ErrorNote, Link, Reasons, VerdictBadge } from '../components.tsx';
import { doseText, massText } from '../../../src/therapy/drug-display.ts';
import { inputUnit } from '../../../src/therapy/dose-input.ts';
import { PatientBanner, usePatientIdentity } from '../PatientBanner.tsx';
import { useLeaveGuard } from '../router.ts';
import { ControlResultView } from './ControlResultView.tsx';
import { usePatientBolus, type PatientBolusPlan, type PatientBolusResult } from './use-patient-bolus.ts';

export function PatientBolusPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const who = usePatientIdentity(patientId);
  const drug = who.identity?.drug ?? null;
  const s = usePatientBolus(patientId, drug);
  useLeaveGuard(s.plan !== null ? 'The patient-bolus settings have not been sent: leave?' : null);
  if (me.role !== 'physician') return <p>Only physicians change patient-controlled bolus settings.</p>;
  const warn = s.plan?.guardrail.verdict === 'warn';
  const blocked = s.plan?.guardrail.verdict === 'block';
  const base = `/patients/${encodeURIComponent(patientId)}`;
  const a = s.plan?.availability;
  return (
    <>
      <h1>Patient-controlled bolus</h1>
      <p>
        <Link to={base}>Back to the patient</Link> · <Link to={`${base}/programming`}>Programming</Link>
      </p>
      <PatientBanner patientId={patientId} identity={who.identity} error={who.error} />
      <p>
        The patient gives themselves a bolus with the controller, no sooner than the lockout after the last
        and no more than the daily maximum. Never for baclofen. Checking interrogates the pump first.
      </p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void s.prepare(true);
        }}
      >
        <label>
          Dose per bolus ({inputUnit('mass', drug)})
          <input value={s.dose} onChange={(e) => s.setDose(e.target.value)} />
        </label>
        <label>
          Lockout (minutes)
          <input value={s.lockout} onChange={(e) => s.setLockout(e.target.value)} inputMode="numeric" />
        </label>
        <label>
          Boluses a day at most
          <input value={s.perDay} onChange={(e) => s.setPerDay(e.target.value)} inputMode="numeric" />
        </label>
        <button type="submit" disabled={s.busy || who.identity === null}>
          Check the settings
        </button>
        <button type="button" disabled={s.busy} onClick={() => void s.prepare(false)}>
          Check turning it off
        </button>
      </form>
      <ErrorNote error={s.error} />
      {s.plan !== null && a !== undefined && (
        <section aria-label="Review">
          <h2>
            Review <VerdictBadge verdict={s.plan.guardrail.verdict} />
          </h2>
          <ul>
            <li>Now on the pump: {patientBolusText(s.plan.current, a?.drug)}</li>
            <li>
              {a.unavailable === null
                ? `Allowed for ${a.drug ?? 'this drug'} on this pump: at most ${massText(a.maxBolus?.value ?? 0, a.drug)} a bolus, ${doseText(a.dailyMax ?? 0, a.drug)} in all (basal and boluses).`
                : `Patient-controlled boluses are not available for this pump or drug: ${a.unavailable.message}`}
            </li>
          </ul>
          {a.unavailable === null && (
            <ul aria-label="Changes">
              {s.plan.diff.map((d) => (
                <li key={d.path}>{changeText(d, a?.drug)}</li>
              ))}
            </ul>
          )}
          <Reasons reasons={s.plan.guardrail.reasons} title={blocked ? 'Refused' : 'Warnings'} />
          {warn && (
            <label>
              Why, and who taught and observes the patient (recorded with the change)
              <textarea value={s.justification} onChange={(e) => s.setJustification(e.target.value)} />
            </label>
          )}
          <button
            type="button"
            disabled={
              s.busy || blocked || s.plan.diff.length === 0 || (warn && s.justification.trim() === '')
            }
            onClick={() => void s.confirm()}
          >
            Confirm: change the patient-bolus settings
          </button>
        </section>
      )}
      {s.result !== null && (
        <ControlResultView result={s.result}>
          <ReadBack result={s.result} sent={s.sent} drug={s.sentDrug} />
        </ControlResultView>
      )}
    </>
  );
}

/**
 * What the pump holds now, as it read back after the write (nothing when it could not be read), and the
 * changes confirmed when the pump verified them.
 */
function ReadBack({
  result,
  sent,
  drug,
}: {
  readonly result: PatientBolusResult;
  readonly sent: PatientBolusPlan['diff'];
  readonly drug: string | null | undefined;
}) {
  const snapshot = result.write.readBack?.snapshot;
  return (
    <>
      {snapshot !== undefined && (
        <p>The pump now holds: {patientBolusText(patientBolusJson(snapshot.patientBolus), drug)}</p>
      )}
      {result.status === 'verified' && (
        <ul aria-label="Changed">
          {sent.map((d) => (
            <li key={d.path}>{changeText(d, drug)}</li>
          ))}
        </ul>
      )}
    </>
  );
}
