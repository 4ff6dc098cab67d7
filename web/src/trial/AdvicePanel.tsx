/**
 * Model-informed dosing on the trial page (docs/advice.md): the fitted response and the advised start and
 * titration path, each step with its predicted tone, probability of overdose signs and the guardrails'
 * verdict. Advice only — nothing here programs a pump. Its doses are the modelled drug's (baclofen: another
 * drug gets no advice), written by the one dose formatter (src/therapy/drug-display.ts).
 */
import { ErrorNote, Loading, VerdictBadge } from '../components.tsx';
import type { AdviceStep } from '../../../src/advise/advice.ts';
import { BODY_MODEL_DRUG } from '../../../src/body/model-drug.ts';
import { inputUnit } from '../../../src/therapy/dose-input.ts';
import { doseText } from '../../../src/therapy/drug-display.ts';
import { NG_PER_MCG } from '../format.ts';
import { useAdvice } from './use-advice.ts';

const pct = (p: number): string => `${Math.round(p * 100)} %`;
const dose = (mcgPerDay: number): string => doseText(mcgPerDay * NG_PER_MCG, BODY_MODEL_DRUG);

/**
 * On the programming page: the advised step next above the pump's current dose, with a button that copies
 * it into the dose field (the clinician still reviews it and the guardrails check it again).
 */
function NextStep({
  steps,
  currentDoseMcgPerDay,
  onUseDose,
}: {
  readonly steps: readonly AdviceStep[];
  readonly currentDoseMcgPerDay: number;
  readonly onUseDose: (mcgPerDay: number) => void;
}) {
  const next = steps.find((s) => s.doseMcgPerDay > currentDoseMcgPerDay && s.guardrail.verdict === 'ok');
  if (next === undefined)
    return (
      <p>
        The current dose ({dose(currentDoseMcgPerDay)}) is at or above the advised path: the advice proposes
        no increase.
      </p>
    );
  return (
    <p>
      Next advised step above the current {dose(currentDoseMcgPerDay)}:{' '}
      <strong>{dose(next.doseMcgPerDay)}</strong> (predicted tone {next.predictedMeanMas.toFixed(1)}, overdose
      signs {pct(next.overdoseProbability)}).{' '}
      <button type="button" onClick={() => onUseDose(next.doseMcgPerDay)}>
        Use {dose(next.doseMcgPerDay)} as the proposed dose
      </button>
    </p>
  );
}

export function AdvicePanel({
  patientId,
  trialCount,
  current,
}: {
  readonly patientId: string;
  readonly trialCount: number;
  /** On the programming page: the running dose and where to put an advised one. */
  readonly current?: { readonly doseMcgPerDay: number; readonly onUseDose: (mcgPerDay: number) => void };
}) {
  const state = useAdvice(patientId, trialCount);
  return (
    <section className="card" aria-labelledby="advice-h">
      <h2 id="advice-h">Model-informed dosing (advice)</h2>
      {state.kind === 'loading' ? (
        <Loading what="the advice" />
      ) : state.kind === 'error' ? (
        <ErrorNote error={state.error} />
      ) : state.kind === 'none' ? (
        <p>No advice yet: {state.why}</p>
      ) : state.kind === 'not-applicable' ? (
        <p>
          <strong>Does not apply to this patient’s drug.</strong> {state.why}
        </p>
      ) : (
        <>
          {current !== undefined && (
            <NextStep
              steps={state.answer.advice.steps}
              currentDoseMcgPerDay={current.doseMcgPerDay}
              onUseDose={current.onUseDose}
            />
          )}
          <p>
            Fitted from {state.answer.fit.observations} tone scores: baseline MAS{' '}
            {state.answer.fit.map.baselineMas.toFixed(1)}, maximal effect{' '}
            {state.answer.fit.map.emaxMas.toFixed(1)} grades. Goal: mean MAS ≤{' '}
            {state.answer.advice.goalMeanMas}.
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Dose ({inputUnit('dose-rate', BODY_MODEL_DRUG)})</th>
                <th scope="col">Change</th>
                <th scope="col">Predicted tone (10–90 %)</th>
                <th scope="col">Overdose signs</th>
                <th scope="col">Guardrails</th>
              </tr>
            </thead>
            <tbody>
              {state.answer.advice.steps.map((s) => (
                <tr key={s.day}>
                  <td>{s.day}</td>
                  <td>{s.doseMcgPerDay}</td>
                  <td>{s.changePercent === null ? 'start' : `+${s.changePercent} %`}</td>
                  <td>
                    {s.predictedMeanMas.toFixed(1)} ({s.predictedMeanMasLow.toFixed(1)}–
                    {s.predictedMeanMasHigh.toFixed(1)})
                  </td>
                  <td>{pct(s.overdoseProbability)}</td>
                  <td>
                    <VerdictBadge verdict={s.guardrail.verdict} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul>
            {state.answer.advice.reasons.map((r) => (
              <li key={r.code}>{r.message}</li>
            ))}
          </ul>
          <p>
            <strong>Advice, not a prescription:</strong> accept or edit it; every dose is checked again by the
            guardrails when it is programmed.
          </p>
        </>
      )}
    </section>
  );
}
