/**
 * Patient-controlled bolus (PCB) settings (issue 12, item 5): enable with a dose per bolus, a lockout and a
 * daily maximum, or disable, as plan → confirm over `program` (docs/protocol.md §6.2: the prescription the
 * pump runs is sent back unchanged with the new setting). The plan checks the setting with the same pure
 * rules the pump applies (therapy/patient-bolus-rules.ts: device, drug, ranges, dose per bolus, worst-case
 * day), refuses while delivery is stopped (a `program` would restart it) and warns — a justification is
 * needed — when the setting lets the patient take more drug a day than before (overdose: respiratory
 * depression with opioids, docs/hazards.md). The setting is read back from the pump's prescription answer.
 */
import type { Alert, ProgrammingSession } from '../clinic/clinical-records.ts';
import type { PumpProfile } from '../pump/profile.ts';
import { getDrug } from '../therapy/drug-library.ts';
import type { DrugEntry } from '../therapy/drug.ts';
import {
  PATIENT_BOLUS_DEFAULT_DURATION,
  PATIENT_BOLUS_LIMITS,
  patientBolusForbidden,
  patientBolusReasons,
  type PatientBolusConfig,
} from '../therapy/patient-bolus-rules.ts';
import { prescriptionToJson } from '../therapy/prescription-json.ts';
import { millis, type Millis, type Nanograms } from '../therapy/quantities.ts';
import { ItbError } from '../therapy/codes.ts';
import { parseAs } from '../therapy/units.ts';
import type { Reason } from '../therapy/verdict.ts';
import { planVerdict } from './plan-verdict.ts';
import { massText } from '../therapy/drug-display.ts';
import { progReason } from './codes.ts';
import { diffJson, type DiffEntry } from './diff.ts';
import { type Snapshot } from './interrogate.ts';
import type { Confirmation, WorkflowDeps, WorkflowTarget } from './session.ts';
import { assertWritable } from './titrate.ts';
import { writeAndVerify, type WriteResult } from './write.ts';
import { recordControlSession } from './control-session.ts';
import { patientBolusJson } from './patient-bolus-text.ts';

/** What the clinician asks for: PCB on with these settings (duration: the default when absent), or off. */
export type PatientBolusRequest =
  | {
      readonly enable: true;
      readonly amount: Nanograms;
      readonly lockout: Millis;
      readonly maxPerDay: number;
      readonly duration?: Millis;
    }
  | { readonly enable: false };

/** The request as the API and the command line take it: a dose with its unit, whole minutes. */
export interface PatientBolusInput {
  readonly enable: boolean;
  readonly dose?: string | number | undefined;
  readonly lockoutMinutes?: number | undefined;
  readonly maxPerDay?: number | undefined;
  readonly bolusMinutes?: number | undefined;
}

/**
 * The request an input asks for ("0.2 mg"; a bare number is mcg): an "on" without its dose, lockout or daily
 * maximum, or a dose that is not a mass, is bad input (nothing is planned).
 */
export function patientBolusRequest(b: PatientBolusInput): PatientBolusRequest {
  if (!b.enable) return { enable: false };
  if (b.dose === undefined || b.lockoutMinutes === undefined || b.maxPerDay === undefined) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      'to turn patient boluses on give the dose per bolus, the lockout in minutes and the boluses a day at most',
    );
  }
  return {
    enable: true,
    amount: parseAs(b.dose, 'mass', 'mcg').ng,
    lockout: millis(b.lockoutMinutes * 60_000),
    maxPerDay: b.maxPerDay,
    ...(b.bolusMinutes === undefined ? {} : { duration: millis(b.bolusMinutes * 60_000) }),
  };
}

/** What the device and the drug allow, shown beside the form. */
export interface PatientBolusAvailability {
  /** null when PCB may be set; otherwise why not, in words with its source. */
  readonly unavailable: Reason | null;
  readonly drug: string | null;
  readonly maxBolus: DrugEntry['maxBolus'] | null;
  readonly dailyMax: number | null;
  readonly limits: typeof PATIENT_BOLUS_LIMITS;
}

export interface PatientBolusPlan {
  readonly snapshot: Snapshot;
  /** The setting to write (null: off). */
  readonly setting: PatientBolusConfig | null;
  readonly availability: PatientBolusAvailability;
  /** before → after in clinician units (`patientBolus.doseMcg` …). */
  readonly diff: readonly DiffEntry[];
  readonly verdict: 'ok' | 'warn' | 'block';
  readonly reasons: readonly Reason[];
}

/** The order a change is read in: on or off first, then the dose, the lockout, the daily count, the duration. */
const SETTING_ORDER = ['enabled', 'doseMcg', 'lockoutMinutes', 'maxPerDay', 'bolusMinutes'];

