/**
 * /patients/:id/troubleshoot — guided troubleshooting, recorded (docs/troubleshooting.md): choose the
 * symptom with the findings pre-filled from the latest interrogation and refill, and whether there are
 * new neurological signs (on an intrathecal opioid they point at a catheter-tip granuloma, H41), see the
 * causes in the guide's order with why, record each step's result (the causes re-rank), and close the
 * episode with the cause found, one of its remedies and the outcome. Data and writes: use-troubleshoot.ts.
 */
import { useState } from 'react';
import type { DrugId } from '../../../src/therapy/drug.ts';
import { getDrug } from '../../../src/therapy/drug-library.ts';
import type { Me } from '../api.ts';
import { Link } from '../components.tsx';
import { dateTime } from '../format.ts';
import type { DiagnosticStep } from '../../../src/therapy/troubleshoot/causes.ts';
import { useTroubleshoot, type EpisodeAnswer } from './use-troubleshoot.ts';
import { noPumpText } from '../pump-in-use.ts';
import { STEP_CHOICES } from './step-results.ts';
import { residualDifferenceMl } from './residual-difference.ts';
import { useActorNames } from '../use-actor-names.ts';

/**
 * The presentations, in the words of the drug in the pump: the guide's "more spasticity" is a loss of
 * effect, which for a pain drug is more pain (and on an opioid leads to the granuloma, H41).
 */
const symptoms = (drug: DrugId | null) =>
  [
    [
      'more-spasticity',
      drug !== null && getDrug(drug).treats === 'pain'
        ? 'Loss of effect: more pain than expected'
        : 'More spasticity than expected',
    ],
    ['pump-site-swelling', 'Unusual feelings or swelling at the pump site'],
    ['leakage', 'Leakage'],
  ] as const;
const OUTCOMES = ['resolved', 'improved', 'unchanged', 'referred', 'worse'] as const;

function Causes({ ep }: { readonly ep: EpisodeAnswer }) {
  return (
    <ol aria-label="Likely causes">
      {ep.plan.candidates.slice(0, 5).map((c) => (
        <li key={c.id} data-cause={c.id}>
          <strong>{c.title}</strong> — if missed: {c.danger}
          {c.because.length > 0 && <div className="muted">because {c.because.join('; ')}</div>}
        </li>
      ))}
    </ol>
  );
}

function StepForm(props: {
  readonly step: DiagnosticStep;
  readonly busy: boolean;
  readonly onRecord: (result: string, findings: Record<string, unknown>) => Promise<boolean>;
}) {
  const { step } = props;
  const choices = STEP_CHOICES[step.id];
  const [text, setText] = useState('');
  const residual = step.id === 'reconcile-residual';
  // The residual difference is a number: a slip is said beside the field and nothing is recorded.
  const slip = residual && text.trim() !== '' ? residualDifferenceMl(text) : null;
  return (
    <li>
      <strong>{step.title}</strong>: {step.how}
      <ul>
        {step.results.map((r) => (
          <li key={r.result}>
            {r.result} → {r.meaning}
          </li>
        ))}
      </ul>
      {choices !== undefined ? (
        choices.map((c) => (
          <button
            key={c.label}
            type="button"
            disabled={props.busy}
            onClick={() => void props.onRecord(c.label, c.findings)}
          >
            {c.label}
          </button>
        ))
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!residual) return void props.onRecord(text.trim(), {});
            if (slip === null || !slip.ok) return;
            void props.onRecord(`measured minus calculated ${slip.value} mL`, {
              residualDiscrepancyMl: slip.value,
            });
          }}
        >
          <label>
            {residual ? 'Measured minus calculated residual (mL)' : 'Result'}
            <input
              value={text}
              onChange={(e) => setText(e.target.value)}
              required
              aria-invalid={slip !== null && !slip.ok}
              {...(slip !== null && !slip.ok ? { 'aria-describedby': `${step.id}-error` } : {})}
            />
          </label>
          {slip !== null && !slip.ok && (
            <span id={`${step.id}-error`} className="error" role="alert">
              {slip.message}
            </span>
          )}
          <button type="submit" disabled={props.busy || (slip !== null && !slip.ok)}>
            Record result
          </button>
        </form>
      )}
    </li>
  );
}

