/**
 * Appointments, alerts (→ Flag: low reservoir, residual discrepancy …), complications (→ Condition) and the
 * audit trail (→ AuditEvent, with the hash chain's seq/hash/prevHash as entity details so a receiver can
 * re-verify it: docs/clinic-store.md).
 */
import type { Alert, Appointment, Complication } from '../clinic/clinical-records.ts';
import type { AuditEntry } from '../clinic/store.ts';
import { SYSTEMS } from './codes.ts';
import { fhirIdOf, instant, ref } from './map-common.ts';
import type { AppointmentResource, AuditEventResource, ConditionResource, FlagResource } from './schemas.ts';

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

const ACTION: Record<string, AuditEventResource['action']> = {
  create: 'C',
  view: 'R',
  list: 'R',
  'view-keys': 'R',
  resolve: 'U',
  backup: 'E',
};

/** One audit entry (DICOM 110110 "Patient Record" event; the chain fields travel as details). */
export function auditToFhir(e: AuditEntry): AuditEventResource {
  const action = ACTION[e.action] ?? 'E';
  return {
    resourceType: 'AuditEvent',
    id: `audit-${e.seq}`,
    type: { system: SYSTEMS.dicomDcm, code: '110110', display: 'Patient Record' },
    subtype: [{ system: 'urn:itb:CodeSystem:audit-action', code: e.action }],
    action,
    recorded: instant(e.at),
    // A refused request (the API's authorization said no) is a failure; every other entry succeeded.
    outcome: e.action === 'refuse' ? '4' : '0',
    agent: [
      { who: { identifier: { system: 'urn:itb:actor', value: e.actor }, display: e.actor }, requestor: true },
    ],
    source: { site: 'itb clinic store', observer: { display: 'itb clinic store' } },
    entity: [
      {
        what: { identifier: { system: `urn:itb:record:${e.entity}`, value: e.entityId } },
        detail: [
          { type: 'seq', valueString: String(e.seq) },
          { type: 'hash', valueString: e.hash },
          { type: 'prevHash', valueString: e.prevHash },
        ],
      },
    ],
  };
}
