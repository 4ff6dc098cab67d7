/**
 * Model-informed dosing on the trial and programming pages (docs/advice.md): the fitted response and the
 * advised path, each step with its predicted tone, probability of overdose signs and the guardrails'
 * verdict. The path is the start's before anything is programmed on a pump and continues from today's dose
 * once the patient is infused; when it cannot continue, the table says it is the path advised at the start
 * (the trial page) or is not shown (the programming page: no start row for a patient already infusing).
 * Advice only — nothing here programs a pump. Its doses are the modelled drug's (baclofen: another
 * drug gets no advice), written by the one dose formatter (src/therapy/drug-display.ts).
 */
import { ErrorNote, Loading, VerdictBadge } from '../components.tsx';
import type { AdviceStep } from '../../../src/advise/advice.ts';
import type { AdviceBasis } from '../../../src/advise/infusion-from-records.ts';
import { BODY_MODEL_DRUG } from '../../../src/body/model-drug.ts';
import { inputUnit } from '../../../src/therapy/dose-input.ts';
import { doseText } from '../../../src/therapy/drug-display.ts';
import { NG_PER_MCG, date } from '../format.ts';
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

/** What the table is, in words: a plan for now (start or continued), or the path advised at the start. */
function basisText(basis: AdviceBasis, firstDay: number | undefined): string {
  const trial = `the trial of ${date(basis.trialAt)}`;
  switch (basis.kind) {
    case 'start':
      return `Start path from ${trial}: nothing is programmed on a pump yet.`;
    case 'continued':
      return `Continued from today’s dose, day ${firstDay ?? ''} of the infusion started ${date(basis.infusionSince)} (fitted from ${trial}).`;
    case 'advised-at-start':
      return `The path advised at the start, from ${trial} — not a plan for now: ${basis.why ?? ''}.`;
  }
}

/** The advised path, captioned with what it is; the first row is today's dose on a continued path. */
function AdviceTable({
  steps,
  basis,
}: {
  readonly steps: readonly AdviceStep[];
  readonly basis: AdviceBasis;
}) {
  return (
    <table>
      <caption>{basisText(basis, steps[0]?.day)}</caption>
      <thead>
        <tr>
          <th scope="col">Day of infusion</th>
          <th scope="col">Dose ({inputUnit('dose-rate', BODY_MODEL_DRUG)})</th>
          <th scope="col">Change</th>
          <th scope="col">Predicted tone (10–90 %)</th>
          <th scope="col">Overdose signs</th>
          <th scope="col">Guardrails</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s, i) => (
          <tr key={`${s.day}-${i}`}>
            <td>{s.day}</td>
            <td>{s.doseMcgPerDay}</td>
            <td>
              {s.changePercent !== null
                ? `${s.changePercent > 0 ? '+' : '−'}${Math.abs(s.changePercent)} %`
                : basis.kind === 'continued'
                  ? 'today’s dose'
                  : 'start'}
            </td>
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
          {current !== undefined && state.answer.basis.kind === 'advised-at-start' ? (
            <p>
              <strong>No advised path from today’s dose:</strong> {state.answer.basis.why}. The path advised
              at the start, from the trial of {date(state.answer.basis.trialAt)}, is on the trial page; it is
              not a plan for now.
            </p>
          ) : current !== undefined ? (
            <NextStep
              steps={state.answer.advice.steps}
              currentDoseMcgPerDay={current.doseMcgPerDay}
              onUseDose={current.onUseDose}
            />
          ) : null}
          <p>
            Fitted from {state.answer.fit.observations} tone scores: baseline MAS{' '}
            {state.answer.fit.map.baselineMas.toFixed(1)}, maximal effect{' '}
            {state.answer.fit.map.emaxMas.toFixed(1)} grades. Goal: mean MAS ≤{' '}
            {state.answer.advice.goalMeanMas}.
          </p>
          {(current === undefined || state.answer.basis.kind !== 'advised-at-start') && (
            <AdviceTable steps={state.answer.advice.steps} basis={state.answer.basis} />
          )}
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
