/**
 * Appointments, alerts (→ Flag: low reservoir, residual discrepancy …) and complications (→ Condition); the
 * audit trail is map-audit.ts.
 */
import type { Alert, Appointment, Complication } from '../clinic/clinical-records.ts';
import { SYSTEMS } from './codes.ts';
import { fhirIdOf, instant, ref } from './map-common.ts';
import type { AppointmentResource, ConditionResource, FlagResource } from './schemas.ts';

/**
 * The store records no attendance, so every appointment is `booked` (R4: start and end present); a receiver
 * should not read a past `booked` as "did not happen".
 */
/** FHIR R4 Appointment.status for each of ours: an attended visit is `fulfilled`. */
const FHIR_APPOINTMENT_STATUS = {
  booked: 'booked',
  attended: 'fulfilled',
  cancelled: 'cancelled',
} as const satisfies Record<Appointment['status'], AppointmentResource['status']>;

export function appointmentToFhir(a: Appointment, patientId: string): AppointmentResource {
  const out: AppointmentResource = {
    resourceType: 'Appointment',
    id: fhirIdOf(a.id),
    status: FHIR_APPOINTMENT_STATUS[a.status],
    appointmentType: { coding: [{ system: SYSTEMS.appointmentKind, code: a.kind }], text: a.kind },
    start: instant(a.at),
    end: instant(a.at + a.durationMinutes * 60_000),
    minutesDuration: a.durationMinutes,
    participant: [{ actor: ref('Patient', patientId), status: 'accepted' }],
  };
  if (a.implantId !== null)
    out.participant.push({ actor: ref('Device', fhirIdOf(a.implantId, 'pump')), status: 'accepted' });
  if (a.notes !== undefined && a.notes !== '') out.comment = a.notes;
  return out;
}

/** An alert as a Flag: active while open, inactive (with the period's end) once resolved. */
export function alertToFhir(a: Alert, patientId: string): FlagResource {
  const out: FlagResource = {
    resourceType: 'Flag',
    id: fhirIdOf(a.id),
    status: a.resolved === null ? 'active' : 'inactive',
    category: [{ coding: [{ system: SYSTEMS.flagCategory, code: 'clinical', display: 'Clinical' }] }],
    code: {
      coding: [{ system: SYSTEMS.alertKind, code: a.kind }],
      text: `${a.severity.toUpperCase()}: ${a.message}`,
    },
    subject: ref('Patient', patientId),
    period:
      a.resolved === null
        ? { start: instant(a.createdAt) }
        : { start: instant(a.createdAt), end: instant(a.resolved.at) },
  };
  if (a.implantId !== null) out.author = ref('Device', fhirIdOf(a.implantId, 'pump'));
  return out;
}

/** SNOMED CT severity qualifiers. */
const SEVERITY = {
  mild: { code: '255604002', display: 'Mild' },
  moderate: { code: '6736007', display: 'Moderate' },
  severe: { code: '24484000', display: 'Severe' },
  'life-threatening': { code: '442452003', display: 'Life threatening severity' },
} as const;

/** A complication (catheter fault, infection, withdrawal …) as a Condition. */
export function complicationToFhir(c: Complication, patientId: string): ConditionResource {
  return {
    resourceType: 'Condition',
    id: fhirIdOf(c.id),
    severity: { coding: [{ system: SYSTEMS.snomed, ...SEVERITY[c.severity] }] },
    code: { coding: [{ system: SYSTEMS.complicationKind, code: c.kind }], text: c.description },
    subject: ref('Patient', patientId),
    onsetDateTime: instant(c.at),
    recordedDate: instant(c.createdAt),
  };
}
