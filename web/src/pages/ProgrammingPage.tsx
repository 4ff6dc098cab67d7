/**
 * Programming: interrogate the pump, edit the prescription — one continuous daily dose, or a flex schedule
 * (steps over the day, periodic boluses, weekday variants) — with LIVE guardrail feedback computed in the
 * browser by the server's own pure code (therapy/units.ts and time-of-day.ts parse what is typed,
 * therapy/prescription-change.ts judges it as rules and as a titration step), then the Finish screen: what
 * the pump runs beside what would be sent, field by field, the server's plan verdict, confirm (a warning
 * needs a written justification; a block cannot be confirmed), and the pump's read-back.
 */
import { useEffect, useMemo, useState } from 'react';
import { rulesAgeOf } from '../../../src/clinic/records.ts';
import { ItbError } from '../../../src/therapy/codes.ts';
import { reviewPrescriptionChange } from '../../../src/therapy/prescription-change.ts';
import {
  prescriptionFromJson,
  WEEKDAY_NAMES,
  type PrescriptionJson,
} from '../../../src/therapy/prescription-json.ts';
import type { Weekday } from '../../../src/therapy/prescription.ts';
import { MS_PER_HOUR, NG_PER_MCG } from '../../../src/therapy/quantities.ts';
import type { TitrationPhase } from '../../../src/therapy/titration.ts';
import { parseAs } from '../../../src/therapy/units.ts';
import { api, errorText, isMissingRoute, type Me, type Patient, type PrescriptionRecord } from '../api.ts';
import { SnapshotView } from '../snapshot-view.tsx';
import { ErrorNote, Link, Loading, Reasons, VerdictBadge } from '../components.tsx';
import {
  DAY_LABEL,
  draftFromPrescription,
  prescriptionFromDraft,
  type FieldError,
  type FlexDraft,
} from '../flex-draft.ts';
import { FlexEditor } from '../FlexEditor.tsx';
import { parsed } from '../parsed.ts';
import type { WriteOutcome } from '../outcome-view.tsx';
import { flexDays, PrescriptionView } from '../prescription-view.tsx';
import { changePercentText, FinishPanel, type Plan } from '../FinishPanel.tsx';

type Mode = 'continuous' | 'flex';

/** What the editor proposes: a whole prescription, or the fields that do not parse. */
type Proposal =
  | { readonly ok: true; readonly prescription: PrescriptionJson }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/** A continuous dose typed in the dose field, with the drug and concentration the pump holds now. */
function continuousProposal(head: PrescriptionJson, dose: string): Proposal | null {
  if (dose.trim() === '' || head.mode === 'stopped') return null;
  const q = parsed(() => parseAs(dose, 'dose-rate', 'mcg/day'));
  if (!q.ok) return { ok: false, errors: [{ field: 'dose', message: q.message }] };
  return {
    ok: true,
    prescription: {
      mode: 'simple-continuous',
      drug: head.drug,
      concentrationMcgPerMl: head.concentrationMcgPerMl,
      doseMcgPerDay: q.value.ngPerDay / NG_PER_MCG,
    },
  };
}

