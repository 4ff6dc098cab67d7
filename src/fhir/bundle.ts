/**
 * A patient's whole record as one FHIR R4 Bundle (`Patient/$everything`). Pure: the caller loads the
 * record (load.ts) and passes the time; the same input always gives the same Bundle.
 */
import { stoppedSinceFrom } from '../clinic/delivery-stop.ts';
import { implantInUse } from '../clinic/implant-in-use.ts';
import { noDrugSpans } from '../clinic/no-drug-spans.ts';
import type {
  Alert,
  Appointment,
  Assessment,
  Complication,
  PrescriptionRecord,
  ProgrammingSession,
  Refill,
  Trial,
} from '../clinic/clinical-records.ts';
import type { Evaluation } from '../clinic/pathway/evaluation-records.ts';
import type { Explant } from '../clinic/pathway/explant-records.ts';
import type { Episode } from '../clinic/troubleshooting/episode-records.ts';
import { derivePathway } from '../clinic/pathway/pathway-view.ts';
import type { PostOpCheck } from '../clinic/pathway/postop-checks.ts';
import { datesOf } from '../clinic/patient-dates.ts';
import type { Implant, Patient } from '../clinic/records.ts';
import type { AuditEntry } from '../clinic/store.ts';
import { epochMs } from '../therapy/quantities.ts';
import { alertToFhir, appointmentToFhir, complicationToFhir } from './map-admin.ts';
import { auditToFhir } from './map-audit.ts';
import { fhirIdOf, instant, type MapOptions } from './map-common.ts';
import { deliveredPeriodsToFhir, prescriptionsToFhir, trialBolusToFhir } from './map-medication.ts';
import { projectedDatesToFhir, type ProjectedDates } from './map-dates.ts';
import { assessmentToFhir, goalKey, trialAssessmentsToFhir } from './map-observations.ts';
import {
  evaluationGoalsToFhir,
  evaluationToFhir,
  explantToFhir,
  goalIdsOf,
  postOpCheckToFhir,
} from './map-pathway.ts';
import { implantToDevices, patientToFhir } from './map-patient.ts';
import { episodeToFhir, initialFillToFhir } from './map-troubleshooting.ts';
import { implantProcedure, refillProcedure, residualObservation, trialProcedure } from './map-procedures.ts';
import type { Bundle, FhirResource } from './schemas.ts';

/** Everything the clinic store holds about one patient. */
export interface PatientRecord {
  readonly patient: Patient;
  readonly implants: readonly Implant[];
  /** The prescription chain, oldest first (ClinicStore.prescriptionChain). */
  readonly prescriptions: readonly PrescriptionRecord[];
  readonly refills: readonly Refill[];
  readonly trials: readonly Trial[];
  readonly assessments: readonly Assessment[];
  readonly complications: readonly Complication[];
  readonly appointments: readonly Appointment[];
  readonly alerts: readonly Alert[];
  readonly audit: readonly AuditEntry[];
  /** Programming sessions: the source of delivered periods and of the pump's reports (optional). */
  readonly sessions?: readonly ProgrammingSession[];
  /** The care pathway's records (optional: a record without them exports none). */
  readonly evaluations?: readonly Evaluation[];
  readonly postOpChecks?: readonly PostOpCheck[];
  readonly explants?: readonly Explant[];
  /** Troubleshooting episodes (optional). */
  readonly episodes?: readonly Episode[];
}

/**
 * The dates of the ONE projection at `now` (clinic/patient-dates.ts `datesOf`, the board's `boardRow`;
 * the pathway view's battery projection): the same dates the board, the patient page and the PDFs show.
 */
export function projectedDates(record: PatientRecord, now: number): ProjectedDates {
  const sessions = record.sessions ?? [];
  const row = datesOf({ ...record, sessions }, now);
  const pathway = derivePathway(
    {
      patientId: record.patient.id,
      evaluations: record.evaluations ?? [],
      trials: record.trials,
      implants: record.implants,
      prescription: record.prescriptions.at(-1)?.prescription ?? null,
      checks: record.postOpChecks ?? [],
      explants: record.explants ?? [],
      sessions,
    },
    epochMs(now),
  );
  const battery = pathway.battery;
  const implant = record.implants.find((i) => i.id === battery?.implantId);
  const batteryBasisAt =
    battery?.basis?.at ?? (implant === undefined ? null : Date.parse(`${implant.implantDate}T00:00:00Z`));
  return { row, battery, batteryBasisAt, postOpDue: pathway.postOpDue };
}

