/**
 * A clinic's trial records (src/clinic/clinical-records.ts: one record per bolus, MAS grades per muscle group
 * at minutes after the dose, the pre-dose score at minute 0) as the input of the fit (trial-input.ts). The
 * shapes are declared here structurally, so src/advise does not depend on the clinic module.
 */
import { ItbError } from '../therapy/codes.ts';
import { instantText } from '../therapy/date-text.ts';
import { MS_PER_HOUR } from '../therapy/quantities.ts';
import { masPosition, type MasScore } from '../body/scales.ts';
import { trialInputFrom, type TrialInput } from './trial-input.ts';

/** What the fit needs of a recorded screening bolus. */
export interface TrialRecordLike {
  readonly at: number;
  readonly doseNg: number;
  readonly volumeNl: number;
  readonly method: string;
  readonly responded: boolean | null;
  readonly effectHours: number | null;
  readonly assessments: readonly {
    readonly minutesAfterDose: number;
    readonly mas: readonly { readonly grade: MasScore }[];
  }[];
}

/** What the fit needs of the patient. */
export interface PatientLike {
  readonly etiology: 'spinal' | 'cerebral';
  readonly birthDate: string;
}

const BOLUS_METHODS = new Set(['lumbar-puncture', 'catheter-bolus']);
const meanGrade = (mas: readonly { readonly grade: MasScore }[]): number =>
  mas.reduce((s, m) => s + masPosition(m.grade), 0) / mas.length;

/**
 * The trial input from a patient's records: the bolus records in time order up to the first response.
 * `startedAt` is the first bolus's time (the trial's date). Throws ITB_E_ADVISE_INVALID_TRIAL when there is no responding bolus, or a bolus lacks its pre-dose score
 * (the bolus named by its time in `timeZone`, the clinic's: therapy/date-text.ts, the one date format).
 */
export function trialInputFromRecords(
  patient: PatientLike,
  records: readonly TrialRecordLike[],
  timeZone: string,
): TrialInput & { readonly startedAt: number } {
  const fail = (m: string): never => {
    throw new ItbError('ITB_E_ADVISE_INVALID_TRIAL', m);
  };
  const boluses = records.filter((r) => BOLUS_METHODS.has(r.method)).sort((a, b) => a.at - b.at);
  const upTo = boluses.findIndex((r) => r.responded === true);
  if (upTo < 0) fail('no screening bolus with a response is recorded: nothing to advise from');
  const used = boluses.slice(0, upTo + 1);
  const first = (used[0] as TrialRecordLike).at;
  const responder = used[upTo] as TrialRecordLike;
  const days = used.map((r) => {
    const pre = r.assessments.find((a) => a.minutesAfterDose === 0 && a.mas.length > 0);
    if (!pre) fail(`the bolus of ${instantText(r.at, timeZone)} has no pre-dose tone score (minute 0)`);
    return {
      doseMcg: r.doseNg / 1000,
      volumeMl: r.volumeNl / 1e6,
      givenAtHours: (r.at - first) / MS_PER_HOUR,
      preDose: { meanMas: meanGrade((pre as (typeof r.assessments)[number]).mas) },
      assessments: r.assessments
        .filter((a) => a.minutesAfterDose > 0 && a.mas.length > 0)
        .sort((a, b) => a.minutesAfterDose - b.minutesAfterDose)
        .map((a) => ({ hours: a.minutesAfterDose / 60, meanMas: meanGrade(a.mas) })),
    };
  });
  const birth = Date.parse(patient.birthDate);
  const ageYears = Math.max(0, (first - birth) / (365.25 * 24 * MS_PER_HOUR));
  const input = trialInputFrom({
    origin: patient.etiology,
    ...(Number.isFinite(ageYears) ? { ageYears: Math.min(129, ageYears) } : {}),
    muscleGroups: Math.max(
      1,
      Math.min(...used.map((r) => r.assessments.find((a) => a.minutesAfterDose === 0)?.mas.length ?? 1)),
    ),
    days,
    screeningDoseMcg: responder.doseNg / 1000,
    effectHours: responder.effectHours ?? fail('the responding bolus has no recorded effect duration'),
  });
  return { ...input, startedAt: first };
}
