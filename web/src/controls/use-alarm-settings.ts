/**
 * Alarm settings (`POST P/pump/alarm-settings/plan` with `{ lowReservoir?, repeatMinutes? }`, then
 * `…/apply` with the plan id, `confirm` and the justification a warning needs; docs/workflows.md). The
 * plan comes from a fresh interrogation and carries the device profile's ranges and before → after.
 */
import { useState } from 'react';
import { api, type Reason, type Verdict } from '../api.ts';
import { usePumpAction } from '../use-pump-action.ts';
import type { ControlResult } from './use-stop-resume.ts';

interface Range {
  readonly value: { readonly min: number; readonly max: number; readonly default: number };
  readonly confidence: string;
  readonly source: string;
}

export interface AlarmSettingsPlan {
  readonly planId: string;
  readonly ranges: { readonly lowReservoir: Range; readonly criticalRepeat: Range | null };
  readonly diff: readonly { readonly path: string; readonly before: number | null; readonly after: number }[];
  readonly guardrail: { readonly verdict: Verdict; readonly reasons: readonly Reason[] };
}

export interface AlarmSettingsResult extends ControlResult {
  readonly notReadBack: readonly string[];
}

export function useAlarmSettings(patientId: string) {
  const base = `/api/v1/patients/${encodeURIComponent(patientId)}/pump/alarm-settings`;
  const action = usePumpAction('This server has no pump link: alarm settings are not available.');
  const [threshold, setThreshold] = useState('');
  const [repeat, setRepeat] = useState('');
  const [plan, setPlan] = useState<AlarmSettingsPlan | null>(null);
  const [justification, setJustification] = useState('');
  const [result, setResult] = useState<AlarmSettingsResult | null>(null);

  const prepare = () =>
    action.run(async () => {
      setResult(null);
      setPlan(null);
      setJustification('');
      const body = {
        ...(threshold.trim() === '' ? {} : { lowReservoir: threshold.trim() }),
        ...(repeat.trim() === '' ? {} : { repeatMinutes: Number(repeat) }),
      };
      setPlan(await api.post<AlarmSettingsPlan>(`${base}/plan`, body));
    });

  const confirm = () =>
    action.run(async () => {
      if (plan === null) return;
      const text = justification.trim();
      setResult(
        await api.post<AlarmSettingsResult>(`${base}/apply`, {
          planId: plan.planId,
          confirm: true,
          ...(text === '' ? {} : { justification: text }),
        }),
      );
      setPlan(null);
    });

  return {
    ...action,
    threshold,
    setThreshold,
    repeat,
    setRepeat,
    plan,
    justification,
    setJustification,
    result,
    prepare,
    confirm,
  };
}