/** Every resource of a record, Patient first, grouped by kind in a fixed order. */
export function patientResources(record: PatientRecord, opts: MapOptions): FhirResource[] {
  const pid = fhirIdOf(record.patient.id);
  const out: FhirResource[] = [patientToFhir(record.patient, opts)];
  const evaluations = record.evaluations ?? [];
  const goalIds = new Map<string, string>();
  for (const e of evaluations) {
    goalIdsOf(e).forEach((id, i) => goalIds.set(goalKey(e.goals[i]!), id));
  }
  for (const e of evaluations) out.push(evaluationToFhir(e, pid), ...evaluationGoalsToFhir(e, pid));
  const explantOf = new Map((record.explants ?? []).map((x) => [x.implantId, x]));
  for (const i of record.implants)
    out.push(
      ...implantToDevices(i, pid, explantOf.get(i.id)),
      implantProcedure(i, pid),
      ...initialFillToFhir(i, pid),
    );
  for (const c of record.postOpChecks ?? []) out.push(...postOpCheckToFhir(c, pid));
  for (const x of record.explants ?? []) out.push(explantToFhir(x, pid));
  for (const ep of record.episodes ?? []) out.push(episodeToFhir(ep, pid));
  const inUse = implantInUse(record.implants, record.explants ?? []);
  const removed = record.implants.length > 0 && inUse === undefined;
  const stoppedSince = inUse === undefined ? undefined : stoppedSinceFrom(record.sessions ?? [], inUse.id);
  out.push(
    ...prescriptionsToFhir(
      record.prescriptions,
      pid,
      removed
        ? { status: 'stopped' }
        : stoppedSince === undefined
          ? { status: 'active' }
          : { status: 'on-hold', since: stoppedSince },
    ),
  );
  const pump = { implants: record.implants, refills: record.refills, sessions: record.sessions ?? [] };
  out.push(
    ...deliveredPeriodsToFhir(
      pump,
      record.prescriptions,
      pid,
      noDrugSpans({ ...record, sessions: pump.sessions }, opts.now),
    ),
  );
  for (const t of record.trials)
    out.push(trialProcedure(t, pid), trialBolusToFhir(t, pid), ...trialAssessmentsToFhir(t, pid));
  for (const r of record.refills) out.push(refillProcedure(r, pid), residualObservation(r, pid));
  for (const a of record.assessments) out.push(...assessmentToFhir(a, pid, goalIds));
  for (const c of record.complications) out.push(complicationToFhir(c, pid));
  for (const a of record.appointments) out.push(appointmentToFhir(a, pid));
  for (const a of record.alerts) out.push(alertToFhir(a, pid));
  const latestGoals = evaluations.length === 0 ? [] : goalIdsOf(evaluations.at(-1)!);
  out.push(...projectedDatesToFhir(projectedDates(record, opts.now), pid, latestGoals));
  for (const e of record.audit) out.push(auditToFhir(e, opts.auditView));
  return out;
}

/**
 * The `$everything` Bundle: type `searchset` (R4 Patient/$everything), every entry a `match` with a
 * fullUrl `<baseUrl>/<type>/<id>`.
 */
export function patientBundle(
  record: PatientRecord,
  opts: MapOptions,
  keep: (resourceType: string) => boolean = () => true,
): Bundle {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const resources = patientResources(record, opts).filter((r) => keep(r.resourceType));
  return searchBundle(resources, opts, `${base}/Patient/${fhirIdOf(record.patient.id)}/$everything`);
}

/** A searchset Bundle of `resources`, every entry a `match` whose fullUrl `<baseUrl>/<type>/<id>` resolves. */
export function searchBundle(resources: readonly FhirResource[], opts: MapOptions, self: string): Bundle {
  const base = opts.baseUrl.replace(/\/+$/, '');
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp: instant(opts.now),
    total: resources.length,
    link: [{ relation: 'self', url: self }],
    entry: resources.map((resource) => ({
      fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
      resource,
      search: { mode: 'match' },
    })),
  };
}
