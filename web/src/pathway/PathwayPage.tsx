/**
 * A patient's care pathway (docs/workflows.md "Care pathway"): the stage the records put them at, and the
 * step that comes next — the team's evaluation and decision, the screening trial (its own page), the
 * implant procedure with the first programme from the trial, the post-operative checks, the battery and
 * replacement, and the pumps explanted. Data and writes: use-pathway.ts.
 */
import { PATHWAY_STAGES } from '../../../src/clinic/pathway/stage.ts';
import { TRIAL_STEP_TEXT } from '../../../src/clinic/pathway/trial-next-step.ts';
import type { Me } from '../api.ts';
import { ErrorNote, Link, Loading } from '../components.tsx';
import { doseText } from '../../../src/therapy/drug-display.ts';
import { getDrug } from '../../../src/therapy/drug-library.ts';
import { NG_PER_MCG, calendarDate, dateTime } from '../format.ts';
import { EvaluationForm } from './EvaluationForm.tsx';
import { FirstProgrammeForm } from './FirstProgrammeForm.tsx';
import { ImplantForm } from './ImplantForm.tsx';
import { PostOpDueList, PostOpForm } from './PostOpForm.tsx';
import { BatteryPanel, ExplantForm } from './ReplacementPanel.tsx';
import { ReplacementForm } from './ReplacementForm.tsx';
import { usePathway } from './use-pathway.ts';

