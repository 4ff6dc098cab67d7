/**
 * A clinician's single bolus (`POST P/pump/bolus/plan` with `{ amount, durationMinutes }`, the amount typed
 * in the drug's label unit and sent in mcg, then
 * `…/bolus/apply` with the plan id, `confirm` and the observer as the justification; docs/workflows.md).
 * The plan comes from a fresh interrogation and carries the drug's single-bolus cap, so the clinician sees
 * the cap before anything is sent; the apply returns the pump's read-back status.
 */
import { useState } from 'react';
import type { Reason, Verdict } from '../api.ts';
import { inputToApiText } from '../../../src/therapy/dose-input.ts';
import { parsed } from '../parsed.ts';
import { usePlannedPumpAction } from '../use-pump-action.ts';
import type { ControlResult } from './use-stop-resume.ts';

export interface BolusPlan {
  readonly planId: string;
  readonly amountNg: number;
  readonly durationMs: number;
  readonly drug: string | null;
  readonly cap: { readonly value: number; readonly confidence: string; readonly source: string } | null;
  readonly guardrail: { readonly verdict: Verdict; readonly reasons: readonly Reason[] };
}

/** `drug`: the patient's drug (null while unknown); the amount is typed in its label's unit (dose-input.ts). */
export function useBolus(patientId: string, drug: string | null) {
  const planned = usePlannedPumpAction<BolusPlan, ControlResult>(
    `/api/v1/patients/${encodeURIComponent(patientId)}/pump/bolus`,
    'This server has no pump link: a clinician bolus is not available.',
  );
  const [amount, setAmount] = useState('');
  const [minutes, setMinutes] = useState('60');

  return {
    ...planned,
    amount,
    setAmount: planned.edited(setAmount),
    minutes,
    setMinutes: planned.edited(setMinutes),
    observer: planned.note,
    setObserver: planned.setNote,
    prepare: () => {
      const typed = parsed(() => inputToApiText(amount, 'mass', drug));
      if (!typed.ok) {
        planned.setError(typed.message);
        return Promise.resolve();
      }
      return planned.prepare({ amount: typed.value, durationMinutes: Number(minutes) });
    },
  };
}