/** What the device and the drug the pump runs allow (pure). */
export function patientBolusAvailability(snapshot: Snapshot, profile: PumpProfile): PatientBolusAvailability {
  const p = snapshot.prescription;
  const drug = p.mode === 'stopped' ? null : getDrug(p.drug.drug);
  const unavailable =
    drug === null
      ? progReason('ITB_R_PROG_PUMP_STATE', 'block', 'the pump runs no drug: nothing to give boluses of')
      : patientBolusForbidden(profile, drug);
  return {
    unavailable,
    drug: drug?.id ?? null,
    maxBolus: drug?.maxBolus ?? null,
    dailyMax: drug?.hardDoseRange.value.max ?? null,
    limits: PATIENT_BOLUS_LIMITS,
  };
}

/** The most drug the boluses alone may give in a day (ng). */
const bolusDay = (c: PatientBolusConfig | null): number => (c === null ? 0 : c.amount * c.maxPerDay);

/** Checks the requested setting against the device, the drug and the programme the pump runs (pure). */
export function planPatientBolus(
  snapshot: Snapshot,
  profile: PumpProfile,
  request: PatientBolusRequest,
): PatientBolusPlan {
  const setting: PatientBolusConfig | null = request.enable
    ? {
        amount: request.amount,
        lockout: request.lockout,
        maxPerDay: request.maxPerDay,
        duration: request.duration ?? millis(PATIENT_BOLUS_DEFAULT_DURATION.value),
      }
    : null;
  const availability = patientBolusAvailability(snapshot, profile);
  const reasons: Reason[] = [];
  const status = snapshot.status;
  if (status.suspended) {
    reasons.push(
      progReason(
        'ITB_R_PROG_PUMP_STATE',
        'block',
        'the pump is stopped: a patient-bolus change would restart delivery — resume first',
      ),
    );
  } else if (status.drug === undefined) {
    reasons.push(
      progReason('ITB_R_PROG_PUMP_STATE', 'block', 'the pump does not know what it holds: refill first'),
    );
  }
  const p = snapshot.prescription;
  if (setting !== null) {
    if (availability.unavailable !== null) reasons.push(availability.unavailable);
    else if (p.mode !== 'stopped') {
      reasons.push(
        ...patientBolusReasons(
          {
            device: profile,
            drug: getDrug(p.drug.drug),
            prescription: p,
            minimumRateFlow: profile.minimumRateFlow.value,
          },
          setting,
        ),
      );
    }
    const more = bolusDay(setting) - bolusDay(snapshot.patientBolus);
    const sooner = snapshot.patientBolus !== null && setting.lockout < snapshot.patientBolus.lockout;
    if (more > 0 || sooner) {
      reasons.push(
        progReason(
          'ITB_R_PROG_PATIENT_BOLUS_MORE_DRUG',
          'warn',
          `the patient may now take up to ${massText(bolusDay(setting), availability.drug)} a day in boluses on top of the basal dose` +
            (more > 0
              ? ` (${massText(more, availability.drug)} more than before)`
              : ', sooner after each other') +
            ': overdose risk — teach the patient and say who observes',
          bolusDay(setting),
          bolusDay(snapshot.patientBolus),
        ),
      );
    }
  }
  const diff = diffJson(patientBolusJson(snapshot.patientBolus), patientBolusJson(setting))
    .sort((a, b) => SETTING_ORDER.indexOf(a.path) - SETTING_ORDER.indexOf(b.path))
    .map((d) => ({ ...d, path: `patientBolus.${d.path}` }));
  return { snapshot, setting, availability, diff, ...planVerdict(reasons) };
}

export interface PatientBolusOutcome {
  readonly write: WriteResult;
  readonly session: ProgrammingSession;
  readonly alerts: readonly Alert[];
}

/**
 * Writes the setting with the programme the pump already runs (compare-and-set on the planned version), reads
 * the setting and the programme back, and records the session.
 */
export async function applyPatientBolus(
  plan: PatientBolusPlan,
  confirmation: Confirmation,
  target: WorkflowTarget,
  deps: WorkflowDeps,
): Promise<PatientBolusOutcome> {
  const justification = assertWritable(plan, confirmation, plan.diff);
  const prescription = plan.snapshot.prescription;
  const write = await writeAndVerify(
    deps.client,
    {
      op: 'program',
      commandId: deps.client.newCommandId(),
      expectedVersion: plan.snapshot.stateVersion,
      prescription,
      patientBolus: plan.setting,
    },
    {
      expected: { prescription: prescriptionToJson(prescription), patientBolus: plan.setting },
      actual: (s) => ({ prescription: prescriptionToJson(s.prescription), patientBolus: s.patientBolus }),
    },
  );
  const recorded = await recordControlSession(deps, target, {
    workflow: 'patient-bolus',
    snapshot: plan.snapshot,
    write,
    diff: plan.diff,
    guardrail: plan,
    justification,
    what: 'patient-bolus settings',
  });
  return { write, ...recorded };
}
