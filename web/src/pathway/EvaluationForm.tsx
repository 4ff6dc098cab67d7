/**
 * The candidacy evaluation and the multidisciplinary team's decision (`POST P/evaluations`): diagnosis;
 * for spasticity where it is and the oral baclofen tried, for pain the pain questions
 * (EvaluationPainFields.tsx) — the indication starts from the drug in the pump and can be changed for a
 * candidate; goals, each contraindication answered yes or no, and the decision with who decided. The
 * server refuses a decision to proceed during an active infection.
 */
import { useServerNow } from '../use-server-now.ts';
import { useState, type FormEvent } from 'react';
import {
  EVALUATION_INDICATIONS,
  SPASTICITY_DISTRIBUTIONS,
  TEAM_OUTCOMES,
  type Contraindications,
  type EvaluationIndication,
} from '../../../src/clinic/pathway/evaluation-records.ts';
import {
  EvaluationPainFields,
  NO_PAIN_ANSWERS,
  painBody,
  type PainAnswers,
} from './EvaluationPainFields.tsx';

const CONTRA_TEXT: Record<keyof Contraindications, string> = {
  activeInfection: 'Active infection',
  bodyHabitusTooSmall: 'Body habitus too small for the pump',
  uncontrolledSeizures: 'Uncontrolled seizures',
  pregnancy: 'Pregnancy',
  anticoagulation: 'Anticoagulation',
};

export function EvaluationForm(props: {
  readonly etiology: 'spinal' | 'cerebral';
  /** What the therapy is for, from the drug in the pump (spasticity when none is on record yet). */
  readonly indication: EvaluationIndication;
  readonly busy: boolean;
  readonly onSubmit: (body: unknown) => Promise<boolean>;
}) {
  const serverNow = useServerNow();
  const [indication, setIndication] = useState<EvaluationIndication>(props.indication);
  const [pain, setPain] = useState<PainAnswers>(NO_PAIN_ANSWERS);
  const [diagnosis, setDiagnosis] = useState('');
  const [distribution, setDistribution] = useState<(typeof SPASTICITY_DISTRIBUTIONS)[number]>('lower-limbs');
  const [oralMg, setOralMg] = useState('');
  const [oralResponse, setOralResponse] = useState<'none' | 'partial' | 'good'>('partial');
  const [intolerance, setIntolerance] = useState('');
  const [goals, setGoals] = useState('');
  const [contra, setContra] = useState<Contraindications>({
    activeInfection: false,
    bodyHabitusTooSmall: false,
    uncontrolledSeizures: false,
    pregnancy: false,
    anticoagulation: false,
  });
  const [outcome, setOutcome] = useState<(typeof TEAM_OUTCOMES)[number] | 'pending'>('proceed-to-trial');
  const [decidedBy, setDecidedBy] = useState('');
  const [rationale, setRationale] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const mg = Number(oralMg);
    const questions =
      indication === 'pain'
        ? { pain: painBody(pain) }
        : {
            etiology: props.etiology,
            distribution,
            oralBaclofen:
              oralMg === ''
                ? []
                : [{ maxDailyDoseMg: mg, response: oralResponse, intolerance: intolerance.trim() }],
          };
    const ok = await props.onSubmit({
      indication,
      diagnosis: diagnosis.trim(),
      ...questions,
      goals: goals
        .split('\n')
        .map((g) => g.trim())
        .filter((g) => g !== ''),
      contraindications: contra,
      decision:
        outcome === 'pending'
          ? null
          : { outcome, decidedBy: decidedBy.trim(), decidedAt: serverNow(), rationale: rationale.trim() },
    });
    if (ok) setDiagnosis('');
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="eval-h">
      <h2 id="eval-h">Candidacy evaluation and team decision</h2>
      <div className="row">
        <div>
          <label htmlFor="indication">Therapy for</label>
          <select
            id="indication"
            value={indication}
            onChange={(e) => setIndication(e.target.value as EvaluationIndication)}
          >
            {EVALUATION_INDICATIONS.map((i) => (
              <option key={i}>{i}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="dx">Diagnosis</label>
          <input id="dx" required value={diagnosis} onChange={(e) => setDiagnosis(e.target.value)} />
        </div>
      </div>
      {indication === 'pain' ? (
        <EvaluationPainFields value={pain} onChange={setPain} />
      ) : (
        <>
          <div className="row">
            <div>
              <label htmlFor="dist">Spasticity distribution</label>
              <select
                id="dist"
                value={distribution}
                onChange={(e) => setDistribution(e.target.value as typeof distribution)}
              >
                {SPASTICITY_DISTRIBUTIONS.map((d) => (
                  <option key={d}>{d}</option>
                ))}
              </select>
            </div>
          </div>
          <div className="row">
            <div>
              <label htmlFor="oral">Oral baclofen tried, highest dose (mg/day; empty = not tried)</label>
              <input
                id="oral"
                inputMode="decimal"
                value={oralMg}
                onChange={(e) => setOralMg(e.target.value)}
              />
            </div>
            <div>
              <label htmlFor="oral-resp">Response to oral baclofen</label>
              <select
                id="oral-resp"
                value={oralResponse}
                onChange={(e) => setOralResponse(e.target.value as typeof oralResponse)}
              >
                <option>none</option>
                <option>partial</option>
                <option>good</option>
              </select>
            </div>
            <div>
              <label htmlFor="intol">Intolerance (side effects that limited the dose)</label>
              <input id="intol" value={intolerance} onChange={(e) => setIntolerance(e.target.value)} />
            </div>
          </div>
        </>
      )}
      <label htmlFor="goals">Goals of therapy (one per line)</label>
      <textarea id="goals" rows={2} required value={goals} onChange={(e) => setGoals(e.target.value)} />
      <fieldset>
        <legend>Contraindications and cautions (tick what is present)</legend>
        {(Object.keys(CONTRA_TEXT) as (keyof Contraindications)[]).map((k) => (
          <label key={k} className="check">
            <input
              type="checkbox"
              checked={contra[k]}
              onChange={(e) => setContra((c) => ({ ...c, [k]: e.target.checked }))}
            />{' '}
            {CONTRA_TEXT[k]}
          </label>
        ))}
      </fieldset>
      <div className="row">
        <div>
          <label htmlFor="outcome">Team decision</label>
          <select id="outcome" value={outcome} onChange={(e) => setOutcome(e.target.value as typeof outcome)}>
            {TEAM_OUTCOMES.map((o) => (
              <option key={o}>{o}</option>
            ))}
            <option value="pending">not decided yet</option>
          </select>
        </div>
        <div>
          <label htmlFor="by">Decided by (names and roles)</label>
          <input
            id="by"
            required={outcome !== 'pending'}
            value={decidedBy}
            onChange={(e) => setDecidedBy(e.target.value)}
          />
        </div>
      </div>
      <label htmlFor="why">Rationale</label>
      <textarea
        id="why"
        rows={2}
        required={outcome !== 'pending'}
        value={rationale}
        onChange={(e) => setRationale(e.target.value)}
      />
      <button type="submit" disabled={props.busy}>
        Save evaluation
      </button>
    </form>
  );
}