const worstDayText = (w: Weekday | null) => {
  const name = w === null ? undefined : WEEKDAY_NAMES[w];
  return name === undefined ? '' : ` (worst day: ${DAY_LABEL[name]})`;
};
export function ProgrammingPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const P = `/api/v1/patients/${encodeURIComponent(patientId)}`;
  const [patient, setPatient] = useState<Patient | null>(null);
  const [head, setHead] = useState<PrescriptionRecord | null>(null);
  /** The server's clock when `head` was read: "hours since the last change" runs on the server's clock. */
  const [asOf, setAsOf] = useState(() => Date.now());
  const [error, setError] = useState<string | null>(null);
  const [snapshot, setSnapshot] = useState<Record<string, unknown> | null>(null);
  const [mode, setMode] = useState<Mode>('continuous');
  const [dose, setDose] = useState('');
  const [draft, setDraft] = useState<FlexDraft | null>(null);
  const [phase, setPhase] = useState<TitrationPhase>('titration');
  const [plan, setPlan] = useState<Plan | null>(null);
  const [justification, setJustification] = useState('');
  const [result, setResult] = useState<WriteOutcome | null>(null);
  const [busy, setBusy] = useState(false);

  const loadHead = async () => {
    const c = await api.get<{ current: PrescriptionRecord | null; asOf?: number }>(
      `${P}/prescriptions/current`,
    );
    setHead(c.current);
    setAsOf(c.asOf ?? Date.now());
    setDraft(c.current === null ? null : draftFromPrescription(c.current.prescription));
    if (c.current?.prescription.mode === 'flex') setMode('flex');
  };

  useEffect(() => {
    Promise.all([api.get<Patient>(P), loadHead()]).then(
      ([p]) => setPatient(p),
      (e: unknown) => setError(errorText(e)),
    );
  }, [P]);

  const proposal: Proposal | null = useMemo(() => {
    if (head === null) return null;
    if (mode === 'continuous') return continuousProposal(head.prescription, dose);
    return draft === null ? null : prescriptionFromDraft(draft);
  }, [head, mode, dose, draft]);

  // LIVE: the same pure review the server runs (rules + titration step, worst weekday), on every keystroke.
  const live = useMemo(() => {
    if (proposal === null || !proposal.ok || patient === null || head === null) return null;
    const ageYears = rulesAgeOf(patient.ageBand);
    try {
      return {
        ok: true as const,
        review: reviewPrescriptionChange({
          before: prescriptionFromJson(head.prescription),
          after: prescriptionFromJson(proposal.prescription),
          origin: patient.etiology,
          ...(ageYears === undefined ? {} : { ageYears }),
          hoursSinceLastChange: Math.max(0, (asOf - head.createdAt) / MS_PER_HOUR),
          phase,
        }),
      };
    } catch (e) {
      return { ok: false as const, message: e instanceof ItbError ? e.message : errorText(e) };
    }
  }, [proposal, patient, head, phase, asOf]);

  if (me.role !== 'physician') return <p>Only physicians program doses.</p>;
  if (patient === null) return error === null ? <Loading what="the patient" /> : <ErrorNote error={error} />;

  const interrogate = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<{ snapshot: Record<string, unknown> }>(`${P}/pump/interrogate`);
      setSnapshot(res.snapshot);
    } catch (e) {
      setError(
        isMissingRoute(e) ? 'No pump link on this server: interrogation is unavailable.' : errorText(e),
      );
    } finally {
      setBusy(false);
    }
  };

  const review = async () => {
    if (proposal === null || !proposal.ok) return;
    setBusy(true);
    setError(null);
    try {
      setPlan(await api.post<Plan>(`${P}/pump/titration/plan`, { proposed: proposal.prescription, phase }));
    } catch (e) {
      if (isMissingRoute(e) && live?.ok === true) {
        // No pump link: the Finish screen still shows the browser's check; confirming records nothing.
        setPlan({
          planId: '',
          review: {
            current: head?.prescription ?? null,
            pending: proposal.prescription,
            diff: null,
            changePercent: live.review.step?.view.changePercent ?? null,
          },
          guardrail: live.review.guardrail,
        });
        setError('No pump link on this server: the check below is the browser’s; the change cannot be sent.');
      } else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (plan === null) return;
    setBusy(true);
    setError(null);
    try {
      setResult(
        await api.post<WriteOutcome>(`${P}/pump/titration/apply`, {
          planId: plan.planId,
          confirm: true,
          ...(justification.trim() === '' ? {} : { justification: justification.trim() }),
        }),
      );
      // What is "current" has changed (or may have): show the record and the pump as they are now, so the
      // next Finish screen compares against the programme really running, not the one before this write.
      const [, res] = await Promise.all([
        loadHead(),
        api.post<{ snapshot: Record<string, unknown> }>(`${P}/pump/interrogate`),
      ]);
      setSnapshot(res.snapshot);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const fieldErrors = proposal !== null && !proposal.ok ? proposal.errors : [];
  const doseError = fieldErrors.find((f) => f.field === 'dose');
  const current = head?.prescription ?? null;
  const proposedDays = new Map(proposal?.ok === true ? flexDays(proposal.prescription) : []);
  const currentDays = new Map(current === null ? [] : flexDays(current));

  return (
    <>
      <h1>Programming — {patient.name}</h1>
      <p>
        <Link to={`/patients/${encodeURIComponent(patientId)}`}>Back to the patient</Link>
      </p>
      <ErrorNote error={error} />
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
                <label htmlFor="dose">Proposed daily dose (with unit, e.g. 450 mcg/day)</label>
                <input
                  id="dose"
                  value={dose}
                  onChange={(e) => setDose(e.target.value)}
                  aria-describedby="live"
                  autoComplete="off"
                />
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
                <Reasons reasons={live.review.guardrail.reasons} title="Live guardrail reasons" />
              </>
            )}
          </div>
          <button type="button" onClick={() => void review()} disabled={busy || live === null || !live.ok}>
            Review change
          </button>
        </section>
      ) : (
        <FinishPanel
          plan={plan}
          justification={justification}
          onJustification={setJustification}
          busy={busy}
          result={result}
          onConfirm={() => void apply()}
          onBack={() => {
            setPlan(null);
            setResult(null);
            setJustification('');
          }}
        />
      )}
    </>
  );
}
