/**
 * A clinician's single bolus (`POST P/pump/bolus/plan` with `{ amount, durationMinutes }`, then
 * `…/bolus/apply` with the plan id, `confirm` and the observer as the justification; docs/workflows.md).
 * The plan comes from a fresh interrogation and carries the drug's single-bolus cap, so the clinician sees
 * the cap before anything is sent; the apply returns the pump's read-back status.
 */
import { useState } from 'react';
import { api, type Reason, type Verdict } from '../api.ts';
import { usePumpAction } from '../use-pump-action.ts';
import type { ControlResult } from './use-stop-resume.ts';

export interface BolusPlan {
  readonly planId: string;
  readonly amountNg: number;
  readonly durationMs: number;
  readonly drug: string | null;
  readonly cap: { readonly value: number; readonly confidence: string; readonly source: string } | null;
  readonly guardrail: { readonly verdict: Verdict; readonly reasons: readonly Reason[] };
}

export function useBolus(patientId: string) {
  const base = `/api/v1/patients/${encodeURIComponent(patientId)}/pump/bolus`;
  const action = usePumpAction('This server has no pump link: a clinician bolus is not available.');
  const [amount, setAmount] = useState('');
  const [minutes, setMinutes] = useState('60');
  const [plan, setPlan] = useState<BolusPlan | null>(null);
  const [observer, setObserver] = useState('');
  const [result, setResult] = useState<ControlResult | null>(null);

  const prepare = () =>
    action.run(async () => {
      setResult(null);
      setPlan(null);
      setObserver('');
      const durationMinutes = Number(minutes);
      setPlan(await api.post<BolusPlan>(`${base}/plan`, { amount: amount.trim(), durationMinutes }));
    });

  const confirm = () =>
    action.run(async () => {
      if (plan === null) return;
      const text = observer.trim();
      setResult(
        await api.post<ControlResult>(`${base}/apply`, {
          planId: plan.planId,
          confirm: true,
          ...(text === '' ? {} : { justification: text }),
        }),
      );
      setPlan(null);
    });

  return {
    ...action,
    amount,
    setAmount,
    minutes,
    setMinutes,
    plan,
    observer,
    setObserver,
    result,
    prepare,
    confirm,
  };
}
