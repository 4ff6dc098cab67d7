/**
 * Stop or resume delivery (`POST P/pump/stop|resume/plan`, then `…/apply` with the plan id, `confirm` and
 * the justification a warning needs; docs/workflows.md). The plan shows the withdrawal warning and the
 * restart plan before anything is sent; the apply returns the pump's read-back status.
 */
import { useState } from 'react';
import { api, type Reason, type Verdict } from '../api.ts';
import { planWritten } from '../plan-written.ts';
import { usePumpAction } from '../use-pump-action.ts';

export type Control = 'stop' | 'resume';

export interface ControlPlan {
  readonly planId: string;
  readonly control: Control;
  readonly suspended: boolean;
  readonly restartPlan: string;
  readonly guardrail: { readonly verdict: Verdict; readonly reasons: readonly Reason[] };
}

export interface ControlResult {
  readonly status: string;
  readonly alerts: readonly { readonly message: string }[];
}

export function useStopResume(patientId: string) {
  const base = `/api/v1/patients/${encodeURIComponent(patientId)}/pump`;
  const action = usePumpAction('This server has no pump link: stop and resume are not available.');
  const [plan, setPlan] = useState<ControlPlan | null>(null);
  const [justification, setJustification] = useState('');
  const [result, setResult] = useState<ControlResult | null>(null);

  const prepare = (control: Control) =>
    action.run(async () => {
      setResult(null);
      setJustification('');
      setPlan(await api.post<ControlPlan>(`${base}/${control}/plan`));
    });

  const confirm = () =>
    action.run(async () => {
      if (plan === null) return;
      const text = justification.trim();
      try {
        setResult(
          await api.post<ControlResult>(`${base}/${plan.control}/apply`, {
            planId: plan.planId,
            confirm: true,
            ...(text === '' ? {} : { justification: text }),
          }),
        );
      } catch (e) {
        // Already written (its answer lost, Confirm pressed again): the plan goes, for it cannot act again.
        if (planWritten(e)) setPlan(null);
        throw e;
      }
      setPlan(null);
    });

  return { ...action, plan, justification, setJustification, result, prepare, confirm };
}
