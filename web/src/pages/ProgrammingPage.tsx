/**
 * Programming: interrogate the pump, edit the prescription — one continuous daily dose, or a flex schedule
 * (steps over the day, periodic boluses, weekday variants) — with LIVE guardrail feedback computed in the
 * browser by the server's own pure code, then the Finish screen: what the pump runs beside what would be
 * sent, field by field, the server's plan verdict, confirm (a warning needs a written justification; a
 * block cannot be confirmed), and after the write the pump's read-back as what is current. The patient's
 * identity stays on top; the state and actions are in programming/use-programming.ts.
 */
import { apiToInputText, inputUnit } from '../../../src/therapy/dose-input.ts';
import { getDrug } from '../../../src/therapy/drug-library.ts';
import { WEEKDAY_NAMES, type PrescriptionJson } from '../../../src/therapy/prescription-json.ts';
import type { Weekday } from '../../../src/therapy/prescription.ts';
import type { TitrationPhase } from '../../../src/therapy/titration.ts';
import type { Me } from '../api.ts';
import { ErrorNote, Link, Loading, Reasons, VerdictBadge } from '../components.tsx';
import { changePercentText, FinishPanel } from '../FinishPanel.tsx';
import { DAY_LABEL } from '../flex-draft.ts';
import { dateTime, prescriptionText } from '../format.ts';
import { FlexEditor } from '../FlexEditor.tsx';
import { PatientBanner, usePatientIdentity } from '../PatientBanner.tsx';
import { flexDays, PrescriptionView } from '../prescription-view.tsx';
import { useProgramming } from '../programming/use-programming.ts';
import { useLeaveGuard } from '../router.ts';
import { AdvicePanel } from '../trial/AdvicePanel.tsx';
import { ReservoirState } from '../reservoir-state.tsx';
import { SnapshotView } from '../snapshot-view.tsx';
import { pumpContents } from '../refill/use-refill-wizard.ts';

/** The dose field's example in the drug's label unit: "450 mcg/day" for baclofen, "3 mg/day" for morphine. */
const doseExample = (p: PrescriptionJson | null): string => {
  const unit = inputUnit('dose-rate', p === null || p.mode === 'stopped' ? null : p.drug);
  return unit === 'mcg/day' ? `450 ${unit}` : `3 ${unit}`;
};

const worstDayText = (w: Weekday | null) => {
  const name = w === null ? undefined : WEEKDAY_NAMES[w];
  return name === undefined ? '' : ` (worst day: ${DAY_LABEL[name]})`;
};

