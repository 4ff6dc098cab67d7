/**
 * Catheter change (after a revision; docs/clinical-reference.md §3): enter the new catheter — model, implanted length, its
 * volume (read by therapy's parser: "0.088 mL", "88 µL") and tip level — then the plan: the current and the
 * new catheter side by side and the priming bolus that fills it. Priming always warns (drug mixes with the
 * fluid already in the catheter): it needs the name of who supervises the patient. Confirm writes the
 * volume to the pump, starts the priming bolus, and records the new catheter once the pump has it.
 */
import { useEffect, useState } from 'react';
import type { Catheter } from '../../../src/clinic/records.ts';
import type { PrimingResult } from '../../../src/therapy/catheter.ts';
import { api, errorText, type Implant, type Me, type Patient, type Reason, type Verdict } from '../api.ts';
import { usePumpAction } from '../use-pump-action.ts';
import { ErrorNote, Link, Loading, Reasons, VerdictBadge } from '../components.tsx';
import { mL } from '../format.ts';
import { measure, MeasureInput, valueOf } from '../measure-input.tsx';
import { OutcomeView, type Write, type WriteOutcome } from '../outcome-view.tsx';
import { PatientIdentity } from '../PatientBanner.tsx';
import { fetchPumpInUse, noPumpText } from '../pump-in-use.ts';

interface CatheterPlan {
  readonly planId: string;
  readonly current: Catheter;
  readonly next: Catheter;
  readonly priming: PrimingResult['view'];
  readonly guardrail: { readonly verdict: Verdict; readonly reasons: readonly Reason[] };
}

interface CatheterOutcome extends WriteOutcome {
  /** The catheter-volume write (the pump write this outcome is about). */
  readonly catheter?: Write;
  readonly priming?: Write | null;
  readonly implant?: { readonly catheter: Catheter } | null;
}

const catheterText = (c: Catheter) =>
  `${c.model}, ${c.lengthMm / 10} cm, ${mL(c.volumeNl, 3)}, tip at ${c.tipLevel}`;

