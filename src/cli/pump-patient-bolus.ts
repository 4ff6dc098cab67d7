/**
 * `itb pump patient-bolus`: the patient-controlled bolus (PCB) settings, with the programmer's one rule
 * (programmer/patient-bolus.ts, the pump's own rules in therapy/patient-bolus-rules.ts) — the one behind
 * `POST …/pump/patient-bolus/plan|apply`:
 *
 *   itb pump patient-bolus --pump HOST:PORT --keys FILE --patient ID [--db URL]
 *                          (--off | --dose 0.2mg --lockout-minutes N --max-per-day N [--bolus-minutes N])
 *                          [--confirm [--justification TEXT]] [--json]
 *
 * Where the device profile or the drug does not allow PCB (baclofen: never), the plan says so and blocks;
 * so it does for a setting out of range, a dose above the drug's single-bolus maximum or a worst-case day
 * above its absolute daily maximum. A setting that lets the patient take more drug a day warns (overdose
 * risk) and needs --justification. The setting is read back from the pump.
 */
import type { Command } from 'commander';
import { changeText } from '../programmer/change-text.ts';
import type { DiffEntry } from '../programmer/diff.ts';
import { interrogate } from '../programmer/interrogate.ts';
import {
  applyPatientBolus,
  patientBolusRequest,
  planPatientBolus,
  type PatientBolusPlan,
  type PatientBolusRequest,
} from '../programmer/patient-bolus.ts';
import { getProfile } from '../pump/profiles.ts';
import { ItbError } from '../therapy/codes.ts';
import type { Reason } from '../therapy/verdict.ts';
import { DOSE_FLAG_HELP, massFlagOfPumpDrug } from './dose-flags.ts';
import { numberFlag } from './parse.ts';
import { pumpLinkOptions } from './pump-link.ts';
import {
  changeRoutes,
  confirmGate,
  confirmation,
  recordedOptions,
  recordedReport,
  recordedText,
  runRecorded,
  withRecordedPump,
  type RecordedReport,
} from './pump-record.ts';
import { str } from './programmer.ts';
import { reasonLine } from './reason-line.ts';

type Flags = Record<string, string | boolean | undefined>;

/** What the plan shows before anything is sent. */
export interface PatientBolusPlanView {
  readonly serial: string;
  /** The drug the pump holds (null when unknown): the changes are written in its label unit. */
  readonly drug: string | null;
  /** Why PCB is not available for this pump or drug, or null. */
  readonly unavailable: Reason | null;
  readonly diff: readonly DiffEntry[];
  readonly verdict: PatientBolusPlan['verdict'];
  readonly reasons: readonly Reason[];
}

const planText = (v: PatientBolusPlanView): string =>
  [
    `PATIENT-CONTROLLED BOLUS on pump ${v.serial}: ${v.verdict}`,
    ...(v.unavailable === null ? [] : [`  not available: ${v.unavailable.message}`]),
    ...v.diff.map((d) => `  ${changeText(d, v.drug)}`),
    ...v.reasons.map((x) => reasonLine(x)),
  ].join('\n');

const wholeMinutes = (f: Flags, flag: string, max: number): number | undefined => {
  const text = str(f, flag);
  if (text === undefined) return undefined;
  const n = numberFlag(text, `--${flag}`, 1, max);
  if (!Number.isInteger(n)) throw new ItbError('ITB_E_INVALID_INPUT', `--${flag} must be a whole number`);
  return n;
};

/**
 * The request from the flags, checked before anything opens: --off, or the dose and whole numbers. The dose
 * ("0.2mg") is read in the label unit of the drug the pump holds (a bare 0.2 is 0.2 mg on a morphine pump),
 * so the request is made once the pump is read.
 */
function request(f: Flags): (drug: string | null | undefined) => PatientBolusRequest {
  const on = ['dose', 'lockout-minutes', 'max-per-day', 'bolus-minutes'].some((k) => f[k] !== undefined);
  if (f.off === true && on) {
    throw new ItbError('ITB_E_INVALID_INPUT', '--off takes no dose, lockout or daily maximum');
  }
  if (f.off !== true && !on) {
    throw new ItbError('ITB_E_INVALID_INPUT', 'give --off, or --dose, --lockout-minutes and --max-per-day');
  }
  const dose = str(f, 'dose');
  const amount = dose === undefined ? undefined : massFlagOfPumpDrug(dose, '--dose');
  const input = {
    enable: f.off !== true,
    lockoutMinutes: wholeMinutes(f, 'lockout-minutes', 7 * 24 * 60),
    maxPerDay: wholeMinutes(f, 'max-per-day', 1000),
    bolusMinutes: wholeMinutes(f, 'bolus-minutes', 24 * 60),
  };
  return (drug) =>
    patientBolusRequest({ ...input, dose: amount === undefined ? undefined : `${amount(drug)} ng` });
}

async function patientBolus(f: Flags): Promise<RecordedReport<PatientBolusPlanView>> {
  // The flags are checked before the database or the pump is opened; the request is made once the pump
  // says which drug it holds, before anything is sent.
  const wanted = request(f);
  return withRecordedPump(f, changeRoutes('patient-bolus', f), async ({ link, store, implant, target }) => {
    const snapshot = await interrogate(link.client);
    const plan = planPatientBolus(
      snapshot,
      getProfile(implant.deviceProfileId),
      wanted(snapshot.status.drug),
    );
    const view: PatientBolusPlanView = {
      serial: link.keys.pump.label,
      drug: plan.availability.drug,
      unavailable: plan.availability.unavailable,
      diff: plan.diff,
      verdict: plan.verdict,
      reasons: plan.reasons,
    };
    confirmGate(f, 'patient-bolus', view, planText(view));
    const out = await applyPatientBolus(plan, confirmation(f), target, {
      client: link.client,
      store,
      now: Date.now,
    });
    return recordedReport(view, out);
  });
}

/** Registers `itb pump patient-bolus`. */
export function registerPumpPatientBolusCommand(pump: Command): void {
  recordedOptions(
    pumpLinkOptions(
      pump
        .command('patient-bolus')
        .description(
          'set or turn off patient-controlled boluses (checked against the device, the drug and its daily maximum)',
        ),
    ),
  )
    .option('--off', 'turn patient-controlled boluses off')
    .option('--dose <mass>', `dose per bolus: ${DOSE_FLAG_HELP.mass}; the drug is what the pump holds`)
    .option('--lockout-minutes <min>', 'least time from one bolus to the next, whole minutes')
    .option('--max-per-day <n>', 'boluses allowed in any 24 h')
    .option('--bolus-minutes <min>', 'how long each bolus runs (default 10 min)')
    .action((f: Flags) =>
      runRecorded(
        f,
        () => patientBolus(f),
        (r) => recordedText(planText(r.plan), 'patient-controlled bolus', r),
      ),
    );
}
