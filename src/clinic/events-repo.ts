/**
 * Screening trials, assessments, complications and appointments (DOMAIN.md §1.1 trials, §4 scales, §4
 * event rates): events with no guardrail of their own. All but appointments are append-only (database
 * triggers); appointments stay updatable for a future reschedule/cancel, which must audit the old values.
 */
import {
  appointmentInputSchema,
  assessmentInputSchema,
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
  trialFrom,
} from './event-rows.ts';
import type { ActorContext } from './records.ts';
import { parseInput, type StoreCore } from './store-core.ts';

export class EventsRepo {
  constructor(private readonly core: StoreCore) {}

  recordTrial(input: TrialInput, ctx: ActorContext): Promise<Trial> {
    const { patientId, at, ...body } = parseInput(trialInputSchema, input, 'screening trial');
    return this.core.tx(ctx, (t) =>
      insertEvent(
        this.core,
        t,
        ctx,
        'screening_trials',
        'trial',
        { patientId, implantId: null, at },
        body,
        trialFrom,
      ),
    );
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
    return this.core.tx(ctx, (t) =>
      insertEvent(
        this.core,
        t,
        ctx,
        'appointments',
        'appointment',
        { patientId, implantId, at },
        body,
        appointmentFrom,
      ),
    );
  }
  listAppointments(
    filter: { readonly patientId?: string; readonly from?: number; readonly to?: number },
    ctx: ActorContext,
  ): Promise<Appointment[]> {
    return this.core.tx(ctx, async (t) => {
      let q = t.trx
        .selectFrom('appointments')
        .select(['id', 'patient_id', 'implant_id', 'at', 'body', 'created_at', 'created_by']);
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
