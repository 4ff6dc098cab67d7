/**
 * The refill wizard: the critical actions as steps (interrogate, locate the port, needle at the stop,
 * drain the residual, no leak, reservoir port confirmed), then the measurements, the server's plan —
 * reconciliation with a clear verdict and what to do next, the bridge when the concentration changes, the
 * projection and the next refill date — and apply (`/pump/refill/plan`, `/pump/refill/apply`).
 */
import { useState } from 'react';
import { api, type Me, type Reason, type Verdict } from '../api.ts';
import { measure, MeasureInput, valueOf } from '../measure-input.tsx';
import { OutcomeView, type WriteOutcome } from '../outcome-view.tsx';
import { SnapshotView } from '../snapshot-view.tsx';
import {
  BridgeFacts,
  PlanSteps,
  ProjectionFacts,
  type BridgeView,
  type PlanStep,
  type Projection,
} from '../refill-plan-view.tsx';
import { usePumpAction } from '../use-pump-action.ts';
import { ErrorNote, Link, Reasons, VerdictBadge } from '../components.tsx';
import { dateTime } from '../format.ts';

const CHECKS = [
  ['portLocated', 'Refill port located by template (not the catheter access port)'],
  ['needleAtStop', 'Needle through the septum, resting on the needle stop'],
  ['residualDrained', 'Residual drug fully drained and its volume measured'],
  ['noLeak', 'No leak and no swelling at the pocket'],
  ['reservoirPortConfirmed', 'Reservoir port confirmed by aspiration before injecting'],
] as const;
type CheckKey = (typeof CHECKS)[number][0];

interface RefillPlan {
  readonly planId: string;
  readonly steps?: readonly PlanStep[];
  readonly stopped?: unknown;
  readonly reconciliation?: {
    readonly verdict?: Verdict;
    readonly reasons?: readonly Reason[];
    readonly [k: string]: unknown;
  };
  readonly bridge?: { readonly view: BridgeView } | null;
  readonly projection?: Projection | null;
  readonly bookAt?: number | string | null;
  readonly guardrail?: { readonly verdict?: Verdict };
}

const NEXT_STEP: Record<Verdict, string> = {
  ok: 'Residual matches the calculation: continue with the refill.',
  warn: 'Residual differs from the calculation: check for under- or over-delivery, write an explanation, and watch the patient for withdrawal or overdose signs.',
  block:
    'Residual does not reconcile: do not refill blindly. Suspect catheter or pump failure or a pocket fill; assess the patient and escalate to the physician.',
};

const text = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);

