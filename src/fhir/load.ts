/**
 * Loads a patient's record from the clinic store for {@link patientBundle}. Each read is an audited view
 * (docs/clinic-store.md), so one export leaves one entry per list in the trail, naming `ctx.actor`.
 */
import type { ActorContext } from '../clinic/records.ts';
import type { ClinicStore } from '../clinic/store.ts';
import type { PatientRecord } from './bundle.ts';

/** At most this many audit entries about the patient go into an export (newest dropped beyond it). */
export const AUDIT_EXPORT_LIMIT = 1000;

/**
 * The patient's record. Audit entries are those whose entity id is the patient's (create and views of the
 * patient, lists keyed by the patient); entries about individual refills, alerts … are not gathered here.
 * `episodes: false` leaves the troubleshooting episodes out, unread (a caller the API does not let read them).
 */
export async function loadPatientRecord(
  store: ClinicStore,
  patientId: string,
  ctx: ActorContext,
  sections: { readonly episodes: boolean } = { episodes: true },
): Promise<PatientRecord> {
  // Sequential, not Promise.all: the store serialises audited views anyway, and a missing patient should
  // fail (ITB_E_CLINIC_NOT_FOUND) before any other view is written.
  const patient = await store.getPatient(patientId, ctx);
  const implants = await store.listImplants(patientId, ctx);
  const prescriptions = await store.prescriptionChain(patientId, ctx);
  const sessions = await store.listProgrammingSessions(patientId, ctx);
  const refills = await store.listRefills(patientId, ctx);
  const trials = await store.listTrials(patientId, ctx);
  const assessments = await store.listAssessments(patientId, ctx);
  const complications = await store.listComplications(patientId, ctx);
  const appointments = await store.listAppointments({ patientId }, ctx);
  const alerts = await store.listAlerts({ patientId }, ctx);
  const evaluations = await store.listEvaluations(patientId, ctx);
  const postOpChecks = await store.listPostOpChecks(patientId, ctx);
  const explants = await store.listExplants(patientId, ctx);
  const episodes = sections.episodes ? await store.listEpisodes(patientId, ctx) : [];
  const audit = await store.auditTrail({ entityId: patientId, limit: AUDIT_EXPORT_LIMIT }, ctx);
  return {
    patient,
    implants,
    prescriptions,
    sessions,
    refills,
    trials,
    assessments,
    complications,
    appointments,
    alerts,
    audit,
    evaluations,
    postOpChecks,
    explants,
    episodes,
  };
}
