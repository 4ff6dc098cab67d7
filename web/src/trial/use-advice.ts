/**
 * The data of the advice panel (docs/advice.md): GET /api/v1/patients/:id/advice, refetched when the number
 * of recorded trials changes. A patient without a responding trial, or on a drug the model does not model,
 * is not an error here: the panel says so.
 */
import { useEffect, useState } from 'react';
import type { Advice } from '../../../src/advise/advice.ts';
import type { FitSummary } from '../../../src/advise/fit.ts';
import type { AdviceBasis } from '../../../src/advise/infusion-from-records.ts';
import { ApiError, api, errorText } from '../api.ts';

export interface AdviceAnswer {
  readonly fit: FitSummary;
  readonly advice: Advice;
  /** Where the path begins: the start, today's dose, or what was advised at the start (docs/advice.md). */
  readonly basis: AdviceBasis;
}

export type AdviceState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'none'; readonly why: string }
  /** The patient's drug is not the one the model models (ITB_E_ADVISE_DRUG_NOT_MODELLED). */
  | { readonly kind: 'not-applicable'; readonly why: string }
  | { readonly kind: 'error'; readonly error: string }
  | { readonly kind: 'ready'; readonly answer: AdviceAnswer };

/** The advice for a patient; `trialCount` re-fetches it after a trial is recorded. */
export function useAdvice(patientId: string, trialCount: number): AdviceState {
  const [state, setState] = useState<AdviceState>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    setState({ kind: 'loading' });
    api
      .get<AdviceAnswer>(`/api/v1/patients/${encodeURIComponent(patientId)}/advice`)
      .then((answer) => live && setState({ kind: 'ready', answer }))
      .catch((e: unknown) => {
        if (!live) return;
        const code = e instanceof ApiError ? e.code : undefined;
        setState(
          code === 'ITB_E_ADVISE_INVALID_TRIAL'
            ? { kind: 'none', why: errorText(e) }
            : code === 'ITB_E_ADVISE_DRUG_NOT_MODELLED'
              ? { kind: 'not-applicable', why: errorText(e) }
              : { kind: 'error', error: errorText(e) },
        );
      });
    return () => {
      live = false;
    };
  }, [patientId, trialCount]);
  return state;
}