export function RefillPage({ patientId, me }: { readonly patientId: string; readonly me: Me }) {
  const P = `/api/v1/patients/${encodeURIComponent(patientId)}`;
  const [snapshot, setSnapshot] = useState<Record<string, unknown> | null>(null);
  const [checks, setChecks] = useState<Record<CheckKey, boolean>>({
    portLocated: false,
    needleAtStop: false,
    residualDrained: false,
    noLeak: false,
    reservoirPortConfirmed: false,
  });
  const [residual, setResidual] = useState('');
  const [volume, setVolume] = useState('20');
  const [conc, setConc] = useState('500');
  const [lot, setLot] = useState('');
  const [explanation, setExplanation] = useState('');
  const [plan, setPlan] = useState<RefillPlan | null>(null);
  const [applied, setApplied] = useState<WriteOutcome | null>(null);
  const { busy, error, run } = usePumpAction(
    'No pump link on this server: the refill wizard is unavailable.',
  );

  if (me.role !== 'physician' && me.role !== 'nurse') return <p>Only nurses and physicians refill pumps.</p>;

  const allChecked = snapshot !== null && CHECKS.every(([k]) => checks[k]);
  // Parsed by therapy's own parser (a bare number is read in the field's unit; "2 mg/mL" or "18 ml" too).
  const measured = {
    residual: measure(residual, 'volume', 'mL'),
    volume: measure(volume, 'volume', 'mL'),
    conc: measure(conc, 'concentration', 'mcg/mL'),
  };
  const numbersOk = Object.values(measured).every((m) => m !== null && m.ok) && lot.trim() !== '';
  const verdict = plan?.reconciliation?.verdict;
  const stopped =
    plan !== null && plan.stopped !== undefined && plan.stopped !== null && plan.stopped !== false;

  return (
    <>
      <h1>Refill wizard</h1>
      <p>
        <Link to={`/patients/${encodeURIComponent(patientId)}`}>Back to the patient</Link>
      </p>
      <ErrorNote error={error} />
      <section className="card" aria-labelledby="r1">
        <h2 id="r1">Step 1 — Interrogate</h2>
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void run(async () =>
              setSnapshot(
                (await api.post<{ snapshot: Record<string, unknown> }>(`${P}/pump/interrogate`)).snapshot,
              ),
            )
          }
        >
          Interrogate pump
        </button>
        {snapshot !== null && <SnapshotView snapshot={snapshot} />}
      </section>

      <fieldset className="card" disabled={snapshot === null || plan !== null}>
        <legend>Step 2 — Critical actions (tick each as done)</legend>
        {CHECKS.map(([k, label]) => (
          <div key={k} className="check">
            <input
              id={`c-${k}`}
              type="checkbox"
              checked={checks[k]}
              onChange={(e) => setChecks({ ...checks, [k]: e.target.checked })}
            />
            <label htmlFor={`c-${k}`}>{label}</label>
          </div>
        ))}
      </fieldset>

      <fieldset className="card" disabled={!allChecked || plan !== null}>
        <legend>Step 3 — Measurements</legend>
        <div className="row">
          <div>
            <label htmlFor="residual">Measured residual (mL)</label>
            <MeasureInput id="residual" value={residual} onChange={setResidual} parsed={measured.residual} />
          </div>
          <div>
            <label htmlFor="volume">Volume to add (mL)</label>
            <MeasureInput id="volume" value={volume} onChange={setVolume} parsed={measured.volume} />
          </div>
          <div>
            <label htmlFor="conc">Concentration (mcg/mL)</label>
            <MeasureInput id="conc" value={conc} onChange={setConc} parsed={measured.conc} />
          </div>
          <div>
            <label htmlFor="lot">Drug lot</label>
            <input id="lot" value={lot} onChange={(e) => setLot(e.target.value)} />
          </div>
        </div>
        <label htmlFor="expl">Explanation (if the residual differs from the calculation)</label>
        <textarea id="expl" rows={2} value={explanation} onChange={(e) => setExplanation(e.target.value)} />
        <button
          type="button"
          disabled={busy || !numbersOk}
          onClick={() =>
            void run(async () =>
              setPlan(
                await api.post<RefillPlan>(`${P}/pump/refill/plan`, {
                  measuredResidualMl: valueOf(measured.residual),
                  volumeMl: valueOf(measured.volume),
                  concentrationMcgPerMl: valueOf(measured.conc),
                  lot: lot.trim(),
                  confirmations: { interrogated: true, ...checks },
                  ...(explanation.trim() === '' ? {} : { explanation: explanation.trim() }),
                }),
              ),
            )
          }
        >
          Reconcile and plan
        </button>
      </fieldset>

      {plan !== null && (
        <section className="card" aria-labelledby="r4">
          <h2 id="r4">Step 4 — Reconciliation and plan</h2>
          {verdict !== undefined && (
            <div className={`result result-${verdict}`}>
              <p>
                Reconciliation: <VerdictBadge verdict={verdict} />
              </p>
              <p>
                <strong>What to do next:</strong> {NEXT_STEP[verdict]}
              </p>
              <Reasons reasons={plan.reconciliation?.reasons ?? []} title="Reconciliation reasons" />
            </div>
          )}
          {stopped && (
            <>
              <p role="alert">Stopped: {text(plan.stopped)}</p>
              {/* "If unsure, do not refill": the way on is to correct the measurements or write the
                  explanation for the discrepancy, then plan again. */}
              <button type="button" onClick={() => setPlan(null)}>
                Back to the measurements and explanation
              </button>
            </>
          )}
          {plan.steps !== undefined && <PlanSteps steps={plan.steps} />}
          {plan.bridge !== undefined && plan.bridge !== null && <BridgeFacts bridge={plan.bridge.view} />}
          {plan.projection !== undefined && plan.projection !== null && (
            <ProjectionFacts projection={plan.projection} />
          )}
          <p>
            Next refill to book:{' '}
            <strong>
              {plan.bookAt === undefined || plan.bookAt === null
                ? 'unknown'
                : typeof plan.bookAt === 'number'
                  ? dateTime(plan.bookAt)
                  : plan.bookAt}
            </strong>
          </p>
          <button
            type="button"
            className="primary"
            disabled={
              busy ||
              applied !== null ||
              stopped ||
              verdict === 'block' ||
              plan.guardrail?.verdict === 'block'
            }
            onClick={() =>
              void run(async () =>
                setApplied(
                  await api.post<WriteOutcome>(`${P}/pump/refill/apply`, {
                    planId: plan.planId,
                    confirm: true,
                  }),
                ),
              )
            }
          >
            Confirm refill and update the pump
          </button>
          {applied !== null && (
            <div role="status">
              <OutcomeView outcome={applied} caption="Refill recorded" />
            </div>
          )}
        </section>
      )}
    </>
  );
}