function CloseForm(props: {
  readonly ep: EpisodeAnswer;
  readonly busy: boolean;
  readonly onClose: (b: { cause: never; remedy: string; outcome: string; note: string }) => void;
}) {
  const first = props.ep.plan.candidates[0]!;
  const [cause, setCause] = useState<string>(first.id);
  const chosen = props.ep.plan.candidates.find((c) => c.id === cause) ?? first;
  const [remedy, setRemedy] = useState('');
  const [outcome, setOutcome] = useState<string>('improved');
  const [note, setNote] = useState('');
  return (
    <form
      aria-labelledby="close-h"
      onSubmit={(e) => {
        e.preventDefault();
        props.onClose({ cause: cause as never, remedy: remedy || chosen.remedies[0]!, outcome, note });
      }}
    >
      <h3 id="close-h">Close the episode</h3>
      <label>
        Cause found
        <select
          value={cause}
          onChange={(e) => {
            // A remedy belongs to its cause: a new cause starts from its own first remedy.
            setCause(e.target.value);
            setRemedy('');
          }}
        >
          {props.ep.plan.candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        Remedy
        <select
          value={remedy || chosen.remedies[0]}
          onChange={(e) => setRemedy(e.target.value)}
          style={{ maxWidth: '100%' }}
        >
          {chosen.remedies.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label>
        Outcome
        <select value={outcome} onChange={(e) => setOutcome(e.target.value)}>
          {OUTCOMES.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </label>
      <label>
        Note
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit" disabled={props.busy}>
        Close episode
      </button>
    </form>
  );
}

export function TroubleshootPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  // A viewer who followed a link here was shown the patient page without a word.
  if (me.role !== 'physician' && me.role !== 'nurse')
    return <p>Only physicians and nurses troubleshoot a pump.</p>;
  return <Troubleshoot patientId={patientId} />;
}

function Troubleshoot({ patientId }: { readonly patientId: string }) {
  const t = useTroubleshoot(patientId);
  const [chosen, setSymptom] = useState<string | null>(null);
  const [neuro, setNeuro] = useState(false);
  // The diary's symptom until the clinician chooses one.
  const symptom = chosen ?? t.prefill?.symptom ?? 'more-spasticity';
  const ep = t.current;
  const who = useActorNames(
    [...t.episodes, ...(ep === null ? [] : [ep])].flatMap((e) => [
      e.openedBy,
      ...e.steps.map((s) => s.by),
      ...(e.closed === null ? [] : [e.closed.by]),
    ]),
  );
  return (
    <>
      <h1>Troubleshooting {t.patient === null ? '' : `— ${t.patient.name}`}</h1>
      <p>
        <Link to={`/patients/${encodeURIComponent(patientId)}`}>Back to the patient</Link>
      </p>
      {t.removedAt !== null && (
        <p role="note">
          {noPumpText(t.removedAt)} The guide looks for faults of a pump and catheter in place; findings of
          the removed pump are not pre-filled.
        </p>
      )}
      {t.error !== null && (
        <p role="alert" className="error">
          {t.error}
        </p>
      )}
      {t.patient === null ? null : ep === null ? (
        <form
          aria-labelledby="open-h"
          onSubmit={(e) => {
            e.preventDefault();
            if (t.prefill !== null) void t.open(symptom, { ...t.prefill.findings, neurologicalSigns: neuro });
          }}
        >
          <h2 id="open-h">What does the patient present with?</h2>
          {symptoms(t.drug).map(([id, label]) => (
            <label key={id} className="check">
              <input type="radio" name="symptom" checked={symptom === id} onChange={() => setSymptom(id)} />
              {label}
            </label>
          ))}
          <label className="check">
            <input type="checkbox" checked={neuro} onChange={(e) => setNeuro(e.target.checked)} />
            New neurological signs: weakness, numbness, a bowel or bladder change, or pain at the catheter
            tip’s level
          </label>
          {t.prefill !== null && <p className="muted">Pre-filled from: {t.prefill.sources.join('; ')}.</p>}
          <button type="submit" disabled={t.busy || t.prefill === null}>
            Start troubleshooting
          </button>
        </form>
      ) : (
        <section aria-labelledby="ep-h">
          <h2 id="ep-h">
            {symptoms(t.drug).find(([id]) => id === ep.symptom)?.[1]} — opened {dateTime(ep.openedAt)} by{' '}
            {who(ep.openedBy)}
          </h2>
          <h3>Causes, most likely first (ties go to the more dangerous)</h3>
          <Causes ep={ep} />
          {ep.steps.length > 0 && (
            <>
              <h3>Steps done</h3>
              <ul aria-label="Steps done">
                {ep.steps.map((s, i) => (
                  <li key={i}>
                    {dateTime(s.at)} {s.step.replaceAll('-', ' ')}: {s.result} ({who(s.by)})
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3>Next steps to tell them apart</h3>
          <ol aria-label="Next steps">
            {ep.plan.nextSteps.map((s) => (
              <StepForm
                key={s.id}
                step={s}
                busy={t.busy}
                onRecord={(result, findings) => t.step(ep.id, { step: s.id, result, findings })}
              />
            ))}
          </ol>
          <CloseForm ep={ep} busy={t.busy} onClose={(b) => void t.close(ep.id, b)} />
        </section>
      )}
      {t.patient !== null && <h2>Recorded episodes</h2>}
      <ul aria-label="Recorded episodes">
        {t.episodes
          .filter((e) => e.closed !== null)
          .map((e) => (
            <li key={e.id}>
              {dateTime(e.openedAt)} {e.symptom.replaceAll('-', ' ')}: {e.closed!.cause.replaceAll('-', ' ')}{' '}
              — {e.closed!.remedy} — outcome <strong>{e.closed!.outcome}</strong> ({who(e.closed!.by)})
            </li>
          ))}
      </ul>
    </>
  );
}
