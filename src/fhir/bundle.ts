/**
 * A patient's whole record as one FHIR R4 Bundle (`Patient/$everything`). Pure: the caller loads the
 * record (load.ts) and passes the time; the same input always gives the same Bundle.
 */
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
import type { Implant, Patient } from '../clinic/records.ts';
import type { AuditEntry } from '../clinic/store.ts';
import { alertToFhir, appointmentToFhir, auditToFhir, complicationToFhir } from './map-admin.ts';
import { fhirIdOf, instant, type MapOptions } from './map-common.ts';
import { deliveredPeriodsToFhir, prescriptionsToFhir, trialBolusToFhir } from './map-medication.ts';
import { assessmentToFhir, trialAssessmentsToFhir } from './map-observations.ts';
import { implantToDevices, patientToFhir } from './map-patient.ts';
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
  /** Programming sessions: the source of delivered periods (optional). */
  readonly sessions?: readonly ProgrammingSession[];
}

/** Every resource of a record, Patient first, grouped by kind in a fixed order. */
export function patientResources(record: PatientRecord, opts: MapOptions): FhirResource[] {
  const pid = fhirIdOf(record.patient.id);
  const out: FhirResource[] = [patientToFhir(record.patient, opts)];
  for (const i of record.implants) out.push(...implantToDevices(i, pid), implantProcedure(i, pid));
  out.push(...prescriptionsToFhir(record.prescriptions, pid));
  out.push(...deliveredPeriodsToFhir(record.sessions ?? [], record.prescriptions, pid));
  for (const t of record.trials)
    out.push(trialProcedure(t, pid), trialBolusToFhir(t, pid), ...trialAssessmentsToFhir(t, pid));
  for (const r of record.refills) out.push(refillProcedure(r, pid), residualObservation(r, pid));
  for (const a of record.assessments) out.push(...assessmentToFhir(a, pid));
  for (const c of record.complications) out.push(complicationToFhir(c, pid));
  for (const a of record.appointments) out.push(appointmentToFhir(a, pid));
  for (const a of record.alerts) out.push(alertToFhir(a, pid));
  for (const e of record.audit) out.push(auditToFhir(e));
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
