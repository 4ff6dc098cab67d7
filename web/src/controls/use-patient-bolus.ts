/**
 * Patient-controlled bolus settings (`POST P/pump/patient-bolus/plan` with `{ enable, dose?, lockoutMinutes?,
 * maxPerDay?, bolusMinutes? }`, then `…/apply` with the plan id, `confirm` and the justification a warning
 * needs; docs/workflows.md). The plan comes from a fresh interrogation and carries what the device and the
 * drug allow, the pump's current setting and before → after.
 */
import { useState } from 'react';
import type { Reason, Verdict } from '../api.ts';
import { inputToApiText } from '../../../src/therapy/dose-input.ts';
import { parsed } from '../parsed.ts';
import { usePlannedPumpAction } from '../use-pump-action.ts';
import type { PatientBolusConfig } from '../../../src/therapy/patient-bolus-rules.ts';
import type { ControlResult } from './use-stop-resume.ts';

export interface PatientBolusPlan {
  readonly planId: string;
  readonly availability: {
    readonly unavailable: Reason | null;
    readonly drug: string | null;
    readonly maxBolus: { readonly value: number; readonly confidence: string } | null;
    readonly dailyMax: number | null;
  };
  readonly current: Readonly<Record<string, string | number>>;
  readonly diff: readonly { readonly path: string; readonly before: unknown; readonly after: unknown }[];
  readonly guardrail: { readonly verdict: Verdict; readonly reasons: readonly Reason[] };
}

/** The apply's answer: the status, and the setting the pump read back after the write (when it could be read). */
export interface PatientBolusResult extends ControlResult {
  readonly write: {
    readonly readBack: { readonly snapshot?: { readonly patientBolus: PatientBolusConfig | null } } | null;
  };
}

/** `drug`: the patient's drug (null while unknown); the dose is typed in its label's unit (dose-input.ts). */
export function usePatientBolus(patientId: string, drug: string | null) {
  const planned = usePlannedPumpAction<PatientBolusPlan, PatientBolusResult>(
    `/api/v1/patients/${encodeURIComponent(patientId)}/pump/patient-bolus`,
    'This server has no pump link: patient-controlled bolus settings are not available.',
  );
  const [dose, setDose] = useState('');
  const [lockout, setLockout] = useState('');
  const [perDay, setPerDay] = useState('');
  const [sent, setSent] = useState<PatientBolusPlan['diff']>([]);
  const [sentDrug, setSentDrug] = useState<string | null>(null);
  const whole = (t: string) => (t.trim() === '' ? undefined : Number(t));

  return {
    ...planned,
    dose,
    setDose: planned.edited(setDose),
    lockout,
    setLockout: planned.edited(setLockout),
    perDay,
    setPerDay: planned.edited(setPerDay),
    /** The changes of the plan last confirmed, shown with its result. */
    sent,
    /** The drug of the plan last confirmed: its changes are written in that drug's unit. */
    sentDrug,
    confirm: () => {
      setSent(planned.plan?.diff ?? []);
      setSentDrug(planned.plan?.availability.drug ?? null);
      return planned.confirm();
    },
    justification: planned.note,
    setJustification: planned.setNote,
    prepare: (enable: boolean) => {
      const typed = dose.trim() === '' ? null : parsed(() => inputToApiText(dose, 'mass', drug));
      if (enable && typed !== null && !typed.ok) {
        planned.setError(typed.message);
        return Promise.resolve();
      }
      return planned.prepare(
        enable
          ? {
              enable,
              ...(typed === null || !typed.ok ? {} : { dose: typed.value }),
              ...(whole(lockout) === undefined ? {} : { lockoutMinutes: whole(lockout) }),
              ...(whole(perDay) === undefined ? {} : { maxPerDay: whole(perDay) }),
            }
          : { enable },
      );
    },
  };
}