export function PathwayPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const { patient, implants, view, drug, error, status, from, busy, send, edited } = usePathway(patientId);
  // The outcome of a write, beside the form it came from (one status region on the page at a time).
  const outcome = (form: string | null) =>
    from === form && (
      <>
        <p role="status">{status}</p>
        <ErrorNote error={error} />
      </>
    );
  if (patient === null || view === null)
    return error === null ? <Loading what="the pathway" /> : <ErrorNote error={error} />;
  const base = `/patients/${encodeURIComponent(patientId)}`;
  const physician = me.role === 'physician';
  const clinician = physician || me.role === 'nurse';
  const active = implants.find((i) => i.id === view.activeImplantId) ?? null;
  const explanted = new Set(view.explants.map((e) => e.implantId));
  const inPlace = implants
    .filter((i) => !explanted.has(i.id))
    .sort((a, b) => a.implantDate.localeCompare(b.implantDate));
  const stageIndex = PATHWAY_STAGES.indexOf(view.stage);
  const startDoseMcg = view.firstProgramme?.dailyDoseMcg ?? null;

  // Any edit or submission in one of the page's forms takes the server's last refusal away (use-pathway.ts
  // `edited`): captured here, for every form, before the form's own handler runs.
  return (
    <div onChangeCapture={edited} onSubmitCapture={edited}>
      <h1>
        Care pathway — {patient.name} <span className="muted">MRN {patient.mrn}</span>
      </h1>
      <p>
        <Link to={base}>Back to the patient</Link>
      </p>
      <section className="card" aria-labelledby="stage-h">
        <h2 id="stage-h">
          Stage: <span data-testid="pathway-stage">{view.stage}</span>
        </h2>
        <p>{view.detail}</p>
        <ol className="stages" aria-label="Pathway stages">
          {PATHWAY_STAGES.map((s, i) => (
            <li key={s} aria-current={i === stageIndex ? 'step' : undefined}>
              {i === stageIndex ? <strong>{s}</strong> : s}
            </li>
          ))}
        </ol>
        {outcome(null)}
      </section>

      <section className="card" aria-labelledby="decision-h">
        <h2 id="decision-h">Evaluation and team decision</h2>
        {view.decision === null ? (
          <p>No team decision recorded: the screening trial cannot be booked yet.</p>
        ) : (
          <p>
            Decision in force: <strong>{view.decision.outcome}</strong> by {view.decision.decidedBy} on{' '}
            {dateTime(view.decision.decidedAt)} — {view.decision.rationale}
          </p>
        )}
        {physician && (
          <EvaluationForm
            etiology={patient.etiology}
            indication={drug !== null && getDrug(drug).treats === 'pain' ? 'pain' : 'spasticity'}
            busy={busy}
            onSubmit={(body) => send('/evaluations', body, () => 'Evaluation saved.', 'evaluation')}
          />
        )}
        {outcome('evaluation')}
      </section>

      <section className="card" aria-labelledby="trial-h">
        <h2 id="trial-h">Screening trial and first programme</h2>
        <p>
          <Link to={`${base}/trial`}>Screening trial page</Link>
        </p>
        {view.trialNext !== null && (
          <p data-testid="trial-next">
            <strong>Next: </strong>
            {TRIAL_STEP_TEXT[view.trialNext.item]} (due from {dateTime(view.trialNext.dueAt)}).
          </p>
        )}
        {view.firstProgramme === null ? (
          <p>No responding trial yet: no start dose.</p>
        ) : (
          <p>
            First programme (label rule, {view.firstProgramme.rule === 'double' ? '2×' : '1×'} the effective
            screening dose):{' '}
            <strong>
              {view.firstProgramme.dailyDoseMcg === null
                ? '—'
                : doseText(view.firstProgramme.dailyDoseMcg * NG_PER_MCG, 'baclofen')}
            </strong>{' '}
            for the first 24 hours, no increase within them.
          </p>
        )}
        {physician && view.stage === 'implanted' && active !== null && startDoseMcg !== null && (
          <FirstProgrammeForm
            doseMcgPerDay={startDoseMcg}
            implantId={active.id}
            busy={busy}
            onSubmit={(body) =>
              send(
                '/prescriptions',
                body,
                () => 'First programme prescribed: program the pump from the Programming page.',
                'first-programme',
              )
            }
          />
        )}
        {outcome('first-programme')}
      </section>

      <section className="card" aria-labelledby="implant-sec-h">
        <h2 id="implant-sec-h">Implant and post-operative care</h2>
        {active === null ? (
          <p>No pump in place.</p>
        ) : (
          <p>
            Pump {active.pumpSerial} ({active.deviceProfileId}) implanted {calendarDate(active.implantDate)};
            catheter {active.catheter.model}, tip {active.catheter.tipLevel}.
          </p>
        )}
        {physician && active === null && (
          <ImplantForm
            busy={busy}
            onSubmit={(body) =>
              send('/implant-procedure', body, () => 'Implant saved; pump paired.', 'implant')
            }
          />
        )}
        {outcome('implant')}
        {active !== null && (
          <p>
            <Link to={`${base}/priming`}>Priming bolus</Link> (after the implant or a catheter revision)
          </p>
        )}
        {active !== null && <PostOpDueList due={view.postOpDue} />}
        {active !== null && clinician && view.postOpDue.length > 0 && (
          <PostOpForm
            due={view.postOpDue}
            busy={busy}
            onSubmit={(body) =>
              send(
                `/implants/${encodeURIComponent(active.id)}/postop-checks`,
                body,
                (rec) => {
                  const concerns = (rec['concerns'] as string[] | undefined) ?? [];
                  return concerns.length === 0
                    ? 'Check saved: nothing of concern.'
                    : `Check saved. Attention: ${concerns.join('; ')}`;
                },
                'postop',
              )
            }
          />
        )}
        {outcome('postop')}
      </section>

      <section className="card" aria-labelledby="battery-h">
        <h2 id="battery-h">Battery and replacement</h2>
        <BatteryPanel battery={view.battery} />
        {physician && active !== null && view.battery?.plan.due === true && (
          <ReplacementForm
            key={active.id}
            patientId={patientId}
            old={active}
            busy={busy}
            onSubmit={(body) =>
              send(
                `/implants/${encodeURIComponent(active.id)}/replacement`,
                body,
                () =>
                  'Replacement recorded: new pump, its programme and the explant in one record. The new pump ' +
                  'runs no programme until it is sent: program it now (Programming page), then give the priming bolus.',
                'replacement',
              )
            }
          />
        )}
        {outcome('replacement')}
        {physician && inPlace.length > 0 && (
          <ExplantForm
            key={inPlace.map((i) => i.id).join()}
            implants={inPlace}
            busy={busy}
            onSubmit={(implantId, body) =>
              send(
                `/implants/${encodeURIComponent(implantId)}/explant`,
                body,
                () => 'Explant saved.',
                'explant',
              )
            }
          />
        )}
        {outcome('explant')}
        {view.explants.length > 0 && (
          <>
            <h3>Explanted pumps (history kept under each implant)</h3>
            <ul aria-label="Explanted pumps">
              {view.explants.map((e) => (
                <li key={e.id}>
                  {implants.find((i) => i.id === e.implantId)?.pumpSerial ?? e.implantId} — {e.reason},{' '}
                  {dateTime(e.at)}; catheter {e.catheter}
                  {e.replacementImplantId !== null &&
                    `; replaced by ${implants.find((i) => i.id === e.replacementImplantId)?.pumpSerial ?? '?'}`}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}
