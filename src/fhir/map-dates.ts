/**
 * The projected dates a clinician reads on the board, the patient page and the PDFs, exported from the SAME
 * projection (docs/invariants.md, one truth: clinic/patient-dates.ts over risk-board.ts `boardRow`, and the
 * pathway view's battery projection) — never recomputed here:
 *
 * - the refill-by date, the post-operative items still due and the battery replacement as a CarePlan's
 *   activities (`scheduledPeriod.end` is the "do by" date), where an EHR looks for what is due;
 * - the reservoir's projected low-alarm and empty dates, the empty-since instant and the battery's ERI and
 *   EOS as Observations with `valueDateTime`, `device` → the pump (R4 Device.property holds no dates).
 *
 * Each Observation's `effectiveDateTime` is when the facts it projects from were recorded (the last refill
 * or interrogation; the battery reading or the implant), so reading it twice gives the same resource.
 * Pure: the projection comes in. The dates in words a person reads are in the clinic's zone (clinic/time-zone.ts, docs/invariants.md I20);
 * FHIR's date elements stay ISO.
 */
import type { PathwayView } from '../clinic/pathway/pathway-view.ts';
import type { BoardRow } from '../clinic/risk-board.ts';
import { clinicDayText as day, clinicInstantText } from '../clinic/time-zone.ts';
import { CPT, LOCAL, SYSTEMS } from './codes.ts';
import type { CodeableConcept } from './datatypes.ts';
import { fhirIdOf, instant, local, pumpDeviceId, ref } from './map-common.ts';
import type { CarePlanResource } from './schemas-pathway.ts';
import type { FhirResource, ObservationResource } from './schemas.ts';

/** What the projection says about one patient at the export's time. */
export interface ProjectedDates {
  /** The board row (clinic/patient-dates.ts). */
  readonly row: BoardRow;
  /** The pathway view's battery projection and replacement plan of the pump in place (null: none). */
  readonly battery: PathwayView['battery'];
  /** When the battery projection's facts were read: its interrogation, else the implant date. */
  readonly batteryBasisAt: number | null;
  /** The post-operative items still due (the pathway view's, shown on the board), earliest first. */
  readonly postOpDue: PathwayView['postOpDue'];
}

/** Why the refill activity reads as it does, in the board's words. */
function refillStatusReason(row: BoardRow): CodeableConcept | undefined {
  if (row.emptySince !== null) return { text: `Reservoir empty since ${clinicInstantText(row.emptySince)}` };
  if (row.overdue) return { text: 'Refill overdue' };
  return undefined;
}

function dateObservation(
  patientId: string,
  suffix: string,
  concept: { code: string; display: string },
  at: number,
  basisAt: number,
  method: string,
  implantId: string | null,
): ObservationResource {
  const out: ObservationResource = {
    resourceType: 'Observation',
    id: fhirIdOf(patientId, suffix),
    status: 'final',
    code: { coding: [local(concept)], text: concept.display },
    subject: ref('Patient', patientId),
    effectiveDateTime: instant(basisAt),
    valueDateTime: instant(at),
    method: { text: method },
  };
  if (implantId !== null) out.device = ref('Device', pumpDeviceId(implantId));
  return out;
}