export function ProgrammingPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const who = usePatientIdentity(patientId);
  const {
    patient,
    board,
    runsNoProgramme,
    head,
    lastDoseChangeAt,
    changedSince,
    kept,
    typed,
    error,
    snapshot,
    mode,
    setMode,
    dose,
    setDose,
    draft,
    setDraft,
    phase,
    setPhase,
    plan,
    justification,
    setJustification,
    cnsReviewed,
    setCnsReviewed,
    result,
    readBack,
    busy,
    proposal,
    live,
    interrogate,
    review,
    apply,
    backToEdit,
  } = useProgramming(patientId);
  // A change typed or reviewed and not yet sent is work a reload, Back or a stray click would lose.
  useLeaveGuard(
    (plan !== null || typed) && result === null ? 'The change has not been sent to the pump: leave?' : null,
  );

  if (me.role !== 'physician') return <p>Only physicians program doses.</p>;
  if (patient === null) return error === null ? <Loading what="the patient" /> : <ErrorNote error={error} />;
  // The "too soon" wait counts from the dose's last change, as the server's gate does (not a new strength).
  const context = { lastChangeAt: lastDoseChangeAt ?? head?.createdAt ?? null };

  const fieldErrors = proposal !== null && !proposal.ok ? proposal.errors : [];
  const doseError = fieldErrors.find((f) => f.field === 'dose');
  const current = head?.prescription ?? null;
  const proposedDays = new Map(proposal?.ok === true ? flexDays(proposal.prescription) : []);
  const currentDays = new Map(current === null ? [] : flexDays(current));
  // Systemic CNS depressants add to this drug: the prescriber confirms they were reviewed (H49).
  const asksCnsReview =
    current !== null && current.mode !== 'stopped' && getDrug(current.drug).cnsDepressantRisk !== undefined;

  return (
    <>
      <h1>Programming — {patient.name}</h1>
      <p>
        <Link to={`/patients/${encodeURIComponent(patientId)}`}>Back to the patient</Link> ·{' '}
        <Link to={`/patients/${encodeURIComponent(patientId)}/controls`}>Stop or resume delivery</Link> ·{' '}
        <Link to={`/patients/${encodeURIComponent(patientId)}/bolus`}>Clinician bolus</Link> ·{' '}
        <Link to={`/patients/${encodeURIComponent(patientId)}/alarm-settings`}>Alarm settings</Link> ·{' '}
        <Link to={`/patients/${encodeURIComponent(patientId)}/patient-bolus`}>Patient-controlled bolus</Link>
      </p>
      <PatientBanner
        patientId={patientId}
        identity={who.identity}
        error={who.error}
        pump={snapshot === null ? null : pumpContents(snapshot)}
      />
      <ErrorNote error={error} />
      {kept !== null && plan === null && result === null && (
        <p role="status" className="result result-warn">
          Brought back: this tab left the change below unsent (a reload, or the page left). It was not sent to
          the pump: review it again before you send it.
        </p>
      )}
      {changedSince !== null && (
        <p className="error" role="alert">
          The prescription in force changed since this page was opened (another tab or session): it was{' '}
          {changedSince.before === null ? 'none' : prescriptionText(changedSince.before)}, it is now{' '}
          {changedSince.now === null ? 'none' : prescriptionText(changedSince.now.prescription)} (recorded{' '}
          {dateTime(changedSince.now?.createdAt ?? null)}). The checks below are against the prescription in
          force now: read the change again before you confirm.
        </p>
      )}
      <section className="card" aria-labelledby="int-h">
        <h2 id="int-h">1. Interrogate</h2>
        <button type="button" onClick={() => void interrogate()} disabled={busy}>
          Interrogate pump
        </button>
        {snapshot !== null && <SnapshotView snapshot={snapshot} />}
      </section>

      {plan === null ? (
        <section className="card" aria-labelledby="edit-h">
          <h2 id="edit-h">2. New prescription</h2>
          <div>
            <h3>Current</h3>
            {current === null ? <p>no prescription</p> : <PrescriptionView prescription={current} />}
          </div>
          {runsNoProgramme && (
            <p role="status" className="result result-warn">
              The pump runs no programme: no drug reaches the patient. A change is checked from the dose the
              patient received — the prescription on record while the interruption is within the drug’s
              restart threshold, else a restart from nothing (read the live check’s reasons).
            </p>
          )}
          {(current === null || current.mode === 'stopped') && (
            <p>
              There is no running dose to change here: a restart is a new start dose (screening trial page).
            </p>
          )}
          <fieldset className="row">
            <legend>Change as</legend>
            {(
              [
                ['continuous', 'one continuous daily dose'],
                ['flex', 'a flex schedule (dose steps over the day, periodic boluses, weekday variants)'],
              ] as const
            ).map(([value, text]) => (
              <div className="check" key={value}>
                <input
                  type="radio"
                  id={`mode-${value}`}
                  name="mode"
                  value={value}
                  checked={mode === value}
                  onChange={() => setMode(value)}
                />
                <label htmlFor={`mode-${value}`}>{text}</label>
              </div>
            ))}
          </fieldset>
          <div className="row">
            {mode === 'continuous' && (
              <div>
                <label htmlFor="dose">Proposed daily dose (with unit, e.g. {doseExample(current)})</label>
                <input
                  id="dose"
                  value={dose}
                  onChange={(e) => setDose(e.target.value)}
                  aria-describedby="live"
                  autoComplete="off"
                />
              </div>
            )}
          </div>
          <ReservoirState board={board} />
          <div className="row">
            {asksCnsReview && (
              <div className="check">
                <input
                  type="checkbox"
                  id="cns-reviewed"
                  checked={cnsReviewed}
                  onChange={(e) => setCnsReviewed(e.target.checked)}
                />
                <label htmlFor="cns-reviewed">
                  Systemic CNS depressants reviewed (benzodiazepines, other opioids, alcohol, sedatives)
                </label>
              </div>
            )}
            <div>
              <label htmlFor="phase">Phase</label>
              <select id="phase" value={phase} onChange={(e) => setPhase(e.target.value as TitrationPhase)}>
                <option value="titration">titration</option>
                <option value="maintenance">maintenance</option>
              </select>
            </div>
          </div>
          {mode === 'flex' && draft !== null && (
            <FlexEditor
              draft={draft}
              onChange={setDraft}
              errors={fieldErrors}
              days={live?.ok === true ? (live.review.step?.days ?? null) : null}
              scheduleOf={(key) => ({
                current:
                  currentDays.get(key) ??
                  currentDays.get('everyDay') ??
                  (current?.mode === 'simple-continuous'
                    ? { steps: [{ startMinute: 0, doseMcgPerDay: current.doseMcgPerDay }], boluses: [] }
                    : null),
                proposed: proposedDays.get(key) ?? null,
              })}
            />
          )}
          <div id="live" aria-live="polite" className="live">
            {proposal === null ? (
              <p className="muted">
                {mode === 'continuous'
                  ? 'Type a dose to see the guardrail.'
                  : 'Edit the schedule to see the guardrail.'}
              </p>
            ) : !proposal.ok ? (
              <p className="error">
                {doseError?.message ??
                  `${fieldErrors.length} field${fieldErrors.length === 1 ? '' : 's'} to correct: see the marked fields.`}
              </p>
            ) : live === null ? null : !live.ok ? (
              <p className="error">{live.message}</p>
            ) : (
              <>
                <p>
                  Live check: <VerdictBadge verdict={live.review.guardrail.verdict} />{' '}
                  {live.review.step === null
                    ? ''
                    : `change ${changePercentText(live.review.step.view.changePercent)}`}
                  {worstDayText(live.review.step?.worstDay ?? null)}
                </p>
                <Reasons
                  reasons={live.review.guardrail.reasons}
                  title="Live guardrail reasons"
                  context={context}
                />
              </>
            )}
          </div>
          <button type="button" onClick={() => void review()} disabled={busy || live === null || !live.ok}>
            Review change
          </button>
        </section>
      ) : null}
      {plan === null &&
        !runsNoProgramme &&
        current?.mode === 'simple-continuous' &&
        mode === 'continuous' && (
          <AdvicePanel
            patientId={patientId}
            trialCount={0}
            current={{
              doseMcgPerDay: current.doseMcgPerDay,
              onUseDose: (mcg) => setDose(apiToInputText(mcg, 'dose-rate', current.drug)),
            }}
          />
        )}
      {plan === null ? null : (
        <FinishPanel
          plan={plan}
          justification={justification}
          onJustification={setJustification}
          busy={busy}
          result={result}
          onConfirm={() => void apply()}
          onBack={backToEdit}
          readBack={readBack}
          context={context}
          patientId={patientId}
          pumpWarning={<ReservoirState board={board} />}
        />
      )}
    </>
  );
}
