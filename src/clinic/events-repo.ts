/**
 * Screening trials, assessments, complications and appointments (docs/clinical-reference.md §1.1 trials, §4 scales, §4
 * event rates): events with no guardrail of their own. All but appointments are append-only (database
 * triggers); appointments are rescheduled, cancelled or attended in place (appointments-repo.ts).
 */
import { ItbError } from '../therapy/codes.ts';
import {
  appointmentInputSchema,
  assessmentInputSchema,
  checkTrialConcentration,
  checkTrialResponse,
  complicationInputSchema,
  trialInputSchema,
  type Appointment,
  type AppointmentInput,
  type Assessment,
  type AssessmentInput,
  type Complication,
  type ComplicationInput,
  type Trial,
  type TrialInput,
} from './clinical-records.ts';
import {
  appointmentFrom,
  assessmentFrom,
  complicationFrom,
  insertEvent,
  listEvents,
  refillFrom,
  trialFrom,
} from './event-rows.ts';
import { requireTeamDecisionIn } from './pathway/pathway-repo.ts';
import type { ActorContext } from './records.ts';
import { openRefillBooking } from './refill-booking.ts';
import { parseInput, type StoreCore, type Tx } from './store-core.ts';
import { clinicInstantText } from './time-zone.ts';

/** Refuses a second open refill booking (refill-booking.ts): at most one per patient. */
async function requireNoOpenRefillBooking(t: Tx, patientId: string): Promise<void> {
  const appointments = (
    await t.trx.selectFrom('appointments').selectAll().where('patient_id', '=', patientId).execute()
  ).map(appointmentFrom);
  const refills = (
    await t.trx.selectFrom('refills').selectAll().where('patient_id', '=', patientId).execute()
  ).map(refillFrom);
  const open = openRefillBooking(appointments, refills, t.now);
  if (open !== null) {
    throw new ItbError(
      'ITB_E_CLINIC_DUPLICATE',
      `a refill is already booked for ${clinicInstantText(open.at)}: keep that booking, or record the ` +
        'refill first (a refill closes the booking made before it)',
    );
  }
}

export class EventsRepo {
  constructor(private readonly core: StoreCore) {}

  recordTrial(input: TrialInput, ctx: ActorContext): Promise<Trial> {
    const { patientId, at, ...body } = parseInput(trialInputSchema, input, 'screening trial');
    checkTrialConcentration(body.concentrationNgPerMl);
    checkTrialResponse(body);
    return this.core.tx(ctx, async (t) => {
      await requireTeamDecisionIn(t, patientId);
      return insertEvent(
        this.core,
        t,
        ctx,
        'screening_trials',
        'trial',
        { patientId, implantId: null, at },
        body,
        trialFrom,
      );
    });
  }
  listTrials(patientId: string, ctx: ActorContext): Promise<Trial[]> {
    return listEvents(this.core, 'screening_trials', 'trial', patientId, ctx, trialFrom);
  }
  recordAssessment(input: AssessmentInput, ctx: ActorContext): Promise<Assessment> {
    const { patientId, at, ...body } = parseInput(assessmentInputSchema, input, 'assessment');
    return this.core.tx(ctx, (t) =>
      insertEvent(
        this.core,
        t,
        ctx,
        'assessments',
        'assessment',
        { patientId, implantId: null, at },
        body,
        assessmentFrom,
      ),
    );
  }
  listAssessments(patientId: string, ctx: ActorContext): Promise<Assessment[]> {
    return listEvents(this.core, 'assessments', 'assessment', patientId, ctx, assessmentFrom);
  }
  recordComplication(input: ComplicationInput, ctx: ActorContext): Promise<Complication> {
    const { patientId, implantId, at, ...body } = parseInput(complicationInputSchema, input, 'complication');
    return this.core.tx(ctx, (t) =>
      insertEvent(
        this.core,
        t,
        ctx,
        'complications',
        'complication',
        { patientId, implantId, at },
        body,
        complicationFrom,
      ),
    );
  }
  listComplications(patientId: string, ctx: ActorContext): Promise<Complication[]> {
    return listEvents(this.core, 'complications', 'complication', patientId, ctx, complicationFrom);
  }
  bookAppointment(input: AppointmentInput, ctx: ActorContext): Promise<Appointment> {
    const { patientId, implantId, at, ...body } = parseInput(appointmentInputSchema, input, 'appointment');
    return this.core.tx(ctx, async (t) => {
      if (body.kind === 'refill') await requireNoOpenRefillBooking(t, patientId);
      if (body.kind === 'screening-trial') await requireTeamDecisionIn(t, patientId);
      return insertEvent(
        this.core,
        t,
        ctx,
        'appointments',
        'appointment',
        { patientId, implantId, at },
        body,
        appointmentFrom,
      );
    });
  }
  listAppointments(
    filter: { readonly patientId?: string; readonly from?: number; readonly to?: number },
    ctx: ActorContext,
  ): Promise<Appointment[]> {
    return this.core.tx(ctx, async (t) => {
      let q = t.trx
        .selectFrom('appointments')
        .select(['id', 'patient_id', 'implant_id', 'at', 'body', 'created_at', 'created_by', 'status']);
      if (filter.patientId !== undefined) q = q.where('patient_id', '=', filter.patientId);
      if (filter.from !== undefined) q = q.where('at', '>=', filter.from);
      if (filter.to !== undefined) q = q.where('at', '<', filter.to);
      const rows = await q.orderBy('at').orderBy('id').execute();
      await t.audit(ctx, 'list', 'appointment', filter.patientId ?? '*', {
        filter,
        ids: rows.map((r) => r.id),
      });
      return rows.map(appointmentFrom);
    });
  }
}