/** The CarePlan of what is due (refill, replacement), or null when nothing is projected. */
function carePlan(p: ProjectedDates, patientId: string, goalIds: readonly string[]): CarePlanResource | null {
  const activity: CarePlanResource['activity'] = [];
  const { row, battery } = p;
  if (row.refillBy !== null) {
    const reason = refillStatusReason(row);
    activity.push({
      detail: {
        kind: 'ServiceRequest',
        code: {
          coding: [local(LOCAL.refill), { system: SYSTEMS.cpt, code: CPT.refill }],
          text: LOCAL.refill.display,
        },
        status: 'not-started',
        ...(reason === undefined ? {} : { statusReason: reason }),
        scheduledPeriod: { end: instant(row.refillBy) },
        description: `Refill by ${day(row.refillBy)} (refill margin before the low-reservoir alarm, drug stability)`,
      },
    });
  }
  for (const d of p.postOpDue) {
    activity.push({
      detail: {
        kind: 'ServiceRequest',
        code: { coding: [{ system: SYSTEMS.postOpItem, code: d.item }], text: `Post-operative ${d.item}` },
        status: 'not-started',
        ...(d.overdue ? { statusReason: { text: 'Overdue' } } : {}),
        scheduledPeriod: { end: instant(d.dueAt) },
        description: `Post-operative ${d.item} due ${day(d.dueAt)}`,
      },
    });
  }
  if (battery !== null) {
    activity.push({
      detail: {
        kind: 'ServiceRequest',
        code: { coding: [local(LOCAL.pumpReplacement)], text: LOCAL.pumpReplacement.display },
        status: 'not-started',
        scheduledPeriod: { end: instant(battery.plan.surgeryBy) },
        description:
          `Replace the pump by ${day(battery.plan.surgeryBy)} (ERI ${day(battery.eriAt)}, EOS ${day(battery.eosAt)}); ` +
          battery.plan.refillPolicy,
      },
    });
  }
  if (activity.length === 0) return null;
  const out: CarePlanResource = {
    resourceType: 'CarePlan',
    id: fhirIdOf(patientId, 'pump-plan'),
    status: 'active',
    intent: 'plan',
    category: [{ coding: [local(LOCAL.therapyPlan)] }],
    title: LOCAL.therapyPlan.display,
    subject: ref('Patient', patientId),
    activity,
  };
  if (goalIds.length > 0) out.goal = goalIds.map((g) => ref('Goal', g));
  return out;
}

/** The projection's resources: the CarePlan and one Observation per date the projection has. */
export function projectedDatesToFhir(
  p: ProjectedDates,
  patientId: string,
  goalIds: readonly string[] = [],
): FhirResource[] {
  const out: FhirResource[] = [];
  const plan = carePlan(p, patientId, goalIds);
  if (plan !== null) out.push(plan);
  const { row, battery } = p;
  const reservoir = 'Projected from the last refill or interrogation and the prescription in force';
  // The board projects the reservoir only from a basis (a refill or an interrogation).
  if (row.basis !== null) {
    const at = row.basis.at;
    const pump = row.implantId;
    if (row.lowAlarmAt !== null)
      out.push(
        dateObservation(patientId, 'low-alarm', LOCAL.projectedLowAlarm, row.lowAlarmAt, at, reservoir, pump),
      );
    if (row.emptyAt !== null)
      out.push(dateObservation(patientId, 'empty', LOCAL.projectedEmpty, row.emptyAt, at, reservoir, pump));
    if (row.emptySince !== null) {
      const how = 'The earlier of the projected empty time and the pump’s own report';
      out.push(dateObservation(patientId, 'empty-since', LOCAL.emptySince, row.emptySince, at, how, pump));
    }
  }
  // ERI the pump reported (the board's, with its since) outranks the battery model's projection.
  if (row.battery?.eri === true) {
    const how = 'Reported by the pump at interrogation';
    out.push(
      dateObservation(patientId, 'eri', LOCAL.batteryEri, row.battery.at, row.battery.at, how, row.implantId),
    );
  }
  if (battery !== null && p.batteryBasisAt !== null) {
    const how = `Projected from the battery model (limited by ${battery.limitedBy})`;
    if (row.battery?.eri !== true)
      out.push(
        dateObservation(
          patientId,
          'eri',
          LOCAL.batteryEri,
          battery.eriAt,
          p.batteryBasisAt,
          how,
          battery.implantId,
        ),
      );
    out.push(
      dateObservation(
        patientId,
        'eos',
        LOCAL.batteryEos,
        battery.eosAt,
        p.batteryBasisAt,
        how,
        battery.implantId,
      ),
    );
  }
  return out;
}