export function CatheterPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const P = `/api/v1/patients/${encodeURIComponent(patientId)}`;
  const [patient, setPatient] = useState<Patient | null>(null);
  const [implant, setImplant] = useState<Implant | null>(null);
  const [removedAt, setRemovedAt] = useState<number | null>(null);
  const [model, setModel] = useState('');
  const [lengthCm, setLengthCm] = useState('');
  const [volume, setVolume] = useState('');
  const [tip, setTip] = useState('');
  const [plan, setPlan] = useState<CatheterPlan | null>(null);
  const [supervisor, setSupervisor] = useState('');
  const [outcome, setOutcome] = useState<CatheterOutcome | null>(null);
  const { busy, error, setError, run } = usePumpAction(
    'No pump link on this server: the catheter change is unavailable.',
  );

  useEffect(() => {
    Promise.all([api.get<Patient>(P), fetchPumpInUse<Implant>(P)]).then(
      ([p, pump]) => {
        setPatient(p);
        setImplant(pump.implant);
        setRemovedAt(pump.removedAt);
        if (pump.implant !== null) {
          setModel(pump.implant.catheter.model);
          setTip(pump.implant.catheter.tipLevel);
        }
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, [P]);

  if (me.role !== 'physician') return <p>Only physicians change the catheter programme.</p>;
  if (patient === null) return error === null ? <Loading what="the patient" /> : <ErrorNote error={error} />;

  const vol = measure(volume, 'volume', 'mL');
  // The length is read by therapy's parser, as the volume is: with `Number`, "5O" or "50,5" only left the
  // button disabled, with nothing beside the field to say why.
  const length = measure(lengthCm, 'length', 'cm');
  const ready =
    model.trim() !== '' && tip.trim() !== '' && vol?.ok === true && length?.ok === true && length.value > 0;

  return (
    <>
      <h1>Catheter change — {patient.name}</h1>
      <p>
        <Link to={`/patients/${encodeURIComponent(patientId)}`}>Back to the patient</Link>
      </p>
      <PatientIdentity patientId={patientId} />
      <ErrorNote error={error} />
      {implant === null ? (
        <p>{noPumpText(removedAt)}</p>
      ) : (
        <>
          <p>
            Current catheter: {implant.catheter.model}, tip at {implant.catheter.tipLevel}.
          </p>
          <fieldset className="card" disabled={plan !== null}>
            <legend>1. The new catheter (from the operation note)</legend>
            <div className="row">
              <div>
                <label htmlFor="cat-model">Model</label>
                <input id="cat-model" value={model} onChange={(e) => setModel(e.target.value)} />
              </div>
              <div>
                <label htmlFor="cat-length">Implanted length (cm)</label>
                <MeasureInput id="cat-length" value={lengthCm} onChange={setLengthCm} parsed={length} />
              </div>
              <div>
                <label htmlFor="cat-volume">Catheter volume (mL)</label>
                <MeasureInput id="cat-volume" value={volume} onChange={setVolume} parsed={vol} />
              </div>
              <div>
                <label htmlFor="cat-tip">Tip level (e.g. T10)</label>
                <input id="cat-tip" value={tip} onChange={(e) => setTip(e.target.value.toUpperCase())} />
              </div>
            </div>
            <button
              type="button"
              disabled={busy || !ready}
              onClick={() =>
                void run(async () =>
                  setPlan(
                    await api.post<CatheterPlan>(`${P}/pump/catheter/plan`, {
                      model: model.trim(),
                      lengthCm: valueOf(length),
                      volume: valueOf(vol),
                      tipLevel: tip.trim(),
                    }),
                  ),
                )
              }
            >
              Plan the priming bolus
            </button>
          </fieldset>
          {plan !== null && (
            <section className="card" aria-labelledby="cat-plan-h">
              <h2 id="cat-plan-h">2. Check and prime</h2>
              <div className="side-by-side">
                <div>
                  <h3>Current catheter (on record)</h3>
                  <p>{catheterText(plan.current)}</p>
                </div>
                <div>
                  <h3>New catheter</h3>
                  <p>{catheterText(plan.next)}</p>
                </div>
              </div>
              <p>
                Priming bolus: <strong>{plan.priming.primingVolumeMl} mL</strong> (catheter{' '}
                {plan.priming.catheterVolumeMl} mL + pump {plan.priming.pumpDeadVolumeMl} mL){' '}
                <VerdictBadge verdict={plan.guardrail.verdict} />
              </p>
              <Reasons reasons={plan.guardrail.reasons} title="Priming reasons" />
              <label htmlFor="cat-supervisor">Who supervises the patient during priming (required)</label>
              <input
                id="cat-supervisor"
                value={supervisor}
                required
                onChange={(e) => setSupervisor(e.target.value)}
                disabled={outcome !== null}
              />
              <div className="row">
                <button
                  type="button"
                  className="primary"
                  disabled={
                    busy || supervisor.trim() === '' || outcome !== null || plan.guardrail.verdict === 'block'
                  }
                  onClick={() =>
                    void run(async () =>
                      setOutcome(
                        await api.post<CatheterOutcome>(`${P}/pump/catheter/apply`, {
                          planId: plan.planId,
                          confirm: true,
                          supervisedBy: supervisor.trim(),
                        }),
                      ),
                    )
                  }
                >
                  Confirm: set the catheter and prime
                </button>
                <button type="button" disabled={busy || outcome !== null} onClick={() => setPlan(null)}>
                  Back to the catheter
                </button>
              </div>
              {outcome !== null && (
                <div role="status">
                  <OutcomeView
                    outcome={
                      outcome.catheter === undefined ? outcome : { ...outcome, write: outcome.catheter }
                    }
                    caption="Catheter change"
                  />
                  <p>
                    Priming bolus: {outcome.priming?.status ?? 'not started'}. Catheter on record:{' '}
                    {outcome.implant === null || outcome.implant === undefined
                      ? 'NOT updated (the pump did not take the new volume)'
                      : catheterText(outcome.implant.catheter)}
                    .
                  </p>
                </div>
              )}
            </section>
          )}
        </>
      )}
    </>
  );
}
