/**
 * Alarm settings (`POST P/pump/alarm-settings/plan` with `{ lowReservoir?, repeatMinutes? }`, then
 * `…/apply` with the plan id, `confirm` and the justification a warning needs; docs/workflows.md). The
 * plan comes from a fresh interrogation and carries the device profile's ranges and before → after.
 */
import { useState } from 'react';
import type { Reason, Verdict } from '../api.ts';
import { usePlannedPumpAction } from '../use-pump-action.ts';
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
  const planned = usePlannedPumpAction<AlarmSettingsPlan, AlarmSettingsResult>(
    `/api/v1/patients/${encodeURIComponent(patientId)}/pump/alarm-settings`,
    'This server has no pump link: alarm settings are not available.',
  );
  const [threshold, setThreshold] = useState('');
  const [repeat, setRepeat] = useState('');

  return {
    ...planned,
    threshold,
    setThreshold: planned.edited(setThreshold),
    repeat,
    setRepeat: planned.edited(setRepeat),
    justification: planned.note,
    setJustification: planned.setNote,
    prepare: () =>
      planned.prepare({
        ...(threshold.trim() === '' ? {} : { lowReservoir: threshold.trim() }),
        ...(repeat.trim() === '' ? {} : { repeatMinutes: Number(repeat) }),
      }),
  };
}
